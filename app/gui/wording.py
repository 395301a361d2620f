"""What the window says about a report, in plain words. The phrasing is shared with the CLI
and the reports (`app.core.reports.wording`, re-exported here for the window's widgets);
only what is the window's own lives below. Pure Python (no Qt).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.i18n import _

if TYPE_CHECKING:
    from app.core.model import MediaInfo
    from app.core.reports.wording import (
        NOT_AVAILABLE,
        SENTENCE_LIMIT,
        ai_headline,
        ai_sentence,
        ai_tools,
        app_or_device,
        content_summary,
        duration_text,
        headline,
        invalid_causes,
        issued_by,
        issued_on,
        media_line,
        shorten,
        size_text,
        state_hint,
        state_line,
    )

__all__ = [
    "NOT_AVAILABLE",
    "SENTENCE_LIMIT",
    "ai_headline",
    "ai_sentence",
    "ai_tools",
    "app_or_device",
    "cannot_sign_reason",
    "content_summary",
    "duration_text",
    "headline",
    "invalid_causes",
    "issued_by",
    "issued_on",
    "media_line",
    "shorten",
    "size_text",
    "state_hint",
    "state_line",
]


def __getattr__(name: str) -> object:
    """The re-exported core phrasing, imported on first use: the core's wording loads dates
    (Babel) and media probing (Pillow), which the empty window shown at start-up never uses."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from app.core.reports import wording

    value = getattr(wording, name)
    globals()[name] = value  # once loaded, a plain module attribute
    return value


def cannot_sign_reason(media: MediaInfo) -> str:
    from app.core.model import MediaKind

    if media.problem:
        return media.problem
    if media.kind is MediaKind.OTHER or media.mime is None:
        return _("This type of file cannot carry Content Credentials.")
    if media.format_name:
        return _("CredLabel cannot sign {format_name} files yet.").format(
            format_name=media.format_name
        )
    return _("CredLabel cannot sign this type of file yet.")
