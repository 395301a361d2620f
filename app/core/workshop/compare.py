"""Compare the Content Credentials of two files: a structured, typed diff.

`compare(a, b)` takes two `FileReport`s (from `read_file`) and says what differs, in the
order a person looks: the state, the AI verdict, who signed, the media itself, then the
manifests (added, removed, changed), the active manifest's actions and ingredients, and the
validation codes (added, removed, or the same code with another kind). Pure data in and
out, so the GUI can run it anywhere and the CLI can print it or dump it as JSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core.i18n import N_, _
from app.core.model import Action, FileReport, Ingredient, Manifest, SignatureInfo
from app.core.reports import wording


@dataclass(frozen=True)
class Change:
    """One field that differs: its name in the user's words, the value in A and in B."""

    field: str  # English, as in the JSON; `name` is how a person reads it
    before: str | None
    after: str | None

    @property
    def name(self) -> str:
        """The field's name in the current language."""
        return _(self.field)


@dataclass(frozen=True)
class ListDiff:
    """Entries only in B (`added`) and only in A (`removed`); repeats are counted."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.added and not self.removed


@dataclass(frozen=True)
class ManifestChange:
    """A manifest present in both files whose content differs."""

    label: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class CodeChange:
    """The same validation code with another kind (e.g. informational → failure)."""

    code: str
    before: str
    after: str


@dataclass(frozen=True)
class Comparison:
    """Everything that differs between file A and file B (empty tuples: nothing)."""

    a: Path
    b: Path
    summary: tuple[Change, ...]  # state, AI verdict, signer, app or device, AI tools
    media: tuple[Change, ...]  # type, size, dimensions, duration
    manifests_added: tuple[str, ...]  # labels only in B
    manifests_removed: tuple[str, ...]  # labels only in A
    manifests_changed: tuple[ManifestChange, ...]
    actions: ListDiff  # of the active manifests
    ingredients: ListDiff  # of the active manifests
    codes_added: tuple[str, ...]  # "kind: code", only in B
    codes_removed: tuple[str, ...]  # only in A
    codes_changed: tuple[CodeChange, ...]

    @property
    def same_credentials(self) -> bool:
        """No difference in anything the credentials say (media may still differ)."""
        return not (
            self.summary
            or self.manifests_added
            or self.manifests_removed
            or self.manifests_changed
            or not self.actions.empty
            or not self.ingredients.empty
            or self.codes_added
            or self.codes_removed
            or self.codes_changed
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (`credlabel diff --json`)."""
        data = asdict(self)
        data["a"], data["b"] = str(self.a), str(self.b)
        data["same_credentials"] = self.same_credentials
        return data

    def lines(self) -> list[str]:
        """The comparison as readable lines (the CLI prints them)."""
        return _lines(self)


def compare(a: FileReport, b: FileReport) -> Comparison:
    """The structured difference between two files' credentials (A = before, B = after)."""
    codes_added, codes_removed, codes_changed = _codes(a, b)
    return Comparison(
        a=a.path,
        b=b.path,
        summary=_changes(_summary(a), _summary(b)),
        media=_changes(_media(a), _media(b)),
        manifests_added=tuple(label for label in b.manifests if label not in a.manifests),
        manifests_removed=tuple(label for label in a.manifests if label not in b.manifests),
        manifests_changed=_manifests_changed(a, b),
        actions=_list_diff(_actions(a.active), _actions(b.active)),
        ingredients=_list_diff(_ingredients(a.active), _ingredients(b.active)),
        codes_added=codes_added,
        codes_removed=codes_removed,
        codes_changed=codes_changed,
    )


def _summary(report: FileReport) -> dict[str, str | None]:
    active = report.active
    return {
        N_("State"): wording.headline(report),
        N_("AI"): report.ai.kind.label,
        N_("AI tool"): ", ".join(report.ai.tools) or None,
        N_("Issued by"): signer_text(active.signature if active else None),
        N_("Issued on"): active.signature.time if active and active.signature else None,
        N_("App or device"): (active.claim_generator or None) if active else None,
        N_("Problem"): report.problem,
    }


def signer_text(signature: SignatureInfo | None) -> str | None:
    """ "Organization (common name)", as the summary shows the signer."""
    return None if signature is None else wording.signer_text(signature)


def _media(report: FileReport) -> dict[str, str | None]:
    media = report.media
    size = f"{media.width}×{media.height}" if media.width and media.height else None
    duration = f"{media.duration_s:.2f} s" if media.duration_s else None
    return {
        N_("Type"): media.format_name or None,
        N_("File size"): f"{media.size} bytes",
        N_("Dimensions"): size,
        N_("Duration"): duration,
        N_("Video codec"): media.video_codec,
        N_("Audio codec"): media.audio_codec,
    }


