"""What a labeled copy reveals about its maker, and leaving the location out of it.

Real files made here (a JPEG with GPS, a camera serial and a photographer's name written by
exiv2), the real export path and the real c2pa library: the copy keeps its pixels, loses
only the GPS fields when asked, records that as an action, and the result says so.
"""

from __future__ import annotations

from pathlib import Path

import pyexiv2
import pytest

from app.core.labeling.disclosure import AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media import privacy
from app.core.media.privacy import privacy_facts, read_embedded_metadata, remove_location
from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from tests.helpers.exports import Signing, make_picture, make_signing, pixels, sha256

GPS = {
    "Exif.GPSInfo.GPSLatitudeRef": "N",
    "Exif.GPSInfo.GPSLatitude": "48/1 51/1 2442/100",
    "Exif.GPSInfo.GPSLongitudeRef": "E",
    "Exif.GPSInfo.GPSLongitude": "2/1 17/1 4020/100",
}
PERSON = {"Exif.Image.Artist": "Jane Photographer", "Exif.Photo.BodySerialNumber": "3004711"}


@pytest.fixture
def located_photo(tmp_path: Path) -> Path:
    photo = make_picture(tmp_path / "holiday.jpg", (320, 240))
    with pyexiv2.Image(str(photo)) as image:
        image.modify_exif({**GPS, **PERSON})
    return photo


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "keys")


def test_facts_name_the_signer_file_location_serial_and_people(located_photo: Path) -> None:
    facts = privacy_facts(located_photo, "image/jpeg", None, "Jane Doe")
    text = " ".join(facts.sentences())
    assert "“Jane Doe”" in text and "linked" in text
    assert "holiday.jpg" in text
    assert "GPS location" in text and "unless you leave it out" in text
    assert "serial numbers" in text
    assert "Jane Photographer" in text


def test_plain_picture_mentions_no_location(tmp_path: Path) -> None:
    photo = make_picture(tmp_path / "plain.jpg")
    facts = privacy_facts(photo, "image/jpeg", None, "Jane Doe")
    assert not facts.metadata.has_location
    assert "GPS" not in " ".join(facts.sentences())


def _as_exiv2_reads_it(path: Path, mime: str, monkeypatch: pytest.MonkeyPatch):
    """What `read_embedded_metadata` answers when exiv2 is asked whatever the file holds."""
    with monkeypatch.context() as patched:
        patched.setattr(privacy, "_may_hold_metadata", lambda *_: True)
        return read_embedded_metadata(path, mime)


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_metadata_in_any_part_of_a_jpeg_or_png_is_found(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A picture without EXIF, XMP or IPTC is answered without exiv2; one with any of them
    (EXIF GPS, or the photographer's name only in XMP or IPTC) gives exiv2's answer."""
    mime = "image/jpeg" if suffix == ".jpg" else "image/png"
    plain = make_picture(tmp_path / f"plain{suffix}")
    assert read_embedded_metadata(plain, mime) == privacy.EmbeddedMetadata(checked=True)
    written = {
        "exif": lambda image: image.modify_exif({**GPS, **PERSON}),
        "xmp": lambda image: image.modify_xmp({"Xmp.dc.creator": ["Jane Photographer"]}),
        "iptc": lambda image: image.modify_iptc(
            {"Iptc.Application2.Byline": ["Jane Photographer"]}
        ),
    }
    for name, write in written.items():
        picture = make_picture(tmp_path / f"{name}{suffix}")
        with pyexiv2.Image(str(picture)) as image:
            write(image)
        meta = read_embedded_metadata(picture, mime)
        assert meta == _as_exiv2_reads_it(picture, mime, monkeypatch), name
        assert meta.people == ("Jane Photographer",), name
        assert meta.has_location == (name == "exif")


def test_every_corpus_picture_gets_exiv2s_answer(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mimes = {".jpg": "image/jpeg", ".png": "image/png"}
    pictures = [p for p in sorted((corpus / "files").iterdir()) if p.suffix.lower() in mimes]
    assert len(pictures) > 30
    for picture in pictures:
        mime = mimes[picture.suffix.lower()]
        expected = _as_exiv2_reads_it(picture, mime, monkeypatch)
        assert read_embedded_metadata(picture, mime) == expected, picture.name


def test_video_metadata_is_said_to_be_unchecked(tmp_path: Path) -> None:
    meta = read_embedded_metadata(tmp_path / "clip.mp4", "video/mp4")
    assert not meta.checked


def test_damaged_file_is_not_checked_rather_than_crashing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbage")
    assert not read_embedded_metadata(broken, "image/jpeg").checked


def test_remove_location_keeps_everything_else(located_photo: Path) -> None:
    before_pixels = pixels(located_photo)
    removed = remove_location(located_photo, "image/jpeg")
    assert set(removed) == set(GPS)
    meta = read_embedded_metadata(located_photo, "image/jpeg")
    assert not meta.has_location
    assert meta.people == ("Jane Photographer",)
    assert pixels(located_photo) == before_pixels


def test_export_keeps_location_by_default_and_says_so(
    located_photo: Path, signing: Signing
) -> None:
    result = export_labeled_copy(
        located_photo,
        Disclosure(ai=AiUse.NONE),
        signing.signer,
        profile=signing.profile,
    )
    assert read_embedded_metadata(result.dest, "image/jpeg").has_location
    assert result.privacy is not None
    signature = result.report.active.signature if result.report.active else None
    assert signature is not None  # the name checkers will see, read from the copy
    assert result.privacy.signer_name == (signature.organization or signature.common_name)
    assert any("unless you leave it out" in s for s in result.privacy.sentences())


def test_export_leaves_location_out_when_asked(located_photo: Path, signing: Signing) -> None:
    before = sha256(located_photo)
    result = export_labeled_copy(
        located_photo,
        Disclosure(ai=AiUse.PARTIAL, remove_location=True),
        signing.signer,
        profile=signing.profile,
    )
    assert sha256(located_photo) == before  # the original keeps its location
    assert read_embedded_metadata(located_photo, "image/jpeg").has_location
    copy_meta = read_embedded_metadata(result.dest, "image/jpeg")
    assert not copy_meta.has_location
    assert copy_meta.people == ("Jane Photographer",)
    assert pixels(result.dest) == pixels(located_photo)
    report = read_file(result.dest, signing.profile)
    assert report.state is ValidationState.TRUSTED
    assert report.active is not None
    descriptions = [a.description or "" for a in report.active.actions]
    assert any("GPS location removed" in d for d in descriptions)
    assert result.privacy is not None and result.privacy.location_removed
    assert any("left out" in s for s in result.privacy.sentences())


def test_location_inside_the_history_is_said_to_stay(corpus_file) -> None:
    camera = corpus_file("pt_truepic-20230212-camera.jpg")
    facts = privacy_facts(camera, "image/jpeg", read_file(camera), "Jane Doe")
    assert facts.location_in_history
    assert any("stay in the copy" in s for s in facts.sentences())
