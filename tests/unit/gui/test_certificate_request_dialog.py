"""Preferences › Signing identities: request a certificate, then complete it with the CA's
file, with real widgets, the real identity store and a real test signature."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509

from app.core.reading.trust import load_profile
from app.core.settings import Settings
from app.core.signing import pending_identities as pending_ids
from app.core.signing.certificate_request import RequestDetails
from app.core.signing.identity_store import IdentityStore
from app.gui.certificate_request_dialog import CompleteCertificateDialog, RequestCertificateDialog
from app.gui.preferences_dialog import PreferencesDialog
from app.gui.services import CoreServices
from tests.helpers.certificates import TestCA
from tests.helpers.gui_stubs import StubDialogs
from tests.helpers.modal import answer_modal


def fill_request(dialog: RequestCertificateDialog, csr: Path) -> None:
    dialog.name.setText("Jane Doe")
    dialog.organization.setText("Doe Photo")
    dialog.email.setText("jane@example.org")
    dialog.country.setText("de")
    dialog.csr_path.setText(str(csr))
    dialog.csr_path.setModified(True)


def issue(tmp_path: Path, csr: bytes, **kwargs: object) -> tuple[Path, Path]:
    ca = TestCA.make("Acme Trust")
    issued, root = tmp_path / "issued.pem", tmp_path / "root.pem"
    issued.write_bytes(ca.chain_pem(ca.issue(csr, **kwargs)))  # type: ignore[arg-type]
    root.write_bytes(ca.root_pem)
    return issued, root


def test_the_request_dialog_makes_the_key_and_shows_what_to_send(qtbot, tmp_path: Path) -> None:
    store = IdentityStore()
    dialog = RequestCertificateDialog(store, StubDialogs())
    qtbot.addWidget(dialog)
    fill_request(dialog, tmp_path / "jane.csr")
    dialog.passphrase.setText("one")
    dialog.again.setText("two")
    dialog.make_button.click()
    assert "passphrases differ" in dialog.problem.text()
    dialog.again.setText("one")
    dialog.country.setText("1")
    dialog.make_button.click()
    assert "not a country code" in dialog.problem.text()
    assert pending_ids.list_pending(store) == []
    dialog.country.setText("DE")
    dialog.make_button.click()
    assert dialog.problem.text() == ""
    assert dialog.pages.currentIndex() == 1
    [waiting] = pending_ids.list_pending(store)
    assert waiting.encrypted and waiting.name == "Jane Doe"
    assert "1.3.6.1.4.1.62558.2.1" in dialog.note.toPlainText()
    assert (tmp_path / "jane-what-to-send.txt").read_text() == dialog.note.toPlainText()
    csr = x509.load_pem_x509_csr((tmp_path / "jane.csr").read_bytes())
    assert "CN=Jane Doe" in csr.subject.rfc4514_string()
    assert dialog.passphrase.text() == ""  # not kept in the widget after use


def test_the_complete_dialog_says_trusted_and_saves(qtbot, tmp_path: Path) -> None:
    store = IdentityStore()
    pending, csr = pending_ids.create_request(store, RequestDetails("Jane Doe"))
    issued, root = issue(tmp_path, csr)
    profile = load_profile("none", user_anchor_files=[root])
    dialog = CompleteCertificateDialog(store, StubDialogs(), profile, selected=pending.id)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.chain_path.setText(str(issued))
    dialog.check_button.click()
    assert "Trusted" in dialog.headline.text()
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.identity is not None and dialog.identity.id == pending.id
    assert [i.id for i in store.list()] == [pending.id]
    assert pending_ids.list_pending(store) == []


def test_the_complete_dialog_refuses_a_chain_without_the_eku(qtbot, tmp_path: Path) -> None:
    store = IdentityStore()
    pending, csr = pending_ids.create_request(store, RequestDetails("Jane Doe"))
    issued, _ = issue(tmp_path, csr, eku=[])
    dialog = CompleteCertificateDialog(store, StubDialogs(), load_profile("none"))
    qtbot.addWidget(dialog)
    dialog.chain_path.setText(str(issued))
    dialog.check_button.click()
    assert "has no extended key usage" in dialog.headline.text()
    assert not dialog.save_button.isEnabled()
    assert store.list() == [] and [p.id for p in pending_ids.list_pending(store)] == [pending.id]


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen: modal dialogs
def test_preferences_request_then_complete(qtbot, tmp_path: Path) -> None:
    store = IdentityStore()
    root = tmp_path / "root.pem"
    settings = Settings(trust_profile="none", extra_trust_anchors=(str(root),))
    dialogs = StubDialogs()
    prefs = PreferencesDialog(settings, CoreServices(), dialogs, parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(prefs)

    def make(dialog: RequestCertificateDialog) -> None:
        fill_request(dialog, tmp_path / "jane.csr")
        dialog.make_button.click()
        dialog.accept()

    answered = answer_modal(RequestCertificateDialog, make)
    prefs.request_button.click()
    answered.check()
    texts = [prefs.identities.item(i).text() for i in range(prefs.identities.count())]
    assert texts == ["Jane Doe — waiting for certificate"]
    issued, made_root = issue(tmp_path, (tmp_path / "jane.csr").read_bytes())
    assert made_root == root

    def complete(dialog: CompleteCertificateDialog) -> None:
        dialog.chain_path.setText(str(issued))
        dialog.check_button.click()
        dialog.save_button.click()

    prefs.identities.setCurrentRow(0)
    answered = answer_modal(CompleteCertificateDialog, complete)
    prefs.complete_button.click()
    answered.check()
    texts = [prefs.identities.item(i).text() for i in range(prefs.identities.count())]
    assert texts == ["Jane Doe (imported)  — default"]
    assert dialogs.errors == []
    default = store.default()
    assert default is not None and default.name == "Jane Doe"
