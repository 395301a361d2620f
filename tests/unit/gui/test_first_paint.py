"""`after_first_paint`: start-up work runs once, after the widget's first frame."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.gui.first_paint import after_first_paint


def test_runs_once_after_the_first_paint_and_never_unshown(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[int] = []
    after_first_paint(widget, lambda: calls.append(1))
    qtbot.wait(50)
    assert calls == []  # not shown, not painted: nothing yet
    widget.show()
    qtbot.waitUntil(lambda: calls == [1])
    widget.update()
    widget.repaint()
    qtbot.wait(50)
    assert calls == [1]  # later paints start nothing
