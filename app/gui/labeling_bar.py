"""The labeling bar: the one decision, always in view under the preview.

It holds the AI choice (three buttons that mirror the disclosure tab's, with the history's
floor: choices below it are disabled with the reason), the line saying what the copy will
show (computed by the core from the chain the export writes, `app.core.labeling.preview`),
and the export bar with its prominent Export button. The disclosure tab stays the place for
details; both show the same state because the bar only drives the tab's own buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.labeling.disclosure import AiUse
from app.gui.dialogs import AI_CHOICE_WORDS
from app.gui.disclosure_panel import DisclosurePanel
from app.gui.plain_text import plain_label, safe_tooltip

CHOICES = AI_CHOICE_WORDS


class LabelingBar(QFrame):
    """The AI choice, the copy's preview line and the export bar, in one strip."""

    def __init__(
        self, disclosure: DisclosurePanel, export_bar: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("labelingBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.disclosure = disclosure
        heading = plain_label(_("AI use:"))
        heading.setStyleSheet("font-weight: bold")
        self.group = QButtonGroup(self)
        self.buttons: dict[AiUse, QRadioButton] = {}
        choices = QHBoxLayout()
        choices.addWidget(heading)
        for use, text in CHOICES:
            button = QRadioButton(_(text))
            button.setObjectName(f"bar_ai_{use.value}")
            button.setAccessibleName(_(text))
            self.group.addButton(button)
            self.buttons[use] = button
            choices.addWidget(button)
            button.clicked.connect(lambda _c=False, u=use: self.disclosure.set_ai_use(u))
        choices.addStretch(1)
        # Why a choice is disabled: quotes the file's history (tool names), plain text.
        self.floor = plain_label(wrap=True)
        self.floor.setObjectName("barFloorReason")
        self.floor.setVisible(False)
        self.preview = plain_label(wrap=True)
        self.preview.setObjectName("barPreview")
        self.preview.setAccessibleName(_("What viewers will show for the copy"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(choices)
        layout.addWidget(self.floor)
        layout.addWidget(self.preview)
        layout.addWidget(export_bar)
        disclosure.changed.connect(self.follow_disclosure)
        self.follow_disclosure()

    @Slot()
    def follow_disclosure(self) -> None:
        """Show the tab's state: its choice, which choices it offers and why not."""
        chosen = self.disclosure.ai_use
        self.group.setExclusive(False)  # lets "no choice yet" show as no button checked
        for use, button in self.buttons.items():
            source = self.disclosure.ai_buttons[use]
            button.setEnabled(source.isEnabled())
            button.setToolTip(source.toolTip())
            button.setChecked(use is chosen)
        self.group.setExclusive(True)
        reason = self.disclosure.no_ai_reason.text()
        self.floor.setText(reason)
        self.floor.setToolTip(safe_tooltip(reason))
        self.floor.setVisible(bool(reason) and not self.disclosure.no_ai_reason.isHidden())

    def show_preview(self, line: str) -> None:
        self.preview.setText(_("Viewers will show: {line}").format(line=line))
