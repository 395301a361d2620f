"""What the window says about a report, in plain words. Pure Python (no Qt), so the rules
for each sentence can be read and tested on their own (Picard keeps `tagdiff` apart too).

Strings from the file (tool names, app, signer) are cut to `SENTENCE_LIMIT` characters
inside a sentence, so a 2,000-character name cannot fill the card; the one-line fields show
the whole string, elided to the room there is.
"""

from __future__ import annotations

from app.core.model import FileReport, MediaInfo, MediaKind, SignatureInfo, ValidationState
from app.core.terminal_text import visible

NOT_AVAILABLE = "—"
SENTENCE_LIMIT = 120


def shorten(text: str, limit: int = SENTENCE_LIMIT) -> str:
    """A file's string for a sentence: control and format characters shown as escapes (a
    `\\r` or ESC in a tool name must not start a line of its own), cut to `limit`
    characters with "…" at the end when it was longer."""
    text = visible(text)
    return text if len(text) <= limit else text[: max(1, limit - 1)] + "…"


def issued_by(signature: SignatureInfo | None) -> str:
    if signature is None:
        return NOT_AVAILABLE
    return signature.organization or signature.common_name or NOT_AVAILABLE


def issued_on(signature: SignatureInfo | None) -> str:
    if signature is None:
        return NOT_AVAILABLE
    if signature.time:
        return signature.time.replace("T", " ").split(".")[0].removesuffix("+00:00") + " UTC"
    return "No trusted time stamp"


def app_or_device(report: FileReport) -> str:
    active = report.active
    return active.claim_generator if active and active.claim_generator else NOT_AVAILABLE


def ai_headline(report: FileReport) -> str:
    """The AI verdict line; honest about files whose credentials could not be checked."""
    if report.state is ValidationState.COULD_NOT_READ:
        return "AI use unknown: the credentials could not be read"
    return ai_sentence(report)


def ai_sentence(report: FileReport) -> str:
    """`AiVerdict.sentence`, with each tool name shortened for a sentence."""
    text = report.ai.kind.label
    if report.ai.tools:
        text += f" ({shorten(', '.join(shorten(t) for t in report.ai.tools))})"
    return text


def ai_tools(report: FileReport) -> str:
    return ", ".join(report.ai.tools) if report.ai.tools else NOT_AVAILABLE


def content_summary(report: FileReport) -> str:
    """One sentence in the spirit of the Verify site's summary."""
    state = report.state
    if state is ValidationState.COULD_NOT_READ:
        return report.problem or "The Content Credentials in this file could not be read."
    if state is ValidationState.NO_CREDENTIALS:
        return "This file carries no Content Credentials, so it says nothing about how it was made."
    if state is ValidationState.INVALID:
        return (
            "The credentials do not match this file: it was changed after signing, "
            "or the signature is broken. Do not rely on what they say."
        )
    who = shorten(issued_by(report.active.signature if report.active else None))
    app = shorten(app_or_device(report))
    sentence = f"{ai_sentence(report)}. Signed by {who}"
    if app != NOT_AVAILABLE:
        sentence += f" using {app}"
    return sentence + "."


def media_line(media: MediaInfo) -> str:
    """`JPEG · 1920×1080 · 1.2 MB` / `MP4 · 1280×720 · 0:12 · h264 / aac`."""
    parts = [media.format_name or (media.mime or "Unknown type")]
    if media.width and media.height:
        parts.append(f"{media.width}×{media.height}")
    if media.duration_s is not None:
        parts.append(duration_text(media.duration_s))
    codecs = [c for c in (media.video_codec, media.audio_codec) if c]
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
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def cannot_sign_reason(media: MediaInfo) -> str:
    if media.problem:
        return media.problem
    if media.kind is MediaKind.OTHER or media.mime is None:
        return "This type of file cannot carry Content Credentials."
    return f"CredLabel cannot sign {media.format_name or 'this type of'} files yet."
