"""Our own claim thumbnail: JPEG, long edge ≤ 512, never upscaled, upright, none for audio."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media.thumbnail import MAX_EDGE, make_thumbnail
from tests.helpers.exports import make_av, make_picture, make_signing


def decoded(data: bytes | None) -> Image.Image:
    assert data is not None
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image


def test_large_picture_shrinks_to_512(tmp_path: Path) -> None:
    path = make_picture(tmp_path / "big.jpg", (2000, 1000))
    assert decoded(make_thumbnail(path)).size == (MAX_EDGE, 256)


def test_small_picture_is_never_upscaled(tmp_path: Path) -> None:
    path = make_picture(tmp_path / "small.png", (120, 80))
    assert decoded(make_thumbnail(path)).size == (120, 80)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    path = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait
    Image.new("RGB", (800, 400), "navy").save(path, "JPEG", exif=exif)
    assert decoded(make_thumbnail(path)).size == (256, 512)


def test_transparent_picture_is_flattened(tmp_path: Path) -> None:
    path = tmp_path / "alpha.png"
    Image.new("RGBA", (40, 40), (255, 0, 0, 0)).save(path)
    image = decoded(make_thumbnail(path))
    assert image.mode == "RGB"
    assert image.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)


def test_video_frame_and_no_thumbnail_for_audio(tmp_path: Path) -> None:
    video = make_av(tmp_path / "clip.mp4")
    assert decoded(make_thumbnail(video)).size == (64, 48)
    assert make_thumbnail(make_av(tmp_path / "song.m4a")) is None


def test_export_embeds_ours_not_the_library_upscaled_one(tmp_path: Path) -> None:
    signing = make_signing(tmp_path / "keys")
    source = make_picture(tmp_path / "small.webp", (160, 120))
    result = export_labeled_copy(source, Disclosure(), signing.signer, profile=signing.profile)
    active = result.report.active
    assert active is not None and active.thumbnail_format == "image/jpeg"
    assert decoded(active.thumbnail).size == (160, 120)  # the library would make 1024x768
