"""The IPTC XMP mirror: written with exiv2 into the copy only, same pixels, honest skips."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media.xmp import (
    XmpError,
    has_instance_id,
    read_digital_source_type,
    refresh_instance_id,
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
    from app.core.media.xmp import image_data_digest

    picture = make_picture(tmp_path / f"p{suffix}", size=(64, 48))
    before = image_data_digest(picture, mime)
    assert before is not None
    write_digital_source_type(picture, mime, "trainedAlgorithmicMedia")
    assert image_data_digest(picture, mime) == before  # only metadata was added

    data = bytearray(picture.read_bytes())
    data[-20] ^= 0xFF  # inside the coded picture data (JPEG scan / PNG IDAT)
    picture.write_bytes(bytes(data))
    assert image_data_digest(picture, mime) != before


def _with_instance_id(path: Path, value: str) -> Path:
    import pyexiv2

    with pyexiv2.Image(str(path)) as image:
        image.modify_xmp({"Xmp.xmpMM.InstanceID": value})
    return path


@pytest.mark.parametrize(("suffix", "mime"), [(".jpg", "image/jpeg"), (".png", "image/png")])
def test_instance_id_renewed_in_place(tmp_path: Path, suffix: str, mime: str) -> None:
    old = "xmp.iid:0b5e6f0e-1111-4222-8333-944455556666"
    path = _with_instance_id(make_picture(tmp_path / f"copy{suffix}"), old)
    size, before = path.stat().st_size, pixels(path)
    assert has_instance_id(path)
    assert refresh_instance_id(path, mime)
    import pyexiv2

    with pyexiv2.Image(str(path)) as image:
        new = image.read_xmp()["Xmp.xmpMM.InstanceID"]
    assert new.startswith("xmp:iid:") and new != old and len(new) == len(old)
    assert path.stat().st_size == size  # byte for byte: nothing else moved
    with Image.open(path) as image:
        image.verify()  # PNG: the chunk CRC was recomputed
    assert pixels(path) == before
    plain = make_picture(tmp_path / f"plain{suffix}")
    assert not has_instance_id(plain) and not refresh_instance_id(plain, mime)


def test_copies_never_repeat_the_sources_instance_id(tmp_path: Path) -> None:
    import json

    signing = make_signing(tmp_path / "keys")
    old = "xmp.iid:0b5e6f0e-1111-4222-8333-944455556666"
    source = _with_instance_id(make_picture(tmp_path / "photo.jpg"), old)
    before = sha256(source)
    first = export_labeled_copy(source, Disclosure(), signing.signer, profile=signing.profile)
    second = export_labeled_copy(
        first.dest, Disclosure(ai=AiUse.PARTIAL), signing.signer, profile=signing.profile
    )
    stored = json.loads(second.report.raw_json or "{}")["manifests"]
    ids = [m["instance_id"] for m in stored.values()]
    assert len(ids) == 2 and len(set(ids)) == 2 and old not in ids
    assert all(i.startswith("xmp:iid:") for i in ids)
    assert sha256(source) == before  # renewed in the temporary copy only
