"""Help › User guide (F1): the bundled guide in a window of its own, printable, offline.

Links inside the guide jump within it; a link to anywhere else goes to the desktop's browser
only when the person clicks it (the guide itself never loads anything from the network).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CredLabelError
from app.core.i18n import N_, _
from app.core.reports.guide import guide_html
from app.gui.dialogs import Dialogs
from app.gui.placement import place_on_screen
from app.printing.report_pdf import document_from_html, write_pdf

GUIDE_TITLE = N_("CredLabel user guide")


class HelpWindow(QWidget):
    """The user guide with Print… and Save as PDF…."""

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("helpWindow")
        self.setWindowTitle(_("{title} — CredLabel").format(title=_(GUIDE_TITLE)))
        self.dialogs = dialogs
        self.last_saved: tuple[Path, int] | None = None  # (PDF, pages) after Save as PDF
        self.html = guide_html()
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenLinks(False)  # anchors handled here: nothing is fetched
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setHtml(self.html)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("Print…"))
        self.pdf_button = QPushButton(_("Save as PDF…"))
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_guide)
        self.pdf_button.clicked.connect(self.save_pdf)
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def show_over(self, owner: QWidget) -> None:
        first = not self.isVisible()
        self.show()
        if first:
            place_on_screen(self, QSize(760, 820), owner)
        self.raise_()
        self.activateWindow()

    @Slot(QUrl)
    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("", "file") and url.fragment():
            self.browser.scrollToAnchor(url.fragment())
        elif url.scheme() in ("http", "https"):
            self.dialogs.open_url(url)

    @Slot()
    def save_pdf(self) -> None:
        suggested = Path.home() / (_(GUIDE_TITLE) + ".pdf")
        dest = self.dialogs.save_file(self, suggested, "PDF (*.pdf)", _("Save the user guide as"))
        if dest is None:
            return
        try:
            pages = write_pdf(self.html, dest, title=_(GUIDE_TITLE), overwrite=True)
        except CredLabelError as exc:
            self.dialogs.show_error(self, exc)
            return
        self.last_saved = (dest, pages)

    @Slot()
    def print_guide(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec():
            document_from_html(self.html).print_(printer)
