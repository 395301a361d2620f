"""The details view for support staff: validation codes with explanations, the certificate
chain, and the raw JSON (searchable, copyable)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _
from app.core.terminal_text import visible
from app.gui import wording
from app.gui.badges import badge_for
from app.gui.plain_text import escape, plain_label, safe_tooltip

if TYPE_CHECKING:
    from app.core.model import Certificate, FileReport, StatusCode

_KIND_ORDER = {"failure": 0, "informational": 1, "success": 2}
_KIND_WORDS = {"failure": N_("Problem"), "informational": N_("Note"), "success": N_("Passed")}


def _date(value: datetime | None) -> str:
    from app.core.dates import when_text  # Babel: loaded with the first certificate shown

    return when_text(value)  # the same format as the card and the reports


def facts_lines(report: FileReport) -> list[str]:
    """State with who vouches, every cause of an invalid state, the raw claim generator."""
    lines = [_("State: {state}").format(state=wording.state_line(report))]
    lines.append(wording.state_hint(report))
    if report.trust_source:
        lines.append(
            _("Trust source: {source} (profile {profile})").format(
                source=report.trust_source, profile=report.trust_profile
            )
        )
    for cause in wording.invalid_causes(report):
        lines.append(f"{cause.headline}: {cause.explanation} {cause.what_to_do}")
    active = report.active
    if active is not None and active.claim_generator:
        generator = visible(active.claim_generator)
        lines.append(_("Claim generator (as recorded): {generator}").format(generator=generator))
    return lines


class DetailsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes = QTreeWidget()
        self.codes.setObjectName("validationCodes")
        self.codes.setAccessibleName(_("Validation codes"))
        self.codes.setHeaderLabels(
            [_("Result"), _("Code"), _("What it means"), _("What you can do")]
        )
        self.codes.setRootIsDecorated(False)
        self.codes.setWordWrap(True)
        self.chain = QTreeWidget()
        self.chain.setObjectName("certificateChain")
        self.chain.setAccessibleName(_("Certificate chain"))
        self.chain.setHeaderLabels(
            [_("Certificate"), _("Issued by"), _("Serial"), _("Valid from"), _("Until")]
        )
        self.chain.setRootIsDecorated(False)
        # The raw claim generator, who vouches and every cause: the card shows the short form.
        self.facts = plain_label(wrap=True)
        self.facts.setObjectName("detailsFacts")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("detailsSplitter")
        # Scrolled: a long explanation in a tall script (Japanese, Hindi) must not make the
        # window taller than the screen.
        facts_area = QScrollArea()
        facts_area.setObjectName("detailsFactsArea")
        facts_area.setWidgetResizable(True)
        facts_area.setFrameShape(QFrame.Shape.NoFrame)
        facts_area.setWidget(self.facts)
        splitter.addWidget(self._titled(_("Summary"), facts_area))
        splitter.addWidget(self._titled(_("Validation codes"), self.codes))
        splitter.addWidget(self._titled(_("Certificate chain"), self.chain))
        splitter.addWidget(self._titled(_("Raw JSON"), self._build_json()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _titled(self, title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(f"<b>{escape(title)}</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)  # our own words, in bold
        layout.addWidget(heading)
        layout.addWidget(widget)
        return box

    def _build_json(self) -> QWidget:
        self.json = QPlainTextEdit()
        self.json.setObjectName("rawJson")
        self.json.setAccessibleName(_("Raw JSON"))
        self.json.setReadOnly(True)
        self.json.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.json.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.search = QLineEdit()
        self.search.setObjectName("jsonSearch")
        self.search.setPlaceholderText(_("Find in JSON (Enter: next, Shift+Enter: previous)"))
        self.search.setAccessibleName(_("Find in JSON"))
        self.search.returnPressed.connect(self.find_next)
        QShortcut(QKeySequence("Shift+Return"), self.search, self.find_previous)
        self.search_status = plain_label()
        self.copy_button = QPushButton(_("Copy JSON"))
        self.copy_button.setToolTip(_("Copy the whole raw JSON to the clipboard"))
        self.copy_button.clicked.connect(self.copy_json)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.search_status)
        row.addWidget(self.copy_button)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.json)
        return box

    def set_report(self, report: FileReport | None) -> None:
        self.codes.clear()
        self.chain.clear()
        self.search_status.setText("")
        if report is None:
            self.json.setPlainText("")
            self.facts.setText("")
            return
        self.facts.setText("\n".join(facts_lines(report)))
        for status in sorted(report.status, key=lambda s: _KIND_ORDER.get(s.kind, 3)):
            self.codes.addTopLevelItem(self._code_item(status))
        if report.problem and not report.status:
            item = QTreeWidgetItem([badge_for(report.state).text, "", visible(report.problem), ""])
            self.codes.addTopLevelItem(item)
        signature = report.active.signature if report.active else None
        for cert in signature.chain if signature else ():
            self.chain.addTopLevelItem(self._cert_item(cert))
        self.json.setPlainText(report.raw_json or _("No manifest JSON: the file has none."))
        for column in range(2):
            self.codes.resizeColumnToContents(column)

    def _code_item(self, status: StatusCode) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [
                _(_KIND_WORDS[status.kind]) if status.kind in _KIND_WORDS else status.kind,
                visible(status.code),
                visible(status.explanation or status.library_text),
                status.what_to_do,
            ]
        )
        library = (status.library_text + (f"\n{status.url}" if status.url else "")).strip()
        # The library's text and the URL come from the file: tooltips show them literally.
        item.setToolTip(0, safe_tooltip(library or status.code))
        item.setToolTip(1, safe_tooltip(library or status.code))
        item.setToolTip(2, safe_tooltip("\n\n".join(t for t in (status.explanation, library) if t)))
        item.setToolTip(3, safe_tooltip(status.what_to_do))
        return item

    def _cert_item(self, cert: Certificate) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [
                visible(cert.subject),
                visible(cert.issuer),
                visible(cert.serial),
                _date(cert.not_before),
                _date(cert.not_after),
            ]
        )
        item.setToolTip(0, safe_tooltip(cert.pem or visible(cert.subject)))
        return item

    @Slot()
    def find_next(self) -> bool:
        return self._find(QTextDocument.FindFlag(0))

    @Slot()
    def find_previous(self) -> bool:
        return self._find(QTextDocument.FindFlag.FindBackward)

    def _find(self, flags: QTextDocument.FindFlag) -> bool:
        text = self.search.text()
        if not text:
            return False
        found = self.json.find(text, flags)
        if not found:  # wrap around once
            cursor = self.json.textCursor()
            backward = bool(flags & QTextDocument.FindFlag.FindBackward)
            cursor.movePosition(
                cursor.MoveOperation.End if backward else cursor.MoveOperation.Start
            )
            self.json.setTextCursor(cursor)
            found = self.json.find(text, flags)
        self.search_status.setText("" if found else _("Not found"))
        return found

    @Slot()
    def copy_json(self) -> None:
        QGuiApplication.clipboard().setText(self.json.toPlainText())
