"""Error dialogs: one plain sentence, technical details folded away."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import ExportError
from app.gui.dialogs import Dialogs, PrivacyChoice, error_parts
from tests.helpers.modal import answer_modal


# The offscreen platform reports that it cannot pass size hints; not an app problem.
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_error_dialog_shows_the_sentence_with_expandable_details(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[str, str]] = []

    def inspect_and_close(box: QMessageBox) -> None:
        seen.append((box.text(), box.detailedText()))
        box.accept()

    answer = answer_modal(QMessageBox, inspect_and_close)
    Dialogs().show_error(parent, ExportError("The copy could not be signed.", "c2pa: Io(42)"))
    answer.check()
    assert seen == [("The copy could not be signed.", "c2pa: Io(42)")]


def test_unexpected_errors_get_a_plain_sentence_and_keep_the_details() -> None:
    sentence, details = error_parts(KeyError("active_manifest"))
    assert "Nothing was changed" in sentence
    assert "KeyError" in details
    assert "active_manifest" in details


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
@pytest.mark.parametrize(
    ("offer", "button", "expected"),
    [
        (True, "Export without location", PrivacyChoice.EXPORT_WITHOUT_LOCATION),
        (True, "Export", PrivacyChoice.EXPORT),
        (False, "Cancel", PrivacyChoice.CANCEL),
    ],
)
def test_privacy_notice_offers_leaving_the_location_out(qtbot, offer, button, expected) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[list[str]] = []

    def click(box: QMessageBox) -> None:
        seen.append([b.text() for b in box.buttons()])
        assert "The copy is signed as" in box.text()
        next(b for b in box.buttons() if b.text() == button).click()

    answer = answer_modal(QMessageBox, click)
    sentences = ["The copy is signed as “Jane Doe”."]
    choice = Dialogs().privacy_notice(parent, sentences, offer_without_location=offer)
    answer.check()
    assert choice is expected
    assert ("Export without location" in seen[0]) is offer
