"""The public trust lists in Preferences: which lists, how many certificates, their dates,
whether they are out of date, and the two ways to update them (a folder, or a download the
user starts; the only network use besides a timestamp server)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.core.reading.trust_lists import LoadedList, TrustListError, load_lists, stale_notice
from app.core.reading.trust_update import UpdateResult, update_from_folder, update_from_web
from app.gui.dialogs import Dialogs
from app.gui.plain_text import plain_label

DOWNLOAD_QUESTION = (
    "Download the current trust lists now? CredLabel will connect to "
    "raw.githubusercontent.com (the C2PA lists) and contentcredentials.org (the interim "
    "list). Nothing else is sent."
)


def lists_text(lists: tuple[LoadedList, ...]) -> str:
    """One line per list: title, count, issue and next-update dates, where from."""
    return "\n".join(_line(item) for item in lists)


def _line(item: LoadedList) -> str:
    what = "purposes" if item.spec.kind == "eku" else "certificates"
    origin = "updated" if item.updated else "bundled"
    dates = f"issued {_date(item.issued)}"
    if item.next_update:
        dates += f", next update {_date(item.next_update)}"
    return f"{item.spec.title}: {item.count} {what} ({dates}; {origin})"


def _date(value: datetime | None) -> str:
    return value.date().isoformat() if value else "not stated"


class TrustListsBox(QWidget):
    """The lists and the update buttons. `updated` is True once an update replaced them."""

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trustLists")
        self._dialogs = dialogs
        self.updated = False
        self.summary = plain_label(wrap=True)
        self.summary.setObjectName("trustListSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = plain_label(wrap=True)
        self.notice.setObjectName("trustListNotice")
        self.from_folder = QPushButton("Update from a folder…")
        self.from_folder.setObjectName("updateTrustFromFolder")
        self.download = QPushButton("Download current lists…")
        self.download.setObjectName("downloadTrustLists")
        self.from_folder.clicked.connect(self._update_from_folder)
        self.download.clicked.connect(self._download)
        buttons = QHBoxLayout()
        buttons.addWidget(self.from_folder)
        buttons.addWidget(self.download)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        lists = load_lists()
        self.summary.setText(lists_text(lists))
        notice = stale_notice(lists)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    @Slot()
    def _update_from_folder(self) -> None:
        folder = self._dialogs.choose_folder(self, "Folder holding the trust lists")
        if folder is not None:
            self._run(lambda: update_from_folder(Path(folder)))

    @Slot()
    def _download(self) -> None:
        if self._dialogs.confirm(self, DOWNLOAD_QUESTION, "Download", "Cancel"):
            self._run(update_from_web)

    def _run(self, update: Callable[[], UpdateResult]) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = update()
        except TrustListError as exc:
            self._dialogs.show_error(self, exc)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.updated = True
        self.refresh()
        counts = ", ".join(f"{title}: {count}" for title, count in result.counts.items())
        self._dialogs.info(self, "Trust lists updated", f"Updated from {result.source}. {counts}")
