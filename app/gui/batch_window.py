"""Batch labeling: a queue of files, one disclosure, per-file state and progress.

Files are labeled one after another on the window's one-thread export pool with the real
export engine (`CoreServices.export` → `export_labeled_copy`), so a batch never races an
export from the main window. One file's failure is written on its row and the queue goes on;
a summary line ends the run. Cancel stops the running file (nothing partial is written) and
leaves the rest unstarted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from app.core.terminal_text import visible
from app.gui.dialogs import OPEN_FILTER, error_parts
from app.gui.disclosure_panel import DisclosurePanel
from app.gui.export_flow import progress_fraction
from app.gui.plain_text import plain_label, safe_tooltip

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow

COL_FILE, COL_STATE, COL_PROGRESS, COL_RESULT = range(4)


class RowState(Enum):
    WAITING = "Waiting"
    RUNNING = "Labeling…"
    DONE = "Labeled"
    FAILED = "Failed"
    CANCELLED = "Not labeled (cancelled)"


@dataclass
class QueuedFile:
    source: Path
    state: RowState = RowState.WAITING
    sentence: str = ""
    result: Any = None  # the core's ExportResult when labeled


class BatchWindow(QWidget):
    """The queue window (one per main window; hiding it keeps the queue)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("batchWindow")
        self.setWindowTitle("Batch label — CredLabel")
        self.main = window
        self.files: list[QueuedFile] = []
        self.out_dir: Path | None = None  # None: next to each original
        self.running = False
        self._current = -1
        self._cancel: threading.Event | None = None
        self._identity: Any = None
        self._build()
        self.resize(1000, 640)
        self._update_buttons()

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("batchQueue")
        self.table.setAccessibleName("Files to label")
        self.table.setHorizontalHeaderLabels(["File", "State", "Progress", "Result"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_RESULT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.disclosure = DisclosurePanel()
        self.disclosure.setObjectName("batchDisclosure")
        self.add_button = self._button("Add files…", "Add photos, videos or audio to the queue")
        self.remove_button = self._button("Remove", "Remove the selected files from the queue")
        self.folder_button = self._button("Output folder…", "Where the labeled copies go")
        self.start_button = self._button("Label all", "Sign a labeled copy of every file")
        self.cancel_button = self._button("Cancel", "Stop; files not yet labeled stay as they are")
        self.folder_label = plain_label("Labeled copies go next to each original.")
        self.folder_label.setObjectName("batchFolder")
        self.summary = plain_label("Add files, say how AI was used, then Label all.")
        self.summary.setObjectName("batchSummary")
        self.summary.setAccessibleName("Batch summary")
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
        self.add_files(self.main.dialogs.open_many(self, "Add files to label", OPEN_FILTER))

    @Slot()
    def choose_folder(self) -> None:
        folder = self.main.dialogs.choose_folder(self, "Where should the labeled copies go?")
        if folder is not None:
            self.set_out_dir(folder)

    def set_out_dir(self, folder: Path | None) -> None:
        self.out_dir = folder
        where = str(folder) if folder else "next to each original"
        self.folder_label.setText(f"Labeled copies go {'to ' if folder else ''}{where}.")

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
        self.table.setItem(row, COL_STATE, QTableWidgetItem(queued.state.value))
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setValue(0)
        bar.setAccessibleName(f"Progress of {queued.source.name}")
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
        state.setText(queued.state.value)
        result.setText(visible(queued.sentence))
        result.setToolTip(safe_tooltip(queued.sentence))

    # -- running -------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        if self.running or not self.files:
            return
        identity = self._identity_or_none()
        if identity is None:
            return
        self._identity = identity
        self.running = True
        self._cancel = threading.Event()
        for row, queued in enumerate(self.files):
            if queued.state is not RowState.DONE:  # a second run retries what failed
                queued.state, queued.sentence = RowState.WAITING, ""
                self.progress_bar(row).setValue(0)
                self._show_row(row)
        self.summary.setText("Labeling…")
        self._update_buttons()
        self._next(0)

    def _identity_or_none(self) -> Any:
        try:
            store = self.main.services.identity_store()
            identity = store.default()
        except (CredLabelError, ImportError) as exc:
            self.main.dialogs.show_error(self, exc)
            return None
        return identity or self.main.dialogs.first_identity(self, store)

    def _next(self, start: int) -> None:
        row = next(
            (i for i in range(start, len(self.files)) if self.files[i].state is RowState.WAITING),
            None,
        )
        if row is None or (self._cancel is not None and self._cancel.is_set()):
            self._finish()
            return
        self._run(row)

    def _run(self, row: int) -> None:
        main = self.main
        queued = self.files[row]
        queued.state = RowState.RUNNING
        self._current = row
        self._show_row(row)
        bar = self.progress_bar(row)
        hook = main.runner.progress_callback(
            lambda p: bar.setValue(int((progress_fraction(p)[0] or 0) * 1000))
        )
        dest = main.settings.output_path(queued.source, self.out_dir)
        disclosure, identity, settings = self.disclosure.disclosure(), self._identity, main.settings
        cancel, services = self._cancel, main.services
        assert cancel is not None

        def label() -> Any:
            return services.export(
                queued.source,
                disclosure,
                identity,
                dest=dest,
                settings=settings,
                progress=hook,
                cancel=cancel,
            )

        def done(result: Any) -> None:
            hook.close()
            self._on_labeled(row, result)

        def failed(error: BaseException) -> None:
            hook.close()
            self._on_failed(row, error)

        main.runner.run(label, done, failed, export=True)

    def _on_labeled(self, row: int, result: Any) -> None:
        queued = self.files[row]
        queued.state, queued.result = RowState.DONE, result
        queued.sentence = f"{Path(result.dest).name}: {result.report.state.label}"
        self.progress_bar(row).setValue(1000)
        self._show_row(row)
        self._next(row + 1)

    def _on_failed(self, row: int, error: BaseException) -> None:
        queued = self.files[row]
        if isinstance(error, ExportCancelled):
            queued.state, queued.sentence = RowState.CANCELLED, "Nothing was written."
        else:
            queued.state, queued.sentence = RowState.FAILED, error_parts(error)[0]
        self._show_row(row)
        self._next(row + 1)

    @Slot()
    def cancel(self) -> None:
        if self._cancel is not None and self.running:
            self._cancel.set()
            self.summary.setText("Cancelling…")

    def _finish(self) -> None:
        for row, queued in enumerate(self.files):
            if queued.state is RowState.WAITING:
                queued.state, queued.sentence = RowState.CANCELLED, ""
                self._show_row(row)
        self.running = False
        self._current = -1
        self._cancel = None
        self.summary.setText(self.summary_text())
        self._update_buttons()

    def counts(self) -> tuple[int, int]:
        """(labeled, failed) in the queue."""
        ok = sum(1 for f in self.files if f.state is RowState.DONE)
        failed = sum(1 for f in self.files if f.state is RowState.FAILED)
        return ok, failed

    def summary_text(self) -> str:
        ok, failed = self.counts()
        text = f"Labeled {ok} of {len(self.files)} files; {failed} failed."
        skipped = len(self.files) - ok - failed
        if skipped:
            text += f" {skipped} not labeled (cancelled)."
        return text
