"""The tamper demo: each kind of tampering gives the failure a reader really reports, the
copy still opens, and the original is never touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from app.core.credentials import read_file
from app.core.media import probe
from app.core.model import MediaKind, ValidationState
from app.core.paths import user_folders
from app.core.tamper import (
    NO_CREDENTIALS,
    TamperError,
    TamperKind,
    TamperResult,
    make_tampered_copy,
)
from tests.helpers_export import make_av, make_picture, sha256
from tests.helpers_signing import created_manifest, make_test_chain, sign_file

BYTE_KINDS = (TamperKind.PIXELS, TamperKind.MANIFEST, TamperKind.STRIP)


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Our own signed JPEG, PNG, WebP, MP4 and WAV (no corpus needed)."""
    folder = tmp_path_factory.mktemp("signed")
    chain, key, _root = make_test_chain(folder)
    out = {}
    for suffix in (".jpg", ".png", ".webp", ".mp4", ".wav"):
        plain = folder / f"plain{suffix}"
        if suffix in (".mp4", ".wav"):
            make_av(plain)
        else:
            make_picture(plain)
        dest = folder / f"signed{suffix}"
        sign_file(plain, dest, chain, key, created_manifest(dest.name))
        out[suffix] = dest
    return out


def _check(result: TamperResult, original_hash: str, source: Path) -> None:
    """The outcome a reader reports is the one the demo announced."""
    assert sha256(source) == original_hash, "the original was modified"
    assert result.path.parent != source.parent
    assert result.explanation
    report = read_file(result.path)
    if result.expected == (NO_CREDENTIALS,):
        assert report.state is ValidationState.NO_CREDENTIALS, report.problem
    else:
        assert report.state is ValidationState.INVALID
        assert set(result.expected) <= {s.code for s in report.failures}
        assert report.active is not None, "the tampered manifest should still be shown"


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp", ".mp4", ".wav"])
@pytest.mark.parametrize("kind", BYTE_KINDS, ids=lambda k: k.value)
def test_byte_tampering_of_our_own_files(
    signed: dict[str, Path], suffix: str, kind: TamperKind, tmp_path: Path
) -> None:
    source = signed[suffix]
    before = sha256(source)
    result = make_tampered_copy(source, kind, tmp_path)
    _check(result, before, source)
    expected = {
        TamperKind.PIXELS: "assertion.bmffHash.mismatch"
        if suffix == ".mp4"
        else "assertion.dataHash.mismatch",
        TamperKind.MANIFEST: "assertion.hashedURI.mismatch",
        TamperKind.STRIP: NO_CREDENTIALS,
    }[kind]
    assert result.expected == (expected,)
    assert probe(result.path).problem is None  # still a file that opens
    assert probe(result.path).mime == probe(source).mime


def test_pixel_change_keeps_the_picture_decodable(signed: dict[str, Path], tmp_path: Path) -> None:
    for suffix in (".jpg", ".png"):
        result = make_tampered_copy(signed[suffix], TamperKind.PIXELS, tmp_path)
        with Image.open(result.path) as changed, Image.open(signed[suffix]) as original:
            changed.load()
            assert changed.size == original.size
            if suffix == ".png":  # lossless: exactly one byte of one pixel differs
                diff = [a != b for a, b in zip(changed.tobytes(), original.tobytes(), strict=True)]
                assert sum(diff) == 1


def test_stripped_mp4_still_plays(signed: dict[str, Path], tmp_path: Path) -> None:
    import av

    result = make_tampered_copy(signed[".mp4"], TamperKind.STRIP, tmp_path)
    assert result.path.stat().st_size == signed[".mp4"].stat().st_size  # a free box remains
    with av.open(str(result.path)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == 10


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".mp4", ".wav"])
def test_reencode_like_a_platform_loses_the_credentials(
    signed: dict[str, Path], suffix: str, tmp_path: Path
) -> None:
    source = signed[suffix]
    before = sha256(source)
    result = make_tampered_copy(source, TamperKind.REENCODE, tmp_path)
    _check(result, before, source)
    media = probe(result.path)
    assert media.problem is None
    assert media.kind is probe(source).kind
    if media.kind is MediaKind.IMAGE:
        assert media.mime == "image/jpeg"


