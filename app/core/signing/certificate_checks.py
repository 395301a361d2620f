"""Checks on an imported certificate chain: why c2pa-rs would refuse it, one sentence each.

Most people who bring their own certificate trip over exactly these rules. What c2pa-rs
0.91.3 accepts (C2PA_NOTES "Signing certificates", re-measured with tests/test_certificates):
a leaf issued by a CA (never self-signed) with CA:FALSE, KeyUsage digitalSignature, an
AuthorityKeyIdentifier, currently valid, with an ECDSA P-256/384/521, RSA ≥ 2048 or Ed25519
key, and an ExtendedKeyUsage with emailProtection, timeStamping or OCSPSigning.
documentSigning, the C2PA claimSigning OID and Microsoft's C2PA OID sign only when both
signer and reader list them in `trust.trust_config`; anyExtendedKeyUsage, serverAuth,
codeSigning and a missing EKU are refused outright ("the certificate is invalid").
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TypeVar

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from app.core.i18n import _
from app.core.signing.certificates import (
    PrivateKey,
    algorithm_of,
    is_self_signed,
    parse_certificates,
    signed_by,
)

# Accepted by c2pa-rs's default trust configuration (each measured: signs, reads Trusted).
ACCEPTED_EKUS = frozenset(
    {
        ExtendedKeyUsageOID.EMAIL_PROTECTION,
        ExtendedKeyUsageOID.TIME_STAMPING,
        ExtendedKeyUsageOID.OCSP_SIGNING,
    }
)
# Accepted only when listed in `trust.trust_config` on both sides (CredLabel does not).
NEEDS_TRUST_CONFIG = frozenset(
    {
        x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36"),  # id-kp-documentSigning
        x509.ObjectIdentifier("1.3.6.1.4.1.62558.2.1"),  # c2pa-kp-claimSigning
        x509.ObjectIdentifier("1.3.6.1.4.1.311.76.59.1.9"),  # Microsoft C2PA signing
    }
)

_Ext = TypeVar("_Ext", bound=x509.ExtensionType)


@dataclass(frozen=True)
class Problem:
    """Why a certificate chain cannot sign (or, with `warning`, signs with a drawback)."""

    sentence: str
    what_to_do: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.sentence} {self.what_to_do}"


def check_chain(chain_pem: bytes, key: PrivateKey | None) -> list[Problem]:
    """Every reason this chain + key would not sign (or would sign with a drawback).

    An empty list means c2pa-rs will accept it. Problems with `warning=True` do not
    stop signing. `key` None skips the key-matches-certificate check."""
    certs = parse_certificates(chain_pem)
    if not certs:
        return [
            Problem(
                _("The certificate file contains no certificate CredLabel can read."),
                _(
                    "Choose the PEM file that holds your certificate chain "
                    "(it starts with -----BEGIN CERTIFICATE-----)."
                ),
            )
        ]
    leaf = certs[0]
    problems: list[Problem] = []
    problems += _order_problems(certs)
    problems += _key_problems(leaf, key)
    problems += _leaf_problems(leaf)
    problems += _date_problems(certs)
    if len(certs) == 1 and not is_self_signed(leaf):
        problems.append(
            Problem(
                _(
                    "The chain holds only the signing certificate, without its intermediate "
                    "certificates: files will sign, but can never read as Trusted."
                ),
                _("Add the intermediate certificates from your provider after your certificate."),
                warning=True,
            )
        )
    return problems


def blocking(problems: list[Problem]) -> list[Problem]:
    """The problems that stop signing (not the warnings)."""
    return [p for p in problems if not p.warning]


def _order_problems(certs: list[x509.Certificate]) -> list[Problem]:
    for cert, issuer in itertools.pairwise(certs):
        if cert.issuer != issuer.subject or not signed_by(cert, issuer):
            return [
                Problem(
                    _(
                        "The certificates in the chain are in the wrong order (or do not belong "
                        "together): each certificate must be followed by the one that issued it."
                    ),
                    _(
                        "Put your own certificate first, then its intermediate certificates, "
                        "in issuing order."
                    ),
                )
            ]
    return []


def _key_problems(leaf: x509.Certificate, key: PrivateKey | None) -> list[Problem]:
    try:
        public = leaf.public_key()
    except (UnsupportedAlgorithm, ValueError):
        public = None
    if public is None or algorithm_of(public) is None:
        return [
            Problem(
                _("The certificate's key type or size cannot sign C2PA manifests."),
                _(
                    "Use a certificate with an ECDSA P-256/384/521, RSA 2048-bit or larger, "
                    "or Ed25519 key."
                ),
            )
        ]
    if key is None:
        return []
    der = serialization.Encoding.DER
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(der, spki) != public.public_bytes(der, spki):
        return [
            Problem(
                _("The private key does not belong to the signing certificate."),
                _(
                    "Choose the key file that was created together with this certificate "
                    "(the certificate must come first in the chain file)."
                ),
            )
        ]
    return []


def _leaf_problems(leaf: x509.Certificate) -> list[Problem]:
    problems: list[Problem] = []
    ext = leaf.extensions
    if is_self_signed(leaf):
        problems.append(
            Problem(
                _("The signing certificate is self-signed; C2PA refuses self-signed certificates."),
                _(
                    "Use a certificate issued by a certificate authority, or create a CredLabel "
                    "local identity instead."
                ),
            )
        )
    basic = _extension(ext, x509.BasicConstraints)
    if basic is not None and basic.ca:
        problems.append(
            Problem(
                _(
                    "The signing certificate is a certificate authority (CA:TRUE); C2PA only "
                    "signs with an end-entity certificate."
                ),
                _("Use the certificate that the authority issued to you, not the authority's own."),
            )
        )
    usage = _extension(ext, x509.KeyUsage)
    if usage is None or not usage.digital_signature:
        problems.append(
            Problem(
                _(
                    "The signing certificate does not allow digital signatures (key usage "
                    "digitalSignature is missing)."
                ),
                _(
                    "Ask your certificate provider for a signing certificate with the "
                    "digitalSignature key usage."
                ),
            )
        )
    problems += _eku_problems(_extension(ext, x509.ExtendedKeyUsage))
    if _extension(ext, x509.AuthorityKeyIdentifier) is None and not is_self_signed(leaf):
        problems.append(
            Problem(
                _(
                    "The signing certificate lacks an Authority Key Identifier, which C2PA "
                    "requires."
                ),
                _(
                    "Ask your certificate provider for a certificate that names its issuer's key "
                    "(AuthorityKeyIdentifier)."
                ),
            )
        )
    return problems


def _eku_problems(eku: x509.ExtendedKeyUsage | None) -> list[Problem]:
    purposes = set(eku) if eku is not None else set()
    ask = _("Ask your provider for a certificate with the emailProtection extended key usage.")
    if purposes & ACCEPTED_EKUS:
        return []
    if not purposes:
        return [
            Problem(
                _(
                    "The signing certificate has no extended key usage; C2PA requires one that "
                    "allows signing Content Credentials."
                ),
                ask,
            )
        ]
    if ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in purposes:
        return [
            Problem(
                _(
                    "The signing certificate allows any purpose (anyExtendedKeyUsage), which C2PA "
                    "forbids for signing certificates."
                ),
                ask,
            )
        ]
    if purposes & NEEDS_TRUST_CONFIG:
        return [
            Problem(
                _(
                    "The certificate is only for document signing or C2PA claim signing; the "
                    "signing library accepts those only when they are added to its trust "
                    "settings on both the signing and the reading side, which CredLabel does "
                    "not do."
                ),
                _("Ask your provider for a certificate that also allows emailProtection."),
            )
        ]
    named = ", ".join(sorted(getattr(p, "_name", p.dotted_string) for p in purposes))
    return [
        Problem(
            _(
                "The certificate's extended key usage ({purposes}) does not allow signing "
                "Content Credentials."
            ).format(purposes=named),
            ask,
        )
    ]


def _date_problems(certs: list[x509.Certificate]) -> list[Problem]:
    now = dt.datetime.now(dt.UTC)
    for index, cert in enumerate(certs):
        if cert.not_valid_after_utc < now:
            day = cert.not_valid_after_utc.date().isoformat()
            expired = (
                _("The signing certificate expired on {date}.")
                if index == 0
                else _("The issuer certificate {number} expired on {date}.")
            )
            return [
                Problem(
                    expired.format(date=day, number=index),
                    _("Renew the certificate with your provider and import the new one."),
                )
            ]
        if cert.not_valid_before_utc > now:
            day = cert.not_valid_before_utc.date().isoformat()
            early = (
                _("The signing certificate is not valid yet (it starts on {date}).")
                if index == 0
                else _("The issuer certificate {number} is not valid yet (it starts on {date}).")
            )
            return [
                Problem(
                    early.format(date=day, number=index),
                    _("Check this computer's date, or wait until the certificate starts."),
                )
            ]
    return []


def _extension(extensions: x509.Extensions, kind: type[_Ext]) -> _Ext | None:
    try:
        return extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None
