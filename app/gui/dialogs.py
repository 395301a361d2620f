"""Every question and message the window puts to the user, behind one replaceable object.

The window holds a `Dialogs` instance as an attribute (Dangerzone style): tests swap in a
stub that answers without opening anything, and click through the real window with qtbot.
Errors use one plain sentence with the technical details folded away
(`QMessageBox.setDetailedText`), so a support person still gets everything. Every message
box shows its text as plain text: sentences often quote a file name or a file's own words.
The dialog classes are imported by the methods that show them: the window is made (and
first painted) without them.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from app.core.errors import CredLabelError
from app.core.i18n import N_, _
from app.core.labeling.disclosure import AiUse

if TYPE_CHECKING:  # the dialogs' classes load with the first dialog shown
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QMessageBox, QWidget

    from app.core.labeling.service import ExistingCopy
    from app.core.signing.identity_store import Identity, IdentityStore
    from app.core.workshop.tamper import TamperKind
    from app.gui.passphrase_dialog import PassphraseAnswer

# The three AI choices in the creator's words (the labeling bar and the Export question).
AI_CHOICE_WORDS = (
    (AiUse.NONE, N_("No AI used")),
    (AiUse.PARTIAL, N_("Contains AI elements")),
    (AiUse.FULL, N_("Entirely AI-generated")),
)

# What the open dialog offers; the reader detects the real type from the content anyway.
# Only the names are translated; the patterns stay as they are.
_OPEN_PATTERNS = (
    "*.jpg *.jpeg *.png *.webp *.gif *.tif *.tiff *.heic *.heif *.avif *.dng *.jxl *.svg "
    "*.mp4 *.m4v *.mov *.m4a *.avi *.wav *.mp3 *.flac *.c2pa *.pdf"
)


def open_filter() -> str:
    """The open dialog's type filter, named in the current language."""
    return _("Photos, videos and audio ({patterns});;All files (*)").format(patterns=_OPEN_PATTERNS)


def error_parts(error: BaseException) -> tuple[str, str]:
    """(sentence, details) for any exception: ours carry both; others get a generic line."""
    if isinstance(error, CredLabelError):
        return error.sentence, error.details
    sentence = _("Something went wrong. Nothing was changed; the details may help support.")
    return sentence, f"{type(error).__name__}: {error}"


def message_box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A message box that shows `text` as plain text (Qt would guess markup otherwise)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, "", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box  # with no buttons added, Qt gives it an OK button


class PrivacyChoice(Enum):
    """The answers to the first-export notice."""

    EXPORT = "export"
    EXPORT_WITHOUT_LOCATION = "export_without_location"
    CANCEL = "cancel"


