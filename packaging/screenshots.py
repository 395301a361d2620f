"""Make the README screenshots from the real window (offscreen), step by step.

    .venv/bin/python packaging/screenshots.py [OUTPUT_FOLDER]   # default resources/screenshots

Only project-made media is shown (the bundled sample and copies exported from it), never
the third-party corpus pictures. Runs in a throwaway CREDLABEL_HOME, so it creates its own
local identity and leaves the user's settings alone.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CREDLABEL_HOME"] = tempfile.mkdtemp(prefix="credlabel-shots-")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from app.core.labeling.disclosure import AiUse  # noqa: E402
from app.core.resources import plain_sample, sample_files  # noqa: E402
from app.core.workshop.tamper import TamperKind  # noqa: E402
from app.gui.application import CredLabelApplication  # noqa: E402
from app.gui.dialogs import Dialogs, PrivacyChoice  # noqa: E402
from app.gui.main_window import (  # noqa: E402
    TAB_CREDENTIALS,
    TAB_DETAILS,
    TAB_DISCLOSURE,
    TAB_VIEWERS,
    MainWindow,
)

SIZE = (1280, 800)


class ScriptedDialogs(Dialogs):
    """Answers the window's questions the way a new user would click."""

    def __init__(self, save_to: Path) -> None:
        self.save_to = save_to

    def save_file(
        self, parent: QWidget, suggested: Path, type_filter: str, title: str = ""
    ) -> Path | None:
        return self.save_to / suggested.name

    def privacy_notice(
        self, parent: QWidget, sentences: list[str], *, offer_without_location: bool = False
    ) -> PrivacyChoice:
        return PrivacyChoice.EXPORT  # read once, then export

    def discard_label(self, parent: QWidget, name: str) -> bool:
        return True

    def error(self, parent: QWidget, sentence: str, details: str = "") -> None:
        print(f"error dialog: {sentence}\n{details}", file=sys.stderr)

    def info(self, parent: QWidget, title: str, text: str) -> None:
        print(f"notice: {text}", file=sys.stderr)

    def first_identity(self, parent: QWidget, store: object) -> object:
        return store.create_local("Sam Creator")  # type: ignore[attr-defined]

    def choose_tamper(self, parent: QWidget, name: str) -> object:
        return TamperKind.PIXELS


def settle(window: MainWindow, also: Callable[[], bool] = lambda: True) -> None:
    """Run the event loop until background work is done (and `also()` holds)."""
    loop = QEventLoop()
    for _ in range(600):
        done: list[bool] = []
        window.when_idle(lambda d=done: d.append(True))
        while not done:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if also():
            break
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def shoot(window: QWidget, folder: Path, name: str) -> None:
    path = folder / name
    window.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "resources" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="credlabel-shots-work-"))
    app = CredLabelApplication(["credlabel"])
    window = MainWindow(dialogs=ScriptedDialogs(work))
    window.resize(*SIZE)
    window.show()
    settle(window)
    shoot(window, out, "1-start.png")

    source = Path(shutil.copy(plain_sample(), work / plain_sample().name))
    window.open_file(source)
    settle(window)
    shoot(window, out, "2-open-no-credentials.png")

    window.tabs.setCurrentIndex(TAB_DISCLOSURE)
    window.disclosure.set_ai_use(AiUse.FULL)
    window.disclosure.add_tool("Adobe Firefly")
    window.disclosure.edit_boxes["cropped"].setChecked(True)
    settle(window)
    shoot(window, out, "3-disclose-ai.png")

    if not window.export_flow.can_start():
        print("export is not available in this tree; stopping after step 3")
        return 0
    window.export_flow.start()
    settle(window, lambda: not window.export_flow.running)
    result = window.export_flow.last_result
    if result is None:
        print("the export did not succeed; stopping after step 3", file=sys.stderr)
        return 1
    shoot(window, out, "4-exported.png")
    if result is not None:
        window.open_file(Path(result.dest))
        window.tabs.setCurrentIndex(TAB_CREDENTIALS)
        settle(window)
        shoot(window, out, "5-labeled-copy.png")
        window.tabs.setCurrentIndex(TAB_DETAILS)
        settle(window)
        shoot(window, out, "6-details.png")
        window.tabs.setCurrentIndex(TAB_CREDENTIALS)
        _workshop_shots(window, out, work)
    window.close()
    app.processEvents()
    return 0


def _workshop_shots(window: MainWindow, out: Path, work: Path) -> None:
    """The signed AI sample: what viewers show, then the tamper demo in the compare window."""
    ai_sample = Path(shutil.copy(sample_files()[0], work / sample_files()[0].name))
    window.open_file(ai_sample)
    window.tabs.setCurrentIndex(TAB_VIEWERS)
    settle(window)
    shoot(window, out, "7-what-viewers-show.png")
    window.tabs.setCurrentIndex(TAB_CREDENTIALS)
    window.workshop.tamper_demo()
    compare = window.workshop

    def compared() -> bool:
        return compare.compare_window is not None and compare.compare_window.result is not None

    settle(window, compared)
    if compare.compare_window is None:
        print("the tamper demo did not open the compare window", file=sys.stderr)
        return
    compare.compare_window.resize(*SIZE)
    settle(window)
    shoot(compare.compare_window, out, "8-tamper-demo-compare.png")
    compare.compare_window.views.setCurrentIndex(1)
    compare.compare_window.slider.setValue(450)
    settle(window)
    shoot(compare.compare_window, out, "9-compare-slider.png")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
