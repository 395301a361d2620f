"""Why a file is invalid, on files this project makes (no corpus needed): one changed
picture byte, one changed manifest byte, an expired signing certificate. Each must read
with its own cause, and only the first may be called tampered. Also who vouches for a
trusted signer. Real c2pa, real CLI."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest

from app.core.model import FileReport, ValidationState
from app.core.paths import user_folders
from app.core.reading.credentials import read_file
from app.core.reading.trust import DEFAULT_PROFILE, load_profile
from app.core.reports.html_report import render_html
from app.core.reports.json_report import report_to_dict
from app.core.reports.wording import headline, state_line
from app.core.workshop.tamper import make_tampered_copy
from tests.helpers.certificates import build_chain
from tests.helpers.cli import run_cli
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file


def _signed(tmp_path: Path) -> Path:
    chain, key, _ = make_test_chain(tmp_path)
    out = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), out, chain, key, created_manifest("mine"))
    return out


def _read(path: Path) -> FileReport:
    return read_file(path, load_profile(DEFAULT_PROFILE))


def _inspect_json(path: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("inspect", "--json", *extra, path)
    entry: dict[str, Any] = json.loads(result.stdout)["files"][0]
    return entry


def test_one_changed_picture_byte_is_content_changed(tmp_path: Path) -> None:
    tampered = make_tampered_copy(_signed(tmp_path), "pixels", tmp_path / "out").path
    report = _read(tampered)
    assert report.state is ValidationState.INVALID
    assert report.invalid_kinds == ("content_changed",)
    assert headline(report) == "Tampered: the content changed after signing"
    entry = _inspect_json(tampered)
    assert (entry["state"], entry["invalid_kind"]) == ("invalid", "content_changed")
    assert entry["headline"] == headline(report)


def test_one_changed_manifest_byte_is_credentials_changed(tmp_path: Path) -> None:
    tampered = make_tampered_copy(_signed(tmp_path), "manifest", tmp_path / "out").path
    report = _read(tampered)
    assert report.state is ValidationState.INVALID
    assert report.invalid_kind == "credentials_changed"
    assert "content_changed" not in report.invalid_kinds
    assert "Tampered" not in headline(report)
    assert _inspect_json(tampered)["invalid_kind"] == "credentials_changed"


def test_an_expired_certificate_is_not_called_tampered(tmp_path: Path) -> None:
    chain = build_chain(intermediate=False, expires_in=dt.timedelta(seconds=2))
    out = tmp_path / "expired.jpg"
    src = make_jpeg(tmp_path / "src.jpg")
    sign_file(src, out, chain.chain_pem, chain.key_pem(), created_manifest("soon expired"))
    # Wait for the leaf to expire (no time-stamp: the file goes invalid); c2pa compares
    # whole seconds, so one more.
    expired = chain.leaf.not_valid_after_utc + dt.timedelta(seconds=1)
    while dt.datetime.now(dt.UTC) <= expired:
        time.sleep(0.2)
    report = _read(out)
    assert report.state is ValidationState.INVALID
    assert "signingCredential.expired" in {s.code for s in report.failures}
    assert report.invalid_kinds == ("certificate",)
    words = headline(report)
    assert "Tampered" not in words and "nothing shows the file was changed" in words
    html = render_html(report, include_thumbnails=False, versions={})
    assert words in html and "Tampered" not in html
    entry = _inspect_json(out)
    assert (entry["state"], entry["invalid_kind"]) == ("invalid", "certificate")
    assert entry["invalid_kinds"][0]["what_to_do"]


def test_own_identity_is_trusted_on_this_computer_only(tmp_path: Path) -> None:
    signed = _signed(tmp_path)
    folder = user_folders().identities / "me"
    folder.mkdir(parents=True)
    (folder / "root.pem").write_bytes((tmp_path / "root.pem").read_bytes())
    report = _read(signed)
    assert report.state is ValidationState.TRUSTED
    assert report.trust_source == "this_computer"
    assert state_line(report) == "✔ Trusted on this computer only"
    data = report_to_dict(report)
    assert (data["trust_source"], data["headline"]) == ("this_computer", headline(report))
    entry = _inspect_json(signed)
    assert (entry["state"], entry["trust_source"]) == ("trusted", "this_computer")
    assert "Trusted on this computer only" in run_cli("inspect", signed).stdout
    # Changed after signing: no source is said to vouch, whoever signed it.
    tampered = make_tampered_copy(signed, "pixels", tmp_path / "out").path
    entry = _inspect_json(tampered)
    assert (entry["state"], entry["invalid_kind"], entry["trust_source"]) == (
        "invalid",
        "content_changed",
        None,
    )


def test_an_added_anchor_is_its_own_source_and_none_trusts_nobody(tmp_path: Path) -> None:
    signed = _signed(tmp_path)
    entry = _inspect_json(signed, "--trust-anchors", str(tmp_path / "root.pem"))
    assert (entry["state"], entry["trust_source"]) == ("trusted", "user_anchor")
    entry = _inspect_json(signed, "--trust", "none")
    assert (entry["state"], entry["trust_source"]) == ("valid_untrusted", None)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "state", "kind"),
    [
        ("ms_cards_expired_without_timestamp.jpg", "invalid", "certificate"),
        ("pt_adobe-20220124-E-dat-CA.jpg", "invalid", "content_changed"),
        ("pt_adobe-20220124-E-uri-CA.jpg", "invalid", "credentials_changed"),
        ("rs_adobe_connected_identities.jpg", "invalid", "creator_identity"),
        ("ms_cards_trusted.jpg", "valid_untrusted", None),
    ],
)
def test_corpus_files_name_their_cause(corpus_file, name: str, state: str, kind: str) -> None:
    report = _read(corpus_file(name))
    assert (report.state.value, report.invalid_kind) == (state, kind)


@pytest.mark.corpus
def test_a_creator_identity_problem_keeps_the_signer_trusted(corpus_file) -> None:
    # Adobe-signed, only the CAWG identity cannot be checked offline.
    report = _read(corpus_file("rs_adobe_connected_identities.jpg"))
    assert report.trust_source == "interim_trust_list"
    words = headline(report)
    assert "the C2PA credentials check out" in words
    assert "not recognized" not in words and "Tampered" not in words


@pytest.mark.corpus
def test_a_broken_earlier_step_is_said_to_be_earlier(corpus_file) -> None:
    # The newest step checks out; c2pa says Invalid because an ingredient's certificate fails.
    report = _read(corpus_file("ebu_PTS_INVALID_INGREDIENT.mp4"))
    assert report.state is ValidationState.INVALID
    assert not [s for s in report.failures if s.code != "signingCredential.untrusted"]
    assert report.invalid_kind == "certificate"
    entry = report_to_dict(report)["invalid_kinds"][0]
    assert entry["explanation"].startswith("The problem is in an earlier step of the history")


@pytest.mark.corpus
def test_the_badge_is_about_the_newest_signer(corpus_file) -> None:
    # Photoshop edit (Adobe, trusted) of a file signed by an unknown test signer: c2pa-rs
    # says "Valid" for the store; the newest step is intact and its signer trusted.
    report = _read(corpus_file("rs_ocsp_with_assertion.jpg"))
    assert report.state is ValidationState.TRUSTED
    assert report.trust_source == "interim_trust_list"
    states = [i.state for i in report.active.ingredients] if report.active else []
    assert states == [ValidationState.VALID_UNTRUSTED]  # the earlier step keeps its own
