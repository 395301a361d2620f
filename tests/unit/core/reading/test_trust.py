"""Trust profiles: which signatures the real c2pa library then reads as Trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.model import ValidationState
from app.core.paths import user_folders
from app.core.reading.credentials import read_file
from app.core.reading.trust import TEST_TRUST_ENV, TrustError, load_profile, make_context
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, bytes]:
    chain, key, root = make_test_chain(tmp_path)
    out = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), out, chain, key, created_manifest("signed"))
    return out, root


def test_no_anchors_means_signer_not_recognized(signed) -> None:
    path, _ = signed
    report = read_file(path, load_profile("none"))
    assert report.state is ValidationState.VALID_UNTRUSTED
    assert "signingCredential.untrusted" in {s.code for s in report.failures}


def test_local_identity_roots_make_own_exports_trusted(signed) -> None:
    path, root = signed
    assert read_file(path, load_profile("local")).state is ValidationState.VALID_UNTRUSTED
    folder = user_folders().identities / "me"
    folder.mkdir(parents=True)
    (folder / "root.pem").write_bytes(root)
    profile = load_profile("local")
    assert profile.anchor_count == 1
    report = read_file(path, profile)
    assert report.state is ValidationState.TRUSTED
    assert report.trust_profile == "local"


def test_user_anchor_file_makes_it_trusted(signed, tmp_path: Path) -> None:
    path, _ = signed
    profile = load_profile("none", user_anchor_files=[tmp_path / "root.pem"])
    assert read_file(path, profile).state is ValidationState.TRUSTED


def test_another_root_does_not_make_it_trusted(signed, tmp_path: Path) -> None:
    path, _ = signed
    other = tmp_path / "other"
    other.mkdir()
    make_test_chain(other)
    profile = load_profile("none", user_anchor_files=[other / "root.pem"])
    assert read_file(path, profile).state is ValidationState.VALID_UNTRUSTED


def test_bad_anchor_files_and_names_give_sentences(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(TrustError, match="no PEM certificate"):
        load_profile("none", user_anchor_files=[junk])
    with pytest.raises(TrustError, match="could not be read"):
        load_profile("none", user_anchor_files=[tmp_path / "missing.pem"])
    with pytest.raises(TrustError, match="no trust profile"):
        load_profile("everyone")


def test_missing_test_trust_file_is_explained(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(TEST_TRUST_ENV, str(tmp_path / "absent.json"))
    monkeypatch.setattr("app.core.reading.trust._DEFAULT_TEST_TRUST", tmp_path / "absent.json")
    with pytest.raises(TrustError, match=TEST_TRUST_ENV):
        load_profile("c2pa-test")


def test_settings_never_fetch_remote_manifests() -> None:
    settings = load_profile("none").context_settings()
    assert settings["verify"]["remote_manifest_fetch"] is False
    assert "trust" not in settings


def test_make_context_merges_extra_sections(tmp_path: Path) -> None:
    make_test_chain(tmp_path)
    profile = load_profile("none", user_anchor_files=[tmp_path / "root.pem"])
    context = make_context(profile, builder={"thumbnail": {"enabled": False}})
    assert context.is_valid


@pytest.mark.corpus
def test_c2pa_test_profile_trusts_the_test_root(corpus_file, corpus: Path) -> None:
    profile = load_profile("c2pa-test", test_trust_file=corpus / "test_trust_settings.json")
    assert profile.anchor_count >= 1
    assert read_file(corpus_file("rs_C.jpg"), profile).state is ValidationState.TRUSTED
