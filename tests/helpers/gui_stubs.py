"""A `Dialogs` stand-in: answers questions from queues and records what was said."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from app.gui.dialogs import Dialogs, PrivacyChoice


class StubDialogs(Dialogs):
    def __init__(self) -> None:
        self.open_answers: list[Path | None] = []
        self.save_answers: list[Path | None] = []
        self.saves_suggested: list[Path] = []
        self.errors: list[tuple[str, str]] = []
        self.infos: list[str] = []
        self.confirm_answer = False
        self.confirm_questions: list[str] = []
        self.urls: list[QUrl] = []
        self.identity_name = "Test Creator"
        self.open_many_answers: list[list[Path]] = []
        self.folder_answers: list[Path | None] = []
        self.tamper_answers: list[Any] = []  # TamperKind values (None: cancelled)
        self.save_titles: list[str] = []
        self.identity_requests = 0
        self.privacy_notices: list[list[str]] = []
        self.privacy_offers: list[bool] = []  # was "Export without location" offered?
        self.privacy_answer = PrivacyChoice.EXPORT
        self.ai_answers: list[Any] = []  # AiUse values for "How was AI used?" (None: cancel)
        self.ai_questions: list[list[Any]] = []  # the choices each question offered
        self.discard_answer = True
        self.discard_questions: list[str] = []

    def choose_ai_use(self, parent: QWidget, allowed: list[Any]) -> Any:
        self.ai_questions.append(allowed)
        return self.ai_answers.pop(0) if self.ai_answers else None

    def discard_label(self, parent: QWidget, name: str) -> bool:
        self.discard_questions.append(name)
        return self.discard_answer

    def open_file(self, parent: QWidget, folder: Path | None) -> Path | None:
        return self.open_answers.pop(0) if self.open_answers else None

    def save_file(
        self,
        parent: QWidget,
        suggested: Path,
        type_filter: str,
        title: str = "Save the labeled copy as",
    ) -> Path | None:
        self.saves_suggested.append(suggested)
        self.save_titles.append(title)
        return self.save_answers.pop(0) if self.save_answers else None

    def open_files(self, parent: QWidget, title: str, type_filter: str) -> Path | None:
        return self.open_answers.pop(0) if self.open_answers else None

    def open_many(self, parent: QWidget, title: str, type_filter: str) -> list[Path]:
        return self.open_many_answers.pop(0) if self.open_many_answers else []

    def choose_folder(self, parent: QWidget, title: str) -> Path | None:
        return self.folder_answers.pop(0) if self.folder_answers else None

    def choose_tamper(self, parent: QWidget, name: str) -> Any:
        return self.tamper_answers.pop(0) if self.tamper_answers else None

    def error(self, parent: QWidget, sentence: str, details: str = "") -> None:
        self.errors.append((sentence, details))

    def info(self, parent: QWidget, title: str, text: str) -> None:
        self.infos.append(text)

    def confirm(self, parent: QWidget, question: str, yes: str, no: str) -> bool:
        self.confirm_questions.append(question)
        return self.confirm_answer

    def privacy_notice(
        self, parent: QWidget, sentences: list[str], *, offer_without_location: bool = False
    ) -> PrivacyChoice:
        self.privacy_notices.append(sentences)
        self.privacy_offers.append(offer_without_location)
        return self.privacy_answer

    def open_url(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True

    def first_identity(self, parent: QWidget, store: Any) -> Any:
        """What clicking "Create local identity" does, without showing the dialog."""
        self.identity_requests += 1
        return store.create_local(self.identity_name)
