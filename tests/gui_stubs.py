"""A `Dialogs` stand-in: answers questions from queues and records what was said."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from app.gui.dialogs import Dialogs


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
        self.identity_requests = 0

    def open_file(self, parent: QWidget, folder: Path | None) -> Path | None:
        return self.open_answers.pop(0) if self.open_answers else None

    def save_file(self, parent: QWidget, suggested: Path, type_filter: str) -> Path | None:
        self.saves_suggested.append(suggested)
        return self.save_answers.pop(0) if self.save_answers else None

    def error(self, parent: QWidget, sentence: str, details: str = "") -> None:
        self.errors.append((sentence, details))

    def info(self, parent: QWidget, title: str, text: str) -> None:
        self.infos.append(text)

    def confirm(self, parent: QWidget, question: str, yes: str, no: str) -> bool:
        self.confirm_questions.append(question)
        return self.confirm_answer

    def open_url(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True

    def first_identity(self, parent: QWidget, store: Any) -> Any:
        """What clicking "Create local identity" does, without showing the dialog."""
        self.identity_requests += 1
        return store.create_local(self.identity_name)
