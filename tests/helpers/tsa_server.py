"""Test helper: a minimal RFC 3161 timestamp server (TSA) on a loopback port.

Enough of RFC 3161 / RFC 5652 for c2pa-rs to validate the token (`timeStamp.validated`, and
`timeStamp.trusted` when `root_pem` is a trust anchor): it answers every request with a
TSTInfo over the request's message imprint (and nonce), signed by its own ES256 TSA
certificate (EKU timeStamping) with the contentType, messageDigest and
signingCertificateV2 attributes. The DER is written by hand because the project has no
ASN.1 library and cryptography cannot make a CMS SignedData of a TSTInfo.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from tests.helpers import certificates

_SHA256 = "2.16.840.1.101.3.4.2.1"
_ECDSA_SHA256 = "1.2.840.10045.4.3.2"
_ID_CT_TSTINFO = "1.2.840.113549.1.9.16.1.4"
_SIGNED_DATA = "1.2.840.113549.1.7.2"
_CONTENT_TYPE = "1.2.840.113549.1.9.3"
_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"
_TEST_POLICY = "1.2.3.4.1"


# ---------------------------------------------------------------- DER, by hand


def _tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(raw)]) + raw + content


def _seq(*parts: bytes) -> bytes:
    return _tlv(0x30, b"".join(parts))


def _set(*parts: bytes) -> bytes:
    return _tlv(0x31, b"".join(sorted(parts)))  # DER sorts SET OF members


def _int(value: int) -> bytes:
    return _tlv(0x02, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True))


def _octets(data: bytes) -> bytes:
    return _tlv(0x04, data)


def _oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk, rest = [arc & 0x7F], arc >> 7
        while rest:
            chunk.insert(0, 0x80 | (rest & 0x7F))
            rest >>= 7
        body += bytes(chunk)
    return _tlv(0x06, body)


def _elements(data: bytes) -> list[tuple[int, bytes, bytes]]:
    """[(tag, whole element, content)] for the DER elements one after another in `data`."""
    found, i = [], 0
    while i < len(data):
        start, tag, size = i, data[i], data[i + 1]
        i += 2
        if size & 0x80:
            count = size & 0x7F
            size = int.from_bytes(data[i : i + count], "big")
            i += count
        found.append((tag, data[start : i + size], data[i : i + size]))
        i += size
    return found


# ---------------------------------------------------------------- the authority


class TimestampAuthority:
    """A TSA root, a TSA certificate issued by it, and the responses they sign."""

    def __init__(self) -> None:
        now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
        root_key = ec.generate_private_key(ec.SECP256R1())
        self._key = ec.generate_private_key(ec.SECP256R1())
        root_name = certificates.name("Test TSA Root")
        self.root = certificates.ca_certificate(
            root_name, root_key, root_name, root_key, not_before=now
        )
        tsa = certificates.certificate(
            certificates.name("Test TSA"),
            self._key,
            root_name,
            not_before=now,
            not_after=now + dt.timedelta(days=3650),
        )
        self.cert = (
            certificates.issued_by(tsa, root_key)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
            .add_extension(certificates.key_usage(), True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True)
            .sign(root_key, hashes.SHA256())
        )
        self.requests = 0

    @property
    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def respond(self, request: bytes) -> bytes:
        """A granted TimeStampResp for a DER TimeStampReq."""
        self.requests += 1
        [(_tag, _whole, body)] = _elements(request)
        fields = _elements(body)  # version, messageImprint, [reqPolicy], [nonce], [certReq]
        imprint = fields[1][1]
        nonce = next((whole for tag, whole, _ in fields[2:] if tag == 0x02), b"")
        when = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%SZ").encode()
        tst_info = _seq(
            _int(1), _oid(_TEST_POLICY), imprint, _int(self.requests), _tlv(0x18, when), nonce
        )
        token = _seq(_oid(_SIGNED_DATA), _tlv(0xA0, self._signed_data(tst_info)))
        return _seq(_seq(_int(0)), token)  # status 0: granted

    def _signed_data(self, tst_info: bytes) -> bytes:
        der = serialization.Encoding.DER
        cert_der = self.cert.public_bytes(der)
        signed_attrs = _set(
            _seq(_oid(_CONTENT_TYPE), _set(_oid(_ID_CT_TSTINFO))),
            _seq(_oid(_MESSAGE_DIGEST), _set(_octets(hashlib.sha256(tst_info).digest()))),
            _seq(
                _oid(_SIGNING_CERTIFICATE_V2),
                _set(_seq(_seq(_seq(_octets(hashlib.sha256(cert_der).digest()))))),
            ),
        )
        # The signature covers the attributes encoded as a SET; they are sent as [0].
        signature = self._key.sign(signed_attrs, ec.ECDSA(hashes.SHA256()))
        signer_info = _seq(
            _int(1),
            _seq(self.cert.issuer.public_bytes(), _int(self.cert.serial_number)),
            _seq(_oid(_SHA256)),
            b"\xa0" + signed_attrs[1:],
            _seq(_oid(_ECDSA_SHA256)),
            _octets(signature),
        )
        return _seq(
            _int(3),
            _set(_seq(_oid(_SHA256))),
            _seq(_oid(_ID_CT_TSTINFO), _tlv(0xA0, _octets(tst_info))),
            _tlv(0xA0, cert_der + self.root.public_bytes(der)),
            _set(signer_info),
        )


@contextmanager
def running_tsa() -> Iterator[tuple[TimestampAuthority, str]]:
    """(authority, URL) of a TSA answering on 127.0.0.1 until the block ends."""
    authority = TimestampAuthority()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            reply = authority.respond(request)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: Any) -> None:  # keep pytest's output clean
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield authority, f"http://127.0.0.1:{server.server_port}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
