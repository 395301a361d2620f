"""How CredLabel words a report, for every front end: the CLI, the window and the reports.

Each validation state has one look, decided here: its words, its glyph and its colour. The
five states must never be confused (a tampered file must not look like one without
credentials), so each differs in colour AND glyph AND words: colour alone fails for
colour-blind people and in grayscale prints. The colours are solid fills that carry white
text and also read as text on white paper. The shared phrasing of summaries, signers,
dates, media facts and history rows lives here too, so `inspect`, the window's card and the
HTML/PDF report say the same thing the same way. Pure Python (no Qt).

Strings from the file (tool names, app, signer) are cut to `SENTENCE_LIMIT` characters
inside a sentence, so a 2,000-character name cannot fill a card; one-line fields show the
whole string.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.dates import when_text
from app.core.i18n import N_, _, current_language
from app.core.media.codecs import codec_label
from app.core.model import FileReport, Ingredient, MediaInfo, SignatureInfo, ValidationState
from app.core.terminal_text import visible

NOT_AVAILABLE = "—"
SENTENCE_LIMIT = 120
NO_TIME_STAMP = N_("No trusted time stamp")
NO_OWN_CREDENTIALS = N_("no credentials of its own")


@dataclass(frozen=True)
class StateStyle:
    """The look of one validation state wherever it is shown."""

    state: ValidationState
    glyph: str
    colour: str  # hex; the badge fill in the window, the text colour in reports
    foreground: str  # text on the fill
    hint: str  # one sentence saying what the state means (English: `_()` where shown)

    @property
    def words(self) -> str:
        return self.state.label

    @property
    def line(self) -> str:
        """Glyph and words, as the badge, the `inspect` State line and the report show it."""
        return f"{self.glyph} {self.words}"


STATE_STYLES: dict[ValidationState, StateStyle] = {
    ValidationState.TRUSTED: StateStyle(
        ValidationState.TRUSTED,
        "✔",
        "#2e7d32",
        "#ffffff",
        N_("The credentials are intact and signed by a signer on your trust list."),
    ),
    ValidationState.VALID_UNTRUSTED: StateStyle(
        ValidationState.VALID_UNTRUSTED,
        "?",
        "#1565c0",
        "#ffffff",
        N_("The credentials are intact, but the signer is not on your trust list."),
    ),
    ValidationState.INVALID: StateStyle(
        ValidationState.INVALID,
        "✖",
        "#c62828",
        "#ffffff",
        N_(
            "The credentials do not check out: see why below (a changed file, altered "
            "credentials, or only a certificate problem)."
        ),
    ),
    ValidationState.NO_CREDENTIALS: StateStyle(
        ValidationState.NO_CREDENTIALS,
        "○",
        "#616161",
        "#ffffff",
        N_("The file carries no Content Credentials. That says nothing about how it was made."),
    ),
    ValidationState.COULD_NOT_READ: StateStyle(
        ValidationState.COULD_NOT_READ,
        "⚠",
        "#b34700",
        "#ffffff",
        N_("The credentials in this file could not be read."),
    ),
}


def state_style(state: ValidationState | None) -> StateStyle:
    """The look of `state`; None (nothing read yet) looks like no credentials."""
    return STATE_STYLES[state or ValidationState.NO_CREDENTIALS]


# -- who vouches, and why invalid ---------------------------------------------------------

# The C2PA asks validators to keep interim-list results apart from official ones: say which.
TRUST_SOURCE_HEADLINES: dict[str, str] = {  # English: translate with `_()` where shown
    "c2pa_trust_list": N_("Trusted — issuer on the C2PA Trust List"),
    "interim_trust_list": N_("Trusted — issuer on the older interim list"),
    "this_computer": N_("Trusted on this computer only"),
    "user_anchor": N_("Trusted — issuer you added as a trust anchor"),
    "test_root": N_("Trusted — C2PA test root (for testing only)"),
}
TRUST_SOURCE_SENTENCES: dict[str, str] = {
    "c2pa_trust_list": N_("The signer's certificate chains to the official C2PA Trust List."),
    "interim_trust_list": N_(
        "The signer's certificate is on the older interim trust list that "
        "the C2PA Verify site still uses; it is not (yet) on the official C2PA Trust List."
    ),
    "this_computer": N_(
        "The signer is one of this computer's own signing identities: other "
        "computers and viewers do not know it."
    ),
    "user_anchor": N_("The signer chains to a certificate you added as a trust anchor."),
    "test_root": N_(
        "The signer chains to the C2PA test root: fine for workshops and tests, "
        "never a reason to believe a real file."
    ),
}


@dataclass(frozen=True)
class Cause:
    """One reason a file reads as invalid, in words, with what to do."""

    kind: str
    headline: str
    explanation: str
    what_to_do: str


INVALID_CAUSES: dict[str, Cause] = {  # English: `invalid_causes` hands them translated
    "content_changed": Cause(
        "content_changed",
        N_("Tampered: the content changed after signing"),
        N_(
            "The picture, sound or video no longer matches what was signed: it was changed "
            "after the Content Credentials were made."
        ),
        N_("Treat the content as changed since it was signed; ask the source for the original."),
    ),
    "credentials_changed": Cause(
        "credentials_changed",
        N_("Invalid: the credentials were altered"),
        N_(
            "The Content Credentials themselves were changed or are malformed, so what they say "
            "cannot be relied on."
        ),
        N_("Ask the source for a fresh copy exported by the original app."),
    ),
    "certificate": Cause(
        "certificate",
        N_("Invalid certificate — nothing shows the file was changed"),
        N_(
            "The content and its credentials are intact, but the signing certificate is not "
            "acceptable (for example it expired and no trusted time-stamp shows it was valid "
            "when the file was signed, or it is not allowed for signing). Nothing shows that "
            "the file was changed."
        ),
        N_(
            "Judge the file by who says they made it; ask them for a copy signed with a current "
            "certificate and a time-stamp."
        ),
    ),
    "creator_identity": Cause(
        "creator_identity",
        N_("Creator identity not confirmed — the C2PA credentials check out"),
        N_(
            "Only the creator-identity statement (CAWG) failed or could not be checked offline. "
            "The C2PA credentials themselves (content, signature, certificate) check out."
        ),
        N_(
            "If who made it matters, check the identity with an online verifier such as "
            "contentcredentials.org/verify."
        ),
    ),
}


EARLIER_STEP = N_("The problem is in an earlier step of the history (an ingredient). {explanation}")


def invalid_causes(report: FileReport) -> tuple[Cause, ...]:
    """Every cause of an invalid state, most serious first. When the newest step itself
    checks out, c2pa's "Invalid" comes from an ingredient: the explanation says so."""
    causes = tuple(
        Cause(c.kind, _(c.headline), _(c.explanation), _(c.what_to_do))
        for c in (INVALID_CAUSES[k] for k in report.invalid_kinds if k in INVALID_CAUSES)
    )
    own = [s for s in report.failures if s.code != "signingCredential.untrusted"]
    if own or not causes:
        return causes
    return tuple(
        Cause(c.kind, c.headline, _(EARLIER_STEP).format(explanation=c.explanation), c.what_to_do)
        for c in causes
    )


