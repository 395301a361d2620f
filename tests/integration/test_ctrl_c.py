"""Ctrl-C through a real pseudo-terminal: `label` and `batch` stop cleanly.

The command runs in a child on a real pty (its controlling terminal), and Ctrl-C is the
byte 0x03 typed on the master side, so the terminal itself sends SIGINT to the command's
process group, batch worker processes included — exactly what a person pressing Ctrl-C
does. The input is a big real MP4 (packets of a short noise clip repeated, never
re-encoded) so the export is still running when the key is pressed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.helpers.terminal import Run, run_and_interrupt

BIG_MB = 200


def processes_marked(marker: str) -> list[int]:
    """Pids of the processes whose environment holds `marker` (ours and their children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours
            continue
        if marker.encode() in environ:
            found.append(int(entry.name))
    return found


def _noise_clip(path: Path) -> None:
    """Ten frames of 1280x720 all-intra noise (~1 MB a frame), encoded once."""
    import av
    from PIL import Image

    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("mpeg4", rate=25)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.gop_size, stream.bit_rate = 1, 200_000_000
        for i in range(10):
            picture = Image.frombytes("RGB", (1280, 720), os.urandom(1280 * 720 * 3))
            frame = av.VideoFrame.from_image(picture)
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def make_big_mp4(path: Path, size_mb: int) -> Path:
    """A playable MP4 of about `size_mb` MB: the clip's packets repeated with shifted
    timestamps (remuxed, not re-encoded)."""
    import av

    seed = path.with_name("seed.mp4")
    _noise_clip(seed)
    with av.open(str(seed)) as src:
        template = src.streams.video[0]
        packets: list[Any] = [
            (bytes(p), p.pts, p.dts, p.duration) for p in src.demux(template) if p.size
        ]
        time_base: Any = template.time_base
        with av.open(str(path), "w", format="mp4") as out:
            stream = out.add_stream_from_template(template)
            # One loop lasts as long as the clip, in the stream's own time base.
            span = max(p[1] for p in packets) + (packets[-1][3] or 1) - min(p[1] for p in packets)
            written, loop = 0, 0
            while written < size_mb * 1024 * 1024:
                for data, pts, dts, duration in packets:
                    packet = av.Packet(data)
                    packet.pts, packet.dts = pts + loop * span, dts + loop * span
                    packet.duration, packet.time_base = duration, time_base
                    packet.is_keyframe, packet.stream = True, stream
                    out.mux(packet)
                    written += len(data)
                loop += 1
    seed.unlink()
    return path


@pytest.fixture(scope="module")
def big_inputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Path]]:
    folder = tmp_path_factory.mktemp("big")
    first = make_big_mp4(folder / "big1.mp4", BIG_MB)
    others = []
    for n in (2, 3):  # hard links: three inputs for the batch, one file on disk
        other = folder / f"big{n}.mp4"
        os.link(first, other)
        others.append(other)
    yield [first, *others]
    for path in (first, *others):  # 200 MB is too much to leave in the temp folders
        path.unlink()


def _assert_clean_stop(run: Run, out_dir: Path) -> None:
    assert run.code == 130, run.output
    assert "Traceback" not in run.output
    assert "KeyError" not in run.output
    assert "KeyboardInterrupt" not in run.output
    assert list(out_dir.iterdir()) == []  # no copy, no temporary file


def test_ctrl_c_while_labeling_cancels_cleanly(big_inputs: list[Path], tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = ["label", str(big_inputs[0]), "-o", str(out_dir / "big.cr.mp4"), "--trust", "none"]
    run = run_and_interrupt(args, ready="signing   ", cwd=ROOT)
    _assert_clean_stop(run, out_dir)
    sentences = [line for line in run.output.splitlines() if "cancelled" in line.lower()]
    assert sentences == ["credlabel: The export was cancelled. Nothing was written."]
    assert big_inputs[0].stat().st_size > BIG_MB * 1024 * 1024  # the original untouched


def test_ctrl_c_during_a_batch_prints_the_summary(
    big_inputs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = f"credlabel-ctrl-c-{os.getpid()}-{time.time_ns()}"
    monkeypatch.setenv("CREDLABEL_TEST_MARK", marker)  # inherited by the worker processes
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = ["batch", *map(str, big_inputs), "--out-dir", str(out_dir), "-j", "2"]
    run = run_and_interrupt([*args, "--trust", "none"], ready="] 0/3 ", cwd=ROOT)
    _assert_clean_stop(run, out_dir)
    lines = run.output.splitlines()
    assert lines[-1].startswith("Cancelled: labeled 0 of 3 files"), run.output
    assert sum("cancelled" in line.lower() for line in lines[:-1]) == 3, run.output
    assert processes_marked(marker) == []  # the worker processes stopped with it
