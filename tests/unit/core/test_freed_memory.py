"""Freed memory goes back to the system on Linux (glibc), and asking is harmless elsewhere."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import pytest

from app.core import freed_memory


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_glibc_gives_freed_memory_back() -> None:
    assert freed_memory._malloc_trim() is not None
    # ~96 MB freed in holes between small blocks still in use: glibc cannot shrink its heap
    # past them by itself, which is how a decoder's freed buffers stayed resident.
    pairs = [(bytearray(32768), bytearray(600)) for _ in range(3000)]
    still_used = [small for _, small in pairs]
    del pairs
    before = _resident_kb()
    freed_memory.give_back()
    assert _resident_kb() < before - 40_000
    assert len(still_used) == 3000


def _resident_kb() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4


def test_giving_back_twice_is_harmless() -> None:
    freed_memory.give_back()
    freed_memory.give_back()
