"""The labeling service's questions answered in the real window: the passphrase of an
encrypted identity, and signing without a timestamp when the server fails.

The real core runs (identity store, signer, export, reader); only the answers come from the
test. The passphrase dialog widget itself is also typed into and clicked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from app.core.labeling.disclosure import AiUse
from app.core.labeling.questions import Remember
from app.core.model import ValidationState
from app.core.signing.identity_store import IdentityStore
from app.gui.main_window import MainWindow
from app.gui.passphrase_dialog import PassphraseAnswer, PassphraseDialog, ask_passphrase
from tests.helpers.exports import make_picture
from tests.helpers.failing_tsa import failing_tsa
from tests.helpers.gui_stubs import StubDialogs
from tests.helpers.modal import answer_modal
from tests.helpers.window import open_and_wait

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TIMEOUT = 60_000
SECRET = "correct horse battery staple"


class AnsweringDialogs(StubDialogs):
    """Answers the passphrase question from a queue and records why it was asked."""

    def __init__(self, passphrases: list[str | None]) -> None:
        super().__init__()
        self.passphrases = passphrases
        self.problems: list[str | None] = []
        self.timestamp_questions: list[str] = []

    def passphrase(
        self, parent: QWidget, identity_name: str, problem: str | None, *, keyring_available: bool
    ) -> PassphraseAnswer | None:
        self.problems.append(problem)
        typed = self.passphrases.pop(0) if self.passphrases else None
        return None if typed is None else PassphraseAnswer(typed, Remember.SESSION)

    def sign_without_timestamp(self, parent: QWidget, server: str, sentence: str) -> bool:
        self.timestamp_questions.append(sentence)
        return super().sign_without_timestamp(parent, server, sentence)


def encrypted_identity(name: str = "Locked Creator") -> Any:
    """An identity made encrypted (as `identity create --passphrase-file` does), its
    passphrase not remembered: as after a restart."""
    store = IdentityStore()
    identity = store.create_local(name, passphrase=SECRET)
    store.set_default(identity.id)
    store.forget_passphrase(identity.id)
    return identity


def export_from_window(qtbot: Any, dialogs: StubDialogs, source: Path, dest: Path) -> MainWindow:
    win = MainWindow(dialogs=dialogs)
    qtbot.addWidget(win)
    win.show()
    open_and_wait(qtbot, win, source)
    win.disclosure.set_ai_use(AiUse.NONE)  # the creator's choice in the labeling bar
    dialogs.save_answers.append(dest)
    win.actions_.export.trigger()
    qtbot.waitUntil(lambda: not win.export_flow.running, timeout=TIMEOUT)
    return win


def test_the_window_unlocks_an_encrypted_identity(qtbot: Any, tmp_path: Path) -> None:
    encrypted_identity()
    source = make_picture(tmp_path / "photo.jpg")
    dest = tmp_path / "photo.cr.jpg"
    dialogs = AnsweringDialogs(["not it", SECRET])
    win = export_from_window(qtbot, dialogs, source, dest)
    assert dialogs.errors == []
    assert len(dialogs.problems) == 2  # asked, then asked again after the wrong one
    assert dialogs.problems[0] is None
    assert "does not unlock" in (dialogs.problems[1] or "")
    assert dest.is_file()
    result = win.export_flow.last_result
    assert result is not None
    assert result.report.state in (ValidationState.TRUSTED, ValidationState.VALID_UNTRUSTED)


def test_cancelling_the_passphrase_writes_nothing(qtbot: Any, tmp_path: Path) -> None:
    encrypted_identity()
    source = make_picture(tmp_path / "photo.jpg")
    dest = tmp_path / "photo.cr.jpg"
    dialogs = AnsweringDialogs([None])
    win = export_from_window(qtbot, dialogs, source, dest)
    assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.jpg"]
    assert win.export_flow.last_result is None
    assert "ancel" in win.export_flow.bar.status.text()


def test_the_passphrase_dialog_itself_returns_what_was_typed(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    answers: list[PassphraseAnswer | None] = []

    def type_and_unlock(dialog: PassphraseDialog) -> None:
        assert "does not unlock" in dialog.problem.text()
        assert not dialog.unlock_button.isEnabled()  # nothing typed yet
        dialog.field.setText(SECRET)
        dialog.unlock_button.click()

    answer = answer_modal(PassphraseDialog, type_and_unlock)
    answers.append(
        ask_passphrase(
            parent,
            "Locked Creator",
            "That passphrase does not unlock it.",
            keyring_available=False,
        )
    )
    answer.check()
    assert answers[0] is not None
    assert answers[0].passphrase == SECRET
    assert SECRET not in repr(answers[0])  # never in a log line


@pytest.mark.allow_local_network
@pytest.mark.parametrize("sign_anyway", [True, False])
def test_a_failing_timestamp_server_offers_signing_without_one(
    qtbot: Any, tmp_path: Path, sign_anyway: bool
) -> None:
    source = make_picture(tmp_path / "photo.jpg")
    dest = tmp_path / "photo.cr.jpg"
    dialogs = AnsweringDialogs([])
    dialogs.confirm_answer = sign_anyway
    store = IdentityStore()
    identity = store.create_local("Stamped Creator")
    store.set_default(identity.id)
    with failing_tsa("500") as url:
        store.set_timestamp_url(identity.id, url)
        win = export_from_window(qtbot, dialogs, source, dest)
    assert len(dialogs.timestamp_questions) == 1
    assert any("without a timestamp" in q for q in dialogs.confirm_questions)
    assert dialogs.errors == []  # a question, not "Signing the copy failed"
    if sign_anyway:
        assert dest.is_file()
        assert "without a timestamp" in win.export_flow.bar.status.text()
    else:
        assert not dest.exists()
        assert win.export_flow.last_result is None
