"""The check an export must pass before it is published: read the copy back and compare.

The labeled copy must read Valid or Trusted, its active manifest must be ours (a new one,
not the original's), carry every action we signed with the same IPTC terms, keep the
original's manifest as its parent ingredient, and show the AI verdict the disclosure asks
for. Anything else raises `ExportError`: the caller deletes the copy.
"""

from __future__ import annotations

from typing import Any

from app.core.about import APP_NAME
from app.core.errors import ExportError
from app.core.i18n import _
from app.core.labeling.manifest_builder import expected_actions
from app.core.model import AiVerdictKind, FileReport, Manifest, ValidationState
from app.core.vocabulary import COMPOSITE_TERM, GENERATED_TERM

GOOD_STATES = (ValidationState.VALID_UNTRUSTED, ValidationState.TRUSTED)
_VERDICT_FOR_TERM = {
    GENERATED_TERM: (AiVerdictKind.GENERATED,),
    COMPOSITE_TERM: (AiVerdictKind.GENERATED, AiVerdictKind.CONTAINS_AI),
}


def _failed(reason: str) -> ExportError:
    """The one sentence every failed check starts with, then `reason` (translated)."""
    sentence = _(
        "The labeled copy did not pass its check after signing, so it was removed: {reason}"
    )
    return ExportError(sentence.format(reason=reason))


def check_output(
    report: FileReport, manifest: dict[str, Any], original: FileReport, created: bool
) -> None:
    """Raise `ExportError` unless `report` (the copy read back) shows what was signed."""
    if report.state not in GOOD_STATES:
        _refuse_state(report)
    active = report.active
    if active is None or active.label == original.active_manifest:
        raise _failed(_("the new Content Credentials were not found in it."))
    if APP_NAME not in active.claim_generator:
        reason = _("its newest credentials were not made by {app}.").format(app=APP_NAME)
        raise _failed(reason)
    _check_actions(active, manifest)
    if not created:
        _check_parent(active, original)
    _check_verdict(report, manifest)


def _refuse_state(report: FileReport) -> None:
    failures = [s for s in report.failures if s.code != "signingCredential.untrusted"]
    codes = ", ".join(s.code for s in failures) or report.problem or "no detail"
    ours = report.active_manifest or "\0"
    if failures and all(ours not in s.url for s in failures):
        reason = _(
            "it would read as “{state}” because the original's own Content Credentials fail "
            "a check ({codes}) that carries over into any copy. Label the file they were "
            "made from, or ask its author for a fixed version."
        )
        error = _failed(reason.format(state=report.state.label, codes=codes))
        raise ExportError(error.sentence, codes)
    reason = _("it reads as “{state}” ({codes}).").format(state=report.state.label, codes=codes)
    raise ExportError(_failed(reason).sentence, codes)


def _check_actions(active: Manifest, manifest: dict[str, Any]) -> None:
    found = [(a.name, a.source_term) for a in active.actions]
    missing = [name for name, term in expected_actions(manifest) if (name, term) not in found]
    if missing:
        raise _failed(_("these actions are missing: {actions}.").format(actions=", ".join(missing)))


def _check_parent(active: Manifest, original: FileReport) -> None:
    parents = [i for i in active.ingredients if i.relationship == "parentOf"]
    if not parents:
        raise _failed(_("the original is not recorded as its parent."))
    expected = original.active_manifest
    if expected and all(p.manifest_label != expected for p in parents):
        raise _failed(_("the original's own credentials were not carried forward."))


def _check_verdict(report: FileReport, manifest: dict[str, Any]) -> None:
    terms = {term for _, term in expected_actions(manifest) if term}
    for term, kinds in _VERDICT_FOR_TERM.items():
        if term in terms and report.ai.kind not in kinds:
            reason = _("it does not show the AI label ({label}).")
            raise _failed(reason.format(label=report.ai.kind.label))