def _changes(before: dict[str, str | None], after: dict[str, str | None]) -> tuple[Change, ...]:
    return tuple(
        Change(name, before.get(name), after.get(name))
        for name in before
        if before.get(name) != after.get(name)
    )


def _manifests_changed(a: FileReport, b: FileReport) -> tuple[ManifestChange, ...]:
    out = []
    for label, manifest in a.manifests.items():
        other = b.manifests.get(label)
        if other is None:
            continue
        changes = _changes(_manifest_fields(manifest), _manifest_fields(other))
        if changes:
            out.append(ManifestChange(label, changes))
    return tuple(out)


def _manifest_fields(manifest: Manifest) -> dict[str, str | None]:
    return {
        N_("Title"): manifest.title,
        N_("Format"): manifest.format,
        N_("App or device"): manifest.claim_generator or None,
        N_("Signed by"): signer_text(manifest.signature),
        N_("Signed on"): manifest.signature.time if manifest.signature else None,
        N_("Actions"): "; ".join(action_text(x) for x in manifest.actions) or None,
        N_("Ingredients"): "; ".join(ingredient_text(x) for x in manifest.ingredients) or None,
        N_("Assertions"): ", ".join(sorted(manifest.assertion_labels)) or None,
        N_("Creators"): ", ".join(manifest.creators) or None,
    }


def action_text(action: Action) -> str:
    """`Edited (by Firefly) [compositeWithTrainedAlgorithmicMedia]`."""
    text = action.label or action.name
    if action.software_agent:
        text += f" (by {action.software_agent})"
    if action.source_term:
        text += f" [{action.source_term}]"
    return text


def ingredient_text(ingredient: Ingredient) -> str:
    """`photo.jpg [parentOf] Valid, signer not recognized`."""
    state = ingredient.state.label if ingredient.state else "no credentials of its own"
    return f"{ingredient.title} [{ingredient.relationship}] {state}"


def _actions(manifest: Manifest | None) -> list[str]:
    return [action_text(x) for x in manifest.actions] if manifest else []


def _ingredients(manifest: Manifest | None) -> list[str]:
    return [ingredient_text(x) for x in manifest.ingredients] if manifest else []


def _list_diff(before: Iterable[str], after: Iterable[str]) -> ListDiff:
    old, new = Counter(before), Counter(after)
    return ListDiff(added=tuple((new - old).elements()), removed=tuple((old - new).elements()))


def _codes(
    a: FileReport, b: FileReport
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[CodeChange, ...]]:
    old = {s.code: s.kind for s in a.status}
    new = {s.code: s.kind for s in b.status}
    added = tuple(f"{new[c]}: {c}" for c in new if c not in old)
    removed = tuple(f"{old[c]}: {c}" for c in old if c not in new)
    changed = tuple(CodeChange(c, old[c], new[c]) for c in old if c in new and old[c] != new[c])
    return added, removed, changed


# -- readable lines ------------------------------------------------------------------------


def _lines(c: Comparison) -> list[str]:
    lines = [f"A: {c.a}", f"B: {c.b}"]
    if c.same_credentials:
        lines.append(_("The credentials say the same thing in both files."))
    lines += _change_lines(_("Summary"), c.summary)
    lines += _change_lines(_("Media"), c.media)
    lines += _list_lines(_("Manifests only in B"), c.manifests_added)
    lines += _list_lines(_("Manifests only in A"), c.manifests_removed)
    for manifest in c.manifests_changed:
        lines += _change_lines(
            _("Manifest {label} changed").format(label=manifest.label), manifest.changes
        )
    lines += _list_lines(_("Actions only in B"), c.actions.added)
    lines += _list_lines(_("Actions only in A"), c.actions.removed)
    lines += _list_lines(_("Ingredients only in B"), c.ingredients.added)
    lines += _list_lines(_("Ingredients only in A"), c.ingredients.removed)
    lines += _list_lines(_("Checks only in B"), c.codes_added)
    lines += _list_lines(_("Checks only in A"), c.codes_removed)
    changed = [f"{x.code}: {x.before} → {x.after}" for x in c.codes_changed]
    lines += _list_lines(_("Checks that changed kind"), changed)
    return lines


def _change_lines(title: str, changes: tuple[Change, ...]) -> list[str]:
    if not changes:
        return []
    rows = [f"    {x.name}: {x.before or '—'} → {x.after or '—'}" for x in changes]
    return [f"  {title}:", *rows]


def _list_lines(title: str, items: Iterable[str]) -> list[str]:
    items = list(items)
    return [f"  {title}:", *(f"    - {item}" for item in items)] if items else []
