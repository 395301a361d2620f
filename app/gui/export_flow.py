"""Export: the bar along the bottom of the window and the steps behind its button.

Steps: make sure there is a signing identity (first time: a dialog creates one in one click
or imports a certificate) → ask where to save (default name from the settings) → label it
with the core's labeling service in the one-thread export pool, with progress and Cancel →
show the state and AI verdict of the new file, which the core re-read before reporting
success. The service's questions (the passphrase of a protected key, signing without an
unreachable timestamp server) are answered with dialogs (`app.gui.questions`). On any
error the disclosure the user typed stays as it was, so nothing is lost.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from app.core.errors import CredLabelError, ExportCancelled
from app.core.i18n import N_, _
from app.gui import wording
from app.gui.badges import badge_for
from app.gui.context import AppContext, OpenFile
from app.gui.dialogs import PrivacyChoice
from app.gui.disclosure_panel import DisclosurePanel
from app.gui.plain_text import plain_label, safe_tooltip

# The labeling service, signing and the privacy reading load with the first export: the
# window is shown without them.
if TYPE_CHECKING:
    from app.core.labeling.batch import BatchProgress, BatchSummary
    from app.core.labeling.export import ExportResult
    from app.core.model import FileReport
    from app.core.signing.identity_store import Identity
    from app.gui.questions import WindowQuestions
    from app.gui.tasks import ProgressHook

PROGRESS_STEPS = 1000
CANCELLED_TEXT = N_("Export cancelled. Nothing was written.")
EXPORT_TIP = N_("Sign a copy that records your disclosure (Ctrl+E)")
ASKS_FIRST_TIP = N_(
    "Sign a copy that records your disclosure (Ctrl+E). You will be asked how AI was used first."
)


def recorded_lines(report: FileReport) -> list[str]:
    """What the copy's own manifest records, read back from the copy (not from the form)."""
    manifest = report.active
    if manifest is None:
        return []
    lines = []
    actions = list(dict.fromkeys(_(a.label) if a.label else a.name for a in manifest.actions))
    if actions:
        lines.append(_("Actions recorded: {actions}").format(actions=", ".join(actions)))
    if manifest.creators:
        lines.append(_("Creator recorded: {names}").format(names=", ".join(manifest.creators)))
    if any(value == "notAllowed" for value in manifest.training_mining.values()):
        lines.append(_("Recorded: do not use for AI training"))
    return lines


