"""Just enough DER to handle certificates on the reading path without loading cryptography.

Importing `cryptography.x509` costs ~25 ms, more than reading a small file. Reading a file
needs certificates only as bytes to compare (is this certificate one of the anchors?) and
their issuer and subject names (who issued whom). Both come from the outer structure of a
certificate, walked here. Signatures are never checked here: whoever needs to know that a
certificate really was issued by another (`trust.AnchorSet`) asks cryptography, and only for
the pairs whose names match.

Names are compared the way cryptography compares them (attribute types and their text
values, RDN by RDN) when every value is plain text (UTF8String, PrintableString, IA5String);
for anything else `same_name` answers None, "only cryptography can tell".
"""

from __future__ import annotations

import binascii
from dataclasses import dataclass
from functools import lru_cache

_PEM_BEGIN = b"-----BEGIN CERTIFICATE-----"
_PEM_END = b"-----END CERTIFICATE-----"
_SPACE = b" \t\n\r\x0b\x0c"  # what bytes.split() splits on
_SEQUENCE, _SET, _OID, _INTEGER, _BIT_STRING = 0x30, 0x31, 0x06, 0x02, 0x03
_VERSION = 0xA0  # [0] EXPLICIT, the TBSCertificate's optional version
# String types whose values are text cryptography compares as such.
_TEXT_TYPES = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii"}


class DerError(ValueError):
    """Not the DER structure expected."""


@dataclass(frozen=True)
class RawCertificate:
    """A certificate's DER with its issuer and subject Name (each its whole DER element)."""

    der: bytes
    issuer: bytes
    subject: bytes


def pem_block_count(pem: str | bytes) -> int:
    """How many CERTIFICATE blocks `pem` holds, by their BEGIN lines (nothing decoded)."""
    if isinstance(pem, str):
        return pem.count(_PEM_BEGIN.decode("ascii"))
    return pem.count(_PEM_BEGIN)


def pem_certificates(pem: str | bytes) -> list[bytes]:
    """The DER bytes of each CERTIFICATE block of `pem`, in order; DerError when a block
    is not valid base64."""
    text = pem.encode("ascii", errors="replace") if isinstance(pem, str) else pem
    out = []
    begin = text.find(_PEM_BEGIN)
    while begin >= 0:
        start = begin + len(_PEM_BEGIN)
        end = text.find(_PEM_END, start)
        if end < 0:
            raise DerError("a certificate block has no end line")
        try:
            body = text[start:end].translate(None, _SPACE)
            out.append(binascii.a2b_base64(body, strict_mode=True))
        except binascii.Error as exc:
            raise DerError(f"a certificate block is not base64: {exc}") from exc
        begin = text.find(_PEM_BEGIN, end + len(_PEM_END))
    return out


@lru_cache(maxsize=4096)  # by DER: the lists are checked, then read as anchors, each run
def parse_certificate(der: bytes) -> RawCertificate:
    """The names of certificate `der`, after checking its outer structure: a SEQUENCE of
    TBSCertificate, algorithm and signature spanning exactly `der`, the TBSCertificate
    holding (version,) serial, algorithm, issuer, validity, subject and key. DerError
    otherwise."""
    tag, _, start, end = _element(der, 0, len(der))
    if tag != _SEQUENCE or end != len(der):
        raise DerError("not a certificate")
    parts = _children(der, start, end)
    if [p[0] for p in parts] != [_SEQUENCE, _SEQUENCE, _BIT_STRING]:
        raise DerError("not a certificate")
    _, _, tbs_start, tbs_end = parts[0]
    fields = _children(der, tbs_start, tbs_end)
    if fields and fields[0][0] == _VERSION:
        fields = fields[1:]
    expected = [_INTEGER, _SEQUENCE, _SEQUENCE, _SEQUENCE, _SEQUENCE, _SEQUENCE]
    if [f[0] for f in fields[:6]] != expected:
        raise DerError("not a certificate")
    issuer, subject = fields[2], fields[4]
    return RawCertificate(
        der=der, issuer=der[issuer[1] : issuer[3]], subject=der[subject[1] : subject[3]]
    )


def same_name(a: bytes, b: bytes) -> bool | None:
    """Whether two DER Names are equal as cryptography's `Name ==` sees it; None when a value
    is not plain text (then only cryptography can tell)."""
    if a == b:
        return True
    key_a, key_b = name_key(a), name_key(b)
    if key_a is None or key_b is None:
        return None
    return key_a == key_b


@lru_cache(maxsize=4096)  # anchors' names come back for every file read
def name_key(name: bytes) -> tuple[frozenset[tuple[bytes, str]], ...] | None:
    """A Name as RDNs of (attribute type, text value), or None when it holds a value that is
    not plain text or its structure is odd."""
    try:
        tag, _, start, end = _element(name, 0, len(name))
        if tag != _SEQUENCE or end != len(name):
            return None
        rdns = []
        for rdn_tag, _, rdn_start, rdn_end in _children(name, start, end):
            if rdn_tag != _SET:
                return None
            attributes = []
            for attr_tag, _, attr_start, attr_end in _children(name, rdn_start, rdn_end):
                parts = _children(name, attr_start, attr_end) if attr_tag == _SEQUENCE else []
                if len(parts) != 2 or parts[0][0] != _OID or parts[1][0] not in _TEXT_TYPES:
                    return None
                (_, _, oid_start, oid_end), (value_tag, _, value_start, value_end) = parts
                value = name[value_start:value_end].decode(_TEXT_TYPES[value_tag])
                attributes.append((name[oid_start:oid_end], value))
            rdns.append(frozenset(attributes))
        return tuple(rdns)
    except (DerError, UnicodeDecodeError):
        return None


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    out = []
    pos = start
    while pos < end:
        element = _element(data, pos, end)
        out.append(element)
        pos = element[3]
    return out


def _element(data: bytes, pos: int, limit: int) -> tuple[int, int, int, int]:
    """(tag, start, value start, end) of the element at `pos`, which must end by `limit`."""
    head = pos
    if pos + 2 > limit:
        raise DerError("truncated")
    tag, first = data[pos], data[pos + 1]
    if tag & 0x1F == 0x1F:
        raise DerError("multi-byte tags are not used in certificates")
    pos += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > limit:
            raise DerError("bad length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > limit:
        raise DerError("truncated")
    return tag, head, pos, pos + length
