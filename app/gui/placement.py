"""Where a new window goes: whole on the screen it belongs to, centred over its owner.

A window's preferred size (the compare window wants 1100×760) can be larger than a
1024×700 projector; Qt then places it partly off-screen. Every window that opens on its own
goes through `place_on_screen`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 16  # room for a window frame not yet drawn (a title bar takes about twice that)


def place_on_screen(window: QWidget, wanted: QSize, owner: QWidget | None = None) -> None:
    """Size `window` to `wanted` or the screen's free area, whichever is smaller, and centre
    it over `owner` (or the screen), moved so none of it is off-screen. Called right after
    the window is first shown, when its frame is known."""
    screen = owner.screen() if owner is not None else QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    # The desktop's frame around the window (known once it is shown; else a guess).
    frame = window.frameGeometry().size() - window.geometry().size()
    extra = QSize(max(frame.width(), MARGIN), max(frame.height(), 2 * MARGIN))
    width = max(window.minimumWidth(), min(wanted.width(), area.width() - extra.width()))
    height = max(window.minimumHeight(), min(wanted.height(), area.height() - extra.height()))
    window.resize(width, height)
    centre = owner.frameGeometry().center() if owner is not None else area.center()
    window.move(inside(QRect(QPoint(0, 0), QSize(width, height) + extra), centre, area))


def inside(rect: QRect, centre: QPoint, area: QRect) -> QPoint:
    """The top-left corner that centres `rect` on `centre` and keeps it within `area`."""
    x = centre.x() - rect.width() // 2
    y = centre.y() - rect.height() // 2
    x = min(max(x, area.left()), max(area.left(), area.right() - rect.width() + 1))
    y = min(max(y, area.top()), max(area.top(), area.bottom() - rect.height() + 1))
    return QPoint(x, y)
