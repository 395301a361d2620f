"""The one way CredLabel writes a date or time for people: Babel's medium format in the
current language (`app.core.i18n`), in UTC and saying so ("Jan 2, 2025, 3:04:05 AM UTC",
"02.01.2025, 03:04:05 UTC"). Machine outputs (JSON) keep ISO 8601; a value that is not a
date is shown as written, since it is the file's own text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.core.i18n import _, current_language, without_direction_marks

NONE_SHOWN = "—"


def when_text(value: datetime | date | str | None) -> str:
    """`value` (a datetime, a date, or ISO 8601 text) for people; "—" when absent."""
    if value is None or value == "":
        return NONE_SHOWN
    parsed = _parse(value) if isinstance(value, str) else value
    if parsed is None:
        return str(value)
    from babel.dates import format_date, format_datetime  # ~10 ms: only when a date is shown

    locale = current_language().code
    if not isinstance(parsed, datetime):
        return without_direction_marks(format_date(parsed, "medium", locale=locale))
    moment = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    # Babel puts right-to-left marks between Arabic date parts; a terminal shows them as
    # escapes (`app.core.terminal_text`) and Qt lays the digits out right without them.
    text = format_datetime(moment, "medium", tzinfo=UTC, locale=locale)
    return without_direction_marks(text) + " UTC"


def _parse(text: str) -> datetime | date | None:
    cleaned = text.strip().replace("Z", "+00:00")
    # EXIF writes "2023:02:12 18:44:26": the date's colons become dashes.
    if len(cleaned) >= 10 and cleaned[4] == ":" and cleaned[7] == ":":
        cleaned = cleaned[:4] + "-" + cleaned[5:7] + "-" + cleaned[8:]
    try:
        if len(cleaned) == 10:
            return date.fromisoformat(cleaned)
        return datetime.fromisoformat(cleaned)
    except ValueError:
        return None


def list_day(value: datetime | None) -> str:
    """A trust list's issue or update day as its publisher writes it (ISO), or "not stated"."""
    return value.date().isoformat() if value else _("not stated")
