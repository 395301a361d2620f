"""The signer's certificate chain of each manifest, read from the file's own bytes.

c2pa reports only the leaf's names (the chain is not exposed), but telling *which* trust list
vouches for a signer needs the certificates themselves. They sit in each manifest's
`c2pa.signature` box: a COSE_Sign1 structure whose `x5chain` header (label 33 in the
protected header or, in older files, "x5chain" in the unprotected one) holds the DER
certificates, leaf first. A small bounded CBOR reader finds that header (time-stamp tokens
carry certificates too, so only `x5chain` counts). Anything odd gives an empty chain: the
trust source is then simply not known. The certificates stay DER (`der.RawCertificate`):
cryptography is loaded only when two names need it to be compared.
"""

from __future__ import annotations

import logging
import struct
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.core.media.containers import ContainerTooOdd, bmff_boxes, jpeg_segments, png_chunks
from app.core.media.jumbf import BMFF_C2PA_UUID, MAX_SCAN, Box, child, find_store, parse_boxes
from app.core.reading.der import DerError, RawCertificate, parse_certificate, same_name

log = logging.getLogger(__name__)

MAX_CERTIFICATES = 32  # per signature box: far more than any real chain
MAX_STORE = 64 * 1024 * 1024  # a manifest store bigger than this is not looked into
MAX_ITEMS = 10_000
MAX_DEPTH = 16
# The COSE header label of the certificate chain; older writers used the name as text.
X5CHAIN_KEYS: tuple[int | str, ...] = (33, "x5chain")
_ASSERTIONS = "c2pa.assertions"


def signer_chains(path: Path, sidecar: Path | None = None) -> dict[str, tuple[RawCertificate, ...]]:
    """Manifest label → its signer chain (leaf first), from `sidecar` (a .c2pa store) when
    given, else the store embedded in `path`; {} when the store cannot be found."""
    try:
        data = _store_bytes(sidecar) if sidecar else _embedded_store(path)
    except (OSError, ValueError, ContainerTooOdd):
        log.debug("no manifest store found in %s", path, exc_info=True)
        return {}
    if not data:
        return {}
    out: dict[str, tuple[RawCertificate, ...]] = {}
    # The assertions (thumbnails, actions, ...: most of the store's boxes) are not parsed.
    for top in parse_boxes(data, skip=_ASSERTIONS.__eq__):
        for manifest in top.children:
            if manifest.kind != b"jumb" or not manifest.label:
                continue
            signature = child(manifest, "c2pa.signature")
            if signature is not None:
                out[manifest.label] = issuing_path(_certificates_in(data, signature))
    return out


