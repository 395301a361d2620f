"""Sentences for files whose credentials the library could not read (`credentials`)."""

from __future__ import annotations

from app.core.i18n import N_, _
from app.core.model import MediaInfo

DAMAGED = N_("The Content Credentials in this file are damaged and cannot be checked.")

# Library messages for damaged files, in the user's words.
_DAMAGE_REASONS = (
    ("unknown algorithm", N_("they name a signing method that does not exist")),
    ("prerelease", N_("they were made by pre-release software")),
    ("too deply nested", N_("the file's structure is nested too deeply to read safely")),
    ("could not be parsed", N_("the file's own structure is damaged or unusual")),
)


def damaged_sentence(text: str) -> str:
    """The library's `text` about damaged credentials, in the user's words."""
    for needle, reason in _DAMAGE_REASONS:
        if needle in text.lower():
            return _(
                "The Content Credentials in this file are damaged and cannot be checked: "
                "{reason}. (Library: {text})"
            ).format(reason=_(reason), text=text)
    return _("{damaged} (Library: {text})").format(damaged=_(DAMAGED), text=text)


def type_name(media: MediaInfo) -> str:
    """ "JPEG files", or "this type of file (.xyz)" for a type we do not recognise."""
    if media.mime is None:
        if media.path.suffix:
            return _("this type of file ({suffix})").format(suffix=media.path.suffix)
        return _("this type of file (no extension)")
    return _("{format_name} files").format(format_name=media.format_name)
