"""The certificate request dialog and the trust-list box speak the chosen language (#18,
part 3): real widgets offscreen, the real identity store and the bundled trust lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.i18n import set_language
from app.core.reading.trust import load_profile
from app.core.reading.trust_lists import load_lists
from app.core.signing.identity_store import IdentityStore
from app.gui.certificate_request_dialog import CompleteCertificateDialog, RequestCertificateDialog
from app.gui.trust_lists_box import lists_text
from tests.helpers.gui_stubs import StubDialogs


@pytest.fixture
def german() -> Iterator[None]:
    set_language("de")
    yield
    set_language("en")


def test_the_request_dialog_speaks_german(qtbot, tmp_path: Path, german: None) -> None:
    store = IdentityStore()
    dialog = RequestCertificateDialog(store, StubDialogs())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Zertifikat anfordern"
    assert dialog.make_button.text() == "Anforderung erstellen"
    dialog.name.setText("Erika Mustermann")
    dialog.passphrase.setText("eins")
    dialog.again.setText("zwei")
    dialog.make_button.click()
    assert dialog.problem.text() == (
        "Die beiden Passphrasen unterscheiden sich. Geben Sie zweimal dieselbe ein."
    )
    complete = CompleteCertificateDialog(store, StubDialogs(), load_profile("none"))
    qtbot.addWidget(complete)
    assert complete.windowTitle() == "Mit ausgestelltem Zertifikat abschließen"


def test_the_trust_list_summary_speaks_the_language() -> None:
    lists = load_lists()
    try:
        set_language("ja")
        japanese = lists_text(lists)
    finally:
        set_language("en")
    assert "30 件の証明書" in japanese and "2026-08-05 発行" in japanese, japanese
    assert "30 certificates" in lists_text(lists)


def test_a_wrong_country_code_is_refused_in_german(qtbot, german: None) -> None:
    dialog = RequestCertificateDialog(IdentityStore(), StubDialogs())
    qtbot.addWidget(dialog)
    dialog.name.setText("Erika Mustermann")
    dialog.country.setText("1")
    dialog.make_button.click()
    assert dialog.problem.text() == (
        "„1“ ist kein Ländercode. Verwenden Sie die zwei Buchstaben Ihres Landes, z. B. US, DE "
        "oder JP."
    )
