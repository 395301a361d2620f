"""The preferences dialog: identities with a default, trust profile, output naming."""

from __future__ import annotations

from app.core.settings import Settings
from app.core.signing.identity_store import IdentityStore
from app.gui.preferences_dialog import PreferencesDialog
from app.gui.services import CoreServices
from tests.helpers.gui_stubs import StubDialogs


def test_preferences_change_default_identity_trust_and_naming(qtbot) -> None:
    """The real identity store (in this test's own user folders)."""
    store = IdentityStore()
    alice = store.create_local("Alice")
    bob = store.create_local("Bob")
    dialogs = StubDialogs()
    dialog = PreferencesDialog(Settings(), CoreServices(), dialogs, parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    texts = [dialog.identities.item(i).text() for i in range(dialog.identities.count())]
    assert texts == ["Alice (local)  — default", "Bob (local)"]
    dialog.identities.setCurrentRow(1)
    dialog.make_default.click()
    default = store.default()
    assert default is not None and default.id == bob.id
    assert dialog.identities.item(1).text() == "Bob (local)  — default"
    dialog.identities.setCurrentRow(1)
    dialog.timestamp.setText("http://tsa.example.test")
    dialog.timestamp.editingFinished.emit()
    assert store.get(bob.id).timestamp_url == "http://tsa.example.test"
    assert store.get(alice.id).timestamp_url is None
    dialog.profile.setCurrentIndex(dialog.profile.findData("c2pa-test"))
    dialog.pattern.setText("{stem}-labeled{ext}")
    assert dialog.example.text() == "photo.jpg → photo-labeled.jpg"
    result = dialog.result_settings()
    assert result.trust_profile == "c2pa-test"
    assert result.output_pattern == "{stem}-labeled{ext}"
    assert result.default_identity == bob.id
    assert dialog.trust_changed
    assert dialogs.errors == []


def test_the_creator_name_preference_is_stated_in_preferences(qtbot) -> None:
    dialog = PreferencesDialog(Settings(), CoreServices(), StubDialogs(), parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.creator_name.text() == ""
    assert dialog.result_settings().creator_name is None  # nothing offered unless stated
    dialog.creator_name.setText("  Grace Hopper ")
    assert dialog.result_settings().creator_name == "Grace Hopper"
