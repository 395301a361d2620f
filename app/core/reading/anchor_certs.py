"""Anchor certificates for `trust`: as DER with names (`der`), and, only where a signature
has to be checked or a caller wants them, as cryptography certificates (imported then)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from functools import lru_cache
from typing import TYPE_CHECKING

from app.core.reading.der import DerError, RawCertificate, parse_certificate, pem_certificates

if TYPE_CHECKING:
    from cryptography import x509

# A signer chain: as read from a file (DER), or parsed certificates.
Chain = Sequence["x509.Certificate | RawCertificate"]
_PEM_BEGIN = "-----BEGIN CERTIFICATE-----"
_PEM_END = "-----END CERTIFICATE-----"


@lru_cache(maxsize=32)
def certificates(pem: str) -> tuple[x509.Certificate, ...]:
    # Cached by text: every read builds its profile afresh, the lists rarely change.
    from cryptography import x509

    if _PEM_BEGIN not in pem:
        return ()
    try:
        return tuple(x509.load_pem_x509_certificates(pem.encode("ascii", errors="replace")))
    except ValueError:
        # One odd block must not hide the others: parse them one by one.
        out = []
        for block in pem.split(_PEM_END):
            if _PEM_BEGIN in block:
                try:
                    out.append(x509.load_pem_x509_certificate((block + _PEM_END).encode()))
                except ValueError:
                    continue
        return tuple(out)


@lru_cache(maxsize=32)
def anchors(pem: str) -> tuple[RawCertificate, ...]:
    """The certificates of `pem` whose structure holds, as DER with their names (an odd
    block is left out, as cryptography leaves out one it cannot load)."""
    return tuple(cert for cert in map(_parsed, _blocks(pem)) if cert is not None)


def _blocks(pem: str) -> list[bytes]:
    """The DER of each certificate block of `pem` (a block that is not base64 left out)."""
    try:
        return pem_certificates(pem)
    except DerError:  # one block is not even base64: take the others one by one
        ders: list[bytes] = []
        for block in pem.split(_PEM_END):
            if _PEM_BEGIN in block:
                with suppress(DerError):
                    ders += pem_certificates(block + _PEM_END)
        return ders


def _parsed(der: bytes) -> RawCertificate | None:
    try:
        return parse_certificate(der)
    except DerError:
        return None


@lru_cache(maxsize=32)
def fingerprints(pem: str) -> frozenset[bytes]:
    """The DER of every block of `pem`, for "is this exactly one of them": nothing is parsed
    (the interim allowed list's 86 certificates took ~1.5 ms of each first read)."""
    return frozenset(_blocks(pem))


def raw_chain(chain: Chain) -> list[RawCertificate]:
    """`chain` as DER with names (parsed certificates give their own)."""
    out = []
    for cert in chain:
        if isinstance(cert, RawCertificate):
            out.append(cert)
        else:
            from cryptography.hazmat.primitives.serialization import Encoding

            der = cert.public_bytes(Encoding.DER)
            out.append(RawCertificate(der, cert.issuer.public_bytes(), cert.subject.public_bytes()))
    return out


def issued_by(cert: RawCertificate, anchor: RawCertificate) -> bool:
    """`anchor` signed `cert` (names match and the signature checks out)."""
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

    loaded, issuer = _loaded(cert.der), _loaded(anchor.der)
    if loaded is None or issuer is None or loaded.issuer != issuer.subject:
        return False
    try:
        loaded.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


@lru_cache(maxsize=256)
def _loaded(der: bytes) -> x509.Certificate | None:
    from cryptography import x509

    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        return None
