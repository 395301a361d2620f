"""The real window, offscreen, with a 5 ms timer probe: `python -m bench.gui_probe VIDEO OUT`.

Opens VIDEO in `MainWindow`, scrubs it, exports it (through `ExportFlow`, as the button does,
with the save dialog answered by a stub) and prints one JSON line: per phase the longest
gap between two probe ticks (a stall the user would feel) and timings:

- open_preview_s: open → first video frame shown
- open_unchecked_s: open → the unchecked summary shown (issuer, app, AI verdict, history,
  marked "checking…": `CredentialsPanel.show_unchecked` returned)
- open_summary_s: open → the validated state shown (window.report set)
- export_s: export started → result shown
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.core.labeling.disclosure import AiUse
from app.gui.dialogs import Dialogs, PrivacyChoice

PROBE_MS = 5
SCRUB_POSITIONS = (100, 800, 300, 950, 500, 50, 700, 200)
TIMEOUT_S = 300


class StubDialogs(Dialogs):
    """Answers the save dialog with a fixed path; records errors instead of showing them."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        self.errors: list[str] = []

    def save_file(
        self, parent: QWidget, suggested: Path, type_filter: str, title: str = ""
    ) -> Path:
        return self.dest

    def choose_ai_use(self, parent: QWidget, allowed: list[AiUse]) -> AiUse | None:
        return allowed[0]  # a video without credentials: the first choice the history allows

    def error(self, parent: QWidget, sentence: str, details: str = "") -> None:
        self.errors.append(sentence)

    def info(self, parent: QWidget, title: str, text: str) -> None:
        pass

    def privacy_notice(
        self, parent: QWidget, sentences: list[str], *, offer_without_location: bool = False
    ) -> PrivacyChoice:
        return PrivacyChoice.EXPORT  # the one-time notice, answered as a first export would


class Probe:
    """A 5 ms timer; the longest gap between ticks, per named phase."""

    def __init__(self) -> None:
        self.phase = "idle"
        self.worst: dict[str, float] = {}
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self.last) * 1000 - PROBE_MS
        self.worst[self.phase] = max(self.worst.get(self.phase, 0.0), gap)
        self.last = now

    def enter(self, phase: str) -> None:
        self._tick()
        self.phase = phase


def wait_until(app: QApplication, done: Callable[[], bool], what: str) -> None:
    end = time.perf_counter() + TIMEOUT_S
    while not done():
        if time.perf_counter() > end:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.001)


def main(video: Path, dest: Path) -> dict[str, Any]:
    from app.core.signing.identity_store import IdentityStore
    from app.gui.launch import _application
    from app.gui.main_window import MainWindow

    IdentityStore().ensure_default("CredLabel Bench")
    app = _application()
    dialogs = StubDialogs(dest)
    window = MainWindow(dialogs=dialogs)
    window.show()
    probe = Probe()
    frames: list[float] = []
    window.preview.frame_shown.connect(lambda _at: frames.append(time.perf_counter()))
    wait_until(app, window.isVisible, "the window")
    # As when a user picks File › Open: the window is up and its after-first-paint work
    # (trust lists, c2pa's import) is done. A file named on the command line pays that
    # import in its first look instead (RESULTS.md, open_summary).
    wait_until(app, lambda: "c2pa" in sys.modules and not window.runner.busy, "start-up work")
    out: dict[str, Any] = {}

    unchecked: list[float] = []
    show_unchecked = window.credentials.show_unchecked

    def timed_unchecked(*args: Any, **kwargs: Any) -> None:
        show_unchecked(*args, **kwargs)
        unchecked.append(time.perf_counter())

    window.credentials.show_unchecked = timed_unchecked  # type: ignore[method-assign]

    probe.enter("open")
    start = time.perf_counter()
    window.open_file(video)
    wait_until(app, lambda: window.report is not None, "the summary")
    out["open_summary_s"] = time.perf_counter() - start
    out["open_unchecked_s"] = unchecked[0] - start if unchecked else None
    wait_until(app, lambda: bool(frames), "the first frame")
    out["open_preview_s"] = frames[0] - start
    wait_until(app, lambda: not window.runner.busy, "the open to settle")

    probe.enter("scrub")
    scrubber = window.preview.scrubber
    for value in SCRUB_POSITIONS:
        count = len(frames)
        scrubber.setValue(value)
        wait_until(app, lambda c=count: len(frames) > c, "a scrubbed frame")

    probe.enter("export")
    start = time.perf_counter()
    window.export_flow.start()
    wait_until(app, lambda: window.export_flow.running, "the export to start")
    wait_until(app, lambda: not window.export_flow.running, "the export to finish")
    out["export_s"] = time.perf_counter() - start
    probe.enter("done")
    result = window.export_flow.last_result
    out["export_state"] = result.report.state.name if result is not None else None
    out["errors"] = dialogs.errors
    out["stall_ms"] = {k: round(v, 1) for k, v in probe.worst.items() if k != "done"}
    window.close()
    return out


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
