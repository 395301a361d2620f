"""The creator's choices a support bundle records (`choices.json`), so support staff see
what the creator had chosen, not their own defaults: the trust profile, the language the
app spoke, the naming pattern for labeled copies, and the AI disclosure when one was given.
Keys are stable and never translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.i18n import _, current_language
from app.core.reading.trust import TrustProfile
from app.core.settings import load_settings


def creator_choices(
    profile: TrustProfile | None, disclosure: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """What the creator had chosen when the bundle was made."""
    settings = load_settings().settings  # the creator's saved settings (defaults if none)
    return {
        "trust_profile": profile.name if profile else "none",
        "language": current_language().code,
        "naming_pattern": settings.output_pattern,
        "disclosure": dict(disclosure) if disclosure else None,
    }


def choices_lines(choices: Mapping[str, Any]) -> list[str]:
    """The recorded choices for people (empty for bundles made before they were kept)."""
    lines = []
    if choices.get("language"):
        lines.append(_("language: {code}").format(code=choices["language"]))
    if choices.get("naming_pattern"):
        lines.append(_("copies named {pattern}").format(pattern=choices["naming_pattern"]))
    disclosure = choices.get("disclosure")
    if isinstance(disclosure, Mapping) and disclosure.get("ai"):
        lines.append(_("AI use chosen: {ai}").format(ai=disclosure["ai"]))
    return lines
