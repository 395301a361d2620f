"""Test helper: answer a real modal dialog from inside its own event loop, never hang.

A test that opens a real dialog with `exec()` must act on it from a timer. A one-shot timer
that looks for the dialog once can miss it (the machine is busy, another window is active)
and then nothing closes the dialog: `exec()` waits forever and the whole run with it. This
helper looks again every few milliseconds until it finds a visible dialog of the expected
type, acts once, and after a deadline rejects every open modal dialog so `exec()` returns
and the test fails with a reason instead of hanging.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

W = TypeVar("W", bound=QWidget)


class ModalAnswer:
    """Started before the `exec()` it answers; `check()` afterwards says what happened."""

    def __init__(self, kind: type[W], act: Callable[[W], None], within: float = 30.0) -> None:
        self._kind = kind
        self._act: Callable[[QWidget], None] = act  # type: ignore[assignment]
        self._deadline = time.monotonic() + within
        self.acted = False
        self.problem: str | None = None
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def _look(self) -> None:
        found = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, self._kind) and w.isVisible() and w.isModal()
        ]
        if found:
            self._timer.stop()
            self.acted = True
            try:
                self._act(found[-1])
            except Exception as exc:
                self.problem = f"acting on the dialog failed: {exc!r}"
                self._close_all()
            return
        if time.monotonic() > self._deadline:
            self._timer.stop()
            self.problem = f"no {self._kind.__name__} was shown"
            self._close_all()

    @staticmethod
    def _close_all() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def check(self) -> None:
        """Raise the failure seen inside the dialog's loop, if any."""
        self._timer.stop()
        assert self.problem is None, self.problem
        assert self.acted, f"no {self._kind.__name__} was shown"


def answer_modal(kind: type[W], act: Callable[[W], None], within: float = 30.0) -> ModalAnswer:
    """Act on the next visible modal `kind` once it shows; see ModalAnswer."""
    return ModalAnswer(kind, act, within)
