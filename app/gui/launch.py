"""Start the window: `credlabel`, `credlabel FILE`, `credlabel gui --sample`, `--self-test`."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# isort: off
# The core modules the first paint needs are imported before PySide6 on purpose. PySide6
# installs an import hook that reads the source of every module imported after it (looking
# for "PySide6", for its __feature__ switches), so what these import is not read again.
# `credlabel` imports this module before anything imports PySide6. Only these: the rest of
# the core (reading, labeling, reports, Pillow, cryptography) loads when first used, after
# the window is shown (tests/unit/gui/test_launch_imports.py).
import app.core.labeling.disclosure
import app.core.settings
import app.core.terminal_text  # noqa: F401
from app.core.resources import sample_files

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

# isort: on

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    from app.gui.application import CredLabelApplication

    return CredLabelApplication(sys.argv[:1], icon=False)  # set by create_window


def _pause_gc() -> Callable[[], None]:
    """Pause Python's cyclic garbage collector; the returned function resumes it.

    Loading the window's modules and making its widgets allocates some 10,000 objects that
    live as long as the window (classes, Qt enum types, widgets), and hardly any garbage:
    the collector still ran ~20 times over them before the first frame (5-20 ms here).
    Paused until that frame is painted, it then collects once as usual."""
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    return gc.enable


def create_window(files: list[str], *, sample: bool = False) -> MainWindow:
    """The shown main window, opening the first of `files` (or the bundled sample)."""
    from app.gui.application import CredLabelApplication
    from app.gui.first_paint import after_first_paint

    resume_gc = _pause_gc()
    try:
        from app.gui.main_window import MainWindow

        window = MainWindow()
    except BaseException:
        resume_gc()
        raise
    after_first_paint(window, resume_gc)
    QTimer.singleShot(2000, resume_gc)  # on again even if the window is never painted
    qapp = QApplication.instance()
    if isinstance(qapp, CredLabelApplication) and not qapp.icon_set:
        after_first_paint(window, qapp.set_icon)  # the icon's SVG need not hold the frame back
    paths = [Path(f) for f in files]
    if sample and not paths:
        paths = sample_files()[:1]
    window.show()
    if paths:
        window.open_file(paths[0])
    return window


def run_gui(files: list[str], *, sample: bool = False, self_test: str | None = None) -> int:
    """Open the main window on `files` (or the sample) and run the event loop."""
    qapp = _application()
    from app.gui.translation import apply_language

    apply_language(qapp)  # the language the command line chose (app.core.i18n)
    window = create_window(files, sample=sample)
    if self_test:
        QTimer.singleShot(0, lambda: _finish_self_test(window, Path(self_test)))
    return qapp.exec()


def _finish_self_test(window: object, shot: Path) -> None:
    from app.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.when_idle(lambda: _save_and_quit(window, shot))


def _save_and_quit(window: object, shot: Path) -> None:
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    window.grab().save(str(shot))
    QApplication.quit()
