"""The unchecked summary: who signed, the app and the AI verdict, in milliseconds, and
never a validation state (an unchecked read is not an Invalid one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.model import AiVerdictKind, ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.quick_read import quick_read
from tests.helpers.exports import Signing, make_picture, make_signing

FULL_AI = Disclosure(ai=AiUse.FULL, ai_tools=(AiTool("Adobe Firefly", "3"),))


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "keys")


@pytest.fixture
def signed(tmp_path: Path, signing: Signing) -> Path:
    photo = make_picture(tmp_path / "photo.jpg", (320, 240))
    return export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile).dest


def test_the_summary_matches_the_validating_read(signed: Path, signing: Signing) -> None:
    quick = quick_read(signed, signing.profile)
    full = read_file(signed, signing.profile)
    assert quick.has_credentials and quick.readable and not quick.checked
    assert quick.active_manifest == full.active_manifest
    assert quick.ai.kind is AiVerdictKind.GENERATED is full.ai.kind
    assert quick.app is not None and "CredLabel" in quick.app
    assert quick.issuer is not None
    assert set(quick.manifests) == set(full.manifests)


def test_a_tampered_file_reads_quickly_without_being_called_invalid(
    signed: Path, signing: Signing
) -> None:
    data = bytearray(signed.read_bytes())
    data[-200] ^= 0xFF  # picture data: only the hash check would notice
    signed.write_bytes(bytes(data))
    assert read_file(signed, signing.profile).state is ValidationState.INVALID
    quick = quick_read(signed, signing.profile)
    assert quick.has_credentials and quick.readable and not quick.checked
    assert quick.ai.kind is AiVerdictKind.GENERATED
    # No state at all: a report can only be made with a state the caller established.
    assert not hasattr(quick, "state")


def test_a_file_without_credentials(tmp_path: Path) -> None:
    quick = quick_read(make_picture(tmp_path / "plain.jpg"))
    assert not quick.has_credentials and quick.readable and quick.active is None
    assert quick.ai.kind is AiVerdictKind.NO_CREDENTIALS


def test_a_sidecar_is_left_to_the_validating_read(signed: Path, tmp_path: Path) -> None:
    plain = make_picture(tmp_path / "other.jpg")
    plain.with_suffix(".c2pa").write_bytes(b"not really a manifest")
    assert quick_read(plain).needs_full_read


REMOTE_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" '
    b'dcterms:provenance="https://example.com/manifest.c2pa"/></rdf:RDF></x:xmpmeta>'
)


def test_a_photo_without_credentials_is_not_read_whole_by_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import c2pa

    opened: list[object] = []
    real = c2pa.Reader.try_create

    def counting(*args: object, **kwargs: object) -> object:
        opened.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(c2pa.Reader, "try_create", staticmethod(counting))
    quick = quick_read(make_picture(tmp_path / "plain.jpg", (640, 480)))
    assert not quick.has_credentials
    assert opened == []


def test_a_manifest_kept_online_is_still_noticed(tmp_path: Path, signing: Signing) -> None:
    from PIL import Image

    from app.core.errors import ExportError

    photo = tmp_path / "remote.jpg"
    Image.new("RGB", (64, 48), "red").save(photo, xmp=REMOTE_XMP)
    quick = quick_read(photo)
    assert quick.has_credentials and not quick.readable
    with pytest.raises(ExportError, match="stored online"):
        export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)


def test_the_first_look_at_a_video_loads_no_decoder(tmp_path: Path, signing: Signing) -> None:
    """The unchecked summary is what the window shows first: on a fresh start it must not
    wait for FFmpeg (PyAV) to load, which took longer than the whole read."""
    import json
    import os
    import subprocess
    import sys

    from tests.helpers.exports import make_av

    video = export_labeled_copy(
        make_av(tmp_path / "clip.mp4"), FULL_AI, signing.signer, profile=signing.profile
    ).dest
    script = (
        "import json, sys; from pathlib import Path\n"
        "from app.core.reading.quick_read import quick_read\n"
        "found = quick_read(Path(sys.argv[1]))\n"
        "print(json.dumps({'av': 'av' in sys.modules, 'ai': found.ai.kind.value,"
        " 'readable': found.readable}))\n"
    )
    root = Path(__file__).resolve().parents[4]
    done = subprocess.run(
        [sys.executable, "-c", script, str(video)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"av": False, "ai": AiVerdictKind.GENERATED.value, "readable": True}
