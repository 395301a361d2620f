"""Test helper: a throwaway C2PA-acceptable chain on disk and one-call signers.

`make_test_chain` writes a root → leaf chain from `certificates.build_chain` (ECDSA P-256,
ES256, the leaf valid from yesterday for a year); `sign_file` signs with PEM bytes and
`sign_with` with a ready `c2pa.Signer`. Used by tests that must work without the shared
corpus.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

from tests.helpers.certificates import build_chain

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def make_test_chain(
    tmp_path: Path, *, org: str = "CredLabel Test Signer"
) -> tuple[bytes, bytes, bytes]:
    """(chain_pem = leaf + root, key_pem, root_pem), also written to `tmp_path`
    as chain.pem, key.pem and root.pem."""
    chain = build_chain(org=org, leaf_name="CredLabel Test Leaf", intermediate=False)
    chain_pem, key_pem, root_pem = chain.chain_pem, chain.key_pem(), chain.root_pem
    for name, data in (("chain.pem", chain_pem), ("key.pem", key_pem), ("root.pem", root_pem)):
        (tmp_path / name).write_bytes(data)
    return chain_pem, key_pem, root_pem


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


def sign_with(signer: object, src: Path, dst: Path) -> Path:
    """Sign `src` into `dst` with a ready signer (one `c2pa.created` action)."""
    import c2pa

    from app.core.media.probe import mime_for_c2pa, probe

    mime = mime_for_c2pa(probe(src))
    assert mime, f"{src} is not a type c2pa can sign"
    builder = c2pa.Builder(json.dumps(created_manifest(title=src.name)))
    with src.open("rb") as source, dst.open("wb") as dest:
        builder.sign(signer, mime, source, dest)
    return dst
