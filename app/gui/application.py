"""The QApplication subclass: names, icon, desktop file name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from app.core.about import APP_ID, APP_NAME, __version__
from app.core.resources import resource_path


class CredLabelApplication(QApplication):
    def __init__(self, argv: Sequence[str]) -> None:
        super().__init__(list(argv))
        self.setApplicationName(APP_NAME)
        self.setApplicationDisplayName(APP_NAME)
        self.setApplicationVersion(__version__)
        self.setOrganizationName(APP_NAME)
        QGuiApplication.setDesktopFileName(APP_ID)
        icon = resource_path("icons", "credlabel.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
