"""Test helpers for labeling/export: a signer + trusting profile, fresh media of every format,
and the "same content" comparisons (decoded pixels, demuxed packets, sha256).

Fresh media are made here (Pillow for pictures, PyAV for audio/video, `wave` for WAV), so
the export tests run end to end without the shared corpus.
"""

from __future__ import annotations

import hashlib
import math
import struct
import wave
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from PIL import Image

from app.core.reading.trust import TrustProfile
from tests.helpers.signing import make_test_chain

PICTURE_FORMATS = {  # suffix -> Pillow format
    ".jpg": "JPEG",
    ".png": "PNG",
    ".webp": "WEBP",
    ".gif": "GIF",
    ".tif": "TIFF",
    ".avif": "AVIF",
}
AV_FORMATS = (".mp4", ".mov", ".m4a", ".mp3", ".flac", ".wav")


@dataclass
class Signing:
    signer: Any
    profile: TrustProfile  # trusts the test root: our exports read Trusted
    root_pem: bytes


def make_signing(folder: Path) -> Signing:
    """A throwaway ES256 signer (until the identity store is used) and a profile trusting it."""
    import c2pa

    folder.mkdir(parents=True, exist_ok=True)
    chain, key, root = make_test_chain(folder)
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, key, None))
    profile = TrustProfile("local", "test root", anchors_pem=root.decode())
    return Signing(signer, profile, root)


def make_picture(path: Path, size: tuple[int, int] = (96, 64)) -> Path:
    """A small picture with some detail (a gradient), in the format its suffix names."""
    image = Image.new("RGB", size)
    image.putdata(
        [(x * 2 % 256, y * 3 % 256, (x + y) % 256) for y in range(size[1]) for x in range(size[0])]
    )
    fmt = PICTURE_FORMATS[path.suffix]
    if fmt == "GIF":
        image = image.convert("P")
    image.save(path, fmt)
    return path


def make_av(path: Path) -> Path:
    """A short real audio or video file in the format its suffix names."""
    if path.suffix == ".wav":
        return _make_wav(path)
    import av

    fmt = {".m4a": "ipod", ".mov": "mov"}.get(path.suffix)
    with av.open(str(path), "w", format=fmt) as out:
        if path.suffix in (".mp4", ".mov"):
            _add_video(out)
        else:
            _add_audio(out, path.suffix)
    return path


def _add_video(out: Any) -> None:
    import av

    stream = out.add_stream("libx264", rate=10)
    stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
    for i in range(10):
        picture = Image.new("RGB", (64, 48), ((i * 20) % 256, 40, 200 - i * 10))
        for packet in stream.encode(av.VideoFrame.from_image(picture)):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def _add_audio(out: Any, suffix: str) -> None:
    import av

    codec = {".m4a": "aac", ".mp3": "libmp3lame", ".flac": "flac"}[suffix]
    rate = 44100
    stream = out.add_stream(codec, rate=rate)
    stream.layout = "mono"
    fmt = stream.codec_context.format.name
    size = stream.codec_context.frame_size or 1152
    for index in range(20):
        frame = av.AudioFrame(format=fmt, layout="mono", samples=size)
        frame.planes[0].update(_tone(fmt, size, index * size)[: frame.planes[0].buffer_size])
        frame.sample_rate, frame.pts, frame.time_base = rate, index * size, Fraction(1, rate)
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def _tone(fmt: str, count: int, start: int) -> bytes:
    values = [math.sin((start + i) / 20) * 0.5 for i in range(count)]
    if fmt.startswith("s16"):
        return struct.pack(f"<{count}h", *(int(v * 32767) for v in values))
    if fmt.startswith("s32"):
        return struct.pack(f"<{count}i", *(int(v * 2**31 - 1) for v in values))
    return struct.pack(f"<{count}f", *values)


def _make_wav(path: Path) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(i % 256 for i in range(16000)))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pixels(path: Path) -> list[bytes]:
    """Decoded pixels of every frame (Pillow); a frame that cannot be decoded (an MPO
    index pointing past the end, as in some corpus files) ends the list with its error."""
    frames = []
    with Image.open(path) as image:
        for index in range(getattr(image, "n_frames", 1)):
            try:
                image.seek(index)
                frames.append(image.mode.encode() + image.tobytes())
            except ValueError as exc:
                frames.append(str(exc).encode())
                break
    return frames


def packets(path: Path) -> list[tuple[int, bytes]]:
    """Every demuxed packet's stream index and bytes (PyAV)."""
    import av

    with av.open(str(path)) as container:
        return [(packet.stream.index, bytes(packet)) for packet in container.demux() if packet.size]


def same_content(a: Path, b: Path, mime: str) -> bool:
    """Same decoded pixels (pictures) or same packets (audio/video)."""
    if mime.startswith("image/") and mime not in ("image/heic", "image/heif"):
        return pixels(a) == pixels(b)
    return packets(a) == packets(b)
