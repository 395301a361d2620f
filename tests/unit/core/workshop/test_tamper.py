"""The tamper demo: each kind of tampering gives the failure a reader really reports, the
copy still opens, and the original is never touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from app.core.media.probe import probe
from app.core.model import MediaKind, ValidationState
from app.core.paths import user_folders
from app.core.reading.credentials import read_file
from app.core.workshop.tamper import (
    NO_CREDENTIALS,
    TamperError,
    TamperKind,
    TamperResult,
    make_tampered_copy,
)
from tests.helpers.exports import make_av, make_picture, sha256
from tests.helpers.signing import created_manifest, make_test_chain, sign_file

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


# -- damaged inputs: a sentence, never a traceback, and never a copy that breaks its promise --


def _cut(source: Path, dest: Path, keep: float) -> Path:
    data = source.read_bytes()
    dest.write_bytes(data[: int(len(data) * keep)])
    return dest


def _nothing_in(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def _reads_as_promised(result: TamperResult) -> bool:
    report = read_file(result.path)
    if result.expected == (NO_CREDENTIALS,):
        return report.state is ValidationState.NO_CREDENTIALS
    codes = {s.code for s in report.failures}
    return report.state is ValidationState.INVALID and set(result.expected) <= codes


def test_cli_pixel_change_of_a_cut_wav_is_no_traceback(tmp_path: Path) -> None:
    """The sound data was cut short: the byte to change was looked for past the end."""
    import subprocess
    import sys

    cut = _cut(make_av(tmp_path / "plain.wav"), tmp_path / "cut.wav", 0.5)
    before = sha256(cut)
    out = tmp_path / "out"
    out.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "app", "tamper", str(cut), "--kind", "pixels", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr
    (copy,) = out.iterdir()
    assert read_file(copy).state is ValidationState.NO_CREDENTIALS
    assert sha256(copy) != before and sha256(cut) == before


def _damage_png_picture_data(source: Path, dest: Path) -> Path:
    """The IDAT's zlib checksum broken (chunk CRC fixed): the header still reads fine."""
    import struct
    import zlib

    data = bytearray(source.read_bytes())
    at = data.find(b"IDAT")
    length = struct.unpack(">I", data[at - 4 : at])[0]
    data[at + 4 + length - 1] ^= 0xFF
    crc = zlib.crc32(bytes(data[at : at + 4 + length]))
    data[at + 4 + length : at + 8 + length] = crc.to_bytes(4, "big")
    dest.write_bytes(bytes(data))
    return dest


def test_pixel_change_of_a_png_with_damaged_picture_data(tmp_path: Path) -> None:
    bad = _damage_png_picture_data(make_picture(tmp_path / "plain.png"), tmp_path / "bad.png")
    with pytest.raises(TamperError, match="damaged"):
        make_tampered_copy(bad, TamperKind.PIXELS, tmp_path / "out")
    assert _nothing_in(tmp_path / "out")


@pytest.mark.parametrize(
    "case_name", ["flip-media-001-ms_cards.avif", "truncate-009-ms_cards.avif"]
)
def test_reencode_of_an_undecodable_avif(corpus: Path, tmp_path: Path, case_name: str) -> None:
    """Pillow's AVIF plugin raised a bare RuntimeError (SyntaxError when cut) from load()."""
    from tests.integration.hostile.generate import corpus_seeds, seed_cases

    (seed,) = [s for s in corpus_seeds(corpus) if s.name == "ms_cards.avif"]
    (case,) = [c for c in seed_cases(seed) if c.name == case_name]
    bad = case.make(tmp_path)
    with pytest.raises(TamperError, match="could not be re-encoded"):
        make_tampered_copy(bad, TamperKind.REENCODE, tmp_path / "out")
    assert _nothing_in(tmp_path / "out")


def _unreadable_store(source: Path, dest: Path) -> Path:
    """The store's description renamed: CredLabel still finds the bytes, c2pa cannot read
    them (a PNG's chunk CRC is fixed, so only the credentials are damaged)."""
    import struct
    import zlib

    data = bytearray(source.read_bytes().replace(b"jumdc2pa", b"jumdc2pb", 1))
    at = data.find(b"caBX")
    if source.suffix == ".png" and at > 0:
        length = struct.unpack(">I", data[at - 4 : at])[0]
        crc = zlib.crc32(bytes(data[at : at + 4 + length]))
        data[at + 4 + length : at + 8 + length] = crc.to_bytes(4, "big")
    dest.write_bytes(bytes(data))
    return dest


@pytest.mark.parametrize("suffix", [".png", ".mp4", ".wav"])
@pytest.mark.parametrize("kind", BYTE_KINDS, ids=lambda k: k.value)
def test_damaged_credentials_are_refused_not_promised(
    signed: dict[str, Path], tmp_path: Path, suffix: str, kind: TamperKind
) -> None:
    """The copy would have been announced as 'hash mismatch' but read 'Could not read'."""
    bad = _unreadable_store(signed[suffix], tmp_path / f"bad{suffix}")
    assert read_file(bad).state is ValidationState.COULD_NOT_READ
    before = sha256(bad)
    with pytest.raises(TamperError, match="Content Credentials in this file are damaged"):
        make_tampered_copy(bad, kind, tmp_path / "out")
    assert _nothing_in(tmp_path / "out")
    assert sha256(bad) == before


@pytest.mark.parametrize("kind", BYTE_KINDS, ids=lambda k: k.value)
def test_credentials_no_reader_recognises_are_refused(
    signed: dict[str, Path], tmp_path: Path, kind: TamperKind
) -> None:
    """A JPEG whose store c2pa does not recognise reads 'No credentials': the pixel demo
    promised a broken hash, and the edit demo a broken statement, that no reader shows."""
    bad = _unreadable_store(signed[".jpg"], tmp_path / "bad.jpg")
    assert read_file(bad).state is ValidationState.NO_CREDENTIALS
    with pytest.raises(TamperError, match="no reader recognises them"):
        make_tampered_copy(bad, kind, tmp_path / "out")
    assert _nothing_in(tmp_path / "out")


def test_a_folder_that_cannot_be_made_is_a_sentence(
    signed: dict[str, Path], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(TamperError, match="could not write the tampered copy"):
        make_tampered_copy(signed[".jpg"], TamperKind.PIXELS, blocker / "workshop")


def test_cli_named_copy_in_a_folder_that_refuses_files(
    signed: dict[str, Path], tmp_path: Path
) -> None:
    """/proc takes no new files, even from root: a sentence, not a traceback."""
    import subprocess
    import sys

    source = signed[".jpg"]
    out = "/proc/demo.jpg"
    run = subprocess.run(
        [sys.executable, "-m", "app", "tamper", str(source), "--kind", "pixels", "-o", out],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in run.stderr
    assert run.returncode == 1
    assert "could not write /proc/demo.jpg" in run.stderr


def test_screenshot_of_a_camera_sized_photo_is_screen_sized(tmp_path: Path) -> None:
    """A 12-megapixel photo gave a 12-megapixel PNG (9 s to compress on 2 cores, over the
    campaign's limit when busy); a screen shows, and a screenshot holds, 2560 pixels at most."""
    photo = tmp_path / "camera.jpg"
    Image.effect_noise((4032, 3024), 40).convert("RGB").save(photo, "JPEG")
    result = make_tampered_copy(photo, TamperKind.SCREENSHOT, tmp_path / "out")
    with Image.open(result.path) as shot:
        assert shot.size == (2560, 1920)
    assert _reads_as_promised(result)