def headline(report: FileReport) -> str:
    """The state in words, as the badge, `inspect`'s State line and the reports show it."""
    if report.state is ValidationState.TRUSTED:
        known = TRUST_SOURCE_HEADLINES.get(report.trust_source or "")
        return _(known) if known else report.state.label
    causes = invalid_causes(report)
    if report.state is ValidationState.INVALID and causes:
        words = causes[0].headline
        if causes[0].kind == "creator_identity" and report.trust_source:
            words += f" ({_(TRUST_SOURCE_HEADLINES[report.trust_source])})"
        return words
    return report.state.label


def state_line(report: FileReport) -> str:
    """Glyph and headline: `✔ Trusted — issuer on the C2PA Trust List`."""
    return f"{state_style(report.state).glyph} {headline(report)}"


def state_hint(report: FileReport) -> str:
    """One sentence saying what the state means for this file."""
    causes = invalid_causes(report)
    if report.state is ValidationState.INVALID and causes:
        return causes[0].explanation
    if report.state is ValidationState.TRUSTED and report.trust_source:
        return _(TRUST_SOURCE_SENTENCES.get(report.trust_source, state_style(report.state).hint))
    return _(state_style(report.state).hint)


# -- short fields ------------------------------------------------------------------------


def shorten(text: str, limit: int = SENTENCE_LIMIT) -> str:
    """A file's string for a sentence: control and format characters shown as escapes (a
    `\\r` or ESC in a tool name must not start a line of its own), cut to `limit`
    characters with "…" at the end when it was longer."""
    text = visible(text)
    return text if len(text) <= limit else text[: max(1, limit - 1)] + "…"


def issued_by(signature: SignatureInfo | None) -> str:
    """Who signed, in one word: the organization, else the certificate's name."""
    if signature is None:
        return NOT_AVAILABLE
    return signature.organization or signature.common_name or NOT_AVAILABLE


