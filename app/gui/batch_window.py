"""Batch labeling: a queue of files, one disclosure, per-file state and progress.

The queue runs on the core's labeling service, as `credlabel batch` does: its process pool
uses every core, copies are named by the Preferences pattern, and two files that would get
the same name (`a.jpg` from two folders) become `a.cr.jpg` and `a.cr-2.jpg`. The service
runs in the window's one-thread export pool, so a batch never races an export from the
main window; its questions (passphrase, timestamp server, an existing copy) are answered
with dialogs. One file's failure is written on its row and the others go on; a summary
line ends the run. Cancel stops the running files (nothing partial is written) and leaves
the rest unstarted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CredLabelError, ExportCancelled
from app.core.i18n import N_, _, ngettext
from app.core.labeling.batch import BatchProgress, BatchSummary, FileOutcome
from app.core.labeling.service import LabelRequest
from app.core.signing.identity_store import Identity
from app.core.terminal_text import visible
from app.gui.context import AppContext
from app.gui.dialogs import error_parts, open_filter
from app.gui.disclosure_panel import DisclosurePanel
from app.gui.plain_text import plain_label, safe_tooltip
from app.gui.questions import WITHOUT_TIMESTAMP_NOTE, WindowQuestions
from app.gui.tasks import ProgressHook

COL_FILE, COL_STATE, COL_PROGRESS, COL_RESULT = range(4)


class RowState(Enum):
    """A row's state; the value is English, `text` is what the row shows."""

    WAITING = N_("Waiting")
    RUNNING = N_("Labeling…")
    DONE = N_("Labeled")
    FAILED = N_("Failed")
    CANCELLED = N_("Not labeled (cancelled)")
    SKIPPED = N_("Skipped (a copy exists)")

    @property
    def text(self) -> str:
        return _(self.value)


@dataclass
class QueuedFile:
    source: Path
    state: RowState = RowState.WAITING
    sentence: str = ""
    dest: Path | None = None  # the labeled copy, once made


