"""What other viewers will show for a file: the C2PA Verify site / c2pa-js rules, and what
large platforms document that they read. Based on published behaviour, not on running them.

Verify / c2pa-js rules applied here (read in contentauth/verify-site and c2pa-js; see
C2PA_NOTES), in CredLabel's own code:
- Trust: Verify trusts the same public lists as CredLabel's default profile (the official
  C2PA Trust List and the interim list); a signer on neither gets an unrecognized-issuer
  warning, and so does one CredLabel trusts only locally (this computer, added anchors).
- The AI summary reads the *active* manifest only: `c2pa.actions` / `c2pa.actions.v2`
  `digitalSourceType` (the IPTC terms `trainedAlgorithmicMedia` and
  `compositeWithTrainedAlgorithmicMedia`, `http` or `https`), the `com.adobe.digitalSourceType`
  action parameter, and the legacy `com.adobe.generative-ai` assertion (generated). When
  both are present, composite wins over trained. AI said only by an earlier step is not in
  the summary: that is said separately.
- "AI tool used" lists the `softwareAgent` names of those actions.
- The invalid banner appears for real failures only (a CAWG identity that cannot be checked
  offline is not one).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import CredLabelError
from app.core.i18n import N_, _
from app.core.media.xmp import XMP_MIMES, read_digital_source_type
from app.core.model import AiVerdictKind, FileReport, Manifest, ValidationState
from app.core.reports.wording import app_or_device, headline, invalid_causes
from app.core.vocabulary import (
    AI_TERMS,
    COMPOSITE_TERM,
    GENERATED_TERM,
    iptc_term,
    source_type_words,
)

DISCLAIMER = N_(
    "Based on published behaviour of the C2PA Verify site, the c2pa-js library and what "
    "platforms document; CredLabel does not contact them, and they may change."
)
GENERATED_SUMMARY = N_("This content was generated with an AI tool.")
COMPOSITE_SUMMARY = N_("This content contains elements generated with an AI tool.")
EARLIER_STEP_ONLY = N_(
    "Only an earlier step in this file's history says AI was used ({what}); Verify's summary "
    "reads the newest step, so it shows no AI summary here (the earlier step shows it when "
    "opened in the history)."
)
UNRECOGNIZED_ISSUER = N_(
    "The issuer of these Content Credentials is not on the viewer's trust list: it will "
    "warn that the signer could not be recognized (the content may not come from where it "
    "claims to)."
)
LOCAL_TRUST = N_(
    "Trusted here only because {why}. Viewers use the public trust lists, where this signer "
    "is not: they show an unrecognized-issuer warning."
)
_LOCAL_WHY = {
    "this_computer": N_("the file was signed with one of this computer's own identities"),
    "user_anchor": N_("you added the signer's certificate as a trust anchor"),
    "test_root": N_("the C2PA test root is trusted here (testing only)"),
}
LEGACY_AI_ASSERTION = "com.adobe.generative-ai"
LEGACY_AI_PARAMETER = "com.adobe.digitalSourceType"
_LIST_SOURCES = ("c2pa_trust_list", "interim_trust_list")
_STATE_LINES = {
    ValidationState.NO_CREDENTIALS: N_(
        "No Content Credentials: viewers show nothing about origin."
    ),
    ValidationState.VALID_UNTRUSTED: N_("Content Credentials are present and intact."),
    ValidationState.TRUSTED: N_("Content Credentials are present and intact."),
    ValidationState.COULD_NOT_READ: N_(
        "The Content Credentials cannot be read: viewers show an error or nothing."
    ),
}
_INVALID_LINES = {
    "content_changed": N_(
        "The Content Credentials are invalid: viewers warn that the file may "
        "have been changed since it was signed."
    ),
    "credentials_changed": N_(
        "The Content Credentials are invalid: viewers warn that they cannot be relied on."
    ),
    "certificate": N_(
        "The Content Credentials are shown as invalid because of the signing "
        "certificate, although nothing shows that the file was changed."
    ),
    "creator_identity": N_(
        "The Content Credentials are present and intact; the creator "
        "identity may be shown as not verified."
    ),
}


@dataclass(frozen=True)
class PlatformNote:
    """What one kind of platform documents reading, and what that means for this file."""

    topic: str  # "C2PA AI source types" | "IPTC metadata" | "Trust list"
    text: str


@dataclass(frozen=True)
class ViewerView:
    """The lines a C2PA viewer will show, plus platform notes (all based on published
    behaviour: see `disclaimer`)."""

    state_line: str
    ai_summary: str | None  # None: no AI summary is shown
    ai_tools: tuple[str, ...]  # "AI tool used" entries (empty: the line is not shown)
    issuer: str | None  # "Issued by" (the certificate's organization)
    issuer_warning: str | None
    issued_on: str | None
    app_or_device: str | None
    iptc_source_type: str | None  # the IPTC XMP DigitalSourceType term, when present
    platform_notes: tuple[PlatformNote, ...]
    disclaimer: str = DISCLAIMER  # English; `lines()` and the window translate it
    summary_note: str | None = None  # AI said only by an earlier step (not in the summary)

    def lines(self) -> list[str]:
        """As readable lines (CLI, reports)."""
        lines = [self.state_line]
        if self.ai_summary:
            lines.append(_("AI summary: {summary}").format(summary=self.ai_summary))
        if self.summary_note:
            lines.append(_("Note: {notice}").format(notice=self.summary_note))
        if self.ai_tools:
            lines.append(_("AI tool used: {tools}").format(tools=", ".join(self.ai_tools)))
        if self.issuer:
            lines.append(_("Issued by: {issuer}").format(issuer=self.issuer))
        if self.issuer_warning:
            lines.append(_("Warning: {warning}").format(warning=self.issuer_warning))
        lines += [f"{note.topic}: {note.text}" for note in self.platform_notes]
        lines.append(_(self.disclaimer))
        return lines


def viewer_view(report: FileReport, *, read_xmp: bool = True) -> ViewerView:
    """Apply the viewer rules to `report`. `read_xmp` also reads the file's IPTC XMP."""
    shows = report.state in (
        ValidationState.VALID_UNTRUSTED,
        ValidationState.TRUSTED,
        ValidationState.INVALID,
    )
    active = report.active
    signature = active.signature if active else None
    iptc = iptc_source_type(report) if read_xmp else None
    summary, tools = active_summary(active) if shows and active else (None, ())
    return ViewerView(
        state_line=_state_line(report),
        ai_summary=_(summary) if summary else None,
        ai_tools=tools if summary else (),
        issuer=signature.organization if shows and signature else None,
        issuer_warning=_issuer_warning(report) if shows else None,
        issued_on=signature.time if shows and signature else None,
        app_or_device=app_or_device(report) if shows and active else None,
        iptc_source_type=iptc,
        platform_notes=_platform_notes(report, iptc),
        summary_note=_earlier_step_note(report, summary) if shows else None,
    )


