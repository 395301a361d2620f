"""Validating reads remembered while their file is unchanged, so an export after an open
does not read and check the same original again.

A report is recalled only when the file is provably the same one that was read: same path,
device, inode, size, modification time and change time (the change time moves on any
write, even when a program puts the old modification time back), and the same trust
profile. The identity is taken *before* the read starts, so a file changed during the read
never matches afterwards. Nothing is written anywhere; the memory is this process's only
and holds a few reports.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from app.core.media.unchanged import file_identity
from app.core.model import FileReport
from app.core.reading.trust import TrustProfile

__all__ = ["file_identity", "forget_all", "read_and_remember", "recall", "remember"]

KEEP = 8  # the window's open file plus a few recent ones


@dataclass(frozen=True)
class _Entry:
    identity: tuple[int, ...]
    profile: TrustProfile | None
    report: FileReport


_lock = threading.Lock()
_memory: OrderedDict[Path, _Entry] = OrderedDict()


def remember(report: FileReport, identity: tuple[int, ...], profile: TrustProfile | None) -> None:
    """Keep `report`, read from a file whose identity *before* the read was `identity`."""
    if not identity:
        return
    key = _key(report.path)
    with _lock:
        _memory[key] = _Entry(identity, profile, report)
        _memory.move_to_end(key)
        while len(_memory) > KEEP:
            _memory.popitem(last=False)


def recall(path: Path, profile: TrustProfile | None) -> FileReport | None:
    """The remembered report of `path` when the file and the profile are unchanged."""
    key = _key(path)
    with _lock:
        entry = _memory.get(key)
    if entry is None or entry.profile != profile:
        return None
    now = file_identity(path)
    if not now or now != entry.identity:
        with _lock:
            _memory.pop(key, None)
        return None
    return entry.report


def read_and_remember(path: Path, profile: TrustProfile | None) -> FileReport:
    """`read_file(path, profile)`, remembered for a later export of the same file."""
    from app.core.reading.credentials import read_file

    identity = file_identity(path)
    report = read_file(path, profile)
    remember(report, identity, profile)
    return report


def forget_all() -> None:
    with _lock:
        _memory.clear()


def _key(path: Path) -> Path:
    return Path(path).absolute()
