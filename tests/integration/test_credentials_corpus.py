"""read_file over every corpus file, checked against what corpus.json recorded, plus
project-made files (signed in the test) so reading is exercised without the corpus."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from app.core.model import AiVerdictKind, FileReport, ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.trust import DEFAULT_PROFILE, load_profile
from tests.conftest import corpus_records
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file

RECORDS = corpus_records()
IDS = [r["filename"] for r in RECORDS]
STATES = {
    None: None,
    "Valid": ValidationState.VALID_UNTRUSTED,
    "Invalid": ValidationState.INVALID,
    "Trusted": ValidationState.TRUSTED,
}
AI_TERMS = {"trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia"}
UNREADABLE = {"malformed", "unsupported", "remote_manifest"}


def _expected_state(record: dict[str, Any], key: str) -> ValidationState:
    if record["category"] in UNREADABLE:
        return ValidationState.COULD_NOT_READ
    return STATES[record[key]] or ValidationState.NO_CREDENTIALS


def _failure_codes(report: FileReport) -> set[str]:
    return {s.code for s in report.failures}


def _badge_state(record: dict[str, Any], key: str, report: FileReport) -> ValidationState:
    """corpus.json records c2pa-rs's store-wide state; the badge is about the active signer:
    "Valid" only because an earlier step's signer is unknown reads Trusted when the newest
    step is intact and its signer trusted."""
    recorded = _expected_state(record, key)
    codes = {(s.kind, s.code) for s in report.status}
    active_trusted = ("success", "signingCredential.trusted") in codes and not report.failures
    if recorded is ValidationState.VALID_UNTRUSTED and active_trusted:
        return ValidationState.TRUSTED
    return recorded


@pytest.mark.corpus
@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_corpus_file_reads_as_recorded(record: dict[str, Any], corpus_file) -> None:
    report = read_file(corpus_file(record["filename"]))
    assert report.state is _expected_state(record, "validation_state")
    if record["status_codes"] is not None:
        assert _failure_codes(report) == set(record["status_codes"]["failure"])
    if report.state is ValidationState.COULD_NOT_READ:
        assert report.problem and "Traceback" not in report.problem
    _check_ai(record, report)
    active = report.active
    if record["active_manifest_label"]:
        assert report.active_manifest == record["active_manifest_label"]
    if record["signer_issuer"]:
        assert active is not None and active.signature is not None
        assert active.signature.organization == record["signer_issuer"]
    if record["num_ingredients"] is not None:
        assert active is not None and len(active.ingredients) == record["num_ingredients"]
    if record["actions"] is not None:
        assert active is not None
        assert sorted({a.name for a in active.actions}) == sorted(set(record["actions"]))
    if record["manifest_count"]:
        assert len(report.manifests) >= record["manifest_count"] - 1


def _check_ai(record: dict[str, Any], report: FileReport) -> None:
    kind = report.ai.kind
    if record["ai_generated_any"] is not None:
        standard = kind in (AiVerdictKind.GENERATED, AiVerdictKind.CONTAINS_AI)
        assert standard == record["ai_generated_any"]
    if record["ai_nonstandard_evidence"]:
        assert kind is AiVerdictKind.NONSTANDARD
        assert report.ai.evidence == tuple(record["ai_nonstandard_evidence"])
    if record["ai_generated_active"] is not None and report.active is not None:
        terms = {a.source_term for a in report.active.actions}
        assert bool(terms & AI_TERMS) == record["ai_generated_active"]
        if record["ai_generated_any"] and not record["ai_generated_active"]:
            assert report.ai.source_manifest != report.active_manifest  # said by an ingredient
    if not report.has_credentials:
        assert kind is AiVerdictKind.NO_CREDENTIALS


@pytest.mark.corpus
@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_c2pa_test_root_profile(record: dict[str, Any], corpus_file, corpus: Path) -> None:
    profile = load_profile("c2pa-test", test_trust_file=corpus / "test_trust_settings.json")
    report = read_file(corpus_file(record["filename"]), profile)
    assert report.state is _badge_state(record, "validation_state_test_anchors", report)
    if record["failure_codes_test_anchors"] is not None:
        assert _failure_codes(report) == set(record["failure_codes_test_anchors"])


@pytest.mark.corpus
@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_default_profile_reads_as_the_public_lists_do(record: dict[str, Any], corpus_file) -> None:
    """The default profile is the public lists (what Verify uses): corpus.json recorded what
    the library reads with them. A trusted signer names its list; only a file tagged as
    tampered may be said to have changed content."""
    if record["validation_state_public_lists"] is None and record["has_manifest"]:
        pytest.skip("no public-list expectation for a standalone .c2pa")
    report = read_file(corpus_file(record["filename"]), load_profile(DEFAULT_PROFILE))
    assert report.state is _badge_state(record, "validation_state_public_lists", report)
    if record["failure_codes_public_lists"] is not None:
        assert _failure_codes(report) == set(record["failure_codes_public_lists"])
    if report.state is ValidationState.TRUSTED:
        assert report.trust_source in ("c2pa_trust_list", "interim_trust_list")
    if "content_changed" in report.invalid_kinds:
        assert "tampered" in record["tags"]
    assert bool(report.invalid_kinds) == (report.state is ValidationState.INVALID)


@pytest.mark.corpus
def test_remote_only_manifest_names_its_url(corpus_file) -> None:
    report = read_file(corpus_file("js_PirateShip_save_credentials_to_cloud.jpg"))
    assert report.remote_url and report.remote_url.startswith("https://cai-manifests.adobe.com/")
    assert report.problem and f"stored online at {report.remote_url}" in report.problem


@pytest.mark.corpus
def test_unsupported_type_names_the_types_that_work(corpus_file) -> None:
    report = read_file(corpus_file("rs_unsupported_type.txt"))
    assert report.problem and "JPEG" in report.problem and "MP4" in report.problem


@pytest.mark.corpus
def test_damaged_active_manifest_keyerror_case(corpus_file) -> None:
    report = read_file(corpus_file("rs_cawg_malformed_cbor.jpg"))
    assert report.state is ValidationState.INVALID
    assert report.active_manifest is None and report.problem


@pytest.mark.corpus
@pytest.mark.parametrize("record", [r for r in RECORDS if r.get("sidecar_for")], ids=str)
def test_lone_sidecar_finds_its_asset(record: dict[str, Any], corpus_file) -> None:
    report = read_file(corpus_file(record["filename"]))
    assert report.sidecar_for == record["sidecar_for"][0]["asset"]


@pytest.mark.corpus
def test_lone_sidecar_without_asset_says_so(corpus_file, tmp_path: Path) -> None:
    alone = tmp_path / "manifest.c2pa"
    shutil.copyfile(corpus_file("js_CA_manifest_data.c2pa"), alone)
    report = read_file(alone)
    assert report.state is ValidationState.COULD_NOT_READ
    assert report.problem and "together with the file they belong to" in report.problem


@pytest.mark.corpus
def test_ingredient_tree_and_thumbnails(corpus_file) -> None:
    report = read_file(corpus_file("rs_cawg_ica_success.jpg"))
    active = report.active
    assert active is not None and active.thumbnail and active.thumbnail[:2] == b"\xff\xd8"
    parent = next(i for i in active.ingredients if i.relationship == "parentOf")
    assert parent.state is ValidationState.VALID_UNTRUSTED
    assert [c.title for c in parent.children] == ["A.jpg"]
    assert active.cawg_identity and active.cawg_identity[0].startswith("First-Name Last-Name")


@pytest.mark.corpus
def test_certificate_details_come_from_the_library(corpus_file) -> None:
    signature = read_file(corpus_file("rs_C.jpg")).active.signature  # type: ignore[union-attr]
    assert signature is not None and signature.chain
    leaf = signature.chain[0]
    assert "O=C2PA Test Signing Cert" in leaf.subject and leaf.not_after is not None


@pytest.mark.corpus
def test_detailed_read_keeps_raw_views(corpus_file) -> None:
    report = read_file(corpus_file("rs_CA.jpg"), detailed=True)
    assert report.raw_json and report.detailed_json and report.crjson


# -- without the corpus: files this test signs itself ---------------------------------


@pytest.fixture
def chain(tmp_path: Path) -> tuple[bytes, bytes, bytes]:
    return make_test_chain(tmp_path)


def test_signed_file_reads_with_signer_and_actions(tmp_path: Path, chain) -> None:
    out = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), out, chain[0], chain[1], created_manifest("mine"))
    report = read_file(out)
    assert report.state is ValidationState.VALID_UNTRUSTED
    active = report.active
    assert active is not None and active.title == "mine"
    assert active.signature is not None
    assert active.signature.organization == "CredLabel Test Signer"
    assert active.signature.time is None  # no time-stamp authority: fully offline
    assert [a.label for a in active.actions] == ["Created"]
    assert active.claim_generator.startswith("CredLabel tests")
    assert report.raw_json and report.detailed_json is None


def test_tampered_pixels_read_invalid(tmp_path: Path, chain) -> None:
    out = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), out, chain[0], chain[1], created_manifest("t"))
    data = bytearray(out.read_bytes())
    data[-10] ^= 0xFF  # inside the entropy-coded picture data, before EOI
    tampered = tmp_path / "tampered.jpg"
    tampered.write_bytes(bytes(data))
    report = read_file(tampered)
    assert report.state is ValidationState.INVALID
    assert "assertion.dataHash.mismatch" in _failure_codes(report)
    assert out.read_bytes() != tampered.read_bytes()


def test_sidecar_next_to_asset_is_used(tmp_path: Path, chain) -> None:
    asset = tmp_path / "photo.jpg"
    sign_file(
        make_jpeg(tmp_path / "src.jpg"),
        asset,
        chain[0],
        chain[1],
        created_manifest("side"),
        sidecar=True,
    )
    report = read_file(asset)
    assert report.state is ValidationState.VALID_UNTRUSTED
    assert report.sidecar == tmp_path / "photo.c2pa"
    lone = read_file(tmp_path / "photo.c2pa")
    assert lone.sidecar_for == "photo.jpg" and lone.state is ValidationState.VALID_UNTRUSTED


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xd8\xff" + bytes(100), b"\x00\x00\x00\x18ftypmp42" + bytes(64), b"junk" * 50],
)
def test_bad_files_never_raise(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.bin"
    path.write_bytes(content)
    report = read_file(path)
    assert report.state in (ValidationState.NO_CREDENTIALS, ValidationState.COULD_NOT_READ)


def test_truncated_signed_file_is_reported(tmp_path: Path, chain) -> None:
    out = tmp_path / "signed.jpg"
    sign_file(
        make_jpeg(tmp_path / "src.jpg", size=(300, 200)),
        out,
        chain[0],
        chain[1],
        created_manifest("t"),
    )
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    report = read_file(cut)
    assert report.state in (ValidationState.INVALID, ValidationState.COULD_NOT_READ)


def test_library_exceptions_become_could_not_read(tmp_path: Path, chain, monkeypatch) -> None:
    out = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), out, chain[0], chain[1], created_manifest("k"))
    import c2pa

    def broken_json(self: Any) -> str:
        raise KeyError("Active manifest not found in manifest store")

    monkeypatch.setattr(c2pa.Reader, "json", broken_json)
    report = read_file(out)
    assert report.state is ValidationState.COULD_NOT_READ
    assert report.problem and "damaged" in report.problem
