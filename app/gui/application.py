"""The QApplication subclass: names, icon, desktop file name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.core.about import APP_ID, APP_NAME, __version__
from app.core.resources import resource_path


class CredLabelApplication(QApplication):
    def __init__(self, argv: Sequence[str], *, icon: bool = True) -> None:
        """`icon=False`: the window icon is left to `set_icon` (`credlabel` sets it once the
        window's first frame is painted: rendering the SVG held that frame back)."""
        super().__init__(list(argv))
        self.setApplicationName(APP_NAME)
        self.setApplicationDisplayName(APP_NAME)
        self.setApplicationVersion(__version__)
        self.setOrganizationName(APP_NAME)
        QGuiApplication.setDesktopFileName(APP_ID)
        self.icon_set = False
        if icon:
            self.set_icon()

    def set_icon(self) -> None:
        """The app's icon on every window (those already shown get it too)."""
        from PySide6.QtGui import QIcon

        self.icon_set = True
        icon = resource_path("icons", "credlabel.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
