"""The tamper-demo chooser: which kind of tampering to show a class, in plain words.

The dialog only picks a `TamperKind`; the copy is made by `app.core.workshop.tamper` in the workshop
folder (never the original) and opened beside the original in the compare window.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import N_, _
from app.core.workshop.tamper import TamperKind
from app.gui.plain_text import plain_label
from app.gui.wording import shorten

# What each kind does, as a teacher would say it to a class.
# English here (N_), translated where shown.
DESCRIPTIONS = {
    TamperKind.PIXELS: N_(
        "Change one byte of the picture, video or sound, invisibly. "
        "The credentials stay but no longer match."
    ),
    TamperKind.MANIFEST: N_(
        "Change one letter inside the credentials themselves. "
        "The signature no longer covers what they say."
    ),
    TamperKind.STRIP: N_("Cut the credentials out of the file, as some tools do."),
    TamperKind.REENCODE: N_("Save it again like a platform upload (new compression)."),
    TamperKind.SCREENSHOT: N_("Draw the pixels into a new picture, as a screenshot does."),
}


class TamperDialog(QDialog):
    """Radio buttons for each kind, each with its one-line description."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tamperDialog")
        self.setWindowTitle(_("Tamper demo"))
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        intro = plain_label(
            _(
                "Make a changed copy of {name} in the workshop folder and compare it "
                "with the original. The original is never touched."
            ).format(name=shorten(name)),
            wrap=True,
        )
        layout.addWidget(intro)
        self.buttons: dict[TamperKind, QRadioButton] = {}
        for kind in TamperKind:
            description = _(DESCRIPTIONS[kind])
            button = QRadioButton(kind.label)
            button.setAccessibleName(kind.label)
            button.setToolTip(description)
            self.group.addButton(button)
            self.buttons[kind] = button
            hint = plain_label(description, wrap=True)
            layout.addWidget(button)
            # Indented by the layout, which mirrors for right-to-left languages (a label's
            # own indent made Arabic lines run past the dialog's edge).
            row = QHBoxLayout()
            row.addSpacing(24)
            row.addWidget(hint, 1)
            layout.addLayout(row)
        self.buttons[TamperKind.PIXELS].setChecked(True)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText(_("Make tampered copy"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def kind(self) -> TamperKind:
        for kind, button in self.buttons.items():
            if button.isChecked():
                return kind
        return TamperKind.PIXELS


def ask_tamper_kind(parent: QWidget, name: str) -> TamperKind | None:
    dialog = TamperDialog(name, parent)
    return dialog.kind() if dialog.exec() else None
