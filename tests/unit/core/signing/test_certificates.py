"""Certificates: the local chain follows the C2PA profile; every broken import is explained
in its own sentence (most people who bring their own certificate trip over exactly these)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from app.core.errors import IdentityError, PassphraseRequired, WrongPassphrase
from app.core.signing import certificate_checks as checks
from app.core.signing import certificates as certs
from tests.helpers.certificates import Chain, build_chain
from tests.helpers.signing import created_manifest, make_jpeg, sign_file

DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


# ---------------------------------------------------------------- the local chain


@pytest.mark.parametrize("alg", certs.ALGORITHMS)
def test_local_chain_follows_the_c2pa_profile(alg: str) -> None:
    made = certs.create_local_chain("  Jane   Doe ", alg)
    assert checks.check_chain(made.chain_pem, made.key) == []
    leaf, inter = certs.parse_certificates(made.chain_pem)
    root = certs.parse_certificates(made.root_pem)[0]
    assert certs.common_name(leaf.subject) == "Jane Doe (CredLabel local identity)"
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert leaf.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.EMAIL_PROTECTION]
    leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier)
    leaf.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    for ca in (inter, root):
        assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    assert certs.is_self_signed(root) and not certs.is_self_signed(leaf)
    leaf.verify_directly_issued_by(inter)
    inter.verify_directly_issued_by(root)
    lifetime = leaf.not_valid_after_utc - leaf.not_valid_before_utc
    assert lifetime >= dt.timedelta(days=365 * 20)
    assert certs.algorithm_of(made.key) == alg
    if alg == "PS256":
        assert isinstance(made.key, rsa.RSAPrivateKey) and made.key.key_size >= 2048


def test_long_lived_explanation_tells_the_user_why() -> None:
    text = certs.LONG_LIVED_EXPLANATION
    assert "20 years" in text and "timestamp" in text and "invalid" in text
    trust = certs.LOCAL_TRUST_EXPLANATION
    assert "Trusted on this computer" in trust and "signer not recognized" in trust
    assert "discarded" in trust


def test_bad_names_and_algorithms_are_explained() -> None:
    with pytest.raises(IdentityError, match="needs a name"):
        certs.create_local_chain("   ")
    with pytest.raises(IdentityError, match="Choose one of: ES256, Ed25519, PS256"):
        certs.create_local_chain("Jane", "DSA")
    long_name = certs.leaf_common_name("x" * 200)
    assert len(long_name) == 64 and long_name.endswith("(CredLabel local identity)")


# ---------------------------------------------------------------- broken chains


def _first_blocking(chain_pem: bytes, key: Any) -> str:
    problems = checks.blocking(checks.check_chain(chain_pem, key))
    assert problems, "expected the chain to be refused"
    return problems[0].sentence


def _broken_cases() -> dict[str, tuple[bytes, Any]]:
    good = build_chain()
    other_key = ec.generate_private_key(ec.SECP256R1())
    self_signed_ca = build_chain(self_signed=True, leaf_ca=True)
    cases: dict[str, tuple[bytes, Any]] = {
        "self-signed CA leaf": (certs.pem_of(self_signed_ca.leaf), self_signed_ca.key),
        "CA leaf": (build_chain(leaf_ca=True).chain_pem, None),
        "wrong order": (certs.pem_of(good.issuer) + certs.pem_of(good.leaf), None),
        "key mismatch": (good.chain_pem, other_key),
        "no digitalSignature": (build_chain(digital_signature=False).chain_pem, None),
        "wrong EKU": (build_chain(eku=[ExtendedKeyUsageOID.SERVER_AUTH]).chain_pem, None),
        "no EKU": (build_chain(eku=[]).chain_pem, None),
        "any EKU": (build_chain(eku=[ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE]).chain_pem, None),
        "documentSigning only": (build_chain(eku=[DOCUMENT_SIGNING]).chain_pem, None),
        "expired": (build_chain(days=(-400, -30)).chain_pem, None),
        "not yet valid": (build_chain(days=(30, 400)).chain_pem, None),
        "small RSA": (build_chain(leaf_key=_rsa(1024)).chain_pem, None),
        "no AKI": (build_chain(aki=False).chain_pem, None),
        "garbage": (b"this is not a certificate", None),
    }
    return cases


def _rsa(bits: int) -> Any:
    # 1024 bits: the smallest cryptography generates, and below c2pa-rs's 2048-bit minimum.
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def test_each_broken_chain_has_its_own_sentence() -> None:
    sentences = {name: _first_blocking(pem, key) for name, (pem, key) in _broken_cases().items()}
    assert len(set(sentences.values())) == len(sentences), sentences
    assert "self-signed" in sentences["self-signed CA leaf"]
    assert "certificate authority" in sentences["CA leaf"]
    assert "wrong order" in sentences["wrong order"]
    assert "does not belong" in sentences["key mismatch"]
    assert "digitalSignature" in sentences["no digitalSignature"]
    assert "serverAuth" in sentences["wrong EKU"]
    assert "no extended key usage" in sentences["no EKU"]
    assert "anyExtendedKeyUsage" in sentences["any EKU"]
    assert "document signing" in sentences["documentSigning only"]
    assert "expired" in sentences["expired"]
    assert "not valid yet" in sentences["not yet valid"]
    assert "key type or size" in sentences["small RSA"]
    assert "Authority Key Identifier" in sentences["no AKI"]
    assert "no certificate" in sentences["garbage"]


def test_every_problem_says_what_to_do() -> None:
    for name, (pem, key) in _broken_cases().items():
        problems = checks.check_chain(pem, key)
        assert problems, f"{name}: no problem found, so nothing to say"
        for problem in problems:
            assert problem.what_to_do and problem.what_to_do.endswith("."), name
            assert problem.what_to_do in str(problem), name


def test_self_signed_ca_leaf_reports_both_reasons() -> None:
    chain = build_chain(self_signed=True, leaf_ca=True)
    sentences = [p.sentence for p in checks.check_chain(certs.pem_of(chain.leaf), chain.key)]
    assert any("self-signed" in s for s in sentences)
    assert any("CA:TRUE" in s for s in sentences)


def test_a_good_provider_chain_passes_and_a_lone_leaf_is_only_a_warning() -> None:
    chain = build_chain()
    assert checks.check_chain(chain.chain_pem, chain.key) == []
    lone = checks.check_chain(certs.pem_of(chain.leaf), chain.key)
    assert len(lone) == 1 and lone[0].warning and "Trusted" in lone[0].sentence
    assert checks.blocking(lone) == []


def test_claim_signing_and_email_protection_together_is_fine() -> None:
    eku = [x509.ObjectIdentifier("1.3.6.1.4.1.62558.2.1"), ExtendedKeyUsageOID.EMAIL_PROTECTION]
    assert checks.check_chain(build_chain(eku=eku).chain_pem, None) == []


def test_order_chain_puts_issuers_after_their_certificates() -> None:
    chain = build_chain()
    ordered = certs.order_chain([chain.leaf, chain.root, chain.issuer])
    assert ordered == [chain.leaf, chain.issuer, chain.root]


# ---------------------------------------------------------------- keys and PKCS#12


def test_private_keys_load_in_every_common_form() -> None:
    chain = build_chain()
    traditional = chain.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    der = chain.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for data, password in (
        (chain.key_pem(), None),
        (chain.key_pem("s3cret"), "s3cret"),
        (traditional, None),
        (der, None),
        (chain.key_pem(), "ignored: the key has no password"),
    ):
        key = certs.load_private_key(data, password)
        assert checks.check_chain(chain.chain_pem, key) == []


def test_key_password_problems_each_have_their_own_sentence() -> None:
    encrypted = build_chain().key_pem("right")
    with pytest.raises(PassphraseRequired) as missing:
        certs.load_private_key(encrypted, None)
    with pytest.raises(WrongPassphrase) as wrong:
        certs.load_private_key(encrypted, "wrong")
    with pytest.raises(IdentityError) as garbage:
        certs.load_private_key(
            b"-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----", None
        )
    sentences = {missing.value.sentence, wrong.value.sentence, garbage.value.sentence}
    assert len(sentences) == 3
    assert "wrong" in wrong.value.sentence and "protected" in missing.value.sentence


def test_pkcs12_loads_in_signing_order_and_explains_failures() -> None:
    chain = build_chain()
    data = chain.pkcs12("p12pass")
    key, loaded = certs.load_pkcs12(data, "p12pass")
    assert loaded == [chain.leaf, chain.intermediate, chain.root]
    assert checks.check_chain(b"".join(certs.pem_of(c) for c in loaded), key) == []
    with pytest.raises(WrongPassphrase) as wrong:
        certs.load_pkcs12(data, "nope")
    with pytest.raises(PassphraseRequired) as missing:
        certs.load_pkcs12(data, None)
    with pytest.raises(IdentityError) as garbage:
        certs.load_pkcs12(b"PK\x03\x04 a zip file, not a certificate" * 4, "p12pass")
    sentences = {wrong.value.sentence, missing.value.sentence, garbage.value.sentence}
    assert len(sentences) == 3
    assert "password for the PKCS#12 file is wrong" in wrong.value.sentence
    assert "not a PKCS#12" in garbage.value.sentence


# ---------------------------------------------------------------- agreement with c2pa-rs

_EKUS = {
    "emailProtection": [ExtendedKeyUsageOID.EMAIL_PROTECTION],
    "timeStamping": [ExtendedKeyUsageOID.TIME_STAMPING],
    "OCSPSigning": [ExtendedKeyUsageOID.OCSP_SIGNING],
    "emailProtection+serverAuth": [
        ExtendedKeyUsageOID.EMAIL_PROTECTION,
        ExtendedKeyUsageOID.SERVER_AUTH,
    ],
    "serverAuth": [ExtendedKeyUsageOID.SERVER_AUTH],
    "codeSigning": [ExtendedKeyUsageOID.CODE_SIGNING],
    "anyExtendedKeyUsage": [ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE],
    "none": [],
    "documentSigning": [DOCUMENT_SIGNING],
    "claimSigning": [x509.ObjectIdentifier("1.3.6.1.4.1.62558.2.1")],
}


def _c2pa_signs(chain: Chain, tmp_path: Path) -> bool:
    """Whether the real library signs (and re-reads without error) with this chain."""
    import c2pa

    src, dst = make_jpeg(tmp_path / "in.jpg"), tmp_path / "out.jpg"
    try:
        sign_file(src, dst, chain.chain_pem, chain.key_pem(), created_manifest())
    except c2pa.C2paError:
        return False
    return True


@pytest.mark.parametrize("eku", list(_EKUS))
def test_check_chain_agrees_with_c2pa_on_extended_key_usage(eku: str, tmp_path: Path) -> None:
    """What check_chain refuses is exactly what c2pa-rs refuses, so an import never passes
    the check and then fails at the first export (or is refused for nothing)."""
    chain = build_chain(eku=_EKUS[eku])
    accepted = not checks.blocking(checks.check_chain(chain.chain_pem, chain.key))
    assert accepted == _c2pa_signs(chain, tmp_path)


def test_an_encrypted_der_key_with_a_wrong_password_says_wrong_password() -> None:
    key = build_chain().key
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"right"),
    )
    with pytest.raises(WrongPassphrase):
        certs.load_private_key(der, "wrong")
    with pytest.raises(PassphraseRequired):
        certs.load_private_key(der, None)
    assert certs.algorithm_of(certs.load_private_key(der, "right")) == "ES256"
