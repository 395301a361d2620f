"""What the window's controllers may use: the app context and the open file.

The export bar, the workshop commands and the batch window get an `AppContext` — the core
services, the dialogs, the task runner and the settings — and the `OpenFile` the window
shows. They talk back by Qt signals (open this file, show this status, my actions changed)
and never reach into the main window, so each can be built and tested on its own (as
Dangerzone hands its `DangerzoneGui` around, and qutebrowser's components see only its api).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.errors import CredLabelError
from app.core.settings import Settings, save_settings

if TYPE_CHECKING:  # names in annotations only: the window starts without the support bundle
    from app.core.model import FileReport
    from app.core.reports.support_bundle import BundleView
    from app.gui.dialogs import Dialogs
    from app.gui.services import CoreServices
    from app.gui.tasks import TaskRunner

log = logging.getLogger(__name__)


class AppContext(QObject):
    """Services, dialogs, background runner and settings of one window.

    `settings_changed` is emitted after every `change_settings` (already saved to disk)."""

    settings_changed = Signal()

    def __init__(
        self,
        services: CoreServices,
        dialogs: Dialogs,
        runner: TaskRunner,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.dialogs = dialogs
        self.runner = runner
        self._settings = settings

    @property
    def settings(self) -> Settings:
        return self._settings

    def change_settings(self, settings: Settings) -> None:
        """Use `settings` from now on and save them (a failed save is logged, not fatal:
        the window keeps working with what the user chose)."""
        self._settings = settings
        try:
            save_settings(settings)
        except (OSError, CredLabelError) as exc:
            log.warning("could not save settings: %s", exc)
        self.settings_changed.emit()


class OpenFile(QObject):
    """The file the window shows: its path, its report once read, or a support bundle.

    `changed` is emitted whenever any of the three changes."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.report: FileReport | None = None
        self.bundle: BundleView | None = None  # read-only: what a creator saw

    def opening(self, path: Path) -> None:
        """`path` is being read: no report yet."""
        self.path, self.report, self.bundle = path, None, None
        self.changed.emit()

    def loaded(self, report: FileReport) -> None:
        self.report = report
        self.changed.emit()

    def failed(self) -> None:
        """The file could not be read: the path stays (title, retry), there is no report."""
        self.report = None
        self.changed.emit()

    def show_bundle(self, bundle: BundleView) -> None:
        """A support bundle: its report, and no file of its own to label or tamper with."""
        self.path, self.report, self.bundle = None, bundle.report, bundle
        self.changed.emit()

    @property
    def is_real_file(self) -> bool:
        """A file on this computer has been read (not a support bundle)."""
        return self.report is not None and self.bundle is None and self.path is not None

    @property
    def can_label(self) -> bool:
        """A labeled copy of it can be signed."""
        return self.is_real_file and self.report is not None and self.report.media.can_sign