class Dialogs:
    """The real dialogs. Each method blocks in a nested event loop, as Qt dialogs do."""

    def open_file(self, parent: QWidget, folder: Path | None) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _chosen = QFileDialog.getOpenFileName(
            parent,
            _("Open a photo, video or audio file"),
            str(folder or Path.home()),
            open_filter(),
        )
        return Path(name) if name else None

    def save_file(
        self,
        parent: QWidget,
        suggested: Path,
        type_filter: str,
        title: str = "",
    ) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        title = title or _("Save the labeled copy as")
        name, _chosen = QFileDialog.getSaveFileName(parent, title, str(suggested), type_filter)
        return Path(name) if name else None

    def open_many(self, parent: QWidget, title: str, type_filter: str) -> list[Path]:
        from PySide6.QtWidgets import QFileDialog

        names, _chosen = QFileDialog.getOpenFileNames(parent, title, str(Path.home()), type_filter)
        return [Path(n) for n in names]

    def choose_folder(self, parent: QWidget, title: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name = QFileDialog.getExistingDirectory(parent, title, str(Path.home()))
        return Path(name) if name else None

    def choose_tamper(self, parent: QWidget, name: str) -> TamperKind | None:
        """Which tampering to demonstrate on `name` (None: cancelled)."""
        from app.gui.tamper_dialog import ask_tamper_kind

        return ask_tamper_kind(parent, name)

    def open_files(self, parent: QWidget, title: str, type_filter: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _chosen = QFileDialog.getOpenFileName(parent, title, str(Path.home()), type_filter)
        return Path(name) if name else None

    def error(self, parent: QWidget, sentence: str, details: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        box = message_box(parent, QMessageBox.Icon.Warning, "CredLabel", sentence)
        box.setObjectName("errorDialog")
        if details:
            box.setDetailedText(details)  # a plain-text box already
        box.exec()

    def info(self, parent: QWidget, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        message_box(parent, QMessageBox.Icon.Information, title, text).exec()

    def confirm(self, parent: QWidget, question: str, yes: str, no: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = message_box(parent, QMessageBox.Icon.Question, "CredLabel", question)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes_button

    def choose_ai_use(self, parent: QWidget, allowed: list[AiUse]) -> AiUse | None:
        """Ask how AI was used (Export without a choice); None: the creator cancelled."""
        from PySide6.QtWidgets import QMessageBox

        question = _(
            "How was AI used in this file? The copy will record your answer, and viewers "
            "will show it."
        )
        box = message_box(parent, QMessageBox.Icon.Question, "CredLabel", question)
        box.setObjectName("chooseAiUse")
        buttons = [
            (box.addButton(_(text), QMessageBox.ButtonRole.AcceptRole), use)
            for use, text in AI_CHOICE_WORDS
            if use in allowed
        ]
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return next((use for button, use in buttons if button is clicked), None)

    def discard_label(self, parent: QWidget, name: str) -> bool:
        """The label for `name` is unfinished: True to discard it, False to keep it."""
        from PySide6.QtWidgets import QMessageBox

        question = _(
            "Your label for {name} is not exported yet. Discard it? Nothing has been written."
        ).format(name=name)
        box = message_box(parent, QMessageBox.Icon.Question, "CredLabel", question)
        box.setObjectName("discardLabel")
        discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def privacy_notice(
        self, parent: QWidget, sentences: list[str], *, offer_without_location: bool = False
    ) -> PrivacyChoice:
        """Before the first export: what a copy reveals, with a way to leave the location
        out right there when the file records one."""
        from PySide6.QtWidgets import QMessageBox

        text = _("Before your first labeled copy, what it will tell anyone who checks it:")
        text += "\n\n" + "\n".join(f"• {s}" for s in sentences) + "\n\n"
        text += _("This is shown once; each export's result repeats it in short.")
        title = _("What a labeled copy reveals")
        box = message_box(parent, QMessageBox.Icon.Information, title, text)
        go = box.addButton(_("Export"), QMessageBox.ButtonRole.AcceptRole)
        without = None
        if offer_without_location:
            without = box.addButton(_("Export without location"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if without is not None and clicked is without:
            return PrivacyChoice.EXPORT_WITHOUT_LOCATION
        return PrivacyChoice.EXPORT if clicked is go else PrivacyChoice.CANCEL

    def text(self, parent: QWidget, title: str, label: str, password: bool = False) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        mode = QLineEdit.EchoMode.Password if password else QLineEdit.EchoMode.Normal
        value, ok = QInputDialog.getText(parent, title, label, mode)
        return value if ok else None

    def open_url(self, url: QUrl) -> bool:
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(url)

    def first_identity(self, parent: QWidget, store: IdentityStore) -> Identity | None:
        """First export without an identity: create or import one (None: cancelled)."""
        from app.gui.identity_dialog import ask_first_identity

        return ask_first_identity(store, self, parent)

    def passphrase(
        self, parent: QWidget, identity_name: str, problem: str | None, *, keyring_available: bool
    ) -> PassphraseAnswer | None:
        """The passphrase of an encrypted identity and where to keep it (None: cancelled).
        `problem`: why it is asked again (the last one did not unlock the key)."""
        from app.gui.passphrase_dialog import ask_passphrase

        return ask_passphrase(parent, identity_name, problem, keyring_available=keyring_available)

    def sign_without_timestamp(self, parent: QWidget, server: str, sentence: str) -> bool:
        """The identity's timestamp server gave no timestamp: sign without one?"""
        question = "\n\n".join(
            [
                _("The timestamp server can't be reached: sign without a timestamp?"),
                sentence,
                _("Without a timestamp the copy reads as invalid once the certificate expires."),
            ]
        )
        return self.confirm(parent, question, _("Sign without a timestamp"), _("Don't sign"))

    def existing_copy(self, parent: QWidget, dest: Path, free_name: Path) -> ExistingCopy:
        """`dest` already exists: replace it, keep both (the copy as `free_name`), or skip."""
        from PySide6.QtWidgets import QMessageBox

        from app.core.labeling.service import ExistingCopy  # loaded when first needed

        text = _("{name} already exists in {folder}.").format(name=dest.name, folder=dest.parent)
        box = message_box(parent, QMessageBox.Icon.Question, "CredLabel", text)
        replace = box.addButton(_("Replace it"), QMessageBox.ButtonRole.DestructiveRole)
        # TRANSLATORS: a button; {name} is the name the second copy gets.
        keep_text = _("Keep both ({name})").format(name=free_name.name)
        keep = box.addButton(keep_text, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Skip this file"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is replace:
            return ExistingCopy.REPLACE
        return ExistingCopy.KEEP_BOTH if clicked is keep else ExistingCopy.SKIP

    def show_error(self, parent: QWidget, error: BaseException) -> None:
        sentence, details = error_parts(error)
        self.error(parent, sentence, details)
