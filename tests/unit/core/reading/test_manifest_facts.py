"""What the active manifest says, extracted once for window, `inspect` and reports: capture
facts from `stds.exif`, actions in plain words, identity check, training preference."""

from __future__ import annotations

from pathlib import Path

from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.manifest_facts import (
    action_lines,
    capture_facts,
    facts_to_dict,
    identity_lines,
    training_preference,
)


def test_camera_facts_of_a_phone_capture(corpus_file) -> None:
    report = read_file(corpus_file("pt_truepic-20230212-camera.jpg"))
    facts = capture_facts(report)
    assert facts.camera == "Google Pixel 5"
    assert facts.taken == "2023-02-12T18:44:26Z"
    assert facts.location == "43.152094, -77.580533 (altitude 123.5 m)"
    assert ("Camera", "Google Pixel 5") in facts.rows()
    assert all(value != facts.location for _name, value in facts.rows())  # asked for apart
    assert facts_to_dict(report)["capture"]["camera"] == "Google Pixel 5"


def test_actions_in_plain_words_and_the_creator(corpus_file) -> None:
    report = read_file(corpus_file("rs_ocsp.jpg"))
    assert report.active is not None
    assert action_lines(report.active) == (
        "Opened an existing file",
        "Cropped",
        "Edited with Adobe Firefly",
    )
    assert capture_facts(report).rows() == []


def test_identity_says_whether_it_could_be_checked(corpus_file) -> None:
    failed = read_file(corpus_file("rs_adobe_connected_identities.jpg"))
    assert identity_lines(failed) == ("testuser23 (verified by behance) — its check failed",)
    assert facts_to_dict(failed)["identity_check"] == "failed"
    unknown = read_file(corpus_file("rs_cawg_ica_success.jpg"))
    assert identity_lines(unknown)[0].endswith("could not be checked")


def test_training_preference_in_one_sentence(corpus_file) -> None:
    refused = read_file(corpus_file("rs_IMG_0003_aca.png"))
    assert refused.active is not None
    assert training_preference(refused.active) == "Do not use for AI training or data mining"
    assert facts_to_dict(refused)["do_not_train"] is True


def test_an_empty_jpg_says_the_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"")
    report = read_file(path)
    assert report.state is ValidationState.COULD_NOT_READ
    assert report.problem == "The file is empty."
