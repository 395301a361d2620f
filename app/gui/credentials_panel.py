"""The credentials panel: a summary card (state badge, AI verdict, who/when/what) above the
history tree. Everything it says comes from `FileReport` and `app.gui.wording`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.gui import wording
from app.gui.badges import badge_for
from app.gui.facts_rows import FactsRows
from app.gui.history_model import Column, HistoryModel, HistoryNode
from app.gui.ingredient_details import IngredientDetails
from app.gui.plain_text import ElidedLabel, add_form_row, plain, plain_label

if TYPE_CHECKING:  # the reading modules load with the first file, not with the empty card
    from app.core.model import FileReport
    from app.core.reading.quick_read import QuickRead

ITEM_COLUMN_CAP = 300  # px: thumbnail and a title of about 25 characters

# Grey, unlike every state's colour: an unchecked read says nothing about validity.
CHECKING_STYLE = (
    "background-color: #6b7280; color: #ffffff; border-radius: 6px; padding: 4px 10px;"
    " font-weight: bold;"
)


def trust_notice_text(profile: str) -> str:
    """The out-of-date trust lists sentence for `profile` ("" when the lists are current or
    the profile does not use them). Slow (it reads and checks the lists): run in a worker."""
    from app.core.reading.trust import DEFAULT_PROFILE
    from app.core.reading.trust_lists import stale_notice

    return stale_notice() if profile == DEFAULT_PROFILE else ""


class StateBadge(QLabel):
    """The coloured pill naming the validation state: glyph + words + colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateBadge")
        plain(self)
        self.setAccessibleName(_("Credentials state"))
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.set_report(None)

    def set_report(self, report: FileReport | None) -> None:
        if report is None:
            self.setText("")
            self.setStyleSheet("")
            self.setVisible(False)
            return
        # The look comes from the state; the words say why (invalid) or who vouches (trusted).
        style = badge_for(report.state)
        hint = wording.state_hint(report)
        self.setText(wording.state_line(report))
        self.setStyleSheet(style.stylesheet())
        self.setToolTip(hint)
        self.setAccessibleDescription(hint)
        self.setVisible(True)

    def set_checking(self) -> None:
        """The neutral look while the validating read runs: never a state's colour."""
        self.setText("⋯ " + _("Checking…"))
        self.setStyleSheet(CHECKING_STYLE)
        hint = _("What the file says is shown; whether it can be trusted is being checked.")
        self.setToolTip(hint)
        self.setAccessibleDescription(hint)
        self.setVisible(True)

    @property
    def background(self) -> str:
        """The fill colour in force (tests compare states by it)."""
        sheet = self.styleSheet()
        return sheet.split("background-color:")[1].split(";")[0].strip() if sheet else ""


