"""Benchmark inputs, generated (never committed): big MP4s, a big JPEG and PNG, small JPEGs.

The MP4s are real, playable files: a couple of seconds of all-intra noise video encoded once
with PyAV, then remuxed (packets copied, never re-encoded) with shifted timestamps until the
file reaches the wanted size. Every packet is a keyframe, so the copies are valid video and
scrubbing works anywhere in the file. Files are cached in `bench/inputs/` (git-ignored) and
re-made only when missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import av
from PIL import Image

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
MB = 1024 * 1024
FPS = 25


def _seed_clip(path: Path, frames: int = 50) -> None:
    """A short 1280x720 all-intra MPEG-4 clip of noise (~1 MB a frame)."""
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("mpeg4", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.gop_size = 1
        stream.bit_rate = 200_000_000  # noise at a high rate: ~1 MB a frame
        for i in range(frames):
            frame = av.VideoFrame.from_image(_noise(1280, 720, seed=i))
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def make_mp4(path: Path, size_mb: int) -> Path:
    """A playable MP4 of about `size_mb` MB (packets of a seed clip repeated)."""
    if path.exists() and path.stat().st_size >= size_mb * MB * 0.95:
        return path
    INPUTS.mkdir(exist_ok=True)
    seed = INPUTS / "seed.mp4"
    if not seed.exists():
        _seed_clip(seed)
    with av.open(str(seed)) as src:
        packets = [p for p in src.demux(src.streams.video[0]) if p.size]
        packets_data = [(bytes(p), p.pts, p.dts, p.duration, p.is_keyframe) for p in packets]
        template = src.streams.video[0]
        time_base = template.time_base
        tmp = path.with_suffix(".part")
        with av.open(str(tmp), "w", format="mp4") as out:
            stream = out.add_stream_from_template(template)
            _remux(out, stream, packets_data, time_base, size_mb * MB)
    tmp.replace(path)
    return path


def _remux(out, stream, packets, time_base, target: int) -> None:  # type: ignore[no-untyped-def]
    span = max(p[1] for p in packets) + (packets[-1][3] or 1) - min(p[1] for p in packets)
    written, loop = 0, 0
    while written < target:
        for data, pts, dts, duration, keyframe in packets:
            packet = av.Packet(data)
            packet.pts, packet.dts = pts + loop * span, dts + loop * span
            packet.duration, packet.time_base = duration, time_base
            packet.is_keyframe = keyframe
            packet.stream = stream
            out.mux(packet)
            written += len(data)
            if written >= target:
                break
        loop += 1


def make_jpeg(path: Path, size_mb: int = 50) -> Path:
    """A noise JPEG at quality 95 (noise barely compresses: ~50 MB at ~6000x4400)."""
    if path.exists():
        return path
    INPUTS.mkdir(exist_ok=True)
    side = int((size_mb * MB / 1.2) ** 0.5)
    _noise(side, side).save(path, quality=95)
    return path


def make_png(path: Path, size_mb: int = 50) -> Path:
    """A noise PNG (incompressible: ~3 bytes a pixel)."""
    if path.exists():
        return path
    INPUTS.mkdir(exist_ok=True)
    side = int((size_mb * MB / 3) ** 0.5)
    _noise(side, side).save(path, compress_level=1)
    return path


def make_small_jpegs(folder: Path, count: int = 200) -> list[Path]:
    """`count` distinct small photos (640x480, quality 90) for the batch benchmark."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"photo{i:03d}.jpg"
        if not path.exists():
            _noise(640, 480, seed=i).save(path, quality=90)
        paths.append(path)
    return paths


def _noise(width: int, height: int, seed: int = 1) -> Image.Image:
    """Random RGB pixels (`seed` only varies the picture; os.urandom is fast enough)."""
    del seed
    return Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))


__all__ = ["INPUTS", "MB", "make_jpeg", "make_mp4", "make_png", "make_small_jpegs"]