def active_summary(manifest: Manifest) -> tuple[str | None, tuple[str, ...]]:
    """Verify's AI summary of one manifest and its "AI tool used" names."""
    terms: set[str] = set()
    tools: list[str] = []
    for action in manifest.actions:
        parameter = action.parameters.get(LEGACY_AI_PARAMETER)
        found = {action.source_term, iptc_term(parameter) if isinstance(parameter, str) else None}
        found &= {GENERATED_TERM, COMPOSITE_TERM}
        if found:
            terms |= {t for t in found if t}
            if action.software_agent and action.software_agent not in tools:
                tools.append(action.software_agent)
    if LEGACY_AI_ASSERTION in manifest.assertion_labels:
        terms.add(GENERATED_TERM)
    if COMPOSITE_TERM in terms:  # composite wins over trained
        return COMPOSITE_SUMMARY, tuple(tools)
    if GENERATED_TERM in terms:
        return GENERATED_SUMMARY, tuple(tools)
    return None, ()


def _state_line(report: FileReport) -> str:
    if report.state is ValidationState.INVALID:
        causes = invalid_causes(report)
        kind = causes[0].kind if causes else "credentials_changed"
        return _(_INVALID_LINES[kind])
    return _(_STATE_LINES[report.state])


def _earlier_step_note(report: FileReport, summary: str | None) -> str | None:
    if summary or report.ai.source_is_active:
        return None
    if report.ai.kind in (AiVerdictKind.GENERATED, AiVerdictKind.CONTAINS_AI):
        return _(EARLIER_STEP_ONLY).format(what=report.ai.kind.label)
    return None


