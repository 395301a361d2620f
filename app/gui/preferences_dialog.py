"""Preferences: signing identities (default, timestamp server), trust profile, output
naming and the language, one tab each.

Identities are kept by the core's identity store; this dialog only lists them and passes
the user's choices back. The other preferences come back as a new `Settings`. A new
language is spoken from the next start (the window is built in one language); OK then
offers to restart now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import CredLabelError
from app.core.i18n import LANGUAGES, N_, _, choose_language, current_language
from app.core.reading.trust import PROFILE_NAMES
from app.core.settings import Settings, output_path
from app.core.signing import pending_identities as pending_ids
from app.core.signing.identity_store import Identity, IdentityStore
from app.core.terminal_text import visible
from app.gui.certificate_request_dialog import CompleteCertificateDialog, RequestCertificateDialog
from app.gui.dialogs import Dialogs
from app.gui.identity_dialog import account_name, import_identity
from app.gui.plain_text import add_form_row, plain_label
from app.gui.services import CoreServices
from app.gui.trust_lists_box import TrustListsBox

_PROFILE_WORDS = {
    "content-credentials": N_("Content Credentials trust lists + this computer (recommended)"),
    "local": N_("This computer's own identities only"),
    "none": N_("Trust no one (every signer shows as not recognized)"),
    "c2pa-test": N_("C2PA test certificates (workshops and testing)"),
}
_ID_ROLE = Qt.ItemDataRole.UserRole + 1
T = TypeVar("T")


def identity_text(identity: Identity, is_default: bool) -> str:
    name = identity.name or identity.id
    if is_default:
        return _("{name} ({kind})  — default").format(name=name, kind=identity.kind)
    return _("{name} ({kind})").format(name=name, kind=identity.kind)


class PreferencesDialog(QDialog):
    def __init__(
        self, settings: Settings, services: CoreServices, dialogs: Dialogs, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(_("Preferences"))
        self._settings = settings
        self._dialogs = dialogs
        self._services = services
        self._store: IdentityStore | None = None
        self._store_error = ""
        try:
            self._store = services.identity_store()
        except CredLabelError as exc:
            self._store_error = str(exc)
        self.restart_now = False  # OK with a new language: the user asked to restart
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.addTab(self._build_identities(), _("Identities"))
        self.tabs.addTab(self._build_trust(), _("Trust"))
        self.tabs.addTab(self._build_naming(), _("Copies"))
        self.tabs.addTab(self._build_language(), _("Language"))
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._refresh_identities()

    # -- identities ----------------------------------------------------------------------

    def _build_identities(self) -> QGroupBox:
        box = QGroupBox(_("Signing identities"))
        self.identities = QListWidget()
        self.identities.setObjectName("identityList")
        self.identities.setAccessibleName(_("Signing identities"))
        self.identities.currentItemChanged.connect(self._on_identity_selected)
        self.make_default = QPushButton(_("Make default"))
        self.make_default.clicked.connect(self._on_make_default_clicked)
        self.new_identity = QPushButton(_("New local identity…"))
        self.new_identity.clicked.connect(self._on_new_identity_clicked)
        self.import_button = QPushButton(_("Import certificate…"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.request_button = QPushButton(_("Request a certificate…"))
        self.request_button.setObjectName("requestCertificate")
        self.request_button.clicked.connect(self._on_request_clicked)
        self.complete_button = QPushButton(_("Complete with issued certificate…"))
        self.complete_button.setObjectName("completeCertificate")
        self.complete_button.clicked.connect(self._on_complete_clicked)
        self.timestamp = QLineEdit()
        self.timestamp.setObjectName("timestampServer")
        self.timestamp.setPlaceholderText(
            _("None: works offline (recommended for local identities)")
        )
        self.timestamp.setToolTip(
            _(
                "A time-stamp server (TSA) URL for the selected identity. Signing then needs "
                "the network; without one, copies read as invalid once the certificate expires."
            )
        )
        self.timestamp.editingFinished.connect(self._on_timestamp_edited)
        row = QHBoxLayout()
        for button in (self.make_default, self.new_identity, self.import_button):
            row.addWidget(button)
        form = QFormLayout()
        add_form_row(form, _("Time-stamp server:"), self.timestamp)
        layout = QVBoxLayout(box)
        layout.addWidget(self.identities)
        layout.addLayout(row)
        from_ca = QHBoxLayout()  # the way to a certificate readers recognize
        for button in (self.request_button, self.complete_button):
            from_ca.addWidget(button)
        layout.addLayout(from_ca)
        layout.addLayout(form)
        if self._store is None:
            layout.addWidget(plain_label(self._store_error or _("Identities are not available.")))
            box.setEnabled(False)
        return box

    def _refresh_identities(self) -> None:
        self.identities.clear()
        store = self._store
        if store is None:
            return
        default = self._call(store.default)
        default_id = default.id if default is not None else None
        for identity in self._call(store.list) or ():
            item = QListWidgetItem(visible(identity_text(identity, identity.id == default_id)))
            item.setData(_ID_ROLE, identity.id)
            item.setData(_ID_ROLE + 1, identity)
            self.identities.addItem(item)
        for waiting in self._call(lambda: pending_ids.list_pending(store)) or ():
            item = QListWidgetItem(
                visible(_("{name} — {status}").format(name=waiting.name, status=waiting.status))
            )
            item.setData(_ID_ROLE, waiting.id)  # no Identity: it cannot be the default yet
            self.identities.addItem(item)

    def _call(self, action: Callable[[], T]) -> T | None:
        """`action()`; a core problem is shown in a dialog and gives None."""
        try:
            return action()
        except CredLabelError as exc:
            self._dialogs.show_error(self, exc)
            return None

    def _selected(self) -> Identity | None:
        item = self.identities.currentItem()
        identity = item.data(_ID_ROLE + 1) if item is not None else None
        return identity if isinstance(identity, Identity) else None

    @Slot()
    def _on_identity_selected(self, *_args: object) -> None:
        identity = self._selected()
        self.timestamp.setText((identity.timestamp_url if identity else None) or "")

    @Slot()
    def _on_make_default_clicked(self) -> None:
        identity, store = self._selected(), self._store
        if identity is None or store is None:
            return
        self._call(lambda: store.set_default(identity.id))
        self._settings = replace(self._settings, default_identity=identity.id)
        self._refresh_identities()

    @Slot()
    def _on_new_identity_clicked(self) -> None:
        store = self._store
        name = self._dialogs.text(self, _("New local identity"), _("Your name:"), False)
        if name is None or store is None:
            return
        self._call(lambda: store.create_local(name.strip() or account_name()))
        self._refresh_identities()

    @Slot()
    def _on_import_clicked(self) -> None:
        store = self._store
        if store is None:
            return
        try:
            import_identity(store, self._dialogs, self)
        except CredLabelError as exc:
            self._dialogs.show_error(self, exc)
        self._refresh_identities()

    @Slot()
    def _on_request_clicked(self) -> None:
        if self._store is not None:
            RequestCertificateDialog(self._store, self._dialogs, self).exec()
            self._refresh_identities()

    @Slot()
    def _on_complete_clicked(self) -> None:
        store, item = self._store, self.identities.currentItem()
        profile = self._call(lambda: self._services.trust_profile(self._settings))
        if store is None or profile is None:
            return
        selected = item.data(_ID_ROLE) if item is not None else None
        CompleteCertificateDialog(store, self._dialogs, profile, self, selected=selected).exec()
        self._refresh_identities()

    @Slot()
    def _on_timestamp_edited(self) -> None:
        identity, store = self._selected(), self._store
        if identity is None or store is None:
            return
        url = self.timestamp.text().strip() or None
        if url != identity.timestamp_url:
            self._call(lambda: store.set_timestamp_url(identity.id, url))

    # -- trust and naming ----------------------------------------------------------------

    def _build_trust(self) -> QGroupBox:
        box = QGroupBox(_("Whose signatures count as Trusted"))
        self.profile = QComboBox()
        self.profile.setObjectName("trustProfile")
        self.profile.setAccessibleName(_("Trust profile"))
        for name in PROFILE_NAMES:
            self.profile.addItem(_(_PROFILE_WORDS[name]) if name in _PROFILE_WORDS else name, name)
        self.profile.setCurrentIndex(max(0, self.profile.findData(self._settings.trust_profile)))
        self.anchors = QLineEdit("; ".join(self._settings.extra_trust_anchors))
        self.anchors.setObjectName("extraAnchors")
        self.anchors.setPlaceholderText(_("Extra trusted root certificates (PEM files, ; between)"))
        self.trust_lists = TrustListsBox(self._dialogs)
        form = QFormLayout(box)
        add_form_row(form, _("Trust profile:"), self.profile)
        add_form_row(form, _("Also trust:"), self.anchors)
        add_form_row(form, _("Public lists:"), self.trust_lists)
        return box

    def _build_naming(self) -> QGroupBox:
        box = QGroupBox(_("Labeled copies"))
        self.pattern = QLineEdit(self._settings.output_pattern)
        self.pattern.setObjectName("outputPattern")
        self.pattern.setToolTip(
            _("{stem}: name without extension, {ext}: extension, {name}: the whole name").format(
                stem="{stem}", ext="{ext}", name="{name}"
            )
        )
        self.example = plain_label()  # the user's pattern, shown as typed
        self.pattern.textChanged.connect(self._on_pattern_changed)
        # Offered in the Creator field of each new label, said to come from here; never
        # carried over from another file's label.
        self.creator_name = QLineEdit(self._settings.creator_name or "")
        self.creator_name.setObjectName("creatorNamePreference")
        self.creator_name.setPlaceholderText(_("Optional: offered as the creator of each copy"))
        form = QFormLayout(box)
        add_form_row(form, _("File name:"), self.pattern)
        add_form_row(form, _("Example:"), self.example)
        add_form_row(form, _("Creator name for my copies:"), self.creator_name)
        self._on_pattern_changed(self.pattern.text())
        return box

    @Slot(str)
    def _on_pattern_changed(self, pattern: str) -> None:
        example = output_path(Path("photo.jpg"), pattern).name
        self.example.setText(_("photo.jpg → {copy}").format(copy=example))

    # -- language ------------------------------------------------------------------------

    def _build_language(self) -> QGroupBox:
        box = QGroupBox(_("Language"))
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        self.language.setAccessibleName(_("Language"))
        system = LANGUAGES[choose_language(None, None)]
        self.language.addItem(_("System default ({language})").format(language=system.name), None)
        for code, language in LANGUAGES.items():
            self.language.addItem(language.name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self._settings.language)))
        note = plain_label(
            _(
                "CredLabel speaks the language you choose from the next time it starts. "
                "The command line option --lang comes first."
            ),
            wrap=True,
        )
        note.setObjectName("languageNote")
        form = QFormLayout(box)
        add_form_row(form, _("Language of the window:"), self.language)
        form.addRow(note)
        return box

    @property
    def language_changed(self) -> bool:
        """Whether the next start speaks another language than this window does."""
        chosen = choose_language(None, self.language.currentData())
        return chosen != current_language().code

    def accept(self) -> None:
        if self.language_changed:
            language = LANGUAGES[choose_language(None, self.language.currentData())]
            question = _(
                "CredLabel will speak {language} the next time it starts. Restart now? "
                "The file you have open is opened again."
            ).format(language=language.name)
            self.restart_now = self._dialogs.confirm(self, question, _("Restart now"), _("Later"))
        super().accept()

    # -- result --------------------------------------------------------------------------

    def result_settings(self) -> Settings:
        anchors = tuple(a.strip() for a in self.anchors.text().split(";") if a.strip())
        return replace(
            self._settings,
            trust_profile=str(self.profile.currentData()),
            extra_trust_anchors=anchors,
            output_pattern=self.pattern.text().strip() or Settings().output_pattern,
            creator_name=self.creator_name.text().strip() or None,
            language=self.language.currentData(),
        )

    @property
    def trust_changed(self) -> bool:
        new = self.result_settings()
        old = self._settings
        return self.trust_lists.updated or (new.trust_profile, new.extra_trust_anchors) != (
            old.trust_profile,
            old.extra_trust_anchors,
        )
