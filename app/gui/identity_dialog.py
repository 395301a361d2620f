"""First export without a signing identity: create a local one in one click, or import.

The name is prefilled from the operating-system account. Creating an identity writes a
key and certificate (milliseconds of work), so it runs directly; the core does all of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CredLabelError
from app.core.i18n import N_, _
from app.core.signing.identity_files import account_name
from app.core.signing.identity_store import Identity, IdentityStore
from app.gui.plain_text import add_form_row

if TYPE_CHECKING:
    from app.gui.dialogs import Dialogs

CERT_FILTER = N_("Certificates (*.p12 *.pfx *.pem *.crt);;All files (*)")
KEY_FILTER = N_("Private keys (*.pem *.key);;All files (*)")


def import_identity(store: IdentityStore, dialogs: Dialogs, parent: QWidget) -> Identity | None:
    """Ask for a certificate (PKCS#12, or PEM chain + key) and import it into `store`."""
    cert = dialogs.open_files(parent, _("Choose your certificate"), _(CERT_FILTER))
    if cert is None:
        return None
    if cert.suffix.lower() in (".p12", ".pfx"):
        passphrase = dialogs.text(parent, _("Certificate password"), _("Password:"), password=True)
        if passphrase is None:
            return None
        return store.import_pkcs12(cert, passphrase or None)
    key = dialogs.open_files(
        parent, _("Choose the private key for this certificate"), _(KEY_FILTER)
    )
    if key is None:
        return None
    return store.import_pem(cert, key)


class FirstIdentityDialog(QDialog):
    """`identity` holds the created or imported identity once the dialog is accepted."""

    def __init__(
        self, store: IdentityStore, dialogs: Dialogs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstIdentityDialog")
        self.setWindowTitle(_("Create your signing identity"))
        self.store = store
        self.dialogs = dialogs
        self.identity: Identity | None = None
        intro = QLabel(
            _(
                "To sign a labeled copy, CredLabel needs a signing identity. A local identity "
                "is made on this computer in one click: your copies then read as Trusted here, "
                "and as valid but not recognized elsewhere. If you have a certificate from an "
                "organization, import it instead."
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.name = QLineEdit(account_name())
        self.name.setObjectName("identityName")
        self.name.setAccessibleName(_("Name shown as the signer"))
        form = QFormLayout()
        add_form_row(form, _("Your name:"), self.name)
        buttons = QDialogButtonBox()
        self.create_button = QPushButton(_("Create local identity"))
        self.create_button.setObjectName("createIdentity")
        self.create_button.setDefault(True)
        self.import_button = QPushButton(_("Import a certificate…"))
        self.import_button.setObjectName("importIdentity")
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.create_button.clicked.connect(self._on_create_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @Slot()
    def _on_create_clicked(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.dialogs.error(self, _("Type the name that should appear as the signer."))
            return
        self._finish(lambda: self.store.create_local(name))

    @Slot()
    def _on_import_clicked(self) -> None:
        self._finish(lambda: import_identity(self.store, self.dialogs, self))

    def _finish(self, make: Callable[[], Identity | None]) -> None:
        try:
            identity = make()
        except CredLabelError as exc:
            self.dialogs.show_error(self, exc)
            return
        if identity is not None:
            self.identity = identity
            self.accept()


def ask_first_identity(store: IdentityStore, dialogs: Dialogs, parent: QWidget) -> Identity | None:
    dialog = FirstIdentityDialog(store, dialogs, parent)
    return dialog.identity if dialog.exec() else None


__all__ = ["FirstIdentityDialog", "account_name", "ask_first_identity", "import_identity"]
