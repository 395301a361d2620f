"""Test helper: the one builder of throwaway certificate chains.

A chain looks like a certificate provider's (root → intermediate → leaf) or, with
`intermediate=False`, like a small local one (root → leaf). By default the leaf follows what
c2pa-rs accepts (C2PA_NOTES): CA:FALSE, KeyUsage digitalSignature, ExtendedKeyUsage
emailProtection, an AuthorityKeyIdentifier. Each keyword of `build_chain` changes one thing,
so a test can make exactly the broken certificate it is about. The timestamp authority in
`tsa_server.py` uses the same pieces for its own root and TSA certificate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

_TEN_YEARS = dt.timedelta(days=3650)
_TEN_DAYS = dt.timedelta(days=10)


@dataclass
class Chain:
    """A test chain: leaf, optional intermediate, root and the leaf's private key."""

    leaf: x509.Certificate
    intermediate: x509.Certificate | None
    root: x509.Certificate
    key: Any

    @property
    def issuer(self) -> x509.Certificate:
        """The certificate that signed the leaf: the intermediate, or the root."""
        return self.intermediate or self.root

    @property
    def chain_pem(self) -> bytes:
        """Leaf first, then its issuer."""
        return pem_of(self.leaf) + pem_of(self.issuer)

    @property
    def root_pem(self) -> bytes:
        return pem_of(self.root)

    def key_pem(self, password: str | None = None) -> bytes:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password.encode())
            if password
            else serialization.NoEncryption()
        )
        return self.key.private_bytes(  # type: ignore[no-any-return]
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    def write(self, folder: Path, password: str | None = None) -> tuple[Path, Path]:
        """chain.pem and key.pem in `folder` (made if missing)."""
        folder.mkdir(parents=True, exist_ok=True)
        chain, key = folder / "chain.pem", folder / "key.pem"
        chain.write_bytes(self.chain_pem)
        key.write_bytes(self.key_pem(password))
        return chain, key

    def pkcs12(self, password: str | None) -> bytes:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password.encode())
            if password
            else serialization.NoEncryption()
        )
        cas = [self.root] + ([self.intermediate] if self.intermediate else [])
        return pkcs12.serialize_key_and_certificates(b"me", self.key, self.leaf, cas, encryption)


