"""Our own claim thumbnail: a JPEG no larger than 512 px on its long edge, never upscaled.

c2pa's automatic thumbnail upscales small pictures (320×240 → 1024×768), can be 200 KB
for a WebP and exists only for a few picture types; we switch it off
(`builder.thumbnail.enabled=false`) and add this one as the manifest's `thumbnail`.
Pictures and video frames come from `app.core.media.preview.preview_image`, which decodes with
bounded memory (JPEG draft mode, EXIF orientation applied, one video frame). Audio has no
thumbnail.

Decoding a big picture is the longest step of labeling it (0.4 s for 50 MB of JPEG, entropy
decoding that no reduced scale skips), and the window has already decoded it to show it:
`preview_kept` is `preview_image` for the window, and keeps its last picture while the file
is provably unchanged (`app.core.media.unchanged`), so that the labeled copy's thumbnail is
shrunk from it instead (the same upright picture, shrunk from a larger decode).
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from app.core.errors import CredLabelError
from app.core.freed_memory import give_back
from app.core.media.preview import preview_image
from app.core.media.unchanged import file_identity
from app.core.model import MediaInfo

log = logging.getLogger(__name__)

MAX_EDGE = 512
JPEG_QUALITY = 80


@dataclass(frozen=True)
class _Kept:
    path: Path
    identity: tuple[int, ...]  # before the decode
    max_edge: int
    picture: Image.Image


_lock = threading.Lock()
_kept: list[_Kept] = []  # the last picture shown, or nothing


def preview_kept(path: Path, max_edge: int, at_seconds: float | None = None) -> Image.Image | None:
    """`preview_image(path, max_edge, at_seconds)`; a still picture is kept (the last one
    only) for the thumbnail of a copy labeled while the file is unchanged."""
    path = Path(path)
    identity = file_identity(path)
    picture = preview_image(path, max_edge, at_seconds)
    if picture is not None and at_seconds is None and identity:
        with _lock:
            _kept[:] = [_Kept(path.resolve(), identity, max_edge, picture)]
    return picture


def forget_kept() -> None:
    with _lock:
        _kept.clear()


def _kept_picture(path: Path, max_edge: int) -> Image.Image | None:
    with _lock:
        kept = _kept[0] if _kept else None
    if kept is None or kept.max_edge < max_edge or kept.path != Path(path).resolve():
        return None
    if file_identity(path) != kept.identity:
        return None
    return kept.picture


def make_thumbnail(
    path: Path, max_edge: int = MAX_EDGE, *, media: MediaInfo | None = None
) -> bytes | None:
    """JPEG bytes of a small upright picture of `path`, or None (audio, or no picture
    could be decoded: a missing thumbnail never stops an export). `media`: the probe
    result when the caller has it."""
    kept = _kept_picture(path, max_edge)
    if kept is not None:
        return encode_jpeg(kept, max_edge)
    try:
        # A box shrink to just above the size first (gap 1.0): 17 instead of 26 ms for a
        # 50 MB PNG, 44 dB PSNR against a full Lanczos shrink, below what JPEG at quality
        # 80 changes (the window's preview keeps Pillow's default 2.0).
        picture = preview_image(Path(path), max_edge, media=media, reducing_gap=1.0)
    except CredLabelError as exc:
        log.info("no thumbnail for %s: %s", path, exc.sentence)
        return None
    if picture is None:
        return None
    try:
        return encode_jpeg(picture, max_edge)
    finally:
        del picture
        give_back()  # the decoder's freed blocks, before c2pa's hashing buffers


def encode_jpeg(picture: Image.Image, max_edge: int = MAX_EDGE) -> bytes:
    """`picture` shrunk (never enlarged) to `max_edge`, flattened onto white, as JPEG. The
    window's kept 2048 px picture is shrunk with gap 1.0, as the decode above: 4 instead of
    12 ms, and from the window the Builder waits for nothing else before it signs (44-51 dB
    PSNR against a full Lanczos shrink on the corpus's largest photos)."""
    picture = picture.copy()
    picture.thumbnail((max_edge, max_edge), reducing_gap=1.0)  # only ever shrinks
    if picture.mode != "RGB":
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        picture = flat
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
