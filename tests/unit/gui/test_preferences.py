"""The preferences dialog: identities with a default, trust profile, output naming."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.core.settings import Settings
from app.gui.preferences_dialog import PreferencesDialog
from app.gui.services import CoreServices
from tests.helpers.gui_stubs import StubDialogs


@dataclass(frozen=True)
class _Identity:
    id: str
    name: str
    timestamp_url: str | None = None


class _Store:
    """Just enough of an identity store for the dialog (the real one is tested by its owner)."""

    def __init__(self) -> None:
        self.items = [_Identity("a", "Alice"), _Identity("b", "Bob")]
        self.default_id = "a"

    def list(self) -> list[_Identity]:
        return list(self.items)

    def default(self) -> _Identity | None:
        return next((i for i in self.items if i.id == self.default_id), None)

    def set_default(self, ident: str) -> None:
        self.default_id = ident

    def create_local(self, name: str) -> _Identity:
        identity = _Identity(name.lower(), name)
        self.items.append(identity)
        return identity

    def set_timestamp_url(self, ident: str, url: str | None) -> None:
        self.items = [replace(i, timestamp_url=url) if i.id == ident else i for i in self.items]


class _Services(CoreServices):
    def __init__(self, store: _Store) -> None:
        self.store = store

    def identity_store(self) -> _Store:
        return self.store


def test_preferences_change_default_identity_trust_and_naming(qtbot) -> None:
    store = _Store()
    dialogs = StubDialogs()
    dialog = PreferencesDialog(Settings(), _Services(store), dialogs, parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    texts = [dialog.identities.item(i).text() for i in range(dialog.identities.count())]
    assert texts == ["Alice  — default", "Bob"]
    dialog.identities.setCurrentRow(1)
    dialog.make_default.click()
    assert store.default_id == "b"
    assert dialog.identities.item(1).text() == "Bob  — default"
    dialog.identities.setCurrentRow(1)
    dialog.timestamp.setText("http://tsa.example.test")
    dialog.timestamp.editingFinished.emit()
    assert store.items[1].timestamp_url == "http://tsa.example.test"
    dialog.profile.setCurrentIndex(dialog.profile.findData("c2pa-test"))
    dialog.pattern.setText("{stem}-labeled{ext}")
    assert dialog.example.text() == "photo.jpg → photo-labeled.jpg"
    result = dialog.result_settings()
    assert result.trust_profile == "c2pa-test"
    assert result.output_pattern == "{stem}-labeled{ext}"
    assert result.default_identity == "b"
    assert dialog.trust_changed
    assert dialogs.errors == []
