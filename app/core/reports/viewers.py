"""What other viewers will show for a file: the C2PA Verify site / c2pa-js rules, and what
large platforms document that they read. Based on published behaviour, not on running them.

Verify / c2pa-js rules applied here (see C2PA_NOTES):
- AI summary only for the IPTC terms `trainedAlgorithmicMedia` ("generated with an AI tool")
  and `compositeWithTrainedAlgorithmicMedia` ("contains AI-generated elements") on any
  action of any manifest in the chain; vendor-only fields give no summary.
- "AI tool used" only when the AI action names its `softwareAgent`.
- An unrecognized-issuer warning when the signer is not on the viewer's trust list.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import CredLabelError
from app.core.media.xmp import XMP_MIMES, read_digital_source_type
from app.core.model import AiVerdictKind, FileReport, ValidationState
from app.core.reports.wording import headline
from app.core.vocabulary import AI_TERMS, iptc_term, source_type_words

DISCLAIMER = (
    "Based on published behaviour of the C2PA Verify site, the c2pa-js library and what "
    "platforms document; CredLabel does not contact them, and they may change."
)
GENERATED_SUMMARY = "This content was generated with an AI tool."
COMPOSITE_SUMMARY = "This content contains elements generated with an AI tool."
UNRECOGNIZED_ISSUER = (
    "The issuer of these Content Credentials is not on the viewer's trust list: it will "
    "warn that the signer could not be recognized (the content may not come from where it "
    "claims to)."
)
_LOCAL_TRUST = (
    'Trusted here only because this computer trusts the signer (trust profile "{profile}"). '
    "Viewers use the C2PA trust list; a signer not on it gets an unrecognized-issuer warning."
)
_STATE_LINES = {
    ValidationState.NO_CREDENTIALS: "No Content Credentials: viewers show nothing about origin.",
    ValidationState.INVALID: "The Content Credentials are invalid: viewers warn that the file "
    "may have been changed since it was signed.",
    ValidationState.VALID_UNTRUSTED: "Content Credentials are present and intact.",
    ValidationState.TRUSTED: "Content Credentials are present and intact.",
    ValidationState.COULD_NOT_READ: "The Content Credentials cannot be read: viewers show an "
    "error or nothing.",
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
    disclaimer: str = DISCLAIMER

    def lines(self) -> list[str]:
        """As readable lines (CLI, reports)."""
        lines = [self.state_line]
        if self.ai_summary:
            lines.append(f"AI summary: {self.ai_summary}")
        if self.ai_tools:
            lines.append(f"AI tool used: {', '.join(self.ai_tools)}")
        if self.issuer:
            lines.append(f"Issued by: {self.issuer}")
        if self.issuer_warning:
            lines.append(f"Warning: {self.issuer_warning}")
        lines += [f"{note.topic}: {note.text}" for note in self.platform_notes]
        lines.append(self.disclaimer)
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
    return ViewerView(
        state_line=_STATE_LINES[report.state],
        ai_summary=_ai_summary(report) if shows else None,
        ai_tools=report.ai.tools if shows and _ai_summary(report) else (),
        issuer=signature.organization if shows and signature else None,
        issuer_warning=_issuer_warning(report) if shows else None,
        issued_on=signature.time if shows and signature else None,
        app_or_device=(active.claim_generator or None) if shows and active else None,
        iptc_source_type=iptc,
        platform_notes=_platform_notes(report, iptc),
    )


def _ai_summary(report: FileReport) -> str | None:
    if report.ai.kind is AiVerdictKind.GENERATED:
        return GENERATED_SUMMARY
    if report.ai.kind is AiVerdictKind.CONTAINS_AI:
        return COMPOSITE_SUMMARY
    return None


def _issuer_warning(report: FileReport) -> str | None:
    # CredLabel's profiles (local identities, the C2PA *test* root) are never the C2PA
    # trust list the viewers use, so even Trusted here gets a caveat.
    if report.state is ValidationState.TRUSTED:
        return _LOCAL_TRUST.format(profile=report.trust_profile)
    if report.state is ValidationState.VALID_UNTRUSTED or any(
        s.code == "signingCredential.untrusted" for s in report.failures
    ):
        return UNRECOGNIZED_ISSUER
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
        PlatformNote("C2PA AI source types", _c2pa_note(report)),
        PlatformNote("IPTC metadata", _iptc_note(iptc)),
        PlatformNote("Trust list", _trust_note(report)),
    )


def _c2pa_note(report: FileReport) -> str:
    kind = report.ai.kind
    if report.state is ValidationState.INVALID:
        return (
            "Platforms that read Content Credentials (for example TikTok, LinkedIn, Meta) "
            "document that they check them; invalid credentials are likely to be ignored."
        )
    if kind in (AiVerdictKind.GENERATED, AiVerdictKind.CONTAINS_AI):
        return (
            "Platforms that document reading C2PA (for example TikTok, LinkedIn, Meta) say "
            "they label uploads as AI-generated or 'AI info' from these IPTC source types: "
            "expect an AI label."
        )
    if kind is AiVerdictKind.NONSTANDARD:
        return (
            "AI use is only recorded in a vendor-specific field; platforms document reading "
            "the standard IPTC source types, so they will probably show no AI label."
        )
    return (
        "No standard AI source type is recorded: platforms that read C2PA will not add an "
        "AI label from these credentials (they may still detect AI by other means)."
    )


def _iptc_note(iptc: str | None) -> str:
    if iptc in AI_TERMS:
        return (
            f"The IPTC XMP metadata says {iptc}; platforms that document reading IPTC "
            "metadata (for example Meta) can label the file from it even without C2PA, "
            "but it is not signed and anyone can change or remove it."
        )
    if iptc:
        return f"The IPTC XMP metadata says {source_type_words(iptc)}: not an AI source type."
    return (
        "No IPTC DigitalSourceType in the XMP metadata: platforms that read only IPTC "
        "metadata see no AI disclosure."
    )


def _trust_note(report: FileReport) -> str:
    return (
        "Verify and platforms show the signer as recognized only when its certificate "
        "chains to the C2PA trust list; certificates made on this computer (CredLabel's "
        "local identities) are not on it, so viewers show them as not recognized. "
        f"Here the file reads as: {headline(report)}."
    )
