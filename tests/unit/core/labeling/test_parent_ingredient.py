"""The parent ingredient an export records is the one c2pa records from the whole original,
even where the Builder is shown the original without its picture data (a JPEG's header, a
PNG's chunks with an empty IDAT: pictures without credentials).
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import c2pa
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.labeling.export_original import ingredient_view, original_for_export
from app.core.labeling.manifest_builder import build_manifest, parent_ingredient
from app.core.media.containers import png_chunks_at
from app.core.media.probe import probe
from app.core.reading import report_memory
from app.core.reading.credentials import read_file
from tests.helpers.exports import Signing, make_picture, make_signing, same_content

MIMES = {".jpg": "image/jpeg", ".png": "image/png"}
PARTIAL = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Adobe Firefly", "3"),))
INSTANCE = "xmp.iid:5f0c8f4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
    f'xmpMM:InstanceID="{INSTANCE}" xmpMM:DocumentID="xmp.did:1234"/>'
    "</rdf:RDF></x:xmpmeta>"
).encode()


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "keys")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A camera-like JPEG without credentials: detail, an XMP instance ID, 1600x1200."""
    path = make_picture(tmp_path / "photo.jpg", (1600, 1200))
    with Image.open(path) as picture:
        picture.load()
        picture.save(path, "JPEG", quality=92, xmp=XMP)
    report_memory.forget_all()
    return path


@pytest.fixture
def drawing(tmp_path: Path) -> Path:
    """A PNG without credentials: noise in many IDAT chunks, XMP and a text chunk."""
    path = tmp_path / "drawing.png"
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add_text("Comment", "made for the test")
    noise = Image.frombytes("RGB", (1200, 900), random.Random(7).randbytes(1200 * 900 * 3))
    noise.save(path, "PNG", pnginfo=info)
    assert [chunk.kind for chunk in png_chunks_at(path)].count(b"IDAT") > 10
    report_memory.forget_all()
    return path


PICTURES = [("photo", "image/jpeg"), ("drawing", "image/png")]


def _parent_of(copy: Path) -> dict[str, Any]:
    with copy.open("rb") as stream:
        reader = c2pa.Reader(MIMES[copy.suffix], stream)
        store = json.loads(reader.json())
        reader.close()
    ingredients = store["manifests"][store["active_manifest"]]["ingredients"]
    assert len(ingredients) == 1
    return ingredients[0]  # type: ignore[no-any-return]


def _signed_with_whole_file(photo: Path, signing: Signing, out: Path) -> Path:
    """What c2pa alone records, reading the whole original as the parent ingredient."""
    mime = MIMES[photo.suffix]
    manifest = build_manifest(PARTIAL, read_file(photo, signing.profile), thumbnail_id=None)
    context = c2pa.Context.from_dict({"builder": {"thumbnail": {"enabled": False}}})
    builder = c2pa.Builder(json.dumps(manifest), context)
    with photo.open("rb") as whole:
        builder.add_ingredient(parent_ingredient(photo.name), mime, whole)
    with photo.open("rb") as source, out.open("w+b") as dest:
        builder.sign(signing.signer, mime, source, dest)
    builder.close()
    return out


def test_a_jpeg_without_credentials_is_shown_to_the_builder_as_its_header(
    photo: Path, signing: Signing
) -> None:
    original = original_for_export(photo, probe(photo), signing.profile)
    with ingredient_view(photo, "image/jpeg", original) as view:
        header = view.read()
    assert len(header) < photo.stat().st_size // 10
    assert header.startswith(photo.read_bytes()[: len(header) - 2])
    assert header.endswith(b"\xff\xd9")
    assert INSTANCE.encode() in header  # the XMP the ingredient's instance ID comes from


def test_a_png_without_credentials_is_shown_to_the_builder_without_its_picture_data(
    drawing: Path, signing: Signing
) -> None:
    original = original_for_export(drawing, probe(drawing), signing.profile)
    with ingredient_view(drawing, "image/png", original) as view:
        shown = view.read()
    whole = drawing.read_bytes()
    assert len(shown) < len(whole) // 10
    assert shown.startswith(whole[:33])  # the signature and IHDR, as they are
    assert shown.count(b"IDAT") == 1 and b"\x00\x00\x00\x00IDAT" in shown
    assert INSTANCE.encode() in shown and b"made for the test" in shown
    assert shown.endswith(whole[-12:])  # IEND
    with Image.open(io.BytesIO(shown)) as parsed:  # still a PNG with its size and metadata
        assert parsed.size == (1200, 900) and parsed.info["Comment"] == "made for the test"


@pytest.mark.parametrize(("name", "mime"), PICTURES)
def test_the_copy_records_the_same_parent_as_c2pa_reading_the_whole_file(
    name: str, mime: str, signing: Signing, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    picture: Path = request.getfixturevalue(name)
    exported = export_labeled_copy(picture, PARTIAL, signing.signer, profile=signing.profile)
    plain = _signed_with_whole_file(picture, signing, tmp_path / f"plain{picture.suffix}")
    ours, theirs = _parent_of(exported.dest), _parent_of(plain)
    assert ours == theirs
    assert ours["instance_id"] == INSTANCE
    assert ours["title"] == picture.name
    assert ours["relationship"] == "parentOf"
    assert same_content(picture, exported.dest, mime)  # the picture itself is whole


@pytest.mark.parametrize(("name", "mime"), PICTURES)
def test_a_picture_with_credentials_is_read_whole_so_its_history_is_kept(
    name: str, mime: str, signing: Signing, request: pytest.FixtureRequest
) -> None:
    photo: Path = request.getfixturevalue(name)
    first = export_labeled_copy(photo, PARTIAL, signing.signer, profile=signing.profile)
    original = original_for_export(first.dest, probe(first.dest), signing.profile)
    with ingredient_view(first.dest, mime, original) as view:
        assert len(view.read()) == first.dest.stat().st_size
    second = export_labeled_copy(first.dest, PARTIAL, signing.signer, profile=signing.profile)
    parent = _parent_of(second.dest)
    assert parent["active_manifest"] == first.report.active_manifest


def test_a_jpeg_whose_header_cannot_be_walked_is_read_whole(
    photo: Path, signing: Signing, tmp_path: Path
) -> None:
    odd = tmp_path / "odd.jpg"
    odd.write_bytes(b"\xff\xd8" + b"\x00" * (2 << 20) + photo.read_bytes()[2:])
    original = original_for_export(photo, probe(photo), signing.profile)
    with ingredient_view(odd, "image/jpeg", original) as view:
        assert isinstance(view, io.BufferedReader)
        assert len(view.read()) == odd.stat().st_size
