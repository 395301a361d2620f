"""What the window offers and where: new windows fit the screen, controls only where they apply.

The compare window wanted 1100×760 and the batch window 1000×640; on a smaller screen
(a 1024×700 projector; the offscreen test screen is smaller still) Qt placed them partly
outside it, with their buttons out of reach.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.core.media.preview import PreviewError
from app.core.resources import AI_LABELED_SAMPLE, resource_path
from app.gui.main_window import MainWindow
from app.gui.placement import inside, place_on_screen
from tests.helpers.gui_stubs import StubDialogs

pytestmark = pytest.mark.qt_log_ignore(
    "does not support propagateSizeHints", "does not support raise"
)


@pytest.fixture
def window(qtbot):
    win = MainWindow(dialogs=StubDialogs())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    win.runner.shutdown()


def screen_area() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def test_compare_and_batch_windows_open_whole_on_the_screen(qtbot, window) -> None:
    sample = resource_path("samples", AI_LABELED_SAMPLE)
    window.workshop.show_comparison(sample, sample)
    window.actions_.workshop.batch.trigger()
    for child in (window.workshop.compare_window, window.workshop.batch_window):
        assert child is not None
        qtbot.waitExposed(child)
        assert screen_area().contains(child.frameGeometry()), child.objectName()


def test_a_window_is_centred_over_its_owner_and_kept_inside(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    area = screen_area()
    owner.setGeometry(area.right() - 100, area.top(), 300, 200)  # hanging off the right edge
    child = QWidget()
    qtbot.addWidget(child)
    child.show()
    place_on_screen(child, QSize(400, 300), owner)
    assert child.size() == QSize(400, 300)
    assert area.contains(child.frameGeometry())


def test_inside_moves_a_rectangle_back_from_every_edge() -> None:
    area = QRect(0, 0, 1024, 700)
    box = QRect(0, 0, 400, 300)
    assert inside(box, QPoint(512, 350), area) == QPoint(312, 200)
    assert inside(box, QPoint(1020, 690), area) == QPoint(624, 400)
    assert inside(box, QPoint(-50, -50), area) == QPoint(0, 0)


def test_a_failed_preview_says_no_preview_once(qtbot, window) -> None:
    window.preview._on_preview_failed(PreviewError("No preview: the picture is damaged."))
    assert window.preview.picture.text() == "No preview: the picture is damaged."


def test_zoom_is_offered_for_a_picture_and_not_for_a_sound(qtbot, window, tmp_path) -> None:
    from tests.helpers.exports import make_av, make_picture
    from tests.helpers.window import open_and_wait

    buttons = (window.preview.zoom_in_button, window.preview.zoom_fit_button)
    open_and_wait(qtbot, window, make_picture(tmp_path / "photo.png"))
    qtbot.waitUntil(lambda: window.preview.zoomable, timeout=30_000)
    assert all(b.isVisible() for b in buttons) and window.actions_.zoom_in.isEnabled()
    open_and_wait(qtbot, window, make_av(tmp_path / "song.mp3"))
    assert not any(b.isVisible() for b in buttons)
    assert not window.actions_.zoom_in.isEnabled()
    assert "Audio" in window.preview.picture.text()