def signer_text(signature: SignatureInfo) -> str:
    """Who signed, in full: `Organization (common name)`."""
    who = signature.organization or _("unknown")
    return f"{who} ({signature.common_name})" if signature.common_name else who


def issued_on(signature: SignatureInfo | None) -> str:
    """When it was signed: `2025-01-02 03:04:05 UTC`, or that no time stamp says so."""
    if signature is None:
        return NOT_AVAILABLE
    if signature.time:
        return when_text(signature.time)  # the one date format (`app.core.dates`)
    return _(NO_TIME_STAMP)


def app_or_device(report: FileReport) -> str:
    """The app or device in people's words ("Adobe Photoshop 26.9.0"); the raw
    `claim_generator` string stays in Details."""
    active = report.active
    if active is None:
        return NOT_AVAILABLE
    return active.app_name or active.claim_generator or NOT_AVAILABLE


def ai_tools(report: FileReport) -> str:
    return ", ".join(report.ai.tools) if report.ai.tools else NOT_AVAILABLE


# -- sentences ---------------------------------------------------------------------------


def ai_headline(report: FileReport) -> str:
    """The AI verdict line; honest about files whose credentials could not be checked."""
    if report.state is ValidationState.COULD_NOT_READ:
        return _("AI use unknown: the credentials could not be read")
    return ai_sentence(report)


def ai_sentence(report: FileReport) -> str:
    """`AiVerdict.sentence`, with each tool name shortened for a sentence."""
    text = report.ai.kind.label
    if report.ai.tools:
        text += f" ({shorten(', '.join(shorten(t) for t in report.ai.tools))})"
    return text


def content_summary(report: FileReport) -> str:
    """One sentence in the spirit of the Verify site's summary."""
    state = report.state
    if state is ValidationState.COULD_NOT_READ:
        return report.problem or _("The Content Credentials in this file could not be read.")
    if state is ValidationState.NO_CREDENTIALS:
        return _(
            "This file carries no Content Credentials, so it says nothing about how it was made."
        )
    if state is ValidationState.INVALID:
        causes = invalid_causes(report)
        return (
            causes[0].explanation
            if causes
            else _(
                "The credentials do not match this file: it was changed after signing, "
                "or the signature is broken. Do not rely on what they say."
            )
        )
    who = shorten(issued_by(report.active.signature if report.active else None))
    app = shorten(app_or_device(report))
    if app != NOT_AVAILABLE:
        return _("{ai}. Signed by {who} using {app}.").format(
            ai=ai_sentence(report), who=who, app=app
        )
    return _("{ai}. Signed by {who}.").format(ai=ai_sentence(report), who=who)


# -- history rows ------------------------------------------------------------------------


def ingredient_state(item: Ingredient) -> str:
    """An ingredient's state in a history row: glyph and words, or that it has none."""
    return state_style(item.state).line if item.state else _(NO_OWN_CREDENTIALS)


def ingredient_line(item: Ingredient) -> str:
    """One history row: `title [relationship] ✔ Trusted`."""
    return f"{item.title} [{item.relationship}] {ingredient_state(item)}"


# -- media facts -------------------------------------------------------------------------


def media_line(media: MediaInfo) -> str:
    """`JPEG · 1920×1080 · 1.2 MB` / `MP4 · 1280×720 · 0:12 · H.264 / AAC`."""
    parts = [media.format_name or (media.mime or _("Unknown type"))]
    if media.width and media.height:
        parts.append(f"{media.width}×{media.height}")
    if media.duration_s is not None:
        parts.append(duration_text(media.duration_s))
    codecs = [codec_label(c) for c in (media.video_codec, media.audio_codec) if c]
    if codecs:
        parts.append(" / ".join(codecs))
    parts.append(size_text(media.size))
    return " · ".join(parts)


def duration_text(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tenths = int((seconds - whole) * 10)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}.{tenths}"


def size_text(size: int) -> str:
    """`1.2 MB`, with the decimal sign of the language spoken (`1,2 MB` in German)."""
    from babel.numbers import format_decimal  # already loaded by the dates

    value = float(size)
    locale = current_language().code
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "bytes":
                return _("{count} bytes").format(
                    count=format_decimal(int(value), "0", locale=locale)
                )
            return f"{format_decimal(value, '0.0', locale=locale)} {unit}"
        value /= 1024
    return _("{count} bytes").format(count=format_decimal(size, "0", locale=locale))
