"""Test helper: a throwaway C2PA-acceptable certificate chain and a one-call signer.

The chain follows what c2pa-rs accepts (C2PA_NOTES): root CA → leaf with CA:FALSE,
KeyUsage digitalSignature, ExtendedKeyUsage emailProtection and an AuthorityKeyIdentifier.
Everything is ECDSA P-256 (ES256) and valid from yesterday for a year. Used by tests that
must work without the shared corpus; other engineers' tests may import it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def _name(common_name: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        ]
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def make_test_chain(
    tmp_path: Path, *, org: str = "CredLabel Test Signer"
) -> tuple[bytes, bytes, bytes]:
    """(chain_pem = leaf + root, key_pem, root_pem), also written to `tmp_path`
    as chain.pem, key.pem and root.pem."""
    now = dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("CredLabel Test Root", f"{org} Root")
    root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(root_ski, critical=False)
        .sign(root_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("CredLabel Test Leaf", org))
        .issuer_name(root_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), False
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    key_pem = leaf_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    chain_pem = _pem(leaf) + _pem(root)
    root_pem = _pem(root)
    for name, data in (("chain.pem", chain_pem), ("key.pem", key_pem), ("root.pem", root_pem)):
        (tmp_path / name).write_bytes(data)
    return chain_pem, key_pem, root_pem


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def created_manifest(title: str = "test", term: str | None = None, agent: str = "Test"):
    """A minimal valid manifest: one `c2pa.created` action, optionally with an IPTC term."""
    action: dict[str, Any] = {"action": "c2pa.created", "softwareAgent": {"name": agent}}
    action["digitalSourceType"] = IPTC + (term or "digitalCapture")
    return {
        "claim_generator_info": [{"name": "CredLabel tests", "version": "1"}],
        "title": title,
        "assertions": [{"label": "c2pa.actions.v2", "data": {"actions": [action]}}],
    }


def sign_file(
    src: Path,
    dst: Path,
    chain_pem: bytes,
    key_pem: bytes,
    manifest_dict: dict[str, Any],
    *,
    mime: str | None = None,
    sidecar: bool = False,
) -> bytes:
    """Sign `src` into `dst` (ES256, no timestamp: fully offline) and return the manifest
    bytes. `sidecar=True` leaves the media unchanged and writes `dst` + `.c2pa` beside it."""
    import c2pa

    from app.core.media.probe import mime_for_c2pa, probe

    mime = mime or mime_for_c2pa(probe(src))
    assert mime, f"{src} is not a type c2pa can sign"
    signer = c2pa.Signer.from_info(
        c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain_pem, key_pem, None)
    )
    builder = c2pa.Builder(json.dumps(manifest_dict))
    if sidecar:
        builder.set_no_embed()
    with src.open("rb") as source:
        if sidecar:
            manifest = bytes(builder.sign(signer, mime, source, io.BytesIO()))
            shutil.copyfile(src, dst)
            dst.with_suffix(".c2pa").write_bytes(manifest)
            return manifest
        with dst.open("wb") as dest:
            return bytes(builder.sign(signer, mime, source, dest))


def make_jpeg(path: Path, size: tuple[int, int] = (64, 48), color: str = "teal") -> Path:
    """A small real JPEG to sign."""
    from PIL import Image

    Image.new("RGB", size, color).save(path, "JPEG", quality=90)
    return path
