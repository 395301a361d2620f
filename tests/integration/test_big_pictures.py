"""Very large pictures cost bounded memory: probing never decodes the pixels, and our own
thumbnail/preview is skipped (with a sentence) rather than decoding hundreds of MB."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from app.core.media.preview import PreviewError, preview_image
from app.core.media.probe import probe
from app.core.media.thumbnail import make_thumbnail
from tests.conftest import ROOT


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_big_png(path: Path, size: int, bits: int = 16) -> Path:
    """A size×size RGB PNG written row by row (never held in memory): a soft gradient."""
    with path.open("wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, bits, 2, 0, 0, 0)))
        packer = zlib.compressobj(1)
        row = b"\x00" + bytes(x % 251 for x in range(size * 3 * bits // 8))
        parts = [packer.compress(row) for _ in range(size)]
        parts.append(packer.flush())
        fh.write(_chunk(b"IDAT", b"".join(parts)))
        fh.write(_chunk(b"IEND", b""))
    return path


# The peak from /proc (VmHWM, this program only): ru_maxrss of a child also counts the
# memory of the test process it was forked from.
PROBE_AND_THUMBNAIL = """
import sys
from pathlib import Path
from app.core.media.probe import probe
from app.core.media.thumbnail import make_thumbnail
path = Path(sys.argv[1])
info = probe(path)
thumbnail = make_thumbnail(path)
status = Path("/proc/self/status").read_text().splitlines()
peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(info.width, info.height, thumbnail is None, peak)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/status")
def test_a_9400_pixel_16_bit_png_is_probed_without_decoding_it(tmp_path: Path) -> None:
    big = write_big_png(tmp_path / "big.png", 9400)
    run = subprocess.run(
        [sys.executable, "-c", PROBE_AND_THUMBNAIL, str(big)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    width, height, no_thumbnail, peak_kb = run.stdout.split()
    assert (width, height, no_thumbnail) == ("9400", "9400", "True")
    # Decoding it would take 265 MB (8-bit RGB) at least; measured ~360 MB before.
    assert int(peak_kb) < 150 * 1024


def test_the_preview_of_a_huge_picture_is_a_sentence(tmp_path: Path) -> None:
    big = write_big_png(tmp_path / "big.png", 9400, bits=8)
    with pytest.raises(PreviewError, match="too large to shrink"):
        preview_image(big, 1024)
    assert make_thumbnail(big) is None


def test_a_png_orientation_after_the_pixels_is_still_read(tmp_path: Path) -> None:
    """An eXIf chunk after IDAT: found by walking chunk headers, not by decoding."""
    exif = Image.Exif()
    exif[0x0112] = 6
    plain = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(plain, "PNG")
    data = plain.getvalue()
    end = data.rindex(b"IEND") - 4
    moved = data[:end] + _chunk(b"eXIf", exif.tobytes()) + data[end:]
    path = tmp_path / "turned.png"
    path.write_bytes(moved)
    assert probe(path).orientation == 6
    picture = preview_image(path, 64)
    assert picture is not None and picture.size == (20, 40)  # shown upright
