"""Opening a file shows what its manifest says at once, marked "checking…" with a neutral
badge, and the validated state replaces it when the check ends (#19). The services are the
real core; only the validating read waits at a gate, so the order is certain."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from app.core.model import ValidationState
from app.core.reading import report_memory
from app.core.settings import Settings
from app.gui.badges import badge_for
from app.gui.history_model import Column
from app.gui.main_window import MainWindow
from app.gui.services import CoreServices
from tests.helpers.gui_stubs import StubDialogs
from tests.helpers.window import wait_idle

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "Corrupt JPEG data")


class SlowCheckServices(CoreServices):
    """The real core; the validating read waits for `gate` (the unchecked one does not)."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    def read_remembered(self, path: Path, settings: Settings) -> Any:
        self.gate.wait(30)
        return super().read_remembered(path, settings)


@pytest.fixture
def slow():
    services = SlowCheckServices()
    yield services
    services.gate.set()


@pytest.fixture
def window(qtbot, slow):
    win = MainWindow(dialogs=StubDialogs(), services=slow)
    qtbot.addWidget(win)
    win.show()
    yield win
    slow.gate.set()
    win.runner.shutdown()


def test_the_unchecked_summary_comes_first_and_is_never_invalid(
    qtbot, window, slow, corpus_file
) -> None:
    report_memory.forget_all()
    path = corpus_file("pt_truepic-20230212-camera.jpg")  # tampered: Invalid once checked
    window.open_file(path)
    card = window.credentials.card
    qtbot.waitUntil(lambda: "Checking" in card.badge.text(), timeout=20_000)
    invalid = badge_for(ValidationState.INVALID)
    assert window.report is None  # nothing checked yet
    assert invalid.text not in card.badge.text()
    assert card.badge.background != invalid.background
    assert card.issued_by.text() == "Truepic"
    assert card.ai_verdict.text() == "No AI disclosed — checking…"
    model = window.credentials.history_model
    assert model.index(0, Column.STATE).data() == "Checking…"
    # The check ends: its state replaces the unchecked summary.
    slow.gate.set()
    qtbot.waitUntil(lambda: window.report is not None, timeout=30_000)
    wait_idle(qtbot, window)
    assert card.badge.background == invalid.background
    assert "checking" not in card.ai_verdict.text()
    assert model.index(0, Column.STATE).data() == invalid.text


def test_the_checked_read_is_remembered_for_the_export(qtbot, window, slow, corpus_file) -> None:
    report_memory.forget_all()
    slow.gate.set()
    path = corpus_file("rs_ocsp.jpg")
    window.open_file(path)
    qtbot.waitUntil(lambda: window.report is not None, timeout=30_000)
    wait_idle(qtbot, window)
    assert report_memory.recall(path, slow.trust_profile(window.settings)) is window.report
