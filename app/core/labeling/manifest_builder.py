"""Turn a `Disclosure` into a C2PA manifest definition (the JSON the c2pa Builder signs).

The rules (C2PA 2.2 §18.14; facts measured in C2PA_NOTES "Manifests that disclose AI"):

- The original goes in as the `parentOf` ingredient and the first action is `c2pa.opened`
  pointing at it (`parameters.ingredientIds`), so any earlier credentials are carried
  forward as history. Re-labeling a labeled file is the same: a new edit manifest with the
  old file as parent, never an update manifest (those may not carry AI actions).
- One exception, by decision: a file with *no* credentials that the creator declares
  *entirely AI-generated* starts with `c2pa.created` + `trainedAlgorithmicMedia` and has
  no parent ingredient. There is no history to keep, and this is what viewers (Verify,
  c2pa-js) present as "Created with an AI tool". A file that has credentials — valid or not —
  always keeps them as the parent.
- AI use is an action carrying the IPTC digital source type; viewers flag AI on *any*
  action with `trainedAlgorithmicMedia` / `compositeWithTrainedAlgorithmicMedia` and show
  "AI tool used" only when `softwareAgent.name` is set, so each named AI tool gets its own
  action with `softwareAgent {name, version}`.
- Declared edits become their own actions; AI-assisted ones carry the composite term.
  `c2pa.placed` / `c2pa.removed` must cite an ingredient and `c2pa.translated` its
  languages, which an edit declared here does not have: c2pa-rs refuses them without, so
  they are recorded as `c2pa.edited` with a description saying what.
- Creator: the CAWG metadata assertion `cawg.metadata` with Dublin Core `dc:creator`. The
  schema.org CreativeWork assertion is deprecated since C2PA 2.0 (generators must not write
  it); `c2pa.metadata` may not carry a creator; a CAWG identity assertion needs a separate
  identity-assertion signer (an identity provider): out of scope here. The name is the
  signer's own claim, so the assertion is a created one. c2pa-rs 0.91.3 validates it and
  c2pa-wasm / c2pa-ts read it; the Verify site's "Produced by" still reads only the
  deprecated CreativeWork (read: verify-site, c2pa-js `selectProducer`).
- Conformance (C2PA 2.2 §10.2.2 and the conformance program's additional requirements
  v0.2): the actions assertion is *created* (attributed to the signer), carries
  `allActionsIncluded` (false: declared edits are the creator's word, CredLabel cannot know
  every change made elsewhere), every predefined action that needs one has a
  `digitalSourceType` (a declared non-AI edit: `humanEdits`), `c2pa.opened` never has one,
  and every copy gets a fresh `xmp:iid:` instanceID (never its source's XMP one).
- "Do not use for AI training": the CAWG `cawg.training-mining` assertion with every use
  `notAllowed`.
- The XMP mirror written before signing is recorded as `c2pa.edited.metadata`.
"""

from __future__ import annotations

import uuid
from typing import Any

from app.core.about import APP_NAME, __version__
from app.core.labeling.disclosure import (
    EDIT_ACTIONS,
    AiTool,
    AiUse,
    DeclaredEdit,
    Disclosure,
)
from app.core.model import FileReport, ValidationState
from app.core.vocabulary import (
    ACTIONS_ASSERTION,
    CAWG_METADATA_ASSERTION,
    COMPOSITE_TERM,
    CREATED,
    DC_NAMESPACE,
    EDITED,
    EDITED_METADATA,
    GENERATED_TERM,
    HUMAN_EDITS_TERM,
    IPTC_BASE,
    NO_SOURCE_TYPE_NEEDED,
    OPENED,
    PLACED,
    REMOVED,
    TRAINING_ASSERTION,
    TRANSLATED,
)

