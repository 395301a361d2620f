"""XMP instance IDs: every copy gets a fresh one, renewed in place in the temporary copy,
found by walking the container (a big video's media data is never read for it)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from PIL import Image

from app.core.labeling.disclosure import AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media.instance_ids import find_instance_ids, has_instance_id, refresh_instance_id
from tests.helpers.exports import make_picture, make_signing, pixels, sha256

OLD = "xmp.iid:0b5e6f0e-1111-4222-8333-944455556666"


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
    assert refresh_instance_id(path)
    import pyexiv2

    with pyexiv2.Image(str(path)) as image:
        new = image.read_xmp()["Xmp.xmpMM.InstanceID"]
    assert new.startswith("xmp:iid:") and new != old and len(new) == len(old)
    assert path.stat().st_size == size  # byte for byte: nothing else moved
    with Image.open(path) as image:
        image.verify()  # PNG: the chunk CRC was recomputed
    assert pixels(path) == before
    plain = make_picture(tmp_path / f"plain{suffix}")
    assert not has_instance_id(plain) and not refresh_instance_id(plain)


def test_copies_never_repeat_the_sources_instance_id(tmp_path: Path) -> None:
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


def _xmp(value: str) -> bytes:
    return (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmpMM:InstanceID="'
        + value.encode()
        + b'"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


def _box(kind: bytes, body: bytes) -> bytes:
    return (8 + len(body)).to_bytes(4, "big") + kind + body


_XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")


def _video_with_xmp_after(path: Path, media_bytes: int, inside_media: str | None = None) -> Path:
    """An MP4 layout: ftyp, a sparse `mdat` of `media_bytes`, then the XMP `uuid` box (where
    Premiere and c2pa-rs put it). `inside_media` plants an ID-like text in the media data."""
    with path.open("wb") as out:
        out.write(_box(b"ftyp", b"isom\0\0\x02\0isommp41"))
        out.write((8 + media_bytes).to_bytes(4, "big") + b"mdat")
        if inside_media:
            out.write(_xmp(inside_media))
        out.seek(out.tell() + media_bytes - (len(_xmp(inside_media)) if inside_media else 0))
        out.write(_box(b"uuid", _XMP_UUID + _xmp(OLD)))
    return path


def test_the_id_after_a_big_videos_media_data_is_renewed(tmp_path: Path) -> None:
    """A 2 GB video (sparse: no disk used), its XMP after the media data as Premiere writes
    it: the ID is found and renewed in place."""
    video = _video_with_xmp_after(tmp_path / "big.mp4", 2 << 30)
    size = video.stat().st_size
    assert [value for _, value in find_instance_ids(video)] == [OLD.encode()]
    assert refresh_instance_id(video)
    ((_, new),) = find_instance_ids(video)
    assert new != OLD.encode() and len(new) == len(OLD) and new.startswith(b"xmp:iid:")
    assert video.stat().st_size == size


def test_text_inside_media_data_is_not_taken_for_the_files_xmp(tmp_path: Path) -> None:
    """Coded media can contain any bytes: an ID-like text inside `mdat` is not rewritten
    (nor read: the search skips the media data, which is what keeps a 1 GB export from
    holding the interpreter for a second and mapping the whole file)."""
    planted = "xmp.iid:11111111-2222-4333-8444-555555555555"
    video = _video_with_xmp_after(tmp_path / "v.mp4", 4096, inside_media=planted)
    before = video.read_bytes()
    assert refresh_instance_id(video)
    after = video.read_bytes()
    assert planted.encode() in after and OLD.encode() not in after
    assert len(after) == len(before)


def test_an_id_after_a_pngs_image_data_is_renewed_with_a_valid_crc(tmp_path: Path) -> None:
    png = make_picture(tmp_path / "p.png")
    data = png.read_bytes()
    iend = data.rindex(b"IEND") - 4
    body = b"XML:com.adobe.xmp\0\0\0\0\0" + _xmp(OLD)
    chunk = len(body).to_bytes(4, "big") + b"iTXt" + body
    chunk += zlib.crc32(chunk[4:]).to_bytes(4, "big")
    png.write_bytes(data[:iend] + chunk + data[iend:])
    before = pixels(png)
    assert refresh_instance_id(png)
    with Image.open(png) as image:
        image.load()  # a wrong CRC raises here
    assert pixels(png) == before and OLD.encode() not in png.read_bytes()


def test_an_id_across_a_read_boundary_is_found_once(tmp_path: Path) -> None:
    """A file whose container is unknown is searched whole, in chunks; an ID lying across
    the border between two chunks is found exactly once, whole."""
    from app.core.media import instance_ids

    blob = tmp_path / "blob.bin"
    packet = _xmp(OLD)
    at = instance_ids._CHUNK - packet.index(OLD.encode()) - 10
    blob.write_bytes(b"\0" * at + packet + b"\0" * 1000)
    found = find_instance_ids(blob)
    assert found == [(at + packet.index(OLD.encode()), OLD.encode())]
    assert blob.stat().st_size == at + len(packet) + 1000
