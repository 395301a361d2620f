"""A certificate request: the CSR asks what the C2PA claim-signing leaf profile asks, the key
is kept like every other key, and only the certificate made for that key completes it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.core.errors import CertificateRejected, IdentityError
from app.core.signing import pending_identities as pending_ids
from app.core.signing.certificate_request import CLAIM_SIGNING, RequestDetails
from app.core.signing.identity_store import IdentityStore
from tests.helpers.certificates import TestCA, build_chain

JANE = RequestDetails("Jane  Doe", "Doe Photo", "jane@example.org", "de")


@pytest.fixture
def store(tmp_path: Path) -> IdentityStore:
    return IdentityStore(tmp_path / "identities")


def test_the_request_asks_for_the_claim_signing_profile(store: IdentityStore) -> None:
    pending, csr_pem = pending_ids.create_request(store, JANE, "ES256")
    csr = x509.load_pem_x509_csr(csr_pem)
    assert csr.is_signature_valid
    subject = {a.oid: a.value for a in csr.subject}
    assert subject[NameOID.COMMON_NAME] == "Jane Doe"
    assert subject[NameOID.ORGANIZATION_NAME] == "Doe Photo"
    assert subject[NameOID.COUNTRY_NAME] == "DE"
    usage = csr.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    basic = csr.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical and basic.value.ca is False
    purposes = set(csr.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert purposes == {CLAIM_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION}
    san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.RFC822Name) == ["jane@example.org"]
    assert pending.status == "waiting for certificate"


@pytest.mark.parametrize("algorithm", ["Ed25519", "PS256"])
def test_every_algorithm_makes_a_signed_request(store: IdentityStore, algorithm: str) -> None:
    pending, csr_pem = pending_ids.create_request(store, RequestDetails("Ana"), algorithm)
    assert x509.load_pem_x509_csr(csr_pem).is_signature_valid
    assert pending.algorithm == algorithm


def test_the_key_is_kept_owner_only_and_encrypted(store: IdentityStore) -> None:
    pending, _ = pending_ids.create_request(store, JANE, passphrase="tulip-88")
    key_file = store.folder / pending.id / "key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert b"ENCRYPTED PRIVATE KEY" in key_file.read_bytes()
    # A request can never sign, and is not a damaged identity either.
    assert store.list() == [] and store.damaged() == []
    assert [p.id for p in pending_ids.list_pending(store)] == [pending.id]


@pytest.mark.parametrize(
    ("details", "words"),
    [
        (RequestDetails(" "), "needs a name"),
        (RequestDetails("Jane", email="jane.example.org"), "not an e-mail address"),
        (RequestDetails("Jane", country="Germany"), "two letters of your country"),
        (RequestDetails("J" * 65), "at most 64"),
    ],
)
def test_bad_details_get_a_sentence(
    store: IdentityStore, details: RequestDetails, words: str
) -> None:
    with pytest.raises(IdentityError, match=words):
        pending_ids.create_request(store, details)
    assert pending_ids.list_pending(store) == []


def test_the_issued_chain_completes_the_request(store: IdentityStore) -> None:
    pending, csr_pem = pending_ids.create_request(store, JANE)
    ca = TestCA.make()
    leaf = ca.issue(csr_pem)
    issued = [ca.root, leaf, ca.intermediate]  # a CA may send them in any order
    chain_pem = pending_ids.match_chain(pending, issued)
    key = pending_ids.load_key(store, pending)
    identity = pending_ids.complete(store, pending, chain_pem, key)
    assert [i.id for i in store.list()] == [pending.id]
    assert pending_ids.list_pending(store) == []
    assert identity.is_default and identity.name == "Jane Doe"
    stored = [c.subject for c in store.certificates(identity.id)]
    assert stored == [leaf.subject, ca.intermediate.subject]  # leaf first, root left out


def test_a_chain_for_another_key_is_refused(store: IdentityStore) -> None:
    pending, _ = pending_ids.create_request(store, JANE)
    other = build_chain(leaf_name="Somebody Else")
    with pytest.raises(IdentityError, match="were not issued for the request “Jane Doe”"):
        pending_ids.match_chain(pending, [other.leaf, other.root])
    assert [p.id for p in pending_ids.list_pending(store)] == [pending.id]


def test_a_chain_without_the_eku_is_refused_and_the_request_stays(store: IdentityStore) -> None:
    pending, csr_pem = pending_ids.create_request(store, JANE)
    ca = TestCA.make()
    chain_pem = pending_ids.match_chain(pending, [ca.issue(csr_pem, eku=[]), ca.intermediate])
    key = pending_ids.load_key(store, pending)
    with pytest.raises(CertificateRejected, match="has no extended key usage"):
        pending_ids.complete(store, pending, chain_pem, key)
    assert store.list() == [] and len(pending_ids.list_pending(store)) == 1


def test_a_p7b_from_the_ca_is_read(store: IdentityStore, tmp_path: Path) -> None:
    pending, csr_pem = pending_ids.create_request(store, JANE)
    ca = TestCA.make()
    leaf = ca.issue(csr_pem)
    p7b = tmp_path / "issued.p7b"
    p7b.write_bytes(
        pkcs7.serialize_certificates([ca.intermediate, leaf], serialization.Encoding.DER)
    )
    chain_pem = pending_ids.match_chain(pending, pending_ids.read_issued(p7b))
    assert chain_pem.count(b"BEGIN CERTIFICATE") == 2


def test_a_file_without_certificates_gets_a_sentence(tmp_path: Path) -> None:
    junk = tmp_path / "issued.pem"
    junk.write_text("hello")
    with pytest.raises(IdentityError, match="holds no certificate CredLabel can read"):
        pending_ids.read_issued(junk)