class ExportBar(QWidget):
    """Button, progress, Cancel, and the result line with its two follow-up buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportBar")
        self.export_button = QPushButton(_("Export labeled copy…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip(_(EXPORT_TIP))
        self.export_button.setAccessibleName(_("Export labeled copy"))
        # The one action of the window: it stands out from the follow-up buttons.
        self.export_button.setDefault(True)
        self.export_button.setStyleSheet("font-weight: bold; padding: 4px 14px")
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setAccessibleName(_("Export progress"))
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("cancelExport")
        self.cancel_button.setToolTip(_("Stop the export; nothing will be written (Ctrl+.)"))
        self.status = plain_label()  # its messages name files
        self.status.setObjectName("exportStatus")
        self.status.setAccessibleName(_("Export result"))
        self.status.setWordWrap(True)
        self.result_badge = plain_label()
        self.result_badge.setObjectName("exportBadge")
        self.open_button = QPushButton(_("Open the copy"))
        self.open_button.setObjectName("openExported")
        self.open_button.setToolTip(_("Open the labeled copy in this window"))
        self.folder_button = QPushButton(_("Show in folder"))
        self.folder_button.setObjectName("showInFolder")
        self.folder_button.setToolTip(_("Open the folder that holds the labeled copy"))
        # The buttons and the badge on one row; the result's sentences get the whole width
        # below (side by side, a long badge squeezed them into a narrow column).
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.result_badge)
        row.addStretch(1)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.show_idle("")

    def show_idle(self, message: str) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.status.setText(message)
        self.result_badge.setVisible(False)
        self.open_button.setVisible(False)
        self.folder_button.setVisible(False)

    def show_running(self, name: str) -> None:
        self.show_idle(_("Exporting {name}…").format(name=name))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)

    def show_result(self, report: FileReport, reveals: str = "") -> None:
        message = _("Saved {name}: {verdict}").format(
            name=report.path.name, verdict=report.ai.sentence
        )
        lines = [message, *recorded_lines(report)] + ([reveals] if reveals else [])
        self.show_idle("\n".join(lines))
        style = badge_for(report.state)
        self.result_badge.setText(wording.state_line(report))
        self.result_badge.setStyleSheet(style.stylesheet())
        self.result_badge.setToolTip(wording.state_hint(report))
        self.result_badge.setVisible(True)
        self.open_button.setVisible(True)
        self.folder_button.setVisible(True)


class ExportFlow(QObject):
    """The export steps for one window. `running` is True from start to result.

    It reads the open file and the disclosure panel, asks through the context's dialogs
    (with `parent` as their window), and tells the window by signals: `running_changed`
    when an export starts or ends, `open_requested` for "Open exported file"."""

    running_changed = Signal()
    open_requested = Signal(Path)

    def __init__(
        self, context: AppContext, file: OpenFile, disclosure: DisclosurePanel, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.file = file
        self.disclosure = disclosure
        self.parent_widget = parent
        self.bar = ExportBar()
        self.running = False
        self.last_result: ExportResult | None = None
        self._cancel: threading.Event | None = None
        self._hook: ProgressHook[BatchProgress] | None = None
        self._questions: WindowQuestions | None = None
        self.bar.export_button.clicked.connect(self.start)
        self.bar.cancel_button.clicked.connect(self.cancel)
        self.bar.open_button.clicked.connect(self._on_open_clicked)
        self.bar.folder_button.clicked.connect(self._on_folder_clicked)
        file.changed.connect(self._on_file_changed)
        disclosure.changed.connect(self.update_enabled)
        self.update_enabled()

    # -- state ---------------------------------------------------------------------------

    def can_start(self) -> bool:
        # A support bundle holds no file to sign (`can_label` says so).
        return not self.running and self.file.can_label

    def update_enabled(self) -> None:
        self.bar.export_button.setEnabled(self.can_start())
        report = self.file.report
        if report is not None and not report.media.can_sign:
            self.bar.export_button.setToolTip(
                safe_tooltip(wording.cannot_sign_reason(report.media))
            )
        elif self.disclosure.ai_use is None:  # the button says it will ask
            self.bar.export_button.setToolTip(_(ASKS_FIRST_TIP))
        else:
            self.bar.export_button.setToolTip(_(EXPORT_TIP))

    @Slot()
    def _on_file_changed(self) -> None:
        if not self.running and self.file.report is None:  # a new file: a new export
            self.bar.show_idle("")
        self.update_enabled()

    # -- steps ---------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        report = self.file.report
        if report is None or not self.can_start():
            return
        if not self._ai_choice_made():
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

    def _ai_choice_made(self) -> bool:
        """No AI choice yet: ask for it (only the choices the history allows)."""
        if self.disclosure.ai_use is not None:
            return True
        use = self.context.dialogs.choose_ai_use(
            self.parent_widget, self.disclosure.allowed_choices()
        )
        if use is None:
            return False
        self.disclosure.set_ai_use(use)
        return True

    def _privacy_notice_accepted(self, report: FileReport, identity: Identity) -> bool:
        """Before the first export, say once what a copy reveals about its maker."""
        context = self.context
        if context.settings.privacy_notice_seen:
            return True
        from app.core.media.privacy import privacy_facts

        disclosure = self.disclosure.disclosure()
        facts = privacy_facts(
            report.path,
            report.media.mime,
            report,
            identity.name,
            location_removed=disclosure.remove_location,
        )
        offer = facts.metadata.has_location and not disclosure.remove_location
        choice = context.dialogs.privacy_notice(
            self.parent_widget, facts.sentences(), offer_without_location=offer
        )
        if choice is PrivacyChoice.CANCEL:
            return False
        if choice is PrivacyChoice.EXPORT_WITHOUT_LOCATION:
            self.disclosure.remove_location.setChecked(True)
        context.change_settings(replace(context.settings, privacy_notice_seen=True))
        return True

    def _identity(self) -> Identity | None:
        """The default identity; the first time, the identity dialog makes one."""
        dialogs = self.context.dialogs
        try:
            store = self.context.services.identity_store()
            identity = store.default()
        except CredLabelError as exc:
            dialogs.show_error(self.parent_widget, exc)
            return None
        if identity is not None:
            return identity
        return dialogs.first_identity(self.parent_widget, store)

    def _destination(self, source: Path) -> Path | None:
        dialogs = self.context.dialogs
        settings = self.context.settings
        last = Path(settings.last_folder) if settings.last_folder else None
        from app.core.labeling.naming import copy_folder

        suggested = settings.output_path(source, copy_folder(source, last))
        type_filter = (
            _("Same type as the original (*{ext})").format(ext=source.suffix)
            if source.suffix
            else ""
        )
        dest = dialogs.save_file(self.parent_widget, suggested, type_filter)
        if dest is None:
            return None
        if dest.resolve() == source.resolve():
            dialogs.error(
                self.parent_widget,
                _("Choose another name: CredLabel never overwrites the original file."),
            )
            return None
        return dest

    def _run(self, source: Path, identity: Identity, dest: Path) -> None:
        from app.core.labeling.service import LabelRequest

        context = self.context
        disclosure = self.disclosure.disclosure()
        settings = context.settings
        services = context.services
        self._cancel = cancel = threading.Event()
        from app.gui.questions import WindowQuestions

        self._questions = questions = WindowQuestions(context.dialogs, self.parent_widget, cancel)
        self._hook = hook = context.runner.progress_callback(self._on_progress)
        request = LabelRequest(
            sources=(source,),
            disclosure=disclosure,
            identity_id=identity.id,
            dest=dest,
            pattern=settings.output_pattern,
            profile=services.trust_profile(settings),
            # The save dialog has asked before returning a name that exists.
            overwrite=dest.exists() and not dest.is_dir(),
            in_process=True,  # one file: the verified result comes back whole
        )
        self.running = True
        self.bar.show_running(dest.name)
        self.update_enabled()
        self.running_changed.emit()
        context.runner.run(
            lambda: services.label(request, questions, progress=hook, cancel=cancel),
            self._on_labeled,
            self._on_failed,
            export=True,
        )

    @Slot()
    def cancel(self) -> None:
        if self._cancel is not None and self.running:
            self._cancel.set()
            self.bar.cancel_button.setEnabled(False)
            self.bar.status.setText(_("Cancelling…"))

    def _on_progress(self, progress: BatchProgress) -> None:
        self.bar.progress.setValue(int(progress.fraction * PROGRESS_STEPS))
        step = progress.step
        if step and self._cancel is not None and not self._cancel.is_set():
            self.bar.progress.setFormat(f"{step} %p%")

    def _finish(self) -> None:
        if self._hook is not None:
            self._hook.close()
        self._hook = None
        self._cancel = None
        self._questions = None
        self.running = False
        self.update_enabled()
        self.running_changed.emit()

    def _on_labeled(self, summary: BatchSummary) -> None:
        questions = self._questions
        self._finish()
        outcome = summary.outcomes[0]
        result = outcome.result
        if outcome.ok and result is not None:
            self.last_result = result
            self.disclosure.mark_clean()  # exported: nothing left to lose
            lines = [result.privacy.summary() if result.privacy else ""]
            if questions is not None and questions.signed_without_timestamp:
                from app.gui.questions import WITHOUT_TIMESTAMP_NOTE

                lines.append(WITHOUT_TIMESTAMP_NOTE)
            lines += questions.told if questions is not None else []
            self.bar.show_result(result.report, "\n".join(line for line in lines if line))
            return
        if outcome.cancelled:
            self.bar.show_idle(_(CANCELLED_TEXT))
            return
        self.bar.show_idle(outcome.sentence)
        if not outcome.skipped and not (questions is not None and questions.declined_timestamp):
            self.context.dialogs.error(self.parent_widget, outcome.sentence)

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, ExportCancelled):
            self.bar.show_idle(_(CANCELLED_TEXT))
            return
        sentence = error.sentence if isinstance(error, CredLabelError) else ""
        self.bar.show_idle(sentence or _("The export failed. Nothing was written."))
        self.context.dialogs.show_error(self.parent_widget, error)

    @Slot()
    def _on_open_clicked(self) -> None:
        if self.last_result is not None:
            self.open_requested.emit(Path(self.last_result.dest))

    @Slot()
    def _on_folder_clicked(self) -> None:
        if self.last_result is not None:
            folder = Path(self.last_result.dest).parent
            self.context.dialogs.open_url(QUrl.fromLocalFile(str(folder)))
