"""The IPTC XMP mirror: written with exiv2 into the copy only, same pixels, honest skips."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media.xmp import (
    XmpError,
    read_digital_source_type,
    write_digital_source_type,
)
from app.core.vocabulary import COMPOSITE_TERM, GENERATED_TERM, IPTC_BASE
from tests.helpers.exports import make_av, make_picture, make_signing, pixels, sha256


@pytest.mark.parametrize(
    ("suffix", "mime"),
    [
        (".jpg", "image/jpeg"),
        (".png", "image/png"),
        (".webp", "image/webp"),
        (".tif", "image/tiff"),
    ],
)
def test_written_without_changing_pixels(tmp_path: Path, suffix: str, mime: str) -> None:
    path = make_picture(tmp_path / f"copy{suffix}")
    before = pixels(path)
    result = write_digital_source_type(path, mime, GENERATED_TERM)
    assert result.written
    assert read_digital_source_type(path) == IPTC_BASE + GENERATED_TERM
    assert pixels(path) == before


@pytest.mark.parametrize(("suffix", "mime"), [(".gif", "image/gif"), (".avif", "image/avif")])
def test_formats_exiv2_cannot_write_are_skipped_with_a_note(
    tmp_path: Path, suffix: str, mime: str
) -> None:
    path = make_picture(tmp_path / f"copy{suffix}")
    before = sha256(path)
    result = write_digital_source_type(path, mime, GENERATED_TERM)
    assert not result.written
    assert result.note is not None and "JPEG, PNG, WebP, TIFF" in result.note
    assert sha256(path) == before


def test_exiv2_failure_is_a_sentence(tmp_path: Path) -> None:
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(XmpError):
        write_digital_source_type(fake, "image/jpeg", GENERATED_TERM)


def test_export_mirrors_the_term_into_the_copy_only(tmp_path: Path) -> None:
    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / "photo.png")
    before = sha256(source)
    disclosure = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Firefly"),))
    result = export_labeled_copy(source, disclosure, signing.signer, profile=signing.profile)
    assert result.xmp_written
    assert read_digital_source_type(result.dest) == IPTC_BASE + COMPOSITE_TERM
    assert read_digital_source_type(source) is None
    assert sha256(source) == before
    active = result.report.active
    assert active is not None
    assert "c2pa.edited.metadata" in [a.name for a in active.actions]
    assert pixels(result.dest) == pixels(source)


def test_no_ai_declared_writes_no_xmp(tmp_path: Path) -> None:
    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / "photo.jpg")
    result = export_labeled_copy(source, Disclosure(), signing.signer, profile=signing.profile)
    assert not result.xmp_written
    assert read_digital_source_type(result.dest) is None


def test_audio_gets_a_note_not_a_mirror(tmp_path: Path) -> None:
    signing = make_signing(tmp_path / "keys")
    source = make_av(tmp_path / "song.wav")
    disclosure = Disclosure(ai=AiUse.FULL, ai_tools=(AiTool("Suno"),))
    result = export_labeled_copy(source, disclosure, signing.signer, profile=signing.profile)
    assert not result.xmp_written
    assert any("not copied into the IPTC XMP" in n for n in result.notes)


@pytest.mark.parametrize("suffix, mime", [(".jpg", "image/jpeg"), (".png", "image/png")])
def test_picture_bytes_digest_ignores_metadata_but_not_pixels(
    tmp_path: Path, suffix: str, mime: str
) -> None:
    """The cheap check that lets the XMP mirror skip decoding must still see a pixel change."""
    from app.core.media.picture_bytes import image_data_digest

    picture = make_picture(tmp_path / f"p{suffix}", size=(64, 48))
    before = image_data_digest(picture, mime)
    assert before is not None
    write_digital_source_type(picture, mime, "trainedAlgorithmicMedia")
    assert image_data_digest(picture, mime) == before  # only metadata was added

    data = bytearray(picture.read_bytes())
    data[-20] ^= 0xFF  # inside the coded picture data (JPEG scan / PNG IDAT)
    picture.write_bytes(bytes(data))
    assert image_data_digest(picture, mime) != before
