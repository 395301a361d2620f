"""Export: the bar along the bottom of the window and the steps behind its button.

Steps: make sure there is a signing identity (first time: a dialog creates one in one click
or imports a certificate) → ask where to save (default name from the settings) → sign in
the one-thread export pool with progress and Cancel → show the state and AI verdict of the
new file, which the core re-read before reporting success. On any error the disclosure the
user typed stays as it was, so nothing is lost.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from app.core.errors import CredLabelError, ExportCancelled
from app.core.media.privacy import privacy_facts
from app.core.model import FileReport
from app.gui import wording
from app.gui.badges import badge_for
from app.gui.dialogs import PrivacyChoice
from app.gui.plain_text import plain_label, safe_tooltip
from app.gui.tasks import ProgressHook

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow

PROGRESS_STEPS = 1000


class ExportBar(QWidget):
    """Button, progress, Cancel, and the result line with its two follow-up buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportBar")
        self.export_button = QPushButton("Export labeled copy…")
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip("Sign a copy that records your disclosure (Ctrl+E)")
        self.export_button.setAccessibleName("Export labeled copy")
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setAccessibleName("Export progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelExport")
        self.cancel_button.setToolTip("Stop the export; nothing will be written (Ctrl+.)")
        self.status = plain_label()  # its messages name files
        self.status.setObjectName("exportStatus")
        self.status.setAccessibleName("Export result")
        self.status.setWordWrap(True)
        self.result_badge = plain_label()
        self.result_badge.setObjectName("exportBadge")
        self.open_button = QPushButton("Open exported file")
        self.open_button.setObjectName("openExported")
        self.open_button.setToolTip("Open the labeled copy in CredLabel")
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.setObjectName("showInFolder")
        self.folder_button.setToolTip("Open the folder that holds the labeled copy")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.export_button)
        layout.addWidget(self.progress, 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.result_badge)
        layout.addWidget(self.status, 2)
        layout.addWidget(self.open_button)
        layout.addWidget(self.folder_button)
        self.show_idle("")

    def show_idle(self, message: str) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.status.setText(message)
        self.result_badge.setVisible(False)
        self.open_button.setVisible(False)
        self.folder_button.setVisible(False)

    def show_running(self, name: str) -> None:
        self.show_idle(f"Exporting {name}…")
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)

    def show_result(self, report: FileReport, reveals: str = "") -> None:
        message = f"Saved {report.path.name}: {report.ai.sentence}"
        self.show_idle(f"{message}\n{reveals}" if reveals else message)
        style = badge_for(report.state)
        self.result_badge.setText(f"{style.glyph} {style.text}")
        self.result_badge.setStyleSheet(style.stylesheet())
        self.result_badge.setToolTip(style.hint)
        self.result_badge.setVisible(True)
        self.open_button.setVisible(True)
        self.folder_button.setVisible(True)


def progress_fraction(progress: Any) -> tuple[float | None, str]:
    """(0..1 or None, phase words) from the core's progress object, whatever its shape."""
    phase = str(getattr(progress, "phase", "") or getattr(progress, "message", "") or "")
    fraction = getattr(progress, "fraction", None)
    if fraction is None:
        done, total = getattr(progress, "done", None), getattr(progress, "total", None)
        if isinstance(done, int | float) and isinstance(total, int | float) and total > 0:
            fraction = done / total
    return (float(fraction) if fraction is not None else None), phase