class SummaryCard(QFrame):
    """Verify-style card: badge, AI verdict, issued by/on, app, AI tool, summary sentence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.badge = StateBadge()
        self.ai_verdict = self._label("aiVerdict", _("AI verdict"))
        font = QFont(self.ai_verdict.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.ai_verdict.setFont(font)
        self.summary = self._label("contentSummary", _("Content summary"))
        self.issued_by = self._label("issuedBy", _("Issued by"), wrap=False)
        self.issued_on = self._label("issuedOn", _("Issued on"), wrap=False)
        self.app = self._label("appOrDevice", _("App or device used"), wrap=False)
        self.ai_tool = self._label("aiTool", _("AI tool used"), wrap=False)
        form = QFormLayout()
        add_form_row(form, _("Issued by:"), self.issued_by)
        add_form_row(form, _("Issued on:"), self.issued_on)
        add_form_row(form, _("App or device used:"), self.app)
        add_form_row(form, _("AI tool used:"), self.ai_tool)
        self.facts = FactsRows(form)
        layout = QVBoxLayout(self)
        # The card never shrinks below its text: the splitter gives the rest to the history.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.ai_verdict)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addStretch(1)  # spare height goes below the text, not into the badge
        self.set_report(None)

    def _label(self, name: str, accessible: str, wrap: bool = True) -> QLabel:
        # One-line values elide (the full text is in the tooltip), so a file's long string
        # never widens the card; wrapped ones ask for the height their lines need.
        label = plain_label(wrap=True) if wrap else ElidedLabel()
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def set_report(self, report: FileReport | None) -> None:
        self.badge.set_report(report)
        self.facts.set_report(report)
        if report is None:
            for label in (self.ai_verdict, self.issued_by, self.issued_on, self.app):
                label.setText("")
            self.ai_tool.setText("")
            self.summary.setText(_("Open a photo or video to see its Content Credentials."))
            return
        signature = report.active.signature if report.active else None
        self.ai_verdict.setText(wording.ai_headline(report))
        self.summary.setText(wording.content_summary(report))
        self.issued_by.setText(wording.issued_by(signature))
        self.issued_on.setText(wording.issued_on(signature))
        self.app.setText(wording.app_or_device(report))
        self.ai_tool.setText(wording.ai_tools(report))  # each ElidedLabel tips its full text

    def show_loading(self, name: str) -> None:
        self.set_report(None)
        self.summary.setText(_("Reading the Content Credentials of {name}…").format(name=name))

    def show_unchecked(self, quick: QuickRead, name: str) -> None:
        """What the manifest says before it is checked, each line marked "checking…"."""
        self.set_report(None)
        self.badge.set_checking()
        active = quick.active
        checking = _("checking…")
        self.ai_verdict.setText(f"{quick.ai.sentence} — {checking}")
        self.summary.setText(
            _("Not checked yet: checking the Content Credentials of {name}…").format(name=name)
        )
        signature = active.signature if active else None
        self.issued_by.setText(wording.issued_by(signature))
        self.issued_on.setText(wording.issued_on(signature))
        app = (active.app_name or active.claim_generator) if active else ""
        self.app.setText(app or wording.NOT_AVAILABLE)
        self.ai_tool.setText(", ".join(quick.ai.tools) or wording.NOT_AVAILABLE)


class CredentialsPanel(QWidget):
    """Summary card over the history tree (splitter between them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = SummaryCard()
        self.history_model = HistoryModel(self)
        self.history = QTreeView()
        self.history.setObjectName("historyTree")
        self.history.setAccessibleName(_("History of the file"))
        self.history.setToolTip(_("Where this file came from: its manifest and its ingredients"))
        self.history.setModel(self.history_model)
        self.history.setIconSize(QSize(48, 48))
        self.history.setUniformRowHeights(False)
        # Every column as wide as its header and rows ("Valid, signer not recognized", a
        # translated "App or device"): the tree scrolls sideways instead of cutting words.
        header = self.history.header()
        header.setStretchLastSection(False)
        for column in Column:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # A file's long title would push the state out of sight: its column is capped
        # (the title elides; its tooltip has it whole) so "State" stays on screen.
        header.setSectionResizeMode(Column.ITEM, QHeaderView.ResizeMode.Interactive)
        # Out-of-date trust lists: said once, above everything, without blocking anything.
        self.trust_notice = plain_label(wrap=True)
        self.trust_notice.setObjectName("trustListsNotice")
        self.trust_notice.setAccessibleName(_("Trust lists notice"))
        self.trust_notice.setVisible(False)
        # An ingredient's own details: double-click its row, or select it and press Details.
        self.ingredient = IngredientDetails()
        self.details_button = QPushButton(_("Details"))
        self.details_button.setObjectName("ingredientDetailsButton")
        self.details_button.setToolTip(_("Show the selected ingredient's own credentials"))
        self.details_button.setEnabled(False)
        self.details_button.clicked.connect(self.open_selected_ingredient)
        self.history.doubleClicked.connect(self._open_ingredient)
        self.history.selectionModel().currentChanged.connect(self._on_current_changed)
        self._report: FileReport | None = None
        history_box = QWidget()
        box_layout = QVBoxLayout(history_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(plain_label(_("History")), 1)
        title_row.addWidget(self.details_button)
        box_layout.addLayout(title_row)
        box_layout.addWidget(self.history)
        box_layout.addWidget(self.ingredient)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("credentialsSplitter")
        self.splitter.addWidget(self.card)
        self.splitter.addWidget(history_box)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        # Wrapped labels under-report their minimum height: start with room for the card.
        self.splitter.setSizes([240, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.trust_notice)
        layout.addWidget(self.splitter)

    def show_trust_notice(self, sentence: str) -> None:
        """Show (or, with "", hide) the out-of-date lists sentence."""
        self.trust_notice.setText(f"⚠ {sentence}" if sentence else "")
        self.trust_notice.setVisible(bool(sentence))

    def set_report(self, report: FileReport | None, history: HistoryNode | None) -> None:
        self._report = report
        self.card.set_report(report)
        self.history_model.set_history(history)
        self.history.expandAll()
        self._fit_item_column()
        self.ingredient.setVisible(False)
        self.details_button.setEnabled(False)

    def _fit_item_column(self) -> None:
        self.history.resizeColumnToContents(Column.ITEM)
        if self.history.columnWidth(Column.ITEM) > ITEM_COLUMN_CAP:
            self.history.setColumnWidth(Column.ITEM, ITEM_COLUMN_CAP)

    def open_selected_ingredient(self) -> None:
        self._open_ingredient(self.history.currentIndex())

    def _open_ingredient(self, index: QModelIndex) -> None:
        node = self.history_model.node(index) if index.isValid() else None
        if node is None or self._report is None:
            return
        self.ingredient.show_node(node, self._report)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.details_button.setEnabled(current.isValid() and self._report is not None)

    def show_loading(self, name: str) -> None:
        self.card.show_loading(name)
        self.history_model.set_history(None)
        self.ingredient.setVisible(False)

    def show_unchecked(self, quick: QuickRead, history: HistoryNode | None, name: str) -> None:
        """The unchecked summary and history, until `set_report` brings the checked one."""
        self.card.show_unchecked(quick, name)
        self.history_model.set_history(history)
        self.history.expandAll()
        self._fit_item_column()
