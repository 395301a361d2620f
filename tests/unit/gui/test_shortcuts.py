"""Keyboard: the window's commands work while the cursor is in a text field.

Before, Ctrl+E ("Export labeled copy") did nothing while the cursor was in the Creator
field: on Linux the field took the key to move to the end of its line.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from app.core.resources import AI_LABELED_SAMPLE, resource_path
from app.gui.main_window import MainWindow
from tests.helpers.gui_stubs import StubDialogs
from tests.helpers.window import open_and_wait

pytestmark = [
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
    pytest.mark.x11,
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="keys behave as on a desktop only on X11 (the offscreen platform lets a "
        "field keep no editing keys); tests/integration/test_window_smoke.py runs this "
        "file under Xvfb",
    ),
]


@pytest.fixture
def window(qtbot):
    win = MainWindow(dialogs=StubDialogs())
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)  # a window's shortcuts work in the active window only
    yield win
    win.close()
    win.runner.shutdown()


def test_ctrl_e_exports_while_typing_the_creators_name(qtbot, window) -> None:
    open_and_wait(qtbot, window, resource_path("samples", AI_LABELED_SAMPLE))
    assert window.actions_.export.isEnabled()
    exported: list[bool] = []
    window.actions_.export.triggered.connect(lambda: exported.append(True))
    field = window.disclosure.creator
    field.setFocus()
    qtbot.keyClicks(field, "Jane")
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == [True]
    assert field.text() == "Jane"  # ordinary typing still edits the field


def test_other_editing_keys_stay_with_the_field(qtbot, window) -> None:
    field = window.disclosure.creator
    field.setFocus()
    qtbot.keyClicks(field, "Jane Doe")
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == ""