PARENT_LABEL = "parent"
THUMBNAIL_ID = "thumbnail.jpg"
THUMBNAIL_FORMAT = "image/jpeg"
TRAINING_USES = (
    "cawg.ai_generative_training",
    "cawg.ai_training",
    "cawg.ai_inference",
    "cawg.data_mining",
)
TRAINING_LABEL = TRAINING_ASSERTION
ACTIONS_LABEL = ACTIONS_ASSERTION
# The C2PA version these manifests follow (claim_generator_info.specVersion).
SPEC_VERSION = "2.2"
INSTANCE_ID_PREFIX = "xmp:iid:"
# Actions c2pa-rs 0.91.3 rejects without parameters a declared edit cannot give: the placed/
# removed ingredient ("assertion.action.ingredientMismatch"), the languages of a translation.
NEEDS_PARAMETERS = frozenset({PLACED, REMOVED, TRANSLATED})
# Said on every declared action: the creator declared it, CredLabel did not observe it.
DECLARED = "Declared by the creator in CredLabel"

JsonDict = dict[str, Any]


def uses_created(disclosure: Disclosure, source: FileReport | None) -> bool:
    """True when the manifest starts with `c2pa.created` (no parent): entirely
    AI-generated and no earlier credentials of any kind."""
    no_history = source is None or source.state is ValidationState.NO_CREDENTIALS
    return disclosure.ai is AiUse.FULL and no_history


def disclosed_term(disclosure: Disclosure) -> str | None:
    """The strongest IPTC term this disclosure writes (also mirrored into XMP)."""
    if disclosure.ai is AiUse.FULL:
        return GENERATED_TERM
    if disclosure.ai is AiUse.PARTIAL or any(e.ai_assisted for e in disclosure.edits):
        return COMPOSITE_TERM
    return None


def new_instance_id() -> str:
    """A fresh `xmp:iid:` UUID: each copy is a new instance, never its source's."""
    return INSTANCE_ID_PREFIX + str(uuid.uuid4())


def build_manifest(
    disclosure: Disclosure,
    source: FileReport | None,
    *,
    parent_label: str = PARENT_LABEL,
    thumbnail_id: str | None = THUMBNAIL_ID,
    title: str | None = None,
    metadata_written: bool = False,
    location_removed: bool = False,
    instance_id: str | None = None,
) -> JsonDict:
    """The manifest definition for `Builder(...)`. `title` is used when the disclosure
    has none (the output's file name); `metadata_written` records the XMP mirror and
    `location_removed` the GPS fields left out of the copy's metadata; `instance_id` the
    copy's (a fresh one when not given: the XMP mirror may carry the same)."""
    created = uses_created(disclosure, source)
    actions = [_first_action(disclosure, parent_label, created)]
    actions += _ai_actions(disclosure, created)
    actions += [_edit_action(edit, disclosure.ai_tools) for edit in disclosure.edits]
    if metadata_written:
        actions.append(_metadata_action(disclosure))
    if location_removed:
        actions.append(_location_removed_action())
    # allActionsIncluded false: the declared edits are the creator's word about work done
    # elsewhere; CredLabel cannot know that nothing else was changed.
    data: JsonDict = {"actions": actions, "allActionsIncluded": False}
    assertions: list[JsonDict] = [_created(ACTIONS_LABEL, data)]
    if disclosure.creator and disclosure.creator.strip():
        assertions.append(creator_assertion(disclosure.creator.strip()))
    if disclosure.no_ai_training:
        assertions.append(training_mining_assertion())
    manifest: JsonDict = {
        "claim_generator_info": [{**claim_generator_info(), "specVersion": SPEC_VERSION}],
        "instance_id": instance_id or new_instance_id(),
        "assertions": assertions,
    }
    chosen_title = (disclosure.title or "").strip() or title
    if chosen_title:
        manifest["title"] = chosen_title
    if thumbnail_id:
        manifest["thumbnail"] = {"format": THUMBNAIL_FORMAT, "identifier": thumbnail_id}
    return manifest


def parent_ingredient(title: str, parent_label: str = PARENT_LABEL) -> JsonDict:
    """The ingredient definition for `builder.add_ingredient(..., original stream)`."""
    return {"title": title, "relationship": "parentOf", "label": parent_label}


def claim_generator_info() -> JsonDict:
    return {"name": APP_NAME, "version": __version__}


def training_mining_assertion() -> JsonDict:
    entries = {use: {"use": "notAllowed"} for use in TRAINING_USES}
    return _created(TRAINING_LABEL, {"entries": entries})


