"""Start-up: the window is shown without the modules only a file, an export or a command
needs (labeling, signing, support bundles, reports, help, Pillow, Babel, XMP); they load on
first use. Checked at the first paint, in a fresh process that starts the window the way
`credlabel` does."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json, sys
from app.gui.launch import _application, create_window
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from PySide6.support import feature

seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            checked = sorted(feature.pyside_feature_dict)  # read by PySide6's import hook
            seen.update(painted=watched.isVisible(), loaded=sorted(sys.modules), checked=checked)
            QTimer.singleShot(0, QApplication.quit)
        return False

qapp = _application()
watcher = FirstPaint()
qapp.installEventFilter(watcher)  # before the window exists: its first paint is seen
window = create_window([])
QTimer.singleShot(10_000, QApplication.quit)  # never hangs
qapp.exec()
print(json.dumps(seen))
"""

# What the empty window shown at start-up does not use (each loads when first needed).
NOT_AT_START = (
    "app.core.labeling.service",
    "app.core.labeling.export",
    "app.core.signing.identity_store",
    "app.core.reading.credentials",
    "app.core.reports.support_bundle",
    "app.core.reports.html_report",
    "app.core.reports.guide",
    "app.core.reports.viewers",
    "app.core.media.privacy",
    "app.core.media.xmp",
    "app.gui.help_window",
    "app.gui.details_view",  # the tabs not shown first are made after the first paint
    "app.gui.viewers_panel",
    "app.printing.report_pdf",
    "PIL",
    "babel",
    "html",  # escaping loads its entity tables: the first tooltip with text does
    "c2pa",
    "cryptography.x509",  # the trust lists are checked after the first paint
)


def _started_window() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    seen: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def test_the_window_is_shown_without_what_only_a_file_or_a_command_needs() -> None:
    seen = _started_window()
    assert seen["painted"]
    loaded = set(seen["loaded"])  # type: ignore[call-overload]
    assert [name for name in NOT_AT_START if name in loaded] == []


# Imported only by the core modules the window needs, which launch.py imports before
# PySide6: PySide6's import hook (it reads the source of every module imported after it)
# never sees them.
BEFORE_PYSIDE6 = ("app.core.cleanup", "app.core.safe_write", "app.core.vocabulary", "platformdirs")


def test_the_core_modules_of_the_first_paint_load_before_pyside6() -> None:
    checked = set(_started_window()["checked"])  # type: ignore[call-overload]
    assert [name for name in BEFORE_PYSIDE6 if name in checked] == []


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_the_garbage_collector_paused_for_the_window_runs_again_once_it_is_painted(
    qtbot,
) -> None:
    from app.gui.launch import create_window

    assert gc.isenabled()
    win = create_window([])
    qtbot.addWidget(win)
    assert not gc.isenabled()  # while the window's first frame is still to come
    qtbot.waitUntil(gc.isenabled)
    win.runner.shutdown()
