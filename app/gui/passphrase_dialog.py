"""The passphrase dialog: unlock a signing identity whose key is protected.

It names the identity, takes the passphrase in a masked field, and offers what the core's
`PassphraseMemory` can do with it: remember it for this session (in memory only), and also
in the system keyring when one is available. After a wrong passphrase it is shown again
with the core's sentence saying so. The passphrase is only handed back to the caller: it is
never logged, never shown, and the field is cleared when the dialog closes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.labeling.service import Remember
from app.gui.plain_text import plain_label


@dataclass(frozen=True)
class PassphraseAnswer:
    """What the person typed and where it may be kept."""

    passphrase: str = field(repr=False)  # never in a log line or a traceback
    remember: Remember = Remember.SESSION


class PassphraseDialog(QDialog):
    """Asks for the passphrase of `identity_name`; `problem` says why it is asked again."""

    def __init__(
        self,
        identity_name: str,
        problem: str | None = None,
        *,
        keyring_available: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(_("Unlock your signing identity"))
        self.intro = plain_label(
            _(
                "The key of “{name}” is protected by a passphrase. "
                "Type it to sign the labeled copy."
            ).format(name=identity_name)
        )  # the name is the identity's own text: shown as typed, never as markup
        self.intro.setWordWrap(True)
        self.problem = plain_label(problem or "")
        self.problem.setObjectName("passphraseProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setVisible(bool(problem))
        self.field = QLineEdit()
        self.field.setObjectName("passphraseField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(_("Passphrase of {name}").format(name=identity_name))
        self.remember_session = QCheckBox(_("Remember for this session"))
        self.remember_session.setObjectName("rememberSession")
        self.remember_session.setToolTip(_("Kept in memory until CredLabel quits; never written"))
        self.remember_session.setChecked(True)
        self.keyring = QCheckBox(_("Also keep it in the system keyring"))
        self.keyring.setObjectName("rememberKeyring")
        self.keyring_available = keyring_available
        if not keyring_available:
            self.keyring.setToolTip(_("No system keyring is available on this computer"))
        self.remember_session.toggled.connect(self._update_keyring)
        buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(_("Unlock and sign"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.field.textChanged.connect(self._update_unlock)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.problem, self.field, self.remember_session, self.keyring):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self._update_keyring()
        self._update_unlock()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _update_keyring(self) -> None:
        usable = self.keyring_available and self.remember_session.isChecked()
        self.keyring.setEnabled(usable)
        if not usable:
            self.keyring.setChecked(False)

    @Slot()
    def _update_unlock(self) -> None:
        self.unlock_button.setEnabled(bool(self.field.text()))

    def answer(self) -> PassphraseAnswer:
        if not self.remember_session.isChecked():
            remember = Remember.NOT
        elif self.keyring.isChecked():
            remember = Remember.KEYRING
        else:
            remember = Remember.SESSION
        return PassphraseAnswer(self.field.text(), remember)

    def done(self, result: int) -> None:
        self._answer = self.answer() if result == QDialog.DialogCode.Accepted.value else None
        self.field.clear()  # the widget does not keep the passphrase once answered
        super().done(result)

    def result_answer(self) -> PassphraseAnswer | None:
        """The answer once the dialog closed; None when it was cancelled."""
        return getattr(self, "_answer", None)


def ask_passphrase(
    parent: QWidget, identity_name: str, problem: str | None, *, keyring_available: bool
) -> PassphraseAnswer | None:
    dialog = PassphraseDialog(
        identity_name, problem, keyring_available=keyring_available, parent=parent
    )
    dialog.exec()
    return dialog.result_answer()
