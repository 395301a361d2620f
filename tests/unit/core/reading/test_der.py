"""Certificates as DER on the reading path: the same answers as cryptography, without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from app.core.reading import trust_lists
from app.core.reading.der import (
    DerError,
    RawCertificate,
    name_key,
    parse_certificate,
    pem_certificates,
    same_name,
)
from app.core.reading.signer_chain import issuing_path
from app.core.reading.trust import AnchorSet, TrustProfile
from app.core.resources import resource_path
from tests.conftest import ROOT
from tests.helpers.certificates import build_chain
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file


def _bundled_certificates() -> list[x509.Certificate]:
    out: list[x509.Certificate] = []
    for spec in trust_lists.SPECS:
        if spec.kind == "certificates":
            data = resource_path("trust", spec.filename).read_bytes()
            out += x509.load_pem_x509_certificates(data)
    return out


def test_names_and_bytes_are_cryptographys() -> None:
    certificates = _bundled_certificates()
    assert len(certificates) > 50
    raws = [parse_certificate(c.public_bytes(Encoding.DER)) for c in certificates]
    for cert, raw in zip(certificates, raws, strict=True):
        assert raw.issuer == cert.issuer.public_bytes()
        assert raw.subject == cert.subject.public_bytes()
    names = [(r.subject, c.subject) for r, c in zip(raws, certificates, strict=True)]
    names += [(r.issuer, c.issuer) for r, c in zip(raws, certificates, strict=True)]
    for der_a, name_a in names[::3]:
        for der_b, name_b in names:
            assert same_name(der_a, der_b) is (name_a == name_b)


def test_text_values_compare_by_text_whatever_their_string_type() -> None:
    # CN "A" as UTF8String and as PrintableString: cryptography says equal.
    utf8 = bytes.fromhex("300c310a300806035504030c0141")
    printable = bytes.fromhex("300c310a3008060355040313 0141".replace(" ", ""))
    assert utf8 != printable and same_name(utf8, printable) is True
    # A BMPString value: only cryptography can tell.
    bmp = bytes.fromhex("300d310b300906035504031e020041")
    assert name_key(bmp) is None and same_name(utf8, bmp) is None


def test_odd_bytes_are_not_certificates() -> None:
    der = build_chain().leaf.public_bytes(Encoding.DER)
    for odd in (b"", b"\x30\x03\x02\x01\x01", der[:-1], der + b"\x00", b"<html>502</html>"):
        with pytest.raises(DerError):
            parse_certificate(odd)
    with pytest.raises(DerError):
        pem_certificates("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----")


def test_the_issuing_path_follows_names() -> None:
    chain = build_chain()  # leaf, intermediate, root
    ders = [c.public_bytes(Encoding.DER) for c in (chain.leaf, chain.root, chain.issuer)]
    path = issuing_path([parse_certificate(d) for d in ders])
    assert [c.der for c in path] == [ders[0], ders[2], ders[1]]


def test_file_chains_and_parsed_chains_get_the_same_source() -> None:
    official, other = build_chain(org="Official"), build_chain(org="Official")  # same names
    profile = TrustProfile(
        "test", "test", anchor_sets=(AnchorSet("c2pa_trust_list", official.root_pem.decode()),)
    )
    for made, source in ((official, "c2pa_trust_list"), (other, None)):
        parsed = x509.load_pem_x509_certificates(made.chain_pem)
        raw = [parse_certificate(c.public_bytes(Encoding.DER)) for c in parsed]
        assert profile.trust_source(parsed) == source
        assert profile.trust_source(raw) == source


def test_a_quick_list_check_rejects_what_the_full_one_rejects() -> None:
    spec = next(s for s in trust_lists.SPECS if s.kind == "certificates")
    good = resource_path("trust", spec.filename).read_bytes()
    full = trust_lists.check_list(spec, good, "x")
    assert trust_lists.check_list(spec, good, "x", thorough=False) == full
    cut = good[: len(good) // 2] + b"\n-----END CERTIFICATE-----\n"
    for bad in (b"<html>502 Bad Gateway</html>", b"", cut):
        for thorough in (True, False):
            with pytest.raises(trust_lists.TrustListError):
                trust_lists.check_list(spec, bad, "x", thorough=thorough)


def test_inspecting_a_trusted_file_does_not_load_cryptography(tmp_path: Path) -> None:
    """A file signed by this computer's identity (its root in the file's chain) reads
    Trusted, vouched for by "this computer", without importing cryptography (~25 ms)."""
    _chain, key, root = make_test_chain(tmp_path)
    signed = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), signed, _chain, key, created_manifest("signed"))
    from app.core.paths import user_folders

    identity = user_folders().identities / "me"
    identity.mkdir(parents=True)
    (identity / "root.pem").write_bytes(root)
    code = (
        "import sys\n"
        "from app.start import main\n"
        f"code = main(['inspect', '--json', {str(signed)!r}])\n"
        "print('CRYPTOGRAPHY', 'cryptography' in sys.modules, 'EXIT', code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert '"trust_source": "this_computer"' in done.stdout, done.stdout[-800:] + done.stderr
    assert "CRYPTOGRAPHY False EXIT 0" in done.stdout, done.stderr[-800:]


def _raw(pem: bytes) -> list[RawCertificate]:
    return [parse_certificate(der) for der in pem_certificates(pem)]


def test_a_trusted_chain_with_one_possible_issuer_needs_no_signature_check() -> None:
    official, interim = build_chain(org="Official"), build_chain(org="Interim")
    profile = TrustProfile(
        "test",
        "test",
        anchor_sets=(
            AnchorSet("c2pa_trust_list", official.root_pem.decode()),
            AnchorSet("interim_trust_list", interim.root_pem.decode()),
        ),
    )
    chain = _raw(interim.chain_pem)  # leaf and intermediate: the root is not in the file
    assert profile._only_issuer(chain) == pem_certificates(interim.root_pem)[0]
    assert profile.source_of_trusted(chain) == "interim_trust_list"
    assert profile.trust_source(chain) == "interim_trust_list"


def test_same_named_anchors_are_told_apart_by_their_signatures() -> None:
    real, impostor = build_chain(org="Same Name"), build_chain(org="Same Name")
    anchors = impostor.root_pem.decode() + real.root_pem.decode()
    profile = TrustProfile(
        "test",
        "test",
        anchor_sets=(
            AnchorSet("c2pa_trust_list", impostor.root_pem.decode()),
            AnchorSet("interim_trust_list", real.root_pem.decode()),
        ),
        public_anchors_pem=anchors,
    )
    chain = _raw(real.chain_pem)
    assert profile._only_issuer(chain) is None  # two candidates: check the signatures
    assert profile.source_of_trusted(chain) == "interim_trust_list"
    # Not trusted by c2pa: a matching name alone never vouches.
    lone = TrustProfile(
        "test", "test", anchor_sets=(AnchorSet("c2pa_trust_list", impostor.root_pem.decode()),)
    )
    assert lone.trust_source(chain) is None