def pem_of(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def name(common_name: str, org: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if org is not None:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(attributes)


def key_usage(*, digital_signature: bool = True, cert_sign: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def certificate(
    subject: x509.Name,
    key: Any,
    issuer: x509.Name,
    *,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.CertificateBuilder:
    """The fields every certificate here has; callers add extensions and sign."""
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )


def issued_by(builder: x509.CertificateBuilder, issuer_key: Any) -> x509.CertificateBuilder:
    """`builder` with the AuthorityKeyIdentifier naming `issuer_key`."""
    ski = x509.SubjectKeyIdentifier.from_public_key(issuer_key.public_key())
    aki = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)
    return builder.add_extension(aki, False)


def ca_certificate(
    subject: x509.Name, key: Any, issuer: x509.Name, issuer_key: Any, *, not_before: dt.datetime
) -> x509.Certificate:
    """A CA valid for ten years; self-signed when `issuer_key` is `key`."""
    builder = (
        certificate(subject, key, issuer, not_before=not_before, not_after=not_before + _TEN_YEARS)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(key_usage(cert_sign=True), critical=True)
    )
    if issuer_key is not key:
        builder = issued_by(builder, issuer_key)
    return builder.sign(issuer_key, hashes.SHA256())


def build_chain(
    *,
    org: str = "Provider Test",
    leaf_name: str = "Jane Provider",
    intermediate: bool = True,
    eku: list[x509.ObjectIdentifier] | None = None,
    digital_signature: bool = True,
    leaf_ca: bool = False,
    self_signed: bool = False,
    days: tuple[int, int] = (-1, 365),
    expires_in: dt.timedelta | None = None,
    leaf_key: Any = None,
    aki: bool = True,
) -> Chain:
    """A chain like a certificate provider's, with one thing changed by its keyword."""
    now = dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name, root_start = name("Provider Root", org), now - _TEN_DAYS
    root = ca_certificate(root_name, root_key, root_name, root_key, not_before=root_start)
    inter, issuer, issuer_key = None, root, root_key
    if intermediate:
        inter_key = ec.generate_private_key(ec.SECP256R1())
        inter_name = name("Provider Intermediate", org)
        inter = ca_certificate(inter_name, inter_key, root_name, root_key, not_before=root_start)
        issuer, issuer_key = inter, inter_key
    key = leaf_key or ec.generate_private_key(ec.SECP256R1())
    subject = name("Jane Self" if self_signed else leaf_name, org)
    issuer_name, signing_key = (subject, key) if self_signed else (issuer.subject, issuer_key)
    builder = (
        certificate(
            subject,
            key,
            issuer_name,
            not_before=now + dt.timedelta(days=days[0]),
            not_after=now + (expires_in or dt.timedelta(days=days[1])),
        )
        .add_extension(x509.BasicConstraints(ca=leaf_ca, path_length=None), critical=True)
        .add_extension(key_usage(digital_signature=digital_signature, cert_sign=leaf_ca), True)
    )
    purposes = [ExtendedKeyUsageOID.EMAIL_PROTECTION] if eku is None else eku
    if purposes:
        builder = builder.add_extension(x509.ExtendedKeyUsage(purposes), False)
    if aki and not self_signed:
        builder = issued_by(builder, issuer_key)
    return Chain(builder.sign(signing_key, hashes.SHA256()), inter, root, key)


CLAIM_SIGNING_EKU = x509.ObjectIdentifier("1.3.6.1.4.1.62558.2.1")
_C2PA_POLICY = x509.ObjectIdentifier("1.3.6.1.4.1.62558.1.1")


@dataclass
class TestCA:
    """A certificate authority made in the test: root → intermediate, issuing leaves from
    a CSR with the C2PA claim-signing leaf profile's extensions (or the ones a test asks)."""

    root: x509.Certificate
    root_key: Any
    intermediate: x509.Certificate
    intermediate_key: Any

    __test__ = False  # not a pytest test class

    @classmethod
    def make(cls, org: str = "Test Claim Signing CA") -> TestCA:
        now = dt.datetime.now(dt.UTC) - _TEN_DAYS
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = name(f"{org} Root", org)
        root = ca_certificate(root_name, root_key, root_name, root_key, not_before=now)
        inter_key = ec.generate_private_key(ec.SECP256R1())
        inter_name = name(f"{org} Issuing CA", org)
        inter = ca_certificate(inter_name, inter_key, root_name, root_key, not_before=now)
        return cls(root, root_key, inter, inter_key)

    @property
    def root_pem(self) -> bytes:
        return pem_of(self.root)

    def issue(
        self,
        csr_pem: bytes,
        *,
        eku: list[x509.ObjectIdentifier] | None = None,
        days: int = 365,
    ) -> x509.Certificate:
        """The leaf for `csr_pem`: subject and key from the request, CA:FALSE, KeyUsage
        digitalSignature + nonRepudiation, EKU claimSigning + emailProtection (unless `eku`
        says otherwise; [] for none), the C2PA certificate policy, an OCSP address, AKI."""
        csr = x509.load_pem_x509_csr(csr_pem)
        assert csr.is_signature_valid
        now = dt.datetime.now(dt.UTC)
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        builder = (
            certificate(
                csr.subject,
                _PublicOnly(csr.public_key()),
                self.intermediate.subject,
                not_before=now - dt.timedelta(days=1),
                not_after=now + dt.timedelta(days=days),
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(
                x509.CertificatePolicies([x509.PolicyInformation(_C2PA_POLICY, None)]), False
            )
            .add_extension(
                x509.AuthorityInformationAccess(
                    [
                        x509.AccessDescription(
                            AuthorityInformationAccessOID.OCSP,
                            x509.UniformResourceIdentifier("http://ocsp.ca.invalid"),
                        )
                    ]
                ),
                False,
            )
        )
        purposes = [CLAIM_SIGNING_EKU, ExtendedKeyUsageOID.EMAIL_PROTECTION] if eku is None else eku
        if purposes:
            builder = builder.add_extension(x509.ExtendedKeyUsage(purposes), False)
        builder = issued_by(builder, self.intermediate_key)
        return builder.sign(self.intermediate_key, hashes.SHA256())

    def chain_pem(self, leaf: x509.Certificate, *, with_root: bool = True) -> bytes:
        """What a CA sends: leaf, intermediate and (often) the root."""
        return pem_of(leaf) + pem_of(self.intermediate) + (pem_of(self.root) if with_root else b"")


@dataclass
class _PublicOnly:
    """A stand-in for a private key where `certificate` only needs `.public_key()`."""

    key: Any

    def public_key(self) -> Any:
        return self.key
