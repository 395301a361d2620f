"""The main view shows what the file's credentials say, as recorded, on real corpus files:
actions in plain words, creator, CAWG identity and whether it was checked, the training
preference, camera capture facts, and the location only when asked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.dates import when_text
from app.core.resources import plain_sample
from app.gui.badges import badge_for
from app.gui.history_model import Column
from app.gui.main_window import MainWindow
from tests.helpers.gui_stubs import StubDialogs
from tests.helpers.window import open_and_wait

# The offscreen platform complains about size hints; the Truepic JPEG has 2 stray bytes.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "Corrupt JPEG data")


@pytest.fixture
def window(qtbot):
    win = MainWindow(dialogs=StubDialogs())
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.shutdown()


def test_camera_capture_facts_are_shown_and_the_location_only_when_asked(
    qtbot, window, corpus_file
) -> None:
    open_and_wait(qtbot, window, corpus_file("pt_truepic-20230212-camera.jpg"))
    facts = window.credentials.card.facts
    assert facts.camera.text() == "Google Pixel 5"
    assert facts.camera.isVisible()
    assert facts.taken.text() == when_text("2023-02-12T18:44:26Z")
    # The place is not on screen until the user asks for it.
    assert not facts.location_shown
    assert "-77.58" not in facts.location.text()
    assert facts.show_location.isVisible()
    assert "where someone lives" in facts.show_location.toolTip()
    facts.show_location.click()
    assert facts.location.text().startswith("43.152094, -77.580533")
    assert "will carry the place" in facts.location_warning.text()
    assert facts.location_warning.isVisible()


def test_actions_creator_and_app_of_a_photoshop_firefly_edit(qtbot, window, corpus_file) -> None:
    open_and_wait(qtbot, window, corpus_file("rs_ocsp.jpg"))
    card = window.credentials.card
    assert card.app.text().startswith("Adobe Photoshop")
    actions = "Opened an existing file; Cropped; Edited with Adobe Firefly"
    assert card.facts.actions.text() == actions
    assert card.facts.creator.text() == "Alex Tran"
    # No camera facts recorded: no empty camera row, no location button.
    assert not card.facts.camera.isVisible()
    assert not card.facts.show_location.isVisible()
    assert not card.facts.location_warning.isVisible()


def test_identity_is_shown_with_whether_it_could_be_checked(qtbot, window, corpus_file) -> None:
    open_and_wait(qtbot, window, corpus_file("rs_adobe_connected_identities.jpg"))
    facts = window.credentials.card.facts
    assert facts.identity.text() == "testuser23 (verified by behance) — its check failed"
    assert facts.training.text() == "AI training and data mining allowed"


def test_do_not_train_preference_is_shown(qtbot, window, corpus_file) -> None:
    open_and_wait(qtbot, window, corpus_file("rs_IMG_0003_aca.png"))
    facts = window.credentials.card.facts
    assert facts.training.text() == "Do not use for AI training or data mining"
    assert facts.training.isVisible()


def test_a_sound_file_shows_its_actions_and_mp3_as_the_codec(qtbot, window, corpus_file) -> None:
    open_and_wait(qtbot, window, corpus_file("ms_cicadas_trusted.mp3"))
    assert window.credentials.card.facts.actions.text() == "Created"
    assert window.report is not None
    # The codec by its human name where people read it; the JSON keeps FFmpeg's name.
    assert "MP3" in window.preview.info.text() and "mp3float" not in window.preview.info.text()


def _ingredient_index(window, title: str):
    model = window.credentials.history_model
    root = model.index(0, 0)
    for row in range(model.rowCount(root)):
        index = model.index(row, 0, root)
        if model.node(index).title == title:
            return index
    raise AssertionError(f"no ingredient {title!r} in the history")


def test_an_ingredients_own_details_open_from_the_tree(qtbot, window, corpus_file) -> None:
    open_and_wait(qtbot, window, corpus_file("rs_ocsp.jpg"))
    panel = window.credentials
    window.tabs.setCurrentIndex(0)
    assert not panel.ingredient.isVisible()
    index = _ingredient_index(window, "ocsp.jpg")
    tree = panel.history
    tree.scrollTo(index)
    rect = tree.visualRect(index)

    # A real double-click: Qt's item views want the press before the double-click event.
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.ingredient.isVisible()
    assert panel.ingredient.title.text() == "ocsp.jpg"
    # The same state words as the tree's State column for that row.
    shown_state = panel.history_model.index(index.row(), 1, index.parent()).data()
    assert panel.ingredient.state.text() == f"State: {shown_state}"
    rows = dict(panel.ingredient.rows())
    assert rows["Signed by"] == "Adobe Inc."
    assert rows["App or device"] == "Adobe Firefly"
    assert rows["Actions"] == "Created with Adobe Firefly"
    assert rows["AI terms"] == "trainedAlgorithmicMedia"


def test_the_details_button_opens_the_selected_ingredient(qtbot, window, corpus_file) -> None:
    open_and_wait(qtbot, window, corpus_file("pt_adobe-20220124-CACAICAICICA.jpg"))
    panel = window.credentials
    assert not panel.details_button.isEnabled()
    panel.history.setCurrentIndex(_ingredient_index(window, "CICA.jpg"))
    assert panel.details_button.isEnabled()
    panel.details_button.click()
    assert dict(panel.ingredient.rows())["Actions"].startswith("Created; Drew or painted on it")


def test_history_columns_show_whole_words_with_a_file_open(qtbot, window, corpus_file) -> None:
    window.resize(1024, 700)
    open_and_wait(qtbot, window, corpus_file("rs_ocsp.jpg"))
    tree = window.credentials.history
    model = window.credentials.history_model
    metrics = tree.fontMetrics()
    cut = []
    for column in (Column.STATE, Column.APP, Column.SIGNER):  # titles may elide
        index = model.index(0, column)
        text = str(model.data(index) or "")
        needed = metrics.horizontalAdvance(text)
        if text and tree.columnWidth(column) < needed:
            cut.append(f"{text!r}: {tree.columnWidth(column)} < {needed}")
    assert cut == []


@pytest.mark.parametrize(
    "case",
    [
        (
            "ms_DALL-E_cloud_surfing_puppy.webp",
            "Generated by AI (DALL·E)",
            "ChatGPT",
            "DALL·E",
            "image.webp",
            "Created with DALL·E; Converted to another format",
        ),
        (
            "ebu_prmiere-firefly.mp4",
            "Contains AI-generated elements (Adobe Firefly)",
            "Adobe Premiere Pro (Beta) 25.0.0",
            "Adobe Firefly",
            "adobe-firefly-sun.png",
            "Edited with Adobe Firefly",
        ),
    ],
)
def test_ai_files_show_verdict_app_tool_and_the_ingredients_actions(
    qtbot, window, corpus_file, case: tuple[str, ...]
) -> None:
    name, verdict, app, tool, ingredient, actions = case
    open_and_wait(qtbot, window, corpus_file(name))
    card = window.credentials.card
    assert window.report is not None
    assert card.badge.text().startswith(badge_for(window.report.state).glyph)
    assert card.ai_verdict.text() == verdict
    assert card.app.text() == app
    assert card.ai_tool.text() == tool
    # The AI was used in an earlier step: its actions are in the ingredient's own details.
    window.credentials.history.setCurrentIndex(_ingredient_index(window, ingredient))
    window.credentials.details_button.click()
    assert dict(window.credentials.ingredient.rows())["Actions"] == actions


def test_a_location_in_the_files_own_metadata_is_warned_about(
    qtbot, window, tmp_path: Path
) -> None:
    import pyexiv2

    source = Path(shutil.copy(plain_sample(), tmp_path / "holiday.jpg"))
    with pyexiv2.Image(str(source)) as image:
        image.modify_exif(
            {"Exif.GPSInfo.GPSLatitudeRef": "N", "Exif.GPSInfo.GPSLatitude": "48/1 51/1 0/1"}
        )
    open_and_wait(qtbot, window, source)
    warning = window.credentials.card.facts.location_warning
    assert warning.isVisible()
    assert "unless you export it without location" in warning.text()
    open_and_wait(qtbot, window, plain_sample())  # no location: no warning left behind
    assert not warning.isVisible()
