"""The window in another language: Qt's own buttons translated, Arabic right to left."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.core.i18n import LANGUAGES, set_language
from app.gui.help_window import HelpWindow
from app.gui.translation import apply_language
from tests.helpers.gui_stubs import StubDialogs


@pytest.fixture
def app_speaking(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    set_language("en")
    apply_language(qapp)


def close_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    button = box.button(QDialogButtonBox.StandardButton.Close)
    assert button is not None
    return button.text().replace("&", "")


def test_qt_standard_buttons_follow_the_language(app_speaking: QApplication) -> None:
    assert close_text() == "Close"
    set_language("de")
    assert apply_language(app_speaking) is not None
    assert close_text() == "Schließen"


def test_arabic_lays_the_window_out_right_to_left(app_speaking: QApplication, qtbot) -> None:
    set_language("ar")
    apply_language(app_speaking)
    assert app_speaking.layoutDirection() == Qt.LayoutDirection.RightToLeft
    guide = HelpWindow(StubDialogs())
    qtbot.addWidget(guide)
    assert guide.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert guide.pdf_button.text() == "حفظ بصيغة PDF…"
    set_language("en")
    apply_language(app_speaking)
    assert app_speaking.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_every_language_with_a_qt_catalog_loads_it(app_speaking: QApplication) -> None:
    without = {"en", "id", "hi"}  # Qt ships no qtbase catalog for these
    for code in LANGUAGES:
        set_language(code)
        loaded = apply_language(app_speaking)
        assert (loaded is not None) == (code not in without), code
