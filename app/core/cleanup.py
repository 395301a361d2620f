"""Leftover temporary files from an export that never finished (power cut, killed process).

Every file CredLabel writes for the user goes through a temporary file
`.NAME.credlabel-tmp-XXXX[.suffix]` (`app.core.safe_write`) in the destination folder,
removed on every normal path. A process that is killed cannot,
so each temporary file is also recorded in a small journal — one entry per file in
`user_folders().cache / "pending-exports"`, holding its path and the writer's process id —
and the next start (`clean_up_after_crashes`, called by the CLI and the window) removes the
files whose writer is gone. `remove_stale_temp_files` also sweeps folders for old files
matching the pattern, for entries the journal lost.

Only files named by the export's own pattern are ever removed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

from app.core.paths import private_folder, user_folders

log = logging.getLogger(__name__)

JOURNAL_FOLDER = "pending-exports"
# A file this old is no export in progress (exports write continuously, so mtime is fresh).
DEFAULT_OLDER_THAN_S = 6 * 3600
# Every temporary file is named `.NAME.credlabel-tmp-XXXX[.more]` (NAME: the destination's
# file name, shortened when needed), so stale ones left by a crash can be recognised.
TEMP_MARKER = ".credlabel-tmp-"
TEMP_GLOB = f".*{TEMP_MARKER}*"


def is_temp_name(name: str) -> bool:
    """True for the name of one of our temporary files (stale after a crash)."""
    return name.startswith(".") and TEMP_MARKER in name[1:]


def is_export_temp(path: Path) -> bool:
    """Named like `safe_write` names them (`.NAME.credlabel-tmp-XXXX[.suffix]`)."""
    return is_temp_name(path.name)


def _journal() -> Path:
    return user_folders().cache / JOURNAL_FOLDER


def _entry(temp: Path) -> Path:
    import hashlib  # OpenSSL loads only when an export registers its temp file

    digest = hashlib.sha256(str(Path(temp).absolute()).encode()).hexdigest()[:32]
    return _journal() / f"{digest}.json"


def register_temp(temp: Path) -> None:
    """Record `temp` as being written by this process. Never fails the export."""
    try:
        private_folder(_journal())
        record = {"path": str(Path(temp).absolute()), "pid": os.getpid(), "time": time.time()}
        _entry(temp).write_text(json.dumps(record), encoding="utf-8")
    except OSError as exc:  # a read-only cache must not stop an export
        log.debug("could not record temporary file %s: %s", temp, exc)


def forget_temp(temp: Path) -> None:
    with contextlib.suppress(OSError):
        _entry(temp).unlink()


def pending_temp_files() -> list[tuple[Path, int]]:
    """(temporary file, writer's process id) for every journal entry."""
    try:
        entries = sorted(_journal().glob("*.json"))
    except OSError:
        return []
    pending = []
    for entry in entries:
        try:
            record = json.loads(entry.read_text(encoding="utf-8"))
            pending.append((Path(record["path"]), int(record["pid"])))
        except (OSError, ValueError, KeyError, TypeError):
            with contextlib.suppress(OSError):
                entry.unlink()  # unreadable entry: nothing we can act on
    return pending


def clean_up_after_crashes(older_than_s: float = DEFAULT_OLDER_THAN_S) -> list[Path]:
    """At start: remove temporary files of exports whose process is gone, then sweep their
    folders for old ones. Returns what was removed. Never raises."""
    removed: list[Path] = []
    folders: set[Path] = set()
    for temp, pid in pending_temp_files():
        folders.add(temp.parent)
        if pid != os.getpid() and _process_alive(pid) is not False:
            continue  # exporting right now in another window or command (or unknown)
        if _remove(temp):
            removed.append(temp)
        forget_temp(temp)
    removed += remove_stale_temp_files(folders, older_than_s)
    if removed:
        log.info("removed %d leftover temporary file(s) of unfinished exports", len(removed))
    return removed


def remove_stale_temp_files(
    folders: Iterable[Path], older_than_s: float = DEFAULT_OLDER_THAN_S
) -> list[Path]:
    """Remove export temporary files in `folders` not modified for `older_than_s`."""
    now = time.time()
    removed = []
    for folder in folders:
        try:
            candidates = [p for p in Path(folder).iterdir() if is_export_temp(p)]
        except OSError:
            continue
        for path in candidates:
            try:
                old = now - path.lstat().st_mtime >= older_than_s
            except OSError:
                continue
            if old and _remove(path):
                removed.append(path)
    return removed


def _remove(path: Path) -> bool:
    if not is_export_temp(path):
        return False  # never anything but our own temporary files
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        log.debug("could not remove %s: %s", path, exc)
        return False
    return True


def _process_alive(pid: int) -> bool | None:
    """None when this platform has no cheap check (the age sweep then decides)."""
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    return True
