"""The window's own shortcuts win over a text field's editing keys.

On Linux a text field takes Ctrl+E for itself (move to the end of the line), so "Export
labeled copy" did nothing while the cursor was in the Creator or tool field, which is where
a creator is when they finish a label. The window's commands are listed here and a text
field no longer claims them; every other key still edits the text as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


class WindowShortcutsWin(QObject):
    """Installed on the application: refuses a text field's claim on `actions`' keys."""

    def __init__(self, window: QWidget, actions: list[QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._keys = [a.shortcut() for a in actions if not a.shortcut().isEmpty()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, _TEXT_FIELDS):
            return False
        if watched.window() is not self._window or not isinstance(event, QKeyEvent):
            return False
        pressed = QKeySequence(event.keyCombination())
        # Filtered without being accepted: the field does not claim it, the action runs.
        return any(
            pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in self._keys
        )


def let_window_shortcuts_win(window: QWidget, actions: list[QAction]) -> None:
    """Make `actions`' shortcuts work while a text field in `window` has the focus."""
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(WindowShortcutsWin(window, actions))
