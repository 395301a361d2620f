"""Manifest building and the honesty rules: what a disclosure turns into, by the spec.

The definitions are also signed with the real c2pa library and read back, so each claim
here is one a viewer would really see.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.about import APP_NAME, __version__
from app.core.labeling.disclosure import (
    EDIT_ACTIONS,
    AiTool,
    AiUse,
    DeclaredEdit,
    Disclosure,
)
from app.core.labeling.export import export_labeled_copy
from app.core.labeling.history_rules import (
    HistoryContradiction,
    check_disclosure,
    history_warnings,
    no_ai_refusal,
)
from app.core.labeling.manifest_builder import (
    DECLARED,
    NEEDS_PARAMETERS,
    TRAINING_USES,
    build_manifest,
    disclosed_term,
    uses_created,
)
from app.core.model import AiVerdict, AiVerdictKind, FileReport, MediaInfo, MediaKind
from app.core.model import ValidationState as State
from app.core.reading.credentials import read_file
from app.core.vocabulary import (
    COMPOSITE_TERM,
    GENERATED_TERM,
    HUMAN_EDITS_TERM,
    IPTC_BASE,
    NO_SOURCE_TYPE_NEEDED,
)
from tests.helpers.exports import make_picture, make_signing

FIREFLY = AiTool("Adobe Firefly", "3")


def report(state: State, ai: AiVerdictKind = AiVerdictKind.NONE_DISCLOSED, **kw) -> FileReport:
    media = MediaInfo(Path("x.jpg"), "image/jpeg", MediaKind.IMAGE, 10, can_sign=True)
    return FileReport(Path("x.jpg"), media, state, AiVerdict(ai, **kw))


def actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found = [a for a in manifest["assertions"] if a["label"] == "c2pa.actions.v2"]
    return list(found[0]["data"]["actions"])


def assertion(manifest: dict[str, Any], label: str) -> dict[str, Any] | None:
    return next((a for a in manifest["assertions"] if a["label"] == label), None)


def test_opened_first_with_the_parent_for_an_existing_file() -> None:
    manifest = build_manifest(Disclosure(), report(State.NO_CREDENTIALS))
    first = actions(manifest)[0]
    # Never a digitalSourceType on c2pa.opened (conformance program v0.2).
    assert first == {"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent"]}}
    assert manifest["claim_generator_info"] == [
        {"name": APP_NAME, "version": __version__, "specVersion": "2.2"}
    ]
    assert manifest["thumbnail"] == {"format": "image/jpeg", "identifier": "thumbnail.jpg"}


def test_entirely_ai_without_credentials_is_created_not_opened() -> None:
    disclosure = Disclosure(ai=AiUse.FULL, ai_tools=(FIREFLY, AiTool("Midjourney")))
    source = report(State.NO_CREDENTIALS)
    assert uses_created(disclosure, source)
    steps = actions(build_manifest(disclosure, source))
    assert steps[0]["action"] == "c2pa.created"
    assert steps[0]["digitalSourceType"] == IPTC_BASE + GENERATED_TERM
    assert steps[0]["softwareAgent"] == {"name": "Adobe Firefly", "version": "3"}
    # The second tool gets its own AI action, so viewers name both.
    assert steps[1]["softwareAgent"] == {"name": "Midjourney"}
    assert steps[1]["digitalSourceType"] == IPTC_BASE + GENERATED_TERM


@pytest.mark.parametrize("state", [State.VALID_UNTRUSTED, State.TRUSTED, State.INVALID])
def test_entirely_ai_with_earlier_credentials_keeps_them_as_parent(state: State) -> None:
    disclosure = Disclosure(ai=AiUse.FULL, ai_tools=(FIREFLY,))
    assert not uses_created(disclosure, report(state))
    steps = actions(build_manifest(disclosure, report(state)))
    assert steps[0]["action"] == "c2pa.opened"
    assert steps[1]["action"] == "c2pa.edited"
    assert steps[1]["digitalSourceType"].endswith(GENERATED_TERM)


def test_partial_ai_one_edited_action_per_tool() -> None:
    tools = (FIREFLY, AiTool("Photoshop Generative Fill"))
    steps = actions(build_manifest(Disclosure(ai=AiUse.PARTIAL, ai_tools=tools), None))
    ai_steps = [s for s in steps if s.get("digitalSourceType")]
    assert [s["action"] for s in ai_steps] == ["c2pa.edited", "c2pa.edited"]
    assert all(s["digitalSourceType"] == IPTC_BASE + COMPOSITE_TERM for s in ai_steps)
    assert [s["softwareAgent"]["name"] for s in ai_steps] == [t.name for t in tools]


def test_no_ai_declared_writes_no_ai_term() -> None:
    manifest = build_manifest(Disclosure(edits=(DeclaredEdit("cropped"),)), None)
    assert [s["action"] for s in actions(manifest)] == ["c2pa.opened", "c2pa.cropped"]
    # A person's edit is said to be one (the conformance program wants a source type).
    terms = [s.get("digitalSourceType") for s in actions(manifest)]
    assert terms == [None, IPTC_BASE + HUMAN_EDITS_TERM]
    assert disclosed_term(Disclosure()) is None


def test_conformance_program_rules_for_the_actions_assertion() -> None:
    disclosure = Disclosure(
        ai=AiUse.PARTIAL,
        ai_tools=(FIREFLY,),
        edits=(DeclaredEdit("cropped"), DeclaredEdit("enhanced"), DeclaredEdit("placed")),
    )
    manifest = build_manifest(disclosure, report(State.TRUSTED), metadata_written=True)
    (found,) = [a for a in manifest["assertions"] if a["label"] == "c2pa.actions.v2"]
    assert found["created"] is True  # C2PA 2.2 §10.2.2: attributed to the signer
    assert found["data"]["allActionsIncluded"] is False
    for step in found["data"]["actions"]:
        if step["action"] == "c2pa.opened":
            assert "digitalSourceType" not in step
        elif step["action"] not in NO_SOURCE_TYPE_NEEDED:
            assert step["digitalSourceType"].startswith(IPTC_BASE), step


def test_every_copy_gets_a_fresh_instance_id() -> None:
    first = build_manifest(Disclosure(), report(State.TRUSTED))["instance_id"]
    second = build_manifest(Disclosure(), report(State.TRUSTED))["instance_id"]
    assert first.startswith("xmp:iid:") and second.startswith("xmp:iid:")
    assert first != second


def test_ai_assisted_edit_carries_the_composite_term_and_tool() -> None:
    disclosure = Disclosure(edits=(DeclaredEdit("drawing", ai_assisted=True),), ai_tools=(FIREFLY,))
    step = actions(build_manifest(disclosure, None))[1]
    assert step["action"] == "c2pa.drawing"
    assert step["digitalSourceType"] == IPTC_BASE + COMPOSITE_TERM
    assert step["softwareAgent"]["name"] == "Adobe Firefly"
    assert disclosed_term(disclosure) == COMPOSITE_TERM


def test_title_creator_training_and_metadata_action() -> None:
    disclosure = Disclosure(title="Harbour", creator=" Ann Lee ", no_ai_training=True)
    manifest = build_manifest(disclosure, None, title="photo.cr.jpg", metadata_written=True)
    assert manifest["title"] == "Harbour"
    # CreativeWork is deprecated since C2PA 2.0: the creator is in the CAWG metadata assertion.
    assert assertion(manifest, "stds.schema-org.CreativeWork") is None
    named = assertion(manifest, "cawg.metadata")
    assert named is not None and named["created"] is True
    assert named["data"]["dc:creator"] == ["Ann Lee"]
    mining = assertion(manifest, "cawg.training-mining")
    assert mining is not None and mining["created"] is True
    assert mining["data"]["entries"] == {use: {"use": "notAllowed"} for use in TRAINING_USES}
    assert actions(manifest)[-1]["action"] == "c2pa.edited.metadata"
    assert build_manifest(Disclosure(), None, title="photo.cr.jpg")["title"] == "photo.cr.jpg"


# -- honesty ---------------------------------------------------------------------------


def test_no_ai_is_refused_on_a_file_whose_history_records_ai() -> None:
    source = report(State.VALID_UNTRUSTED, AiVerdictKind.GENERATED, tools=("Adobe Firefly",))
    refusal = no_ai_refusal(source)
    assert refusal is not None
    assert refusal.startswith(
        "This file's history already says it was generated by AI (Adobe Firefly), so it "
        'cannot be labeled "No AI used"'
    )
    with pytest.raises(HistoryContradiction) as raised:
        check_disclosure(source, Disclosure(ai=AiUse.NONE))
    assert raised.value.sentence == refusal
    assert history_warnings(source, Disclosure(ai=AiUse.NONE)) == [refusal]
    check_disclosure(source, Disclosure(ai=AiUse.FULL))  # saying as much is fine
    assert history_warnings(source, Disclosure(ai=AiUse.FULL, ai_tools=(FIREFLY,))) == []


def test_contains_ai_on_a_generated_history_warns_what_viewers_show() -> None:
    source = report(State.VALID_UNTRUSTED, AiVerdictKind.GENERATED, tools=("Adobe Firefly",))
    check_disclosure(source, Disclosure(ai=AiUse.PARTIAL))  # allowed...
    (partial,) = history_warnings(source, Disclosure(ai=AiUse.PARTIAL, ai_tools=(FIREFLY,)))
    assert "generated by AI (Adobe Firefly)" in partial  # ...with what viewers then show
    assert 'will show this copy as "Contains AI-generated elements"' in partial


@pytest.mark.parametrize(
    ("kind", "evidence", "says"),
    [
        (AiVerdictKind.CONTAINS_AI, (), "contains AI-generated elements"),
        (AiVerdictKind.NONSTANDARD, ("assertion com.adobe.generative-ai",), "vendor-specific"),
    ],
)
def test_other_ai_records_refuse_no_ai_too(kind, evidence, says) -> None:
    source = report(State.TRUSTED, kind, evidence=evidence)
    with pytest.raises(HistoryContradiction, match=says):
        check_disclosure(source, Disclosure())
    assert no_ai_refusal(report(State.TRUSTED)) is None
    assert no_ai_refusal(report(State.NO_CREDENTIALS, AiVerdictKind.NO_CREDENTIALS)) is None


def test_other_honesty_warnings() -> None:
    tampered = report(State.INVALID)
    assert "failed their checks" in history_warnings(tampered, Disclosure())[0]
    clean = report(State.NO_CREDENTIALS, AiVerdictKind.NO_CREDENTIALS)
    assert history_warnings(clean, Disclosure()) == []
    assert "No AI tool is named" in history_warnings(clean, Disclosure(ai=AiUse.PARTIAL))[0]


# -- what the real library makes of it ----------------------------------------------------


def test_signed_manifest_reads_back_with_everything_declared(tmp_path: Path) -> None:
    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / "photo.jpg")
    disclosure = Disclosure(
        ai=AiUse.PARTIAL,
        ai_tools=(FIREFLY,),
        edits=(DeclaredEdit("cropped"), DeclaredEdit("filtered", ai_assisted=True)),
        title="Harbour",
        creator="Ann Lee",
        no_ai_training=True,
    )
    result = export_labeled_copy(source, disclosure, signing.signer, profile=signing.profile)
    active = result.report.active
    assert active is not None
    assert active.title == "Harbour"
    assert active.creators == ("Ann Lee",)
    assert active.training_mining == dict.fromkeys(TRAINING_USES, "notAllowed")
    assert active.claim_generator.startswith(APP_NAME)
    named = [(a.name, a.source_term, a.software_agent) for a in active.actions]
    assert named[:4] == [
        ("c2pa.opened", None, None),
        ("c2pa.edited", COMPOSITE_TERM, "Adobe Firefly 3"),
        ("c2pa.cropped", HUMAN_EDITS_TERM, None),
        ("c2pa.filtered", COMPOSITE_TERM, "Adobe Firefly 3"),
    ]
    assert result.report.ai.kind is AiVerdictKind.CONTAINS_AI
    assert result.report.ai.tools == ("Adobe Firefly 3",)


def test_every_declared_edit_signs_and_reads_back(tmp_path: Path) -> None:
    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / "photo.jpg")
    edits = tuple(DeclaredEdit(kind, ai_assisted=i % 2 == 0) for i, kind in enumerate(EDIT_ACTIONS))
    disclosure = Disclosure(edits=edits, ai_tools=(FIREFLY,))
    result = export_labeled_copy(source, disclosure, signing.signer, profile=signing.profile)
    active = result.report.active
    assert active is not None
    recorded = [a for a in active.actions if a.description and DECLARED in a.description]
    assert len(recorded) == len(EDIT_ACTIONS)
    for edit, action in zip(edits, recorded, strict=True):
        assert action.name == (
            edit.action if edit.action not in NEEDS_PARAMETERS else "c2pa.edited"
        )
        assert (action.source_term == COMPOSITE_TERM) == edit.ai_assisted
    placed = [a for a in recorded if a.description and "Placed other content" in a.description]
    assert placed and placed[0].name == "c2pa.edited"
    assert result.report.ai.kind is AiVerdictKind.CONTAINS_AI


def test_created_manifest_has_no_parent_and_reads_generated(tmp_path: Path) -> None:
    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / "gen.png")
    disclosure = Disclosure(ai=AiUse.FULL, ai_tools=(AiTool("Midjourney", "6"),))
    result = export_labeled_copy(source, disclosure, signing.signer, profile=signing.profile)
    active = result.report.active
    assert active is not None and active.ingredients == ()
    assert active.actions[0].name == "c2pa.created"
    assert result.report.ai.kind is AiVerdictKind.GENERATED
    assert result.report.ai.tools == ("Midjourney 6",)
    assert read_file(result.dest, signing.profile).state is State.TRUSTED
