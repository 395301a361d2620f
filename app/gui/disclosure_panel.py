"""The disclosure panel: what the creator says about AI use and edits.

It builds a `Disclosure` (the core's model) from its controls and shows the one-line label
a viewer will display (`Disclosure.label_preview`). The warning about history that already
declares AI comes from the core's honesty check, passed in by the window. When the open
file's history records AI, "No AI used" is shown disabled with the core's reason (naming
the earlier tool): a label never says less about AI than the file's history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _
from app.core.labeling.disclosure import EDIT_ACTIONS, AiTool, AiUse, DeclaredEdit, Disclosure
from app.gui.plain_text import add_form_row, plain_label, safe_tooltip

if TYPE_CHECKING:  # the history rules load with the first file's history
    from app.core.model import FileReport

AI_TOOL_SUGGESTIONS: tuple[str, ...] = (
    "Adobe Firefly",
    "DALL·E",
    "Midjourney",
    "Stable Diffusion",
    "ChatGPT",
    "Gemini",
    "Imagen",
    "Runway",
    "Sora",
    "Veo",
    "Pika",
    "Flux",
    "Photoshop Generative Fill",
    "Canva Magic Media",
)

NO_CHOICE_PREVIEW = N_("Choose how AI was used to see what viewers will show.")

_AI_CHOICES = (
    (AiUse.NONE, N_("No AI used"), N_("Declare no AI use (nothing AI-related is written)")),
    (
        AiUse.PARTIAL,
        N_("Contains AI elements"),
        N_("Real content with AI-generated or AI-edited parts"),
    ),
    (
        AiUse.FULL,
        N_("Entirely AI-generated"),
        N_("The whole picture or video was made by an AI tool"),
    ),
)


class DisclosurePanel(QScrollArea):
    """Emits `changed` whenever the disclosure it describes changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._build_ai_box())
        layout.addWidget(self._build_tools_box())
        layout.addWidget(self._build_edits_box())
        layout.addWidget(self._build_about_box())
        # The warnings quote the file's own history (tool names): plain text only.
        self.warning = plain_label(wrap=True)
        self.warning.setObjectName("historyWarning")
        self.warning.setAccessibleName(_("Warning about the file's history"))
        self.warning.setWordWrap(True)
        self.warning.setVisible(False)
        layout.addWidget(self.warning)
        heading = QLabel(_("<b>Viewers will show:</b>"))
        heading.setTextFormat(Qt.TextFormat.RichText)  # our own words, in bold
        layout.addWidget(heading)
        self.label_preview = plain_label(wrap=True)
        self.label_preview.setObjectName("labelPreview")
        self.label_preview.setAccessibleName(_("Label viewers will show"))
        self.label_preview.setWordWrap(True)
        layout.addWidget(self.label_preview)
        layout.addStretch(1)
        self.setWidget(body)
        self._copy_preview = ""
        self._clean: tuple[AiUse | None, Disclosure] = (None, Disclosure())
        self.changed.connect(self._on_changed)
        self._on_changed()

    # -- building ------------------------------------------------------------------------

    def _build_ai_box(self) -> QGroupBox:
        box = QGroupBox(_("AI use"))
        layout = QVBoxLayout(box)
        self.ai_group = QButtonGroup(self)
        self.ai_buttons: dict[AiUse, QRadioButton] = {}
        for use, text, tip in _AI_CHOICES:
            button = QRadioButton(_(text))
            button.setObjectName(f"ai_{use.value}")
            button.setToolTip(_(tip))
            button.setAccessibleName(_(text))
            self.ai_group.addButton(button)
            self.ai_buttons[use] = button
            layout.addWidget(button)
        # Nothing is preselected: the creator makes the choice (a file's history may set a
        # floor, see `set_history`); Export asks when no choice was made.
        self.ai_group.buttonToggled.connect(lambda *_: self.changed.emit())
        # Why "No AI used" is not offered: quotes the file's history (tool names), plain text.
        self.no_ai_reason = plain_label(wrap=True)
        self.no_ai_reason.setObjectName("noAiReason")
        self.no_ai_reason.setAccessibleName(_("Why “No AI used” is not offered"))
        self.no_ai_reason.setWordWrap(True)
        self.no_ai_reason.setVisible(False)
        layout.addWidget(self.no_ai_reason)
        return box

    def _build_tools_box(self) -> QGroupBox:
        self.tools_box = QGroupBox(_("AI tools used"))
        self.tool_entry = QLineEdit()
        self.tool_entry.setObjectName("aiToolEntry")
        self.tool_entry.setPlaceholderText(_("Type a tool, e.g. Adobe Firefly (name@version)"))
        self.tool_entry.setAccessibleName(_("AI tool name"))
        completer = QCompleter(list(AI_TOOL_SUGGESTIONS), self.tool_entry)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tool_entry.setCompleter(completer)
        self.tool_entry.returnPressed.connect(self.add_tool_from_entry)
        self.add_tool_button = QPushButton(_("Add"))
        self.add_tool_button.setToolTip(_("Add this tool to the list"))
        self.add_tool_button.clicked.connect(self.add_tool_from_entry)
        self.remove_tool_button = QPushButton(_("Remove"))
        self.remove_tool_button.setToolTip(_("Remove the selected tool"))
        self.remove_tool_button.clicked.connect(self._on_remove_tool_clicked)
        self.tools = QListWidget()
        self.tools.setObjectName("aiTools")
        self.tools.setAccessibleName(_("AI tools used"))
        self.tools.setMaximumHeight(90)
        self.tools.itemChanged.connect(lambda *_: self.changed.emit())
        row = QHBoxLayout()
        row.addWidget(self.tool_entry, 1)
        row.addWidget(self.add_tool_button)
        row.addWidget(self.remove_tool_button)
        layout = QVBoxLayout(self.tools_box)
        layout.addLayout(row)
        layout.addWidget(self.tools)
        return self.tools_box

    def _build_edits_box(self) -> QGroupBox:
        box = QGroupBox(_("Edits you made"))
        grid = QGridLayout(box)
        self.edit_boxes: dict[str, QCheckBox] = {}
        for i, (kind, (_action, label)) in enumerate(EDIT_ACTIONS.items()):
            check = QCheckBox(_(label))
            check.setObjectName(f"edit_{kind}")
            check.setAccessibleName(_(label))
            check.toggled.connect(lambda *_: self.changed.emit())
            self.edit_boxes[kind] = check
            # One column: two columns of long labels (and longer translations) made the
            # panel wider than the tab at 1024 px, cutting the Remove button.
            grid.addWidget(check, i, 0)
        return box

    def _build_about_box(self) -> QGroupBox:
        box = QGroupBox(_("About the work"))
        form = QFormLayout(box)
        self.title = QLineEdit()
        self.title.setObjectName("titleEntry")
        self.title.setAccessibleName(_("Title"))
        self.title.setPlaceholderText(_("Optional"))
        self.creator = QLineEdit()
        self.creator.setObjectName("creatorEntry")
        self.creator.setAccessibleName(_("Creator"))
        self.creator.setPlaceholderText(_("Optional: your name as it should appear"))
        self.no_training = QCheckBox(_("Do not use for AI training"))
        self.no_training.setObjectName("noAiTraining")
        self.no_training.setToolTip(_("Ask AI companies not to train or mine on this file"))
        self.remove_location = QCheckBox(_("Leave the GPS location out of the copy"))
        self.remove_location.setObjectName("removeLocation")
        self.remove_location.setToolTip(
            _(
                "This file's metadata records where it was taken. Tick to leave that out of "
                "the copy (metadata only: the picture is not re-encoded)."
            )
        )
        self.remove_location.setVisible(False)
        for widget in (self.title, self.creator):
            widget.textChanged.connect(lambda *_: self.changed.emit())
        self.no_training.toggled.connect(lambda *_: self.changed.emit())
        self.remove_location.toggled.connect(lambda *_: self.changed.emit())
        add_form_row(form, _("Title:"), self.title)
        add_form_row(form, _("Creator:"), self.creator)
        self.creator_note = plain_label(_("From Preferences › Creator name for my copies"))
        self.creator_note.setObjectName("creatorFromPreferences")
        self.creator_note.setVisible(False)
        form.addRow(self.creator_note)
        form.addRow(self.no_training)
        form.addRow(self.remove_location)
        return box

    def set_history(self, report: FileReport | None) -> None:
        """Offer only the choices that say at least what `report`'s history says about AI:
        "No AI used" is disabled, with the reason, when an earlier step records AI."""
        from app.core.labeling.history_rules import no_ai_refusal, recorded_ai
        from app.core.model import AiVerdictKind

        refusal = no_ai_refusal(report)
        none_button = self.ai_buttons[AiUse.NONE]
        none_button.setEnabled(refusal is None)
        # The reason quotes the file (tool names): shown literally, never as markup.
        none_button.setToolTip(safe_tooltip(refusal) if refusal else _(_AI_CHOICES[0][2]))
        self.no_ai_reason.setText(refusal or "")
        self.no_ai_reason.setVisible(refusal is not None)
        if refusal is not None and self.ai_use in (None, AiUse.NONE):
            record = recorded_ai(report) if report is not None else None
            full = record is not None and record.kind is AiVerdictKind.GENERATED
            self.set_ai_use(AiUse.FULL if full else AiUse.PARTIAL)

    def set_location_available(self, has_location: bool) -> None:
        """Offer to leave the location out only when the open file records one."""
        self.remove_location.setVisible(has_location)
        if not has_location:
            self.remove_location.setChecked(False)

    # -- reading and writing the disclosure ---------------------------------------------

    @property
    def ai_use(self) -> AiUse | None:
        """The AI choice made, or None while the creator has not chosen."""
        for use, button in self.ai_buttons.items():
            if button.isChecked():
                return use
        return None

    def allowed_choices(self) -> list[AiUse]:
        """The AI choices the open file's history allows (its floor disables the others)."""
        return [use for use, button in self.ai_buttons.items() if button.isEnabled()]

    def clear_ai_use(self) -> None:
        # An exclusive group never lets its last checked button go: lift that briefly.
        self.ai_group.setExclusive(False)
        for button in self.ai_buttons.values():
            button.setChecked(False)
        self.ai_group.setExclusive(True)

    def mark_clean(self) -> None:
        """Remember the present state as "nothing to lose" (a fresh file, or just exported)."""
        self._clean = (self.ai_use, self.disclosure())

    def is_unfinished(self) -> bool:
        """True when the creator changed anything since the file was opened or exported."""
        return (self.ai_use, self.disclosure()) != self._clean

    def set_creator_preference(self, name: str | None) -> None:
        """Offer the creator name from Preferences, said to come from there."""
        self.creator.setText(name or "")
        self.creator_note.setVisible(bool(name))

    def set_ai_use(self, use: AiUse) -> None:
        self.ai_buttons[use].setChecked(True)

    def tool_names(self) -> list[str]:
        return [self.tools.item(i).text() for i in range(self.tools.count())]

    def add_tool(self, text: str) -> None:
        text = text.strip()
        if text and text not in self.tool_names():
            self.tools.addItem(text)
            self.changed.emit()

    @Slot()
    def add_tool_from_entry(self) -> None:
        self.add_tool(self.tool_entry.text())
        self.tool_entry.clear()

    @Slot()
    def _on_remove_tool_clicked(self) -> None:
        for item in self.tools.selectedItems():
            self.tools.takeItem(self.tools.row(item))
        self.changed.emit()

    def disclosure(self) -> Disclosure:
        ai = self.ai_use or AiUse.NONE
        tools = tuple(AiTool.parse(t) for t in self.tool_names()) if ai is not AiUse.NONE else ()
        edits = tuple(DeclaredEdit(k) for k, box in self.edit_boxes.items() if box.isChecked())
        return Disclosure(
            ai=ai,
            ai_tools=tools,
            edits=edits,
            title=self.title.text().strip() or None,
            creator=self.creator.text().strip() or None,
            no_ai_training=self.no_training.isChecked(),
            remove_location=self.remove_location.isChecked(),
        )

    def reset(self) -> None:
        """A fresh disclosure for a newly opened file (nothing carried over by mistake)."""
        self.blockSignals(True)
        self.clear_ai_use()
        self.tools.clear()
        for box in self.edit_boxes.values():
            box.setChecked(False)
        self.title.clear()
        self.creator.clear()  # never the previous file's creator (issue #17)
        self.creator_note.setVisible(False)
        self.no_training.setChecked(False)
        self.set_location_available(False)
        self.set_history(None)
        self.blockSignals(False)
        self.changed.emit()
        self.mark_clean()

    def set_warnings(self, warnings: list[str]) -> None:
        self.warning.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warning.setVisible(bool(warnings))

    def show_copy_preview(self, line: str) -> None:
        """Show what the copy will say (the window computes it from the file's history)."""
        self._copy_preview = line
        self.label_preview.setText(line)

    @Slot()
    def _on_changed(self) -> None:
        self.tools_box.setEnabled(self.ai_use not in (None, AiUse.NONE))
        if self.ai_use is None:
            self.label_preview.setText(_(NO_CHOICE_PREVIEW))
        elif not self._copy_preview:  # no file's history to go on (the batch window)
            self.label_preview.setText(self.disclosure().label_preview())
