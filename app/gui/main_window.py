"""The main window. (Foundation version: title and file name; panels come with the window issue.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from app import APP_NAME


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.current_path: Path | None = None
        self._placeholder = QLabel("Open a photo or video to see its Content Credentials.")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self._placeholder)
        self.resize(1100, 720)
        self._update_title()

    def open_file(self, path: Path) -> None:
        self.current_path = path
        self._placeholder.setText(path.name)
        self._update_title()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call `callback` once no background work is pending (self-test, screenshots)."""
        QTimer.singleShot(50, callback)

    def _update_title(self) -> None:
        if self.current_path is None:
            self.setWindowTitle(APP_NAME)
        else:
            self.setWindowTitle(f"{APP_NAME} — {self.current_path.name}")
