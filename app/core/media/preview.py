"""A small preview picture of a file, with bounded work and memory.

Pictures: Pillow's `draft()` lets JPEG decode at 1/2..1/8 scale, `thumbnail()` shrinks the
rest, and the EXIF orientation is applied. Decompression-bomb limits stay on: a picture
too large to decode safely raises `PreviewError` with a sentence. Video: seek to the
keyframe before `at_seconds` and decode only until the first frame at/after it. Audio and
documents have no picture: `None`.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.errors import CredLabelError
from app.core.i18n import _
from app.core.media.probe import probe
from app.core.media.structure import picture_structure_broken
from app.core.model import MediaInfo, MediaKind

log = logging.getLogger(__name__)

DEFAULT_MAX_EDGE = 1024
# Enough to reach a keyframe-spaced target after a seek, small enough to bound the work.
MAX_DECODED_FRAMES = 600
# Memory a preview may take to decode a picture that cannot be decoded at a reduced scale
# (~50 Mpx of 8-bit RGB fits; a 9400x9400 picture does not).
DECODE_BUDGET_BYTES = 160 * 1024 * 1024
_FFMPEG_STILLS = ("image/heic", "image/heif", "image/avif")


class PreviewError(CredLabelError):
    """No preview could be made (damaged, too large, unsupported)."""


def load_video_decoder() -> None:
    """Load PyAV and FFmpeg's libraries now (~0.1-0.2 s, most of it with the interpreter lock
    held): the window calls this in a worker once it is up, so that the first video opened
    does not freeze it while they load."""
    import av  # noqa: F401


def preview_image(
    path: Path,
    max_edge: int = DEFAULT_MAX_EDGE,
    at_seconds: float | None = None,
    *,
    media: MediaInfo | None = None,
    reducing_gap: float = 2.0,
) -> Image.Image | None:
    """An RGB(A) picture no larger than `max_edge` on its long side, or None for audio and
    documents. `media`: the probe result of `path` when the caller has it (an export has,
    so the file is not probed twice). `reducing_gap`: Pillow's (`Image.thumbnail`). Raises
    `PreviewError` (or `UnreadableFileError`) with a sentence."""
    info = media if media is not None else probe(Path(path))
    if info.kind is MediaKind.VIDEO:
        return _video_frame(info.path, max_edge, at_seconds or 0.0)
    if info.kind is MediaKind.IMAGE and info.mime != "image/svg+xml":
        if picture_structure_broken(info.path, info.mime):
            # Pillow would crawl through it a byte or a chunk at a time (minutes when big).
            raise PreviewError(_("No preview: the picture is damaged."), "structure broken")
        try:
            return _picture(info.path, max_edge, reducing_gap)
        except PreviewError:
            if info.mime not in _FFMPEG_STILLS:
                raise
            # Pillow may lack HEIF support; FFmpeg decodes the primary HEVC/AV1 image.
            return _video_frame(info.path, max_edge, 0.0)
    return None


def _picture(path: Path, max_edge: int, reducing_gap: float = 2.0) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow warns (UserWarning) about damaged metadata such as a cut EXIF block;
            # the damage is reported in our own words instead.
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                # JPEG: decode straight at a reduced scale instead of full size.
                img.draft("RGB", (max_edge, max_edge))
                _refuse_costly_decode(img)
                img.thumbnail((max_edge, max_edge), reducing_gap=reducing_gap)
                picture = ImageOps.exif_transpose(img)
                return _displayable(picture)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PreviewError(
            _("This picture is too large to preview safely (it may be a decompression bomb)."),
            str(exc),
        ) from exc
    # RuntimeError: Pillow's AVIF plugin raises it for undecodable data.
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, RuntimeError) as exc:
        raise PreviewError(
            _("No preview: the picture is damaged or in a format this computer cannot show."),
            str(exc),
        ) from exc


def decoded_bytes(img: Image.Image) -> int:
    """About how much memory Pillow needs to decode `img` at its current (draft) size."""
    per_band = 4 if img.mode in ("I", "F") else 2 if ";16" in img.mode else 1
    return img.width * img.height * max(len(img.getbands()), 1) * per_band


def _refuse_costly_decode(img: Image.Image) -> None:
    """Only JPEG decodes at a reduced scale; any other picture is decoded whole before it
    is shrunk. Above the budget, no preview instead of hundreds of MB (a 9400x9400 PNG
    decodes to 265 MB as 8-bit RGB, and the export's own thumbnail took ~400 MB)."""
    cost = decoded_bytes(img)
    if cost > DECODE_BUDGET_BYTES:
        raise PreviewError(
            _(
                "No preview: this {width}×{height} picture is too large to shrink "
                "quickly. Its Content Credentials are not affected."
            ).format(width=img.width, height=img.height),
            f"decoding would need about {cost >> 20} MB",
        )


def _displayable(img: Image.Image) -> Image.Image:
    if img.mode in ("RGB", "RGBA"):
        return img.copy()
    return img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")


def _video_frame(path: Path, max_edge: int, at_seconds: float) -> Image.Image:
    import av

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.video:
                raise PreviewError(_("This video file has no picture track."))
            stream = container.streams.video[0]
            if stream.codec_context is None:  # unknown codec tag (damaged header)
                raise PreviewError(_("No preview: the video is damaged or uses an unknown codec."))
            stream.thread_type = "AUTO"
            frame = _first_frame_at(container, stream, at_seconds)
    except av.FFmpegError as exc:
        raise PreviewError(_("No preview: the video is damaged or incomplete."), str(exc)) from exc
    if frame is None:
        raise PreviewError(_("No preview: no video frame could be decoded."))
    picture: Image.Image = frame.to_image()
    picture.thumbnail((max_edge, max_edge))
    return picture


def _first_frame_at(container: Any, stream: Any, at_seconds: float) -> Any:
    """Seek to the keyframe before `at_seconds`, decode until a frame at/after it."""
    if at_seconds > 0 and stream.time_base:
        container.seek(int(at_seconds / stream.time_base), stream=stream, backward=True)
    last = None
    for count, frame in enumerate(container.decode(stream)):
        last = frame
        if frame.time is None or frame.time >= at_seconds or count >= MAX_DECODED_FRAMES:
            return frame
    return last  # `at_seconds` past the end: the last frame
