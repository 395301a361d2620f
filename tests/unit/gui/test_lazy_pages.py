"""The Details and "What viewers show" tabs are made on first need, not with the window:
when their tab is chosen, when the window gives them a file, or just after the first paint."""

from __future__ import annotations

import pytest

from app.core.settings import Settings
from app.gui.details_view import DetailsView
from app.gui.main_window import TAB_VIEWERS, MainWindow
from app.gui.viewers_panel import ViewersPanel
from tests.helpers.gui_stubs import StubDialogs

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def make_window(qtbot) -> MainWindow:
    win = MainWindow(dialogs=StubDialogs(), settings=Settings())
    qtbot.addWidget(win)
    return win


def both_made(win: MainWindow) -> bool:
    return win.details_page.built and win.viewers_page.built


def test_the_hidden_tabs_are_made_after_the_first_paint(qtbot) -> None:
    win = make_window(qtbot)
    assert not win.details_page.built and not win.viewers_page.built
    win.show()
    qtbot.waitUntil(lambda: both_made(win))
    assert isinstance(win.details, DetailsView) and win.details.parent() is win.details_page
    assert "Open a file to see what viewers will show." in win.viewers.plain_text()
    win.runner.shutdown()


def test_a_tab_chosen_before_is_made_when_shown(qtbot) -> None:
    win = make_window(qtbot)
    win.tabs.setCurrentIndex(TAB_VIEWERS)
    win.show()  # shown on the viewers tab: made for this very paint
    assert win.viewers_page.built and not win.details_page.built
    assert isinstance(win.viewers, ViewersPanel) and win.viewers.isVisible()
    win.runner.shutdown()


def test_asking_for_a_page_makes_it_once(qtbot) -> None:
    win = make_window(qtbot)
    details = win.details  # as `open_file` does before anything is shown
    assert win.details_page.built and win.details is details
    win.runner.shutdown()
