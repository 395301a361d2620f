"""A labeled copy's thumbnail is shrunk from the picture the window already decoded, while
the file is provably unchanged; a changed file is decoded again."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media import preview, thumbnail
from app.core.media.thumbnail import MAX_EDGE, forget_kept, make_thumbnail, preview_kept
from tests.helpers.exports import make_signing

WINDOW_EDGE = 2048  # what the window decodes a picture at


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    forget_kept()
    yield
    forget_kept()


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every picture decoded by the thumbnail's or the window's preview."""
    seen: list[Path] = []
    real = preview._picture

    def counted(path: Path, max_edge: int, *args: float) -> Image.Image:
        seen.append(Path(path))
        return real(path, max_edge, *args)

    monkeypatch.setattr(preview, "_picture", counted)
    return seen


def _photo(path: Path, colour: str, size: tuple[int, int] = (3000, 2000)) -> Path:
    Image.new("RGB", size, colour).save(path, "JPEG", quality=90)
    return path


def _colour(data: bytes | None) -> tuple[int, ...]:
    assert data is not None
    with Image.open(io.BytesIO(data)) as image:
        pixel = image.convert("RGB").getpixel((10, 10))
    assert isinstance(pixel, tuple)
    return pixel


def test_the_thumbnail_of_an_opened_picture_is_not_decoded_again(
    tmp_path: Path, decodes: list[Path]
) -> None:
    photo = _photo(tmp_path / "photo.jpg", "red")
    shown = preview_kept(photo, WINDOW_EDGE)
    assert shown is not None
    made = make_thumbnail(photo)
    assert decodes == [photo]  # the window's decode only
    assert made is not None
    with Image.open(io.BytesIO(made)) as small:
        assert small.size == (MAX_EDGE, 341)
    assert _colour(made) == pytest.approx((254, 0, 0), abs=3)


def test_a_picture_changed_after_it_was_shown_is_decoded_again(
    tmp_path: Path, decodes: list[Path]
) -> None:
    photo = _photo(tmp_path / "photo.jpg", "red")
    preview_kept(photo, WINDOW_EDGE)
    stat = photo.stat()
    _photo(photo, "blue")  # the same size on disk is not enough to be the same file
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old mtime
    made = make_thumbnail(photo)
    assert decodes == [photo, photo]
    assert _colour(made) == pytest.approx((0, 0, 254), abs=3)


def test_a_smaller_preview_is_not_used(tmp_path: Path, decodes: list[Path]) -> None:
    photo = _photo(tmp_path / "photo.jpg", "green")
    preview_kept(photo, 256)  # smaller than the thumbnail: it would be blurred
    made = make_thumbnail(photo)
    assert decodes == [photo, photo]
    with Image.open(io.BytesIO(made or b"")) as small:
        assert small.size == (MAX_EDGE, 341)


def test_a_video_frame_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"frames")
    frame = Image.new("RGB", (1280, 720), "white")
    monkeypatch.setattr(thumbnail, "preview_image", lambda *a, **k: frame)
    preview_kept(clip, WINDOW_EDGE, at_seconds=3.0)  # a frame picked on the scrubber
    assert thumbnail._kept_picture(clip, MAX_EDGE) is None
    preview_kept(clip, WINDOW_EDGE)
    assert thumbnail._kept_picture(clip, MAX_EDGE) is frame


def test_a_copy_labeled_after_the_preview_carries_the_pictures_thumbnail(
    tmp_path: Path, decodes: list[Path]
) -> None:
    signing = make_signing(tmp_path / "keys")
    photo = _photo(tmp_path / "photo.jpg", "red", (1600, 1200))
    preview_kept(photo, WINDOW_EDGE)
    result = export_labeled_copy(photo, Disclosure(), signing.signer, profile=signing.profile)
    assert decodes == [photo]
    active = result.report.active
    assert active is not None
    with Image.open(io.BytesIO(active.thumbnail or b"")) as small:
        assert small.size == (MAX_EDGE, 384)
    assert _colour(active.thumbnail) == pytest.approx((254, 0, 0), abs=3)