class BatchWindow(QWidget):
    """The queue window (one per main window; hiding it keeps the queue)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("batchWindow")
        self.setWindowTitle(_("Batch label — CredLabel"))
        self.context = context
        self.files: list[QueuedFile] = []
        self.out_dir: Path | None = None  # None: next to each original
        self.running = False
        self.notes: list[str] = []  # what the last run said once (e.g. no timestamp)
        self._rows: list[int] = []  # the request's file i is the queue's row _rows[i]
        self._cancel: threading.Event | None = None
        self._hook: ProgressHook[BatchProgress] | None = None
        self._questions: WindowQuestions | None = None
        self._build()
        self._update_buttons()

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("batchQueue")
        self.table.setAccessibleName(_("Files to label"))
        self.table.setHorizontalHeaderLabels([_("File"), _("State"), _("Progress"), _("Result")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_RESULT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.disclosure = DisclosurePanel()
        self.disclosure.setObjectName("batchDisclosure")
        self.add_button = self._button(
            _("Add files…"), _("Add photos, videos or audio to the queue")
        )
        self.remove_button = self._button(
            _("Remove"), _("Remove the selected files from the queue")
        )
        self.folder_button = self._button(_("Output folder…"), _("Where the labeled copies go"))
        self.start_button = self._button(_("Label all"), _("Sign a labeled copy of every file"))
        self.cancel_button = self._button(
            _("Cancel"), _("Stop; files not yet labeled stay as they are")
        )
        self.folder_label = plain_label(_("Labeled copies go next to each original."))
        self.folder_label.setObjectName("batchFolder")
        # TRANSLATORS: "Label all" is the name of the button that starts the batch.
        self.summary = plain_label(_("Add files, say how AI was used, then Label all."))
        self.summary.setObjectName("batchSummary")
        self.summary.setAccessibleName(_("Batch summary"))
        self.summary.setWordWrap(True)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.folder_button.clicked.connect(self.choose_folder)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        queue_box = QWidget()
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        queue_layout.addLayout(row)
        queue_layout.addWidget(self.table, 1)
        queue_layout.addWidget(self.folder_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(queue_box)
        splitter.addWidget(self.disclosure)
        splitter.setSizes([620, 380])
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.start_button)
        bottom.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.rstrip("…"))
        return button

    # -- the queue -----------------------------------------------------------------------

    @Slot()
    def choose_files(self) -> None:
        self.add_files(self.context.dialogs.open_many(self, _("Add files to label"), open_filter()))

    @Slot()
    def choose_folder(self) -> None:
        folder = self.context.dialogs.choose_folder(self, _("Where should the labeled copies go?"))
        if folder is not None:
            self.set_out_dir(folder)

    def set_out_dir(self, folder: Path | None) -> None:
        self.out_dir = folder
        if folder is None:
            text = _("Labeled copies go next to each original.")
        else:
            text = _("Labeled copies go to {folder}.").format(folder=folder)
        self.folder_label.setText(text)

    def add_files(self, paths: list[Path]) -> None:
        known = {f.source for f in self.files}
        for path in paths:
            if path in known or self.running:
                continue
            known.add(path)
            self.files.append(QueuedFile(Path(path)))
            self._add_row(self.files[-1])
        self._update_buttons()

    def _add_row(self, queued: QueuedFile) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(visible(queued.source.name))
        item.setToolTip(safe_tooltip(str(queued.source)))
        self.table.setItem(row, COL_FILE, item)
        self.table.setItem(row, COL_STATE, QTableWidgetItem(queued.state.text))
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setValue(0)
        bar.setAccessibleName(_("Progress of {name}").format(name=queued.source.name))
        self.table.setCellWidget(row, COL_PROGRESS, bar)
        self.table.setItem(row, COL_RESULT, QTableWidgetItem(""))

    @Slot()
    def _on_remove_clicked(self) -> None:
        if self.running:
            return
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self.files[row]
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(not self.running and bool(self.files))
        self.cancel_button.setEnabled(self.running)
        for button in (self.add_button, self.remove_button, self.folder_button):
            button.setEnabled(not self.running)
        self.disclosure.setEnabled(not self.running)

    def progress_bar(self, row: int) -> QProgressBar:
        bar = self.table.cellWidget(row, COL_PROGRESS)
        assert isinstance(bar, QProgressBar)
        return bar

    def _show_row(self, row: int) -> None:
        queued = self.files[row]
        state, result = self.table.item(row, COL_STATE), self.table.item(row, COL_RESULT)
        if state is None or result is None:
            return
        state.setText(queued.state.text)
        result.setText(visible(queued.sentence))
        result.setToolTip(safe_tooltip(queued.sentence))

    # -- running -------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        if self.running or not self.files:
            return
        if not self._ai_choice_made():
            return
        identity = self._identity_or_none()
        if identity is None:
            return
        self._rows = [i for i, f in enumerate(self.files) if f.state is not RowState.DONE]
        if not self._rows:  # everything is labeled already: a second run retries failures
            return
        for row in self._rows:
            self.files[row].state, self.files[row].sentence = RowState.WAITING, ""
            self.progress_bar(row).setValue(0)
            self._show_row(row)
        self.running = True
        self.notes = []
        self.summary.setText(_("Labeling…"))
        self._update_buttons()
        self._run(identity)

    def _ai_choice_made(self) -> bool:
        """No AI choice yet: ask (as the main window's Export does); never assume none."""
        if self.disclosure.ai_use is not None:
            return True
        use = self.context.dialogs.choose_ai_use(self, self.disclosure.allowed_choices())
        if use is None:
            return False
        self.disclosure.set_ai_use(use)
        return True

    def _identity_or_none(self) -> Identity | None:
        dialogs = self.context.dialogs
        try:
            store = self.context.services.identity_store()
            identity = store.default()
        except CredLabelError as exc:
            dialogs.show_error(self, exc)
            return None
        return identity or dialogs.first_identity(self, store)

    def _run(self, identity: Identity) -> None:
        context = self.context
        settings, services = context.settings, context.services
        request = LabelRequest(
            sources=tuple(self.files[row].source for row in self._rows),
            disclosure=self.disclosure.disclosure(),
            identity_id=identity.id,
            out_dir=self.out_dir,
            pattern=settings.output_pattern,
            profile=services.trust_profile(settings),
        )
        self._cancel = cancel = threading.Event()
        self._questions = questions = WindowQuestions(context.dialogs, self, cancel)
        self._hook = hook = context.runner.progress_callback(self._on_progress)
        context.runner.run(
            lambda: services.label(request, questions, progress=hook, cancel=cancel),
            self._on_labeled,
            self._on_failed,
            export=True,
        )

    def _on_progress(self, event: BatchProgress) -> None:
        if not self.running or event.index >= len(self._rows):
            return
        row = self._rows[event.index]
        if event.outcome is not None:
            self._record(row, event.outcome)
            return
        queued = self.files[row]
        if queued.state is RowState.WAITING:
            queued.state = RowState.RUNNING
            self._show_row(row)
        self.progress_bar(row).setValue(int(event.fraction * 1000))

    def _record(self, row: int, outcome: FileOutcome) -> None:
        queued = self.files[row]
        if outcome.ok:
            queued.state, queued.dest = RowState.DONE, outcome.dest
            name = outcome.dest.name if outcome.dest else queued.source.name
            queued.sentence = f"{name}: {outcome.state or outcome.sentence}"
            self.progress_bar(row).setValue(1000)
        elif outcome.cancelled:
            queued.state, queued.sentence = RowState.CANCELLED, _("Nothing was written.")
        elif outcome.skipped:
            queued.state, queued.sentence = RowState.SKIPPED, outcome.sentence
        else:
            queued.state, queued.sentence = RowState.FAILED, outcome.sentence
        self._show_row(row)

    def _on_labeled(self, summary: BatchSummary) -> None:
        for row, outcome in zip(self._rows, summary.outcomes, strict=False):
            self._record(row, outcome)
        self.notes = list(summary.notes)
        questions = self._questions
        if questions is not None:
            if questions.signed_without_timestamp:
                self.notes.append(_(WITHOUT_TIMESTAMP_NOTE))
            self.notes += questions.told
        self._finish()

    def _on_failed(self, error: BaseException) -> None:
        """A problem before any file was labeled (e.g. the passphrase was not given)."""
        self._finish()
        if not isinstance(error, ExportCancelled):
            self.summary.setText(f"{self.summary_text()} {error_parts(error)[0]}")
            self.context.dialogs.show_error(self, error)

    @Slot()
    def cancel(self) -> None:
        if self._cancel is not None and self.running:
            self._cancel.set()
            self.summary.setText(_("Cancelling…"))

    def _finish(self) -> None:
        for row, queued in enumerate(self.files):
            if queued.state in (RowState.WAITING, RowState.RUNNING):
                queued.state, queued.sentence = RowState.CANCELLED, ""
                self._show_row(row)
        if self._hook is not None:
            self._hook.close()
        self.running = False
        self._hook, self._cancel, self._questions = None, None, None
        self.summary.setText(" ".join([self.summary_text(), *self.notes]))
        self._update_buttons()

    def counts(self) -> tuple[int, int]:
        """(labeled, failed) in the queue."""
        ok = sum(1 for f in self.files if f.state is RowState.DONE)
        failed = sum(1 for f in self.files if f.state is RowState.FAILED)
        return ok, failed

    def summary_text(self) -> str:
        ok, failed = self.counts()
        total = len(self.files)
        text = ngettext(
            "Labeled {ok} of {total} file; {failed} failed.",
            "Labeled {ok} of {total} files; {failed} failed.",
            total,
        ).format(ok=ok, total=total, failed=failed)
        skipped = sum(1 for f in self.files if f.state is RowState.SKIPPED)
        cancelled = total - ok - failed - skipped
        if skipped:
            text += " " + ngettext(
                "{count} skipped (a copy already exists).",
                "{count} skipped (a copy already exists).",
                skipped,
            ).format(count=skipped)
        if cancelled:
            text += " " + ngettext(
                "{count} not labeled (cancelled).", "{count} not labeled (cancelled).", cancelled
            ).format(count=cancelled)
        return text