def creator_assertion(creator: str) -> JsonDict:
    """The CAWG metadata assertion naming the creator (Dublin Core `dc:creator`)."""
    data = {"@context": {"dc": DC_NAMESPACE}, "dc:creator": [creator]}
    return _created(CAWG_METADATA_ASSERTION, data)


def _created(label: str, data: JsonDict) -> JsonDict:
    """An assertion the signer makes itself: listed in the claim's `created_assertions`
    (C2PA 2.2 §10.2.2: gathered ones are not attributed to the signer)."""
    return {"label": label, "data": data, "created": True}


def software_agent(tool: AiTool) -> JsonDict:
    agent: JsonDict = {"name": tool.name}
    if tool.version:
        agent["version"] = tool.version
    return agent


def expected_actions(manifest: JsonDict) -> list[tuple[str, str | None]]:
    """(action, IPTC term or None) of each action in `manifest`, for checking the output."""
    out: list[tuple[str, str | None]] = []
    for assertion in manifest.get("assertions", []):
        if assertion.get("label") != ACTIONS_LABEL:
            continue
        for action in assertion["data"]["actions"]:
            uri = action.get("digitalSourceType")
            out.append((action["action"], uri.rsplit("/", 1)[-1] if uri else None))
    return out


def _first_action(disclosure: Disclosure, parent_label: str, created: bool) -> JsonDict:
    if not created:
        # Never a digitalSourceType here (conformance program): opening only reads the parent.
        return {"action": OPENED, "parameters": {"ingredientIds": [parent_label]}}
    action: JsonDict = {
        "action": CREATED,
        "digitalSourceType": IPTC_BASE + GENERATED_TERM,
        "description": DECLARED + ": entirely AI-generated",
    }
    if disclosure.ai_tools:
        action["softwareAgent"] = software_agent(disclosure.ai_tools[0])
    return action


def _ai_actions(disclosure: Disclosure, created: bool) -> list[JsonDict]:
    """One `c2pa.edited` per AI tool (one without a tool when none is named). With
    `c2pa.created` the first tool is already on the created action."""
    term = disclosure.ai.iptc_term
    if term is None:
        return []
    tools: list[AiTool | None] = list(disclosure.ai_tools) or [None]
    if created:
        tools = tools[1:] if disclosure.ai_tools else []
    what = "entirely AI-generated" if disclosure.ai is AiUse.FULL else "contains AI elements"
    return [_ai_action(EDITED, term, tool, f"{DECLARED}: {what}") for tool in tools]


def _ai_action(name: str, term: str, tool: AiTool | None, description: str) -> JsonDict:
    action: JsonDict = {
        "action": name,
        "digitalSourceType": IPTC_BASE + term,
        "description": description,
    }
    if tool is not None:
        action["softwareAgent"] = software_agent(tool)
    return action


def _edit_action(edit: DeclaredEdit, tools: tuple[AiTool, ...]) -> JsonDict:
    name, description = edit.action, DECLARED
    if name in NEEDS_PARAMETERS:
        # An edit made in another app has no ingredient / languages to cite: record a
        # generic edit that says what was done.
        name, description = EDITED, f"{DECLARED}: {EDIT_ACTIONS[edit.kind][1]}"
    if edit.ai_assisted:
        tool = tools[0] if tools else None
        return _ai_action(name, COMPOSITE_TERM, tool, f"{description} (AI-assisted)")
    action: JsonDict = {"action": name, "description": description}
    if name not in NO_SOURCE_TYPE_NEEDED:
        # The conformance program wants a source type on such actions; a person's edit
        # with ordinary tools is IPTC humanEdits.
        action["digitalSourceType"] = IPTC_BASE + HUMAN_EDITS_TERM
    return action


def _metadata_action(disclosure: Disclosure) -> JsonDict:
    term = disclosed_term(disclosure) or ""
    return {
        "action": EDITED_METADATA,
        "softwareAgent": claim_generator_info(),
        "description": f"IPTC XMP DigitalSourceType set to {term} to mirror this disclosure",
    }


def _location_removed_action() -> JsonDict:
    return {
        "action": EDITED_METADATA,
        "softwareAgent": claim_generator_info(),
        "description": "GPS location removed from the file's metadata at the creator's request",
    }
