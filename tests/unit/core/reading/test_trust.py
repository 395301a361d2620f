"""Trust profiles: which signatures the real c2pa library then reads as Trusted."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509

from app.core.model import ValidationState
from app.core.paths import user_folders
from app.core.reading.credentials import read_file
from app.core.reading.trust import (
    DEFAULT_PROFILE,
    TEST_TRUST_ENV,
    AnchorSet,
    TrustError,
    TrustProfile,
    load_profile,
    make_context,
)
from tests.helpers.certificates import build_chain, pem_of
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


# -- the default profile: the public lists --------------------------------------------------


def test_default_profile_is_the_public_lists_plus_this_computer(signed) -> None:
    _, root = signed
    folder = user_folders().identities / "me"
    folder.mkdir(parents=True)
    (folder / "root.pem").write_bytes(root)
    profile = load_profile(DEFAULT_PROFILE)
    assert profile.title == "Content Credentials trust lists"
    trust = profile.context_settings()["trust"]
    # 30 official + 18 interim + 22 time-stamp authorities, and the local root.
    assert trust["trust_anchors"].count("BEGIN CERTIFICATE") == 70
    assert trust["user_anchors"].count("BEGIN CERTIFICATE") == 1
    assert trust["allowed_list"].count("BEGIN CERTIFICATE") == 86
    assert "1.3.6.1.4.1.311.76.59.1.9" in trust["trust_config"]  # Microsoft's C2PA EKU
    assert [a.source for a in profile.anchor_sets] == [
        "c2pa_trust_list",
        "interim_trust_list",
        "this_computer",
    ]


def test_own_exports_stay_trusted_with_the_default_profile(signed) -> None:
    path, root = signed
    assert read_file(path, load_profile(DEFAULT_PROFILE)).state is ValidationState.VALID_UNTRUSTED
    folder = user_folders().identities / "me"
    folder.mkdir(parents=True)
    (folder / "root.pem").write_bytes(root)
    assert read_file(path, load_profile(DEFAULT_PROFILE)).state is ValidationState.TRUSTED


def _certs(pem: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem)


def test_trust_source_names_the_set_that_issued_the_chain() -> None:
    official, interim, mine = build_chain(org="Official"), build_chain(), build_chain()
    profile = TrustProfile(
        DEFAULT_PROFILE,
        "test",
        anchor_sets=(
            AnchorSet("c2pa_trust_list", official.root_pem.decode()),
            AnchorSet("interim_trust_list", interim.root_pem.decode()),
            AnchorSet("this_computer", mine.root_pem.decode()),
        ),
    )
    assert profile.trust_source(_certs(official.chain_pem)) == "c2pa_trust_list"
    assert profile.trust_source(_certs(interim.chain_pem)) == "interim_trust_list"
    assert profile.trust_source(_certs(mine.chain_pem)) == "this_computer"
    assert profile.trust_source(_certs(build_chain().chain_pem)) is None
    assert profile.trust_source([]) is None


def test_trust_source_checks_the_signature_not_only_the_name() -> None:
    real = build_chain(org="Same Name")
    impostor = build_chain(org="Same Name")  # same subject names, other keys
    profile = TrustProfile(
        "none", "test", anchor_sets=(AnchorSet("c2pa_trust_list", real.root_pem.decode()),)
    )
    assert profile.trust_source(_certs(impostor.chain_pem)) is None


def test_an_allowed_signer_certificate_counts_as_the_interim_list() -> None:
    chain = build_chain()
    leaf_pem = pem_of(chain.leaf).decode()
    profile = TrustProfile(
        DEFAULT_PROFILE, "test", allowed_pem=leaf_pem, allowed_source="interim_trust_list"
    )
    assert profile.trust_source(_certs(chain.chain_pem)) == "interim_trust_list"


def test_user_anchors_and_test_roots_are_their_own_sources(signed, tmp_path: Path) -> None:
    chain = _certs((tmp_path / "chain.pem").read_bytes())
    user = load_profile("none", user_anchor_files=[tmp_path / "root.pem"])
    assert user.trust_source(chain) == "user_anchor"
    assert [a.source for a in user.anchor_sets] == ["user_anchor"]
    settings = tmp_path / "settings.json"
    anchors = (tmp_path / "root.pem").read_text().replace("\n", "\\n")
    settings.write_text('{"trust": {"trust_anchors": "' + anchors + '"}}')
    assert load_profile("c2pa-test", test_trust_file=settings).trust_source(chain) == "test_root"


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    ["rs_cai.jpg", "jsl_firefly-1.jpg", "rs_ocsp.jpg", "ms_DALL-E_cloud_surfing_puppy.webp"],
)
def test_real_vendor_files_read_trusted_by_default(corpus_file, name: str) -> None:
    report = read_file(corpus_file(name), load_profile(DEFAULT_PROFILE))
    assert report.state is ValidationState.TRUSTED


@pytest.mark.corpus
def test_microsoft_signing_eku_is_accepted_by_default(corpus_file) -> None:
    # Refused by c2pa's own EKU list (Invalid); the interim list's store.cfg accepts it.
    path = corpus_file("ms_cards_trusted.jpg")
    assert read_file(path, load_profile("none")).state is ValidationState.INVALID
    assert read_file(path, load_profile(DEFAULT_PROFILE)).state is ValidationState.VALID_UNTRUSTED
