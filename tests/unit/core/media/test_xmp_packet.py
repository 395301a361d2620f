"""The XMP packet spliced into a picture that has no XMP yet as it is signed: what c2pa reads
is the original plus one metadata segment/chunk, its pixels are the same, and exiv2 and
Pillow (independent readers) find the IPTC term in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.core.errors import ExportError
from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media.spliced import SplicedFile
from app.core.media.xmp import (
    packet_insert,
    read_digital_source_type,
    write_digital_source_type,
    xmp_packet,
)
from app.core.vocabulary import COMPOSITE_TERM, GENERATED_TERM, IPTC_BASE
from tests.helpers.exports import make_picture, make_signing, pixels, sha256

PICTURES = [(".jpg", "image/jpeg"), (".png", "image/png")]


def _xmp_seen_by_pillow(path: Path) -> bytes:
    with Image.open(path) as image:
        found = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return found.encode() if isinstance(found, str) else bytes(found)


def test_the_packet_is_xml_that_gives_back_any_value() -> None:
    """Whatever the term, the packet parses (an XML parser, not ours) to the same value."""
    from xml.etree import ElementTree

    for value in (IPTC_BASE + GENERATED_TERM, "a\"b'c<d>&e\n\tf\rg", "&amp; ünïcode"):
        packet = xmp_packet(value).decode()
        body = packet[packet.index("<x:xmpmeta") : packet.rindex("<?xpacket")]
        description = ElementTree.fromstring(body)[0][0]
        term = description.get("{http://iptc.org/std/Iptc4xmpExt/2008-02-29/}DigitalSourceType")
        assert term == value


@pytest.mark.parametrize(("suffix", "mime"), PICTURES)
def test_copy_is_the_original_plus_one_packet(tmp_path: Path, suffix: str, mime: str) -> None:
    source = make_picture(tmp_path / f"photo{suffix}", size=(120, 80))
    insert = packet_insert(source, mime, GENERATED_TERM)
    assert insert is not None
    copy = tmp_path / f"copy{suffix}"  # what the Builder reads, written out to look at
    with SplicedFile(source, insert.at, insert.part) as spliced:
        copy.write_bytes(spliced.read())
    assert read_digital_source_type(copy) == IPTC_BASE + GENERATED_TERM  # exiv2
    assert (IPTC_BASE + GENERATED_TERM).encode() in _xmp_seen_by_pillow(copy)
    assert pixels(copy) == pixels(source)
    # Nothing but the packet was added: every original byte is there, in order.
    original, written = source.read_bytes(), copy.read_bytes()
    added = len(written) - len(original)
    assert 0 < added < 2048
    cut = next(i for i, (a, b) in enumerate(zip(original, written, strict=False)) if a != b)
    assert written[:cut] + written[cut + added :] == original


@pytest.mark.parametrize(("suffix", "mime"), PICTURES)
def test_a_picture_with_xmp_is_left_to_exiv2(tmp_path: Path, suffix: str, mime: str) -> None:
    source = make_picture(tmp_path / f"photo{suffix}")
    write_digital_source_type(source, mime, COMPOSITE_TERM)
    assert packet_insert(source, mime, GENERATED_TERM) is None  # the caller copies and merges


@pytest.mark.parametrize(("suffix", "mime"), PICTURES)
def test_export_without_xmp_keeps_pixels_and_original(
    tmp_path: Path, suffix: str, mime: str
) -> None:
    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / f"photo{suffix}", size=(160, 120))
    before, stamp = sha256(source), source.stat().st_mtime_ns
    disclosure = Disclosure(ai=AiUse.FULL, ai_tools=(AiTool("Firefly"),))
    result = export_labeled_copy(source, disclosure, signing.signer, profile=signing.profile)
    assert result.xmp_written
    assert read_digital_source_type(result.dest) == IPTC_BASE + GENERATED_TERM
    assert (IPTC_BASE + GENERATED_TERM).encode() in _xmp_seen_by_pillow(result.dest)
    assert pixels(result.dest) == pixels(source)
    assert sha256(source) == before and source.stat().st_mtime_ns == stamp
    assert read_digital_source_type(source) is None
    active = result.report.active
    assert active is not None and "c2pa.edited.metadata" in [a.name for a in active.actions]


def _instance_id(path: Path) -> object:
    from app.core.media.xmp import quiet_pyexiv2

    with quiet_pyexiv2().Image(str(path)) as image:
        return image.read_xmp().get("Xmp.xmpMM.InstanceID")


@pytest.mark.parametrize(("suffix", "mime"), PICTURES)
def test_export_of_a_picture_with_an_instance_id_renews_it(
    tmp_path: Path, suffix: str, mime: str
) -> None:
    from app.core.media.xmp import quiet_pyexiv2

    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / f"photo{suffix}", size=(160, 120))
    old_id = "xmp.iid:0b5a1c52-2c3e-4d1f-9c7a-1234567890ab"
    with quiet_pyexiv2().Image(str(source)) as image:
        image.modify_xmp({"Xmp.xmpMM.InstanceID": old_id})
    before = sha256(source)
    disclosure = Disclosure(ai=AiUse.FULL, ai_tools=(AiTool("Firefly"),))
    result = export_labeled_copy(source, disclosure, signing.signer, profile=signing.profile)
    assert read_digital_source_type(result.dest) == IPTC_BASE + GENERATED_TERM
    fresh = _instance_id(result.dest)
    assert isinstance(fresh, str) and fresh != old_id and len(fresh) == len(old_id)
    assert _instance_id(source) == old_id and sha256(source) == before
    assert pixels(result.dest) == pixels(source)


def test_a_copy_whose_picture_came_out_different_is_not_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the splice ever to touch a picture byte, the check of the signed copy stops it."""
    from app.core.labeling import export_io
    from app.core.media import spliced

    class Bruised(spliced.SplicedFile):
        def readinto(self, buffer: object) -> int:
            at = self.tell()
            got = super().readinto(buffer)
            view = memoryview(buffer).cast("B")  # type: ignore[arg-type]
            last = self.size - 10  # inside the scan data, before the end marker
            if at <= last < at + got:
                view[last - at] ^= 0xFF
            return got

    monkeypatch.setattr(export_io, "SplicedFile", Bruised)
    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / "photo.jpg", size=(160, 120))
    before = sha256(source)
    disclosure = Disclosure(ai=AiUse.FULL, ai_tools=(AiTool("Firefly"),))
    with pytest.raises(ExportError, match="picture came out different"):
        export_labeled_copy(source, disclosure, signing.signer, profile=signing.profile)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys", "photo.jpg"]
    assert sha256(source) == before


def test_a_picture_shortened_while_it_is_hashed_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program cuts the original while the after-signing check hashes it: a mapped
    file would kill the process (SIGBUS); read, it only gives another digest."""
    from app.core.media import picture_bytes
    from app.core.media.containers import jpeg_segments as real_segments

    source = make_picture(tmp_path / "photo.jpg", size=(640, 480))
    whole = picture_bytes.image_data_digest(source, "image/jpeg")
    kept = tmp_path / "kept.jpg"
    kept.write_bytes(source.read_bytes())

    def cut_after_the_header(stream: object, *args: object) -> object:
        for segment in real_segments(stream, *args):  # type: ignore[arg-type]
            if segment.kind == b"\xda":
                with source.open("r+b") as fh:
                    fh.truncate(segment.end + 10)
            yield segment

    monkeypatch.setattr(picture_bytes, "jpeg_segments", cut_after_the_header)
    cut = picture_bytes.image_data_digest(source, "image/jpeg")
    assert cut is not None and cut != whole
    source.write_bytes(kept.read_bytes())
    assert not picture_bytes.same_picture_bytes(kept, source, "image/jpeg")  # compared, cut
