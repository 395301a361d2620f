"""Start-up work the first frame need not wait for: run once a widget has been painted.

Checking the trust lists (cryptography, reading the lists) before the window is shown held
its first paint back; started in a worker during it, it still competed with the painting
for the interpreter. `after_first_paint` starts such work just after the first frame.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], object] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            # Once this frame is painted and on screen; dropped if the widget is gone by then.
            QTimer.singleShot(0, watched, callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Call `callback` on the GUI thread once `widget` has been painted for the first time
    (never, if it is never shown)."""
    _FirstPaint(widget, callback)
