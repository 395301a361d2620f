"""The bundled public trust lists: what ships, their dates, the out-of-date sentence, and
updated copies winning only while they are usable."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from app.core.reading import trust_lists
from app.core.reading.trust_lists import SPECS, load_lists, stale_notice
from app.core.resources import resource_path


def test_every_list_ships_with_its_licence_and_attribution() -> None:
    folder = resource_path("trust")
    for spec in SPECS:
        assert (folder / spec.filename).is_file(), spec.filename
    assert "Creative Commons" in (folder / "LICENSE-C2PA-CC-BY-4.0.txt").read_text()
    assert "Apache License" in (folder / "LICENSE-verify-site-APACHE.txt").read_text()
    readme = (folder / "README.md").read_text()
    assert "Coalition for Content Provenance and Authenticity" in readme


def test_bundled_lists_have_counts_and_dates() -> None:
    lists = {item.spec.key: item for item in load_lists()}
    assert {k: v.count for k, v in lists.items()} == {
        "c2pa": 30,
        "c2pa-tsa": 22,
        "interim-anchors": 18,
        "interim-allowed": 86,
        "interim-eku": 6,
    }
    official = lists["c2pa"]
    assert not official.updated
    assert official.issued == datetime(2026, 8, 5, 0, 11, 39, tzinfo=UTC)
    assert official.next_update == datetime(2027, 8, 5, 0, 11, 39, tzinfo=UTC)
    assert lists["interim-anchors"].issued == datetime(2025, 8, 28, tzinfo=UTC)
    assert lists["interim-anchors"].next_update is None


def test_every_bundled_list_passes_the_full_check_with_the_count_shown() -> None:
    # The bundled copies are counted at load, not checked (they ship with the app): this is
    # their check, with cryptography loading every certificate as for a download.
    for item in load_lists():
        data = item.path.read_bytes()
        assert trust_lists.check_list(item.spec, data, item.spec.filename) == item.count
        assert trust_lists.check_list(item.spec, data, "x", thorough=False) == item.count


def test_out_of_date_lists_are_said_in_one_sentence() -> None:
    assert stale_notice(now=datetime(2027, 1, 1, tzinfo=UTC)) == ""
    notice = stale_notice(now=datetime(2027, 9, 1, tzinfo=UTC))
    assert "out of date" in notice
    assert "2027-08-05" in notice
    assert "credlabel trust update" in notice


def _write_update(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    origins = {name: {"from": "https://example.test/", "on": "2027-09-01T00:00:00+00:00"}}
    (folder / trust_lists.ORIGIN_FILE).write_text(json.dumps(origins))


def test_an_updated_copy_wins_and_a_broken_one_falls_back() -> None:
    folder = trust_lists.updated_folder()
    one = (resource_path("trust") / "interim-anchors.pem").read_text()
    block = one[: one.index("-----END CERTIFICATE-----") + 25] + "\n"
    _write_update(folder, "interim-anchors.pem", block.encode())
    lists = {item.spec.key: item for item in load_lists()}
    assert lists["interim-anchors"].updated
    assert lists["interim-anchors"].count == 1
    assert lists["interim-anchors"].fetched_from == "https://example.test/"
    _write_update(folder, "interim-anchors.pem", b"<html>Not found</html>")
    lists = {item.spec.key: item for item in load_lists()}
    assert not lists["interim-anchors"].updated
    assert lists["interim-anchors"].count == 18
