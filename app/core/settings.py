"""The user's preferences: typed, with every default declared once, stored as JSON.

`load_settings()` never fails: a missing file gives the defaults; a corrupted or unreadable
one is moved aside as `settings.json.bad-<timestamp>` and the defaults are used, with a
one-time `notice` sentence the window shows. A value of the wrong type falls back to its
own default without discarding the rest. `save_settings()` writes a temporary file in the
same folder and renames it over the old one (`app.core.safe_write`), so a crash never
leaves half a file.

Window geometry and splitter positions are UI state, kept by the GUI apart from this file.
Per-identity timestamp servers live in the identity store, not here.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from app.core.i18n import _
from app.core.paths import private_folder, user_folders

log = logging.getLogger(__name__)

MAX_RECENT_FILES = 10
DEFAULT_OUTPUT_PATTERN = "{stem}.cr{ext}"
# 2: the default trust profile became the public lists ("content-credentials"). Files
# written before (no version) stored the old default "local" whether or not it was chosen.
SETTINGS_VERSION = 2


@dataclass(frozen=True)
class Settings:
    """Every preference with its default. Immutable: change with `dataclasses.replace`."""

    trust_profile: str = "content-credentials"  # app.core.reading.trust.DEFAULT_PROFILE
    extra_trust_anchors: tuple[str, ...] = ()  # PEM files the user added
    test_trust_file: str | None = None  # a c2pa trust settings JSON (testing only)
    output_pattern: str = DEFAULT_OUTPUT_PATTERN  # {stem}, {ext} (with the dot), {name}
    last_folder: str | None = None
    recent_files: tuple[str, ...] = ()  # newest first, at most MAX_RECENT_FILES
    default_identity: str | None = None  # an identity id from the identity store
    privacy_notice_seen: bool = False  # told what a copy reveals before the first export
    language: str | None = None  # Preferences › Language; None: the system's
    settings_version: int = SETTINGS_VERSION  # what the file was written by (see _upgraded)
    creator_name: str | None = None  # Preferences › Creator name for my copies (offered)

    def with_recent(self, path: Path) -> Settings:
        """These settings with `path` first in the recent files and as the last folder."""
        text = str(path)
        recent = (text, *(p for p in self.recent_files if p != text))[:MAX_RECENT_FILES]
        return replace(self, recent_files=recent, last_folder=str(path.parent))

    def without_recent(self, path: Path) -> Settings:
        return replace(self, recent_files=tuple(p for p in self.recent_files if p != str(path)))

    def output_path(self, source: Path, folder: Path | None = None) -> Path:
        """The default name of the labeled copy of `source`, e.g. `photo.cr.jpg`."""
        return output_path(source, self.output_pattern, folder)


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    notice: str | None = None  # one sentence to show once (settings were reset)


def output_path(source: Path, pattern: str, folder: Path | None = None) -> Path:
    """Apply an output naming pattern; a broken pattern falls back to the default one."""
    values = {"stem": source.stem, "ext": source.suffix, "name": source.name}
    try:
        name = pattern.format(**values)
    except (KeyError, IndexError, ValueError):
        name = DEFAULT_OUTPUT_PATTERN.format(**values)
    # A pattern that reproduces the source name would overwrite the original: never.
    if not name or name == source.name or "/" in name or "\\" in name:
        name = DEFAULT_OUTPUT_PATTERN.format(**values)
    return (folder or source.parent) / name


def _expected_types() -> dict[str, tuple[type, ...]]:
    return {
        "trust_profile": (str,),
        "extra_trust_anchors": (list,),
        "test_trust_file": (str, type(None)),
        "output_pattern": (str,),
        "last_folder": (str, type(None)),
        "recent_files": (list,),
        "default_identity": (str, type(None)),
        "privacy_notice_seen": (bool,),
        "language": (str, type(None)),
        "settings_version": (int,),
        "creator_name": (str, type(None)),
    }


def _from_dict(data: dict[str, Any]) -> Settings:
    """Settings from parsed JSON: unknown keys ignored, wrong types fall back per key."""
    defaults = Settings()
    values: dict[str, Any] = {}
    types = _expected_types()
    for f in fields(Settings):
        if f.name not in data:
            continue
        value = data[f.name]
        if not isinstance(value, types[f.name]):
            log.warning("settings: %s has the wrong type; using the default", f.name)
            continue
        if isinstance(value, list):
            value = tuple(str(v) for v in value if isinstance(v, str))
        values[f.name] = value
    if "settings_version" not in data:
        values = _upgraded(values)
    settings = replace(defaults, **values)
    return replace(settings, recent_files=settings.recent_files[:MAX_RECENT_FILES])


def _upgraded(values: dict[str, Any]) -> dict[str, Any]:
    """Settings written before version 2: the stored "local" was the old default, so such
    a file moves to the public trust lists (Preferences › Trust chooses "local" again)."""
    if values.get("trust_profile") == "local":
        log.info("settings: trust profile 'local' (the old default) moves to the public lists")
        values = {**values, "trust_profile": Settings.trust_profile}
    return {**values, "settings_version": SETTINGS_VERSION}


def _to_dict(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def settings_path() -> Path:
    return user_folders().settings_file


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings file; never raises (see the module docstring)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except (OSError, UnicodeDecodeError) as exc:
        return _reset(path, exc)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _reset(path, exc)
    if not isinstance(data, dict):
        return _reset(path, ValueError("the top level is not an object"))
    return LoadedSettings(_from_dict(data))


def _reset(path: Path, reason: Exception) -> LoadedSettings:
    """Move the broken file aside (so nothing is lost) and start from the defaults."""
    backup = path.with_name(f"{path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
    log.warning("settings file %s unreadable (%s); moved to %s", path, reason, backup.name)
    try:
        path.replace(backup)
        where = " " + _("The old file was kept as {name}.").format(name=backup.name)
    except OSError:
        where = ""
    notice = _("Your settings could not be read, so the defaults are used.") + where
    return LoadedSettings(Settings(), notice)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically through `app.core.safe_write` (a journaled temp file in the same
    folder, fsync, rename over), owner-only, in an owner-only folder. Raises `WriteError`."""
    from app.core import safe_write  # loaded when first needed (not to read settings)

    path = path or settings_path()
    try:
        private_folder(path.parent)
    except OSError as exc:
        raise safe_write.write_error(exc, path.parent, "the settings") from exc
    text = json.dumps(_to_dict(settings), indent=2, sort_keys=True) + "\n"
    safe_write.write_file(
        path, text.encode("utf-8"), overwrite=True, mode=0o600, what="the settings"
    )


__all__ = [
    "DEFAULT_OUTPUT_PATTERN",
    "MAX_RECENT_FILES",
    "LoadedSettings",
    "Settings",
    "load_settings",
    "output_path",
    "save_settings",
    "settings_path",
]