def _issuer_warning(report: FileReport) -> str | None:
    if report.state is ValidationState.TRUSTED or report.trust_source:
        if report.trust_source in _LIST_SOURCES:
            return None  # the same public lists as Verify: recognized there too
        why = _(_LOCAL_WHY.get(report.trust_source or "", N_("this computer trusts the signer")))
        return _(LOCAL_TRUST).format(why=why)
    if report.state is ValidationState.VALID_UNTRUSTED or any(
        s.code == "signingCredential.untrusted" for s in report.failures
    ):
        return _(UNRECOGNIZED_ISSUER)
    return None


def iptc_source_type(report: FileReport) -> str | None:
    """The IPTC term in the file's XMP `Iptc4xmpExt:DigitalSourceType`, when readable."""
    if report.media.mime not in XMP_MIMES or not report.path.is_file():
        return None
    try:
        value = read_digital_source_type(report.path)
    except (CredLabelError, OSError):
        return None
    return iptc_term(value) if value else None


def _platform_notes(report: FileReport, iptc: str | None) -> tuple[PlatformNote, ...]:
    return (
        PlatformNote(_("C2PA AI source types"), _c2pa_note(report)),
        PlatformNote(_("IPTC metadata"), _iptc_note(iptc)),
        PlatformNote(_("Trust list"), _trust_note(report)),
    )


def _c2pa_note(report: FileReport) -> str:
    kind = report.ai.kind
    if report.state is ValidationState.INVALID:
        return _(
            "Platforms that read Content Credentials (for example TikTok, LinkedIn, Meta) "
            "document that they check them; invalid credentials are likely to be ignored."
        )
    if kind in (AiVerdictKind.GENERATED, AiVerdictKind.CONTAINS_AI):
        return _(
            "Platforms that document reading C2PA (for example TikTok, LinkedIn, Meta) say "
            "they label uploads as AI-generated or 'AI info' from these IPTC source types: "
            "expect an AI label."
        )
    if kind is AiVerdictKind.NONSTANDARD:
        return _(
            "AI use is only recorded in a vendor-specific field; platforms document reading "
            "the standard IPTC source types, so they will probably show no AI label."
        )
    return _(
        "No standard AI source type is recorded: platforms that read C2PA will not add an "
        "AI label from these credentials (they may still detect AI by other means)."
    )


def _iptc_note(iptc: str | None) -> str:
    if iptc in AI_TERMS:
        return _(
            "The IPTC XMP metadata says {term}; platforms that document reading IPTC "
            "metadata (for example Meta) can label the file from it even without C2PA, "
            "but it is not signed and anyone can change or remove it."
        ).format(term=iptc)
    if iptc:
        return _("The IPTC XMP metadata says {words}: not an AI source type.").format(
            words=source_type_words(iptc)
        )
    return _(
        "No IPTC DigitalSourceType in the XMP metadata: platforms that read only IPTC "
        "metadata see no AI disclosure."
    )


def _trust_note(report: FileReport) -> str:
    source = report.trust_source
    if source == "c2pa_trust_list":
        text = _(
            "The issuer is on the official C2PA Trust List, which Verify and platforms that "
            "check trust use: they show it as recognized."
        )
    elif source == "interim_trust_list":
        text = _(
            "The issuer is on the older interim trust list, which Verify still uses beside "
            "the official C2PA Trust List: Verify shows it as recognized; a viewer that uses "
            "only the official list may not."
        )
    elif source in _LOCAL_WHY:
        text = _(
            "Trusted here only because {why}; viewers do not know this "
            "signer and show it as not recognized."
        ).format(why=_(_LOCAL_WHY[source]))
    elif report.state in (ValidationState.VALID_UNTRUSTED, ValidationState.INVALID):
        text = _(
            "The signer's certificate does not chain to the public trust lists viewers use: "
            "they show the signer as not recognized."
        )
    else:
        text = _("There is no signer to recognize.")
    return _("{note} Here the file reads as: {state}.").format(note=text, state=headline(report))