def _store_bytes(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(MAX_STORE)


def _embedded_store(path: Path) -> bytes:
    """The store's bytes. MP4/MOV/HEIC are walked box by box, a JPEG segment by segment and
    a PNG chunk by chunk (none is read whole just to find its credentials: reading a 50 MB
    PNG whole took ~50 ms); other types go through `find_store`."""
    with path.open("rb") as fh:
        head = fh.read(8)
        if head[4:8] == b"ftyp":
            return _bmff_store(fh)
        store = None
        if head.startswith(b"\xff\xd8"):
            store = _jpeg_store(fh)
        elif head == b"\x89PNG\r\n\x1a\n":
            store = _png_store(fh)
        if store is not None:
            return store
    found = find_store(path)
    return found.logical if found else b""


def _jpeg_store(fh: BinaryIO) -> bytes | None:
    """`find_store(path).logical` of a JPEG (its APP11 "JP" segments joined as
    `jumbf._jpeg` joins them), reading only those segments; None when the header runs
    past what `find_store` would look at."""
    payload: list[bytes] = []
    for segment in jpeg_segments(fh):
        if segment.end > MAX_SCAN:
            return None
        if segment.kind != b"\xeb":
            continue
        fh.seek(segment.offset)
        data = fh.read(max(segment.size, 12))  # a cut segment's header runs on, as there
        if data[4:6] != b"JP":
            continue
        sequence = struct.unpack(">I", data[8:12])[0]
        if sequence == 1 and payload:
            break  # a second store (e.g. another En): keep the first only
        payload.append(data[12 if sequence == 1 or not payload else 20 : segment.size])
    logical = b"".join(payload)
    return logical if logical[4:8] == b"jumb" else b""


def _png_store(fh: BinaryIO) -> bytes | None:
    """`find_store(path).logical` of a PNG (its first `caBX` chunk's data), reading only
    chunk headers and that chunk; None when the walk runs past what `find_store` would look
    at."""
    for chunk in png_chunks(fh):
        if chunk.end > MAX_SCAN:
            return None
        if chunk.kind == b"caBX":
            fh.seek(chunk.body_start)
            data = fh.read(chunk.length)
            return data if data[4:8] == b"jumb" else b""
    return b""


def _bmff_store(fh: BinaryIO) -> bytes:
    for box in bmff_boxes(fh):
        if box.kind != b"uuid" or box.end - box.body_start > MAX_STORE:
            continue
        fh.seek(box.body_start)
        body = fh.read(box.end - box.body_start)
        if body[:16] != BMFF_C2PA_UUID:
            continue
        # uuid, version+flags, purpose (NUL-terminated), an 8-byte offset, then the store.
        purpose_end = body.find(b"\x00", 20)
        if purpose_end > 0 and body[20:purpose_end] == b"manifest":
            return body[purpose_end + 1 + 8 :]
    return b""


def issuing_path(certificates: list[RawCertificate]) -> tuple[RawCertificate, ...]:
    """The first certificate (the leaf) followed by its issuers found among the rest."""
    if not certificates:
        return ()
    path = [certificates[0]]
    rest = certificates[1:]
    while rest:
        issuer = next((c for c in rest if _issuer_named(c, path[-1])), None)
        if issuer is None:
            break
        path.append(issuer)
        rest = [c for c in rest if c is not issuer]
    return tuple(path)


def _issuer_named(candidate: RawCertificate, cert: RawCertificate) -> bool:
    """`candidate`'s subject is `cert`'s issuer (cryptography decides what the DER can't)."""
    same = same_name(candidate.subject, cert.issuer)
    if same is not None:
        return same
    from cryptography import x509

    try:
        subject = x509.load_der_x509_certificate(candidate.der).subject
        return bool(subject == x509.load_der_x509_certificate(cert.der).issuer)
    except ValueError:
        return False


def _certificates_in(data: bytes, box: Box) -> list[RawCertificate]:
    """The `x5chain` certificates of the COSE signature in `box` (its `cbor` content box)."""
    content = next((c for c in box.children if c.kind == b"cbor"), None)
    if content is None:
        return []
    try:
        cose = _Cbor(data, content.payload_start, content.end).item()
        ders = _x5chain(cose)
    except (_CborError, RecursionError):
        log.debug("signature box not understood", exc_info=True)
        return []
    out = []
    for der in ders[:MAX_CERTIFICATES]:
        try:
            out.append(parse_certificate(der))
        except DerError:
            return []
    return out


def _x5chain(cose: Any) -> list[bytes]:
    if isinstance(cose, _Tagged):
        cose = cose.value
    if not isinstance(cose, list) or len(cose) < 2:
        return []
    headers: list[Any] = []
    if isinstance(cose[0], bytes) and cose[0]:
        with suppress(_CborError, RecursionError):
            headers.append(_Cbor(cose[0], 0, len(cose[0])).item())
    headers.append(cose[1])
    for header in headers:
        key = next((k for k in X5CHAIN_KEYS if isinstance(header, dict) and k in header), None)
        if key is not None:
            value = header[key]
            items = value if isinstance(value, list) else [value]
            return [item for item in items if isinstance(item, bytes)]
    return []


class _CborError(ValueError):
    pass


@dataclass(frozen=True)
class _Tagged:
    tag: int
    value: Any


class _Cbor:
    """Just enough CBOR for a COSE header: bounded by `end`, depth and item counts."""

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self.data, self.pos, self.end, self.depth = data, start, end, 0

    def item(self) -> Any:
        major, arg = self._head()
        if major in (0, 1):
            return arg if major == 0 else -1 - arg
        if major == 7:
            return None  # simple values and floats: never needed here
        if major in (2, 3):
            raw = self._take(arg)
            return raw if major == 2 else raw.decode("utf-8", "replace")
        if arg > MAX_ITEMS:
            raise _CborError("implausibly many items")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _CborError("nested too deeply")
        try:
            if major == 4:
                return [self.item() for _ in range(arg)]
            if major == 5:
                return {_key(self.item()): self.item() for _ in range(arg)}
            return _Tagged(arg, self.item())  # major 6
        finally:
            self.depth -= 1

    def _head(self) -> tuple[int, int]:
        first = self._take(1)[0]
        major, info = first >> 5, first & 0x1F
        if info < 24:
            return major, info
        if info > 27:
            raise _CborError("indefinite lengths are not used in COSE headers")
        return major, int.from_bytes(self._take(1 << (info - 24)), "big")

    def _take(self, count: int) -> bytes:
        if count > self.end - self.pos:
            raise _CborError("truncated")
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk


def _key(value: Any) -> Any:
    return value if isinstance(value, int | str | bytes) else repr(value)