class ExportFlow(QObject):
    """The export steps for one window. `running` is True from start to result."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.bar = ExportBar()
        self.running = False
        self.last_result: Any = None
        self._cancel: threading.Event | None = None
        self._hook: ProgressHook | None = None
        self.bar.export_button.clicked.connect(self.start)
        self.bar.cancel_button.clicked.connect(self.cancel)
        self.bar.open_button.clicked.connect(self._on_open_clicked)
        self.bar.folder_button.clicked.connect(self._on_folder_clicked)

    # -- state ---------------------------------------------------------------------------

    def can_start(self) -> bool:
        report = self.window.report
        if self.window.bundle is not None:  # a support bundle holds no file to sign
            return False
        return not self.running and report is not None and report.media.can_sign

    def update_enabled(self) -> None:
        self.bar.export_button.setEnabled(self.can_start())
        report = self.window.report
        if report is not None and not report.media.can_sign:
            self.bar.export_button.setToolTip(
                safe_tooltip(wording.cannot_sign_reason(report.media))
            )
        else:
            self.bar.export_button.setToolTip("Sign a copy that records your disclosure (Ctrl+E)")

    def file_changed(self) -> None:
        if not self.running:
            self.bar.show_idle("")

    # -- steps ---------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        report = self.window.report
        if report is None or not self.can_start():
            return
        identity = self._identity()
        if identity is None:
            return
        if not self._privacy_notice_accepted(report, identity):
            return
        dest = self._destination(report.path)
        if dest is None:
            return
        self._run(report.path, identity, dest)

    def _privacy_notice_accepted(self, report: FileReport, identity: Any) -> bool:
        """Before the first export, say once what a copy reveals about its maker."""
        window = self.window
        if window.settings.privacy_notice_seen:
            return True
        disclosure = window.disclosure.disclosure()
        facts = privacy_facts(
            report.path,
            report.media.mime,
            report,
            getattr(identity, "name", None),
            location_removed=disclosure.remove_location,
        )
        offer = facts.metadata.has_location and not disclosure.remove_location
        choice = window.dialogs.privacy_notice(
            window, facts.sentences(), offer_without_location=offer
        )
        if choice is PrivacyChoice.CANCEL:
            return False
        if choice is PrivacyChoice.EXPORT_WITHOUT_LOCATION:
            window.disclosure.remove_location.setChecked(True)
        window.change_settings(replace(window.settings, privacy_notice_seen=True))
        return True

    def _identity(self) -> Any:
        """The default identity; the first time, the identity dialog makes one."""
        try:
            store = self.window.services.identity_store()
            identity = store.default()
        except (CredLabelError, ImportError) as exc:
            self.window.dialogs.show_error(self.window, exc)
            return None
        if identity is not None:
            return identity
        return self.window.dialogs.first_identity(self.window, store)

    def _destination(self, source: Path) -> Path | None:
        suggested = self.window.settings.output_path(source)
        type_filter = f"Same type as the original (*{source.suffix})" if source.suffix else ""
        dest = self.window.dialogs.save_file(self.window, suggested, type_filter)
        if dest is None:
            return None
        if dest.resolve() == source.resolve():
            self.window.dialogs.error(
                self.window,
                "Choose another name: CredLabel never overwrites the original file.",
            )
            return None
        return dest

    def _run(self, source: Path, identity: Any, dest: Path) -> None:
        window = self.window
        disclosure = window.disclosure.disclosure()
        settings = window.settings
        services = window.services
        self._cancel = cancel = threading.Event()
        self._hook = hook = window.runner.progress_callback(self._on_progress)
        # The save dialog has asked before returning a name that exists.
        overwrite = dest.exists() and not dest.is_dir()
        self.running = True
        self.bar.show_running(dest.name)
        window.update_actions()
        window.runner.run(
            lambda: services.export(
                source,
                disclosure,
                identity,
                dest=dest,
                settings=settings,
                progress=hook,
                cancel=cancel,
                overwrite=overwrite,
            ),
            self._on_exported,
            self._on_failed,
            export=True,
        )

    @Slot()
    def cancel(self) -> None:
        if self._cancel is not None and self.running:
            self._cancel.set()
            self.bar.cancel_button.setEnabled(False)
            self.bar.status.setText("Cancelling…")

    def _on_progress(self, progress: Any) -> None:
        fraction, phase = progress_fraction(progress)
        if fraction is not None:
            self.bar.progress.setValue(int(fraction * PROGRESS_STEPS))
        if phase and self._cancel is not None and not self._cancel.is_set():
            self.bar.progress.setFormat(f"{phase} %p%")

    def _finish(self) -> None:
        if self._hook is not None:
            self._hook.close()
        self._hook = None
        self._cancel = None
        self.running = False
        self.window.update_actions()

    def _on_exported(self, result: Any) -> None:
        self._finish()
        self.last_result = result
        report: FileReport = result.report
        self.bar.show_result(report, result.privacy.summary() if result.privacy else "")

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, ExportCancelled):
            self.bar.show_idle("Export cancelled. Nothing was written.")
            return
        sentence, _ = (error.sentence, "") if isinstance(error, CredLabelError) else ("", "")
        self.bar.show_idle(sentence or "The export failed. Nothing was written.")
        self.window.dialogs.show_error(self.window, error)

    @Slot()
    def _on_open_clicked(self) -> None:
        if self.last_result is not None:
            self.window.open_file(Path(self.last_result.dest))

    @Slot()
    def _on_folder_clicked(self) -> None:
        if self.last_result is not None:
            self.window.show_in_folder(Path(self.last_result.dest))
