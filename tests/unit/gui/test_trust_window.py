"""The window with the default trust profile: who vouches and why invalid, said alike in
the card, the viewers tab and Details; the out-of-date lists sentence; the lists in
Preferences and updating them from a folder. Real widgets (offscreen), real c2pa."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.paths import user_folders
from app.core.reading import trust_lists
from app.core.reading.trust_lists import SPECS
from app.core.resources import resource_path
from app.core.settings import Settings
from app.gui.main_window import MainWindow
from app.gui.preferences_dialog import PreferencesDialog
from app.gui.services import CoreServices
from tests.helpers.gui_stubs import StubDialogs
from tests.helpers.list_server import serving
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file
from tests.helpers.window import open_and_wait

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
OFFICIAL, INTERIM = SPECS[0].base_url, SPECS[2].base_url
PUBLISHED = {  # bundled name → published name
    "C2PA-TRUST-LIST.pem": "trust-list/C2PA-TRUST-LIST.pem",
    "C2PA-TRUST-LIST.json": "trust-list/C2PA-TRUST-LIST.json",
    "C2PA-TSA-TRUST-LIST.pem": "trust-list/C2PA-TSA-TRUST-LIST.pem",
    "interim-anchors.pem": "trust/anchors.pem",
    "interim-allowed.pem": "trust/allowed.pem",
    "interim-store.cfg": "trust/store.cfg",
}


@pytest.fixture
def window(qtbot):
    win = MainWindow(dialogs=StubDialogs(), settings=Settings())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.shutdown()


def _own_signed(tmp_path: Path) -> Path:
    chain, key, root = make_test_chain(tmp_path)
    out = tmp_path / "mine.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), out, chain, key, created_manifest("mine"))
    folder = user_folders().identities / "me"
    folder.mkdir(parents=True)
    (folder / "root.pem").write_bytes(root)
    return out


def test_own_identity_reads_trusted_on_this_computer_only(qtbot, window, tmp_path) -> None:
    open_and_wait(qtbot, window, _own_signed(tmp_path))
    card = window.credentials.card
    assert card.badge.text() == "✔ Trusted on this computer only"
    assert "this computer's own signing identities" in card.badge.toolTip()
    assert "Trusted on this computer only" in window.details.facts.text()
    viewers = window.viewers.plain_text()
    assert "unrecognized-issuer warning" in viewers  # viewers do not know a local identity


@pytest.mark.corpus
def test_vendor_file_names_its_list_and_app_alike_everywhere(qtbot, window, corpus_file):
    open_and_wait(qtbot, window, corpus_file("rs_ocsp.jpg"))
    card = window.credentials.card
    assert card.badge.text() == "✔ Trusted — issuer on the older interim list"
    assert card.app.text() == "Adobe Photoshop 26.9.0"
    facts = window.details.facts.text()
    assert "Claim generator (as recorded): Adobe_Photoshop/26.9.0 adobe_c2pa/0.14.2" in facts
    viewers = window.viewers.plain_text()
    assert "Trusted — issuer on the older interim list" in viewers
    assert "this computer" not in viewers and "local identities" not in viewers
    assert "could not be recognized" not in viewers


@pytest.mark.corpus
def test_expired_certificate_is_not_shown_as_tampered(qtbot, window, corpus_file) -> None:
    open_and_wait(qtbot, window, corpus_file("ms_cards_expired_without_timestamp.jpg"))
    badge = window.credentials.card.badge.text()
    assert badge == "✖ Invalid certificate — nothing shows the file was changed"
    assert "Tampered" not in window.credentials.card.summary.text()
    assert "nothing shows that the file was changed" in window.viewers.plain_text()


def test_out_of_date_lists_are_said_once_without_blocking(qtbot, monkeypatch) -> None:
    fresh = MainWindow(dialogs=StubDialogs(), settings=Settings())
    qtbot.addWidget(fresh)
    # The lists are checked in a worker once the window is first painted.
    with qtbot.waitSignal(fresh.runner.idle, timeout=10_000):
        fresh.show()
    assert not fresh.credentials.trust_notice.isVisibleTo(fresh)
    fresh.runner.shutdown()
    monkeypatch.setattr(trust_lists, "now_utc", lambda: datetime(2027, 9, 1, tzinfo=UTC))
    dialogs = StubDialogs()
    old = MainWindow(dialogs=dialogs, settings=Settings())
    qtbot.addWidget(old)
    notice = old.credentials.trust_notice
    with qtbot.waitSignal(old.runner.idle, timeout=10_000):
        old.show()
    assert notice.isVisibleTo(old) and "out of date" in notice.text()
    assert dialogs.infos == [] and dialogs.errors == []  # no dialog stops the user
    old.runner.shutdown()


def test_preferences_show_the_lists_and_update_from_a_folder(qtbot, tmp_path: Path) -> None:
    dialogs = StubDialogs()
    dialog = PreferencesDialog(Settings(), CoreServices(), dialogs, parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.profile.currentData() == "content-credentials"
    summary = dialog.trust_lists.summary.text()
    assert (
        "C2PA Trust List: 30 certificates (issued 2026-08-05, next update 2027-08-05; bundled)"
        in summary
    )
    assert not dialog.trust_changed
    dialog.trust_lists.download.click()  # the user says no: nothing is downloaded
    assert dialogs.confirm_questions and "contentcredentials.org" in dialogs.confirm_questions[0]
    assert not dialog.trust_lists.updated
    folder = tmp_path / "lists"
    folder.mkdir()
    shutil.copyfile(resource_path("trust", "interim-store.cfg"), folder / "store.cfg")
    dialogs.folder_answers.append(folder)
    dialog.trust_lists.from_folder.click()
    assert dialogs.errors == []
    assert "Interim trust list: accepted signing purposes (EKUs): 6" in dialogs.infos[-1]
    assert "6 purposes (issued" in dialog.trust_lists.summary.text()
    assert "; updated)" in dialog.trust_lists.summary.text()
    assert dialog.trust_changed  # the open file is read again with the new lists


@pytest.mark.allow_local_network
def test_preferences_download_runs_in_the_background(qtbot, tmp_path: Path) -> None:
    site = tmp_path / "site"
    for bundled, published in PUBLISHED.items():
        (site / published).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(resource_path("trust", bundled), site / published)
    dialogs = StubDialogs()
    dialogs.confirm_answer = True
    dialog = PreferencesDialog(Settings(), CoreServices(), dialogs, parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    box = dialog.trust_lists
    with serving(site) as (base, _):
        box.download_bases = {OFFICIAL: base + "trust-list/", INTERIM: base + "trust/"}
        box.download.click()
        assert box.downloading and not box.download.isEnabled()
        qtbot.waitUntil(lambda: not box.downloading, timeout=30_000)
    assert dialogs.errors == []
    assert dialogs.infos and f"Updated from {base}trust-list/" in dialogs.infos[-1]
    assert box.download.isEnabled() and dialog.trust_changed
    assert (
        "C2PA Trust List: 30 certificates (issued 2026-08-05, next update 2027-08-05; updated)"
        in (box.summary.text())
    )


def test_a_bad_folder_is_a_sentence(qtbot, tmp_path: Path) -> None:
    dialogs = StubDialogs()
    dialog = PreferencesDialog(Settings(), CoreServices(), dialogs, parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialogs.folder_answers.append(tmp_path)
    dialog.trust_lists.from_folder.click()
    assert dialogs.errors and "No trust list was found" in dialogs.errors[0][0]
    assert not dialog.trust_changed
