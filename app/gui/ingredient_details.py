"""An ingredient's own details, opened from the history tree (double-click or "Details"):
its validation state, signer, app, actions and AI terms, worded by
`app.core.reading.manifest_facts.manifest_rows` like the active manifest's card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from app.core.i18n import _
from app.gui.badges import badge_for
from app.gui.plain_text import plain_label

if TYPE_CHECKING:
    from app.core.model import FileReport
    from app.gui.history_model import HistoryNode


class IngredientDetails(QFrame):
    """A framed box under the history tree; hidden until an ingredient is opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ingredientDetails")
        self.setAccessibleName(_("Ingredient details"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = plain_label(wrap=True)
        self.title.setObjectName("ingredientTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.state = plain_label(wrap=True)
        self.state.setObjectName("ingredientState")
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addLayout(self.form)
        self.setVisible(False)

    def show_node(self, node: HistoryNode, report: FileReport) -> None:
        """Fill the box with `node`'s manifest (from `report`) and show it."""
        from app.core.reading.manifest_facts import manifest_rows

        self.title.setText(node.title)
        state = badge_for(node.state).text if node.state else _("Not checked")
        self.state.setText(_("State: {state}").format(state=state))
        while self.form.rowCount():
            self.form.removeRow(0)
        manifest = report.manifests.get(node.manifest_label or "")
        if manifest is None:
            self.form.addRow(
                plain_label(
                    _("This ingredient carries no Content Credentials of its own."), wrap=True
                )
            )
        else:
            for name, value in manifest_rows(manifest):
                field = plain_label(value, wrap=True)
                field.setObjectName(f"ingredientFact_{len(self.rows())}")
                self.form.addRow(plain_label(f"{name}:"), field)
        self.setVisible(True)

    def rows(self) -> list[tuple[str, str]]:
        """(field, value) as shown, for tests and screen readers."""
        found = []
        for row in range(self.form.rowCount()):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None:
                name, value = label.widget(), field.widget()
                if isinstance(name, QLabel) and isinstance(value, QLabel):
                    found.append((name.text().rstrip(":"), value.text()))
        return found
