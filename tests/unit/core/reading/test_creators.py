"""Creators are read in both forms: the CAWG metadata assertion CredLabel writes now, and the
deprecated schema.org CreativeWork of older files (shown as before)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.reading.creators import metadata_creators, with_metadata_creators
from app.core.reading.credentials import read_file
from tests.helpers.exports import make_picture, make_signing


def test_the_metadata_assertion_forms_writers_use() -> None:
    assertions: list[dict[str, Any]] = [
        {"label": "cawg.metadata", "data": {"dc:creator": ["Ann Lee", {"@value": "Bo Chen"}]}},
        {"label": "cawg.metadata__2", "data": {"dc:creator": "Ann Lee"}},
        {"label": "c2pa.actions.v2", "data": {"dc:creator": ["Not a creator"]}},
        {"label": "cawg.metadata", "data": "broken"},
    ]
    assert metadata_creators(assertions) == ("Ann Lee", "Bo Chen")
    assert with_metadata_creators(("Bo Chen",), assertions) == ("Bo Chen", "Ann Lee")


def test_a_labeled_copy_names_its_creator(tmp_path: Path) -> None:
    signing = make_signing(tmp_path / "keys")
    photo = make_picture(tmp_path / "photo.jpg")
    result = export_labeled_copy(
        photo, Disclosure(creator="Ann Lee"), signing.signer, profile=signing.profile
    )
    active = read_file(result.dest, signing.profile).active
    assert active is not None
    assert "stds.schema-org.CreativeWork" not in active.assertion_labels
    assert active.creators == ("Ann Lee",)


def test_creators_of_old_files_still_show(corpus_file) -> None:
    active = read_file(corpus_file("rs_CA.jpg")).active
    assert active is not None and "stds.schema-org.CreativeWork" in active.assertion_labels
    assert active.creators  # read from the deprecated CreativeWork, as before
