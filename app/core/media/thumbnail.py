"""Our own claim thumbnail: a JPEG no larger than 512 px on its long edge, never upscaled.

c2pa's automatic thumbnail upscales small pictures (320×240 → 1024×768), can be 200 KB
for a WebP and exists only for a few picture types; we switch it off
(`builder.thumbnail.enabled=false`) and add this one as the manifest's `thumbnail`.
Pictures and video frames come from `app.core.media.preview.preview_image`, which decodes with
bounded memory (JPEG draft mode, EXIF orientation applied, one video frame). Audio has no
thumbnail.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PIL import Image

from app.core.errors import CredLabelError
from app.core.media.preview import preview_image
from app.core.model import MediaInfo

log = logging.getLogger(__name__)

MAX_EDGE = 512
JPEG_QUALITY = 80


def make_thumbnail(
    path: Path, max_edge: int = MAX_EDGE, *, media: MediaInfo | None = None
) -> bytes | None:
    """JPEG bytes of a small upright picture of `path`, or None (audio, or no picture
    could be decoded: a missing thumbnail never stops an export). `media`: the probe
    result when the caller has it."""
    try:
        picture = preview_image(Path(path), max_edge, media=media)
    except CredLabelError as exc:
        log.info("no thumbnail for %s: %s", path, exc.sentence)
        return None
    if picture is None:
        return None
    return encode_jpeg(picture, max_edge)


def encode_jpeg(picture: Image.Image, max_edge: int = MAX_EDGE) -> bytes:
    """`picture` shrunk (never enlarged) to `max_edge`, flattened onto white, as JPEG."""
    picture = picture.copy()
    picture.thumbnail((max_edge, max_edge))  # only ever shrinks
    if picture.mode != "RGB":
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        picture = flat
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
