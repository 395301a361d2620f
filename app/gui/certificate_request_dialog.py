"""Preferences › Signing identities: "Request a certificate…" and "Complete with issued
certificate…", the window's side of `credlabel identity request` and `complete`.

Both dialogs only collect what the person types and show what the core says
(app/core/signing/pending_identities.py, certificate_verdict.py). The work is short (a key,
a CSR, one 16×16 test signature read back in memory), so it runs directly, under a wait
cursor, like creating a local identity does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CertificateRejected, CredLabelError
from app.core.i18n import N_, _
from app.core.reading.trust import TrustProfile
from app.core.signing import certificates as certs
from app.core.signing import identity_files as disk
from app.core.signing import pending_identities as pending_ids
from app.core.signing.certificate_request import RequestDetails
from app.core.signing.certificate_verdict import Outcome, Verdict, judge
from app.core.signing.identity_store import Identity, IdentityStore
from app.gui.plain_text import add_form_row, plain_label

if TYPE_CHECKING:
    from app.gui.dialogs import Dialogs

# File-dialog filters and key-type names: marked here, translated where they are shown.
CSR_FILTER = N_("Certificate requests (*.csr);;All files (*)")
ISSUED_FILTER = N_("Certificates (*.pem *.crt *.cer *.p7b *.p7c);;All files (*)")
_ALGORITHM_WORDS = {
    "ES256": N_("ES256 (ECDSA P-256, accepted by most CAs)"),
    "PS256": "PS256 (RSA 3072)",
    "Ed25519": N_("Ed25519 (few CAs issue it)"),
}
_OUTCOME_MARKS = {
    Outcome.TRUSTED_C2PA_LIST: "✔",
    Outcome.TRUSTED_INTERIM_LIST: "✔",
    Outcome.TRUSTED_HERE_ONLY: "◐",
    Outcome.NOT_RECOGNIZED: "?",
    Outcome.INVALID: "✖",
    Outcome.REFUSED: "✖",
}
T = TypeVar("T")


def _busy(action: Callable[[], T]) -> T:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return action()
    finally:
        QGuiApplication.restoreOverrideCursor()


def _read_only_text(name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setReadOnly(True)
    box.setMinimumHeight(160)
    return box


def _file_row(field: QLineEdit, on_choose: Callable[[], None]) -> QWidget:
    """`field` with a "Choose…" button beside it."""
    choose = QPushButton(_("Choose…"))
    choose.clicked.connect(on_choose)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field)
    row.addWidget(choose)
    widget = QWidget()
    widget.setLayout(row)
    return widget


class RequestCertificateDialog(QDialog):
    """Ask for the names, make the key and CSR, then show what to send to the CA."""

    def __init__(
        self, store: IdentityStore, dialogs: Dialogs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificateRequestDialog")
        self.setWindowTitle(_("Request a certificate"))
        self._store, self._dialogs = store, dialogs
        self.made: pending_ids.RequestFiles | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page())
        self.pages.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def _form_page(self) -> QWidget:
        page = QWidget()
        intro = plain_label(
            _(
                "A certificate from a certificate authority (CA) on the C2PA Trust List makes "
                "your copies read Trusted everywhere. CredLabel makes the key here (it never "
                "leaves this computer) and a request file to send to the CA."
            ),
            wrap=True,
        )
        self.name = QLineEdit(disk.account_name())
        self.name.setObjectName("requestName")
        self.organization = QLineEdit()
        self.email = QLineEdit()
        self.country = QLineEdit()
        self.country.setMaxLength(2)
        self.country.setPlaceholderText(_("e.g. US, DE, JP"))
        self.algorithm = QComboBox()
        for alg in certs.ALGORITHMS:
            self.algorithm.addItem(_(_ALGORITHM_WORDS.get(alg, alg)), alg)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(_("Optional: protects the key"))
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.csr_path = QLineEdit()
        self.csr_path.setObjectName("requestFile")
        where_widget = _file_row(self.csr_path, self._on_choose_clicked)
        form = QFormLayout()
        add_form_row(form, _("Name (CN):"), self.name)
        add_form_row(form, _("Organization (O):"), self.organization)
        add_form_row(form, _("E-mail:"), self.email)
        add_form_row(form, _("Country (C):"), self.country)
        add_form_row(form, _("Key type:"), self.algorithm)
        add_form_row(form, _("Passphrase:"), self.passphrase)
        add_form_row(form, _("Passphrase again:"), self.again)
        add_form_row(form, _("Save request as:"), where_widget)
        self.problem = plain_label(wrap=True)
        self.problem.setObjectName("requestProblem")
        self.problem.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = buttons.addButton(
            _("Make request"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.make_button.setObjectName("makeRequest")
        buttons.accepted.connect(self._on_make_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.name.textChanged.connect(self._suggest_path)
        self._suggest_path()
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_label = plain_label(wrap=True)
        self.done_label.setObjectName("requestDone")
        self.note = _read_only_text("whatToSend")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_label)
        layout.addWidget(self.note)
        layout.addWidget(close)
        return page

    @Slot()
    def _suggest_path(self, *_args: object) -> None:
        if self.csr_path.isModified():
            return  # the person chose a place: keep it
        slug = disk.new_id(self.name.text() or "request").rsplit("-", 1)[0]
        self.csr_path.setText(str(Path.home() / f"{slug}.csr"))

    @Slot()
    def _on_choose_clicked(self) -> None:
        chosen = self._dialogs.save_file(
            self,
            Path(self.csr_path.text()),
            _(CSR_FILTER),
            title=_("Save the certificate request as"),
        )
        if chosen is not None:
            self.csr_path.setText(str(chosen))
            self.csr_path.setModified(True)

    @Slot()
    def _on_make_clicked(self) -> None:
        self.problem.setText("")
        if self.passphrase.text() != self.again.text():
            self.problem.setText(_("The two passphrases differ. Type the same one twice."))
            return
        details = RequestDetails(
            self.name.text(), self.organization.text(), self.email.text(), self.country.text()
        )
        path = Path(self.csr_path.text().strip()) if self.csr_path.text().strip() else None
        if path is None:
            self.problem.setText(_("Choose where to save the request file."))
            return
        try:
            self.made = _busy(
                lambda: pending_ids.request_certificate(
                    self._store,
                    details,
                    path,
                    algorithm=str(self.algorithm.currentData()),
                    passphrase=self.passphrase.text() or None,
                )
            )
        except CredLabelError as exc:
            self.problem.setText(exc.sentence)
            return
        self.passphrase.clear()
        self.again.clear()
        self.done_label.setText(
            _(
                "Made the request “{name}” (waiting for certificate). Send {request} to the "
                "CA; the note below is also saved as {note}."
            ).format(
                name=self.made.pending.name, request=self.made.csr_path, note=self.made.note_path
            )
        )
        self.note.setPlainText(self.made.note)
        self.pages.setCurrentIndex(1)


class CompleteCertificateDialog(QDialog):
    """Choose the waiting request and the CA's file, see the verdict, then save."""

    def __init__(
        self,
        store: IdentityStore,
        dialogs: Dialogs,
        profile: TrustProfile,
        parent: QWidget | None = None,
        *,
        selected: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificateCompleteDialog")
        self.setWindowTitle(_("Complete with issued certificate"))
        self._store, self._dialogs, self._profile = store, dialogs, profile
        self.identity: Identity | None = None
        self.verdict: Verdict | None = None
        self._checked: tuple[bytes, certs.PrivateKey] | None = None
        form = self._build_form(selected)
        self.check_button = QPushButton(_("Check certificate"))
        self.check_button.setObjectName("checkCertificate")
        self.check_button.clicked.connect(self._on_check_clicked)
        self.headline = QLabel()
        self.headline.setObjectName("verdictHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.reasons = _read_only_text("verdictReasons")
        self.reasons.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            _("Save identity"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveIdentity")
        self.save_button.setEnabled(False)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        intro = plain_label(
            _(
                "Choose the file the certificate authority sent for your request. CredLabel "
                "checks it, signs a small test picture in memory and reads it back as this "
                "computer would, so you know before saving whether your copies will read "
                "Trusted."
            ),
            wrap=True,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(self.headline)
        layout.addWidget(self.reasons, 1)
        layout.addStretch(0)  # keeps the rows together while the reasons are hidden
        layout.addWidget(buttons)
        if self.requests.count() == 0:
            self._show(
                _(
                    "No certificate request is waiting. Make one first with “Request a "
                    "certificate…”."
                ),
                (),
            )
            self.check_button.setEnabled(False)
        self.requests.currentIndexChanged.connect(self._forget_check)
        self.chain_path.textChanged.connect(self._forget_check)

    def _build_form(self, selected: str | None) -> QFormLayout:
        self.requests = QComboBox()
        self.requests.setObjectName("pendingRequests")
        for pending in pending_ids.list_pending(self._store):
            self.requests.addItem(f"{pending.name} ({pending.id}) — {_(pending.status)}", pending)
            if pending.id == selected:
                self.requests.setCurrentIndex(self.requests.count() - 1)
        self.chain_path = QLineEdit()
        self.chain_path.setObjectName("issuedFile")
        self.chain_path.setPlaceholderText(_("The .pem, .crt or .p7b file the CA sent"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(_("Only if you chose one for the request"))
        form = QFormLayout()
        add_form_row(form, _("Request:"), self.requests)
        add_form_row(
            form, _("Issued certificate:"), _file_row(self.chain_path, self._on_choose_clicked)
        )
        add_form_row(form, _("Passphrase:"), self.passphrase)
        return form

    def _pending(self) -> pending_ids.PendingIdentity | None:
        pending = self.requests.currentData()
        return pending if isinstance(pending, pending_ids.PendingIdentity) else None

    @Slot()
    def _forget_check(self, *_args: object) -> None:
        self._checked, self.verdict = None, None
        self.save_button.setEnabled(False)

    @Slot()
    def _on_choose_clicked(self) -> None:
        chosen = self._dialogs.open_files(
            self, _("Choose the certificate the CA sent"), _(ISSUED_FILTER)
        )
        if chosen is not None:
            self.chain_path.setText(str(chosen))

    @Slot()
    def _on_check_clicked(self) -> None:
        self._forget_check()
        pending, text = self._pending(), self.chain_path.text().strip()
        if pending is None:
            return
        if not text:
            self._show(_("Choose the certificate file the CA sent."), ())
            return
        try:
            chain_pem, key, verdict = _busy(lambda: self._check(pending, Path(text)))
        except CredLabelError as exc:
            more = exc.details.splitlines() if isinstance(exc, CertificateRejected) else []
            self._show(f"✖ {exc.sentence}", more)
            return
        self.verdict = verdict
        self._show(f"{_OUTCOME_MARKS[verdict.outcome]} {verdict.headline}", verdict.reasons)
        if verdict.can_sign:
            self._checked = (chain_pem, key)
            self.save_button.setEnabled(True)

    def _check(
        self, pending: pending_ids.PendingIdentity, path: Path
    ) -> tuple[bytes, certs.PrivateKey, Verdict]:
        chain_pem = pending_ids.match_chain(pending, pending_ids.read_issued(path))
        key = pending_ids.load_key(self._store, pending, self.passphrase.text() or None)
        pending_ids.check_issued(chain_pem, key)  # every blocking problem, as on import
        return chain_pem, key, judge(chain_pem, key, self._profile)

    def _show(self, headline: str, reasons: tuple[str, ...] | list[str]) -> None:
        self.headline.setText(headline)
        self.reasons.setPlainText("\n".join(f"• {reason}" for reason in reasons))
        self.reasons.setVisible(bool(reasons))  # an empty box would look like missing text

    @Slot()
    def _on_save_clicked(self) -> None:
        pending = self._pending()
        if pending is None or self._checked is None:
            return
        chain_pem, key = self._checked
        try:
            self.identity = pending_ids.complete(self._store, pending, chain_pem, key)
        except CredLabelError as exc:
            self._dialogs.show_error(self, exc)
            return
        self.passphrase.clear()
        self.accept()
