"""Test helper: drive the real main window and wait until it has finished its work.

The window reads files in the background; a test that checks what it shows must first wait
until the read result arrived and every queued task was delivered, or it checks the
"Reading…" state by luck of timing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TIMEOUT_MS = 60_000


def wait_idle(qtbot: Any, win: Any, timeout: int = TIMEOUT_MS) -> None:
    """Until the window says no background work is pending (and layouts settled)."""
    done: list[bool] = []
    win.when_idle(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=timeout)


def open_and_wait(qtbot: Any, win: Any, path: Path, timeout: int = TIMEOUT_MS) -> None:
    """Open `path` as the user would and wait until its report is shown and work is done."""
    win.open_file(path)
    qtbot.waitUntil(lambda: win.report is not None, timeout=timeout)
    wait_idle(qtbot, win, timeout)
