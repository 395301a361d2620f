"""Help › User guide (F1): the bundled guide opens offline, says what every state and AI
line means in the app's own words, and saves as a PDF handout."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from app.core.model import AiVerdictKind
from app.core.reports.guide import guide_html
from app.core.reports.wording import INVALID_CAUSES, STATE_STYLES, TRUST_SOURCE_HEADLINES
from app.gui.main_window import MainWindow
from app.printing.report_pdf import pdf_page_count
from tests.helpers.gui_stubs import StubDialogs

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise", "does not support activ"
)


@pytest.fixture
def window(qtbot):
    win = MainWindow(dialogs=StubDialogs())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    win.runner.shutdown()


def test_f1_opens_the_user_guide_not_the_about_box(qtbot, window) -> None:
    assert window.actions_.guide.shortcut() == QKeySequence("F1")
    assert window.actions_.about.shortcut() == QKeySequence("Ctrl+F1")
    window.actions_.guide.trigger()
    guide = window.help_window
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "What the states mean" in text and "Running a workshop" in text
    assert window.dialogs.infos == []  # the About box did not open


def test_the_guide_explains_every_state_and_ai_line_in_the_apps_words() -> None:
    page = guide_html()
    for style in STATE_STYLES.values():
        assert style.line in page and style.hint in page
    for kind in AiVerdictKind:
        assert kind.label in page
    for cause in INVALID_CAUSES.values():
        assert html.escape(cause.headline) in page and html.escape(cause.what_to_do) in page
    for words in TRUST_SOURCE_HEADLINES.values():
        assert html.escape(words) in page
    assert "{{" not in page  # every table was filled


def test_the_guide_loads_nothing_from_the_network() -> None:
    page = guide_html()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page, re.IGNORECASE)
    assert "@import" not in page


def test_the_guide_saves_as_a_pdf_handout(qtbot, window, tmp_path: Path) -> None:
    window.actions_.guide.trigger()
    guide = window.help_window
    assert guide is not None
    dest = tmp_path / "guide.pdf"
    window.dialogs.save_answers.append(dest)
    guide.pdf_button.click()
    assert guide.last_saved is not None
    assert pdf_page_count(dest) >= 2
