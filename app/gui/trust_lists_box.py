"""The public trust lists in Preferences: which lists, how many certificates, their dates,
whether they are out of date, and the two ways to update them (a folder, or a download the
user starts; the only network use besides a timestamp server)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.core.dates import list_day
from app.core.i18n import N_, _, ngettext
from app.core.reading.trust_lists import LoadedList, TrustListError, load_lists, stale_notice
from app.core.reading.trust_update import UpdateResult, update_from_folder, update_from_web
from app.gui.dialogs import Dialogs
from app.gui.plain_text import plain_label

# Marked here, translated where it is asked (the language can change after import).
DOWNLOAD_QUESTION = N_(
    "Download the current trust lists now? CredLabel will connect to "
    "raw.githubusercontent.com (the C2PA lists) and contentcredentials.org (the interim "
    "list). Nothing else is sent."
)


def lists_text(lists: tuple[LoadedList, ...]) -> str:
    """One line per list: title, count, issue and next-update dates, where from."""
    return "\n".join(_line(item) for item in lists)


def _line(item: LoadedList) -> str:
    if item.spec.kind == "eku":
        what = ngettext("{count} purpose", "{count} purposes", item.count)
    else:
        what = ngettext("{count} certificate", "{count} certificates", item.count)
    origin = _("updated") if item.updated else _("bundled")
    if item.next_update:
        dates = _("issued {issued}, next update {next}").format(
            issued=list_day(item.issued), next=list_day(item.next_update)
        )
    else:
        dates = _("issued {issued}").format(issued=list_day(item.issued))
    # TRANSLATORS: one line per trust list: "C2PA Trust List: 30 certificates (issued …; bundled)".
    return _("{title}: {count} ({dates}; {origin})").format(
        title=_(item.spec.title), count=what.format(count=item.count), dates=dates, origin=origin
    )


class TrustListsBox(QWidget):
    """The lists and the update buttons. `updated` is True once an update replaced them.
    A download runs on a worker thread (the dialog stays responsive); its outcome comes
    back through `finished`. `download_bases` replaces published base URLs (mirrors)."""

    finished = Signal(object)  # UpdateResult, or the TrustListError

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trustLists")
        self._dialogs = dialogs
        self.updated = False
        self.downloading = False
        self.download_bases: dict[str, str] = {}
        self.finished.connect(self._show_outcome)
        self.summary = plain_label(wrap=True)
        self.summary.setObjectName("trustListSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = plain_label(wrap=True)
        self.notice.setObjectName("trustListNotice")
        self.from_folder = QPushButton(_("Update from a folder…"))
        self.from_folder.setObjectName("updateTrustFromFolder")
        self.download = QPushButton(_("Download current lists…"))
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
        folder = self._dialogs.choose_folder(self, _("Folder holding the trust lists"))
        if folder is not None:
            self._run(lambda: update_from_folder(Path(folder)))

    @Slot()
    def _download(self) -> None:
        if self.downloading or not self._dialogs.confirm(
            self, _(DOWNLOAD_QUESTION), _("Download"), _("Cancel")
        ):
            return
        self.downloading = True
        self.download.setEnabled(False)
        self.download.setText(_("Downloading…"))
        bases = dict(self.download_bases)
        threading.Thread(target=self._download_in_background, args=(bases,), daemon=True).start()

    def _download_in_background(self, bases: dict[str, str]) -> None:
        try:
            outcome: UpdateResult | TrustListError = update_from_web(bases)
        except TrustListError as exc:
            outcome = exc
        # The dialog may have been closed meanwhile: the lists are updated (or not) all the same.
        with suppress(RuntimeError):
            self.finished.emit(outcome)  # queued to the GUI thread

    def _run(self, update: Callable[[], UpdateResult]) -> None:
        try:
            outcome: UpdateResult | TrustListError = update()
        except TrustListError as exc:
            outcome = exc
        self._show_outcome(outcome)

    @Slot(object)
    def _show_outcome(self, outcome: object) -> None:
        self.downloading = False
        self.download.setEnabled(True)
        self.download.setText(_("Download current lists…"))
        if isinstance(outcome, TrustListError):
            self._dialogs.show_error(self, outcome)
            return
        if not isinstance(outcome, UpdateResult):
            return
        self.updated = True
        self.refresh()
        counts = ", ".join(f"{title}: {count}" for title, count in outcome.counts.items())
        self._dialogs.info(
            self,
            _("Trust lists updated"),
            _("Updated from {source}. {counts}").format(source=outcome.source, counts=counts),
        )