@pytest.mark.parametrize("suffix", [".jpg", ".mp4"])
def test_screenshot_has_no_credentials(
    signed: dict[str, Path], suffix: str, tmp_path: Path
) -> None:
    source = signed[suffix]
    result = make_tampered_copy(source, TamperKind.SCREENSHOT, tmp_path)
    _check(result, sha256(source), source)
    assert probe(result.path).mime == "image/png"


def test_screenshot_of_sound_says_why_not(signed: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(TamperError, match="no picture"):
        make_tampered_copy(signed[".wav"], TamperKind.SCREENSHOT, tmp_path)


def test_file_without_credentials(tmp_path: Path) -> None:
    plain = make_picture(tmp_path / "plain.jpg")
    with pytest.raises(TamperError, match="no embedded Content Credentials"):
        make_tampered_copy(plain, TamperKind.STRIP, tmp_path / "out")
    result = make_tampered_copy(plain, "pixels", tmp_path / "out")
    assert result.expected == (NO_CREDENTIALS,)
    assert "nobody can tell" in result.explanation


def test_default_workshop_folder_and_unique_names(signed: dict[str, Path]) -> None:
    first = make_tampered_copy(signed[".jpg"], TamperKind.PIXELS)
    second = make_tampered_copy(signed[".jpg"], TamperKind.PIXELS)
    assert first.path.parent == user_folders().cache / "workshop"
    assert first.path != second.path
    assert first.path.name == "signed.pixels.jpg"


def test_damaged_file_is_refused_with_a_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a picture at all")
    with pytest.raises(TamperError, match="tamper demo needs a file that opens"):
        make_tampered_copy(bad, TamperKind.PIXELS, tmp_path / "out")


CORPUS_CASES = [
    ("pt_adobe-20220124-CA.jpg", TamperKind.PIXELS, "assertion.dataHash.mismatch"),
    ("pt_adobe-20220124-CA.jpg", TamperKind.MANIFEST, "assertion.hashedURI.mismatch"),
    ("pt_adobe-20220124-CA.jpg", TamperKind.STRIP, NO_CREDENTIALS),
    ("rs_video1.mp4", TamperKind.PIXELS, "assertion.bmffHash.mismatch"),
    ("rs_video1.mp4", TamperKind.MANIFEST, "assertion.hashedURI.mismatch"),
    ("rs_video1.mp4", TamperKind.STRIP, NO_CREDENTIALS),
    ("rs_video1.mp4", TamperKind.REENCODE, NO_CREDENTIALS),
    ("ts_amazon-titan-g1.png", TamperKind.MANIFEST, "assertion.hashedURI.mismatch"),
    ("ms_DALL-E_cloud_surfing_puppy.webp", TamperKind.MANIFEST, "assertion.hashedURI.mismatch"),
    ("rs_100kb-signed.tiff", TamperKind.MANIFEST, "assertion.hashedURI.mismatch"),
    ("rs_cai.jpg", TamperKind.REENCODE, NO_CREDENTIALS),
    ("rs_cai.jpg", TamperKind.SCREENSHOT, NO_CREDENTIALS),
]


@pytest.mark.parametrize(("name", "kind", "code"), CORPUS_CASES, ids=str)
def test_corpus_files(corpus_file, tmp_path: Path, name: str, kind: TamperKind, code: str) -> None:
    source = Path(shutil.copy(corpus_file(name), tmp_path / name))
    before = sha256(source)
    result = make_tampered_copy(source, kind, tmp_path / "workshop")
    assert result.expected == (code,)
    _check(result, before, source)
    assert sha256(corpus_file(name)) == before


def test_tamper_cli_writes_the_named_copy(signed: dict[str, Path], tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "demo.jpg"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "tamper",
            str(signed[".jpg"]),
            "--kind",
            "pixels",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "assertion.dataHash.mismatch" in run.stdout
    assert read_file(out).state is ValidationState.INVALID
    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "tamper",
            str(signed[".jpg"]),
            "--kind",
            "pixels",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr
