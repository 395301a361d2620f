"""Give memory freed by Python and the decoders back to the system (glibc's `malloc_trim`).

Decoding a thumbnail or reading a container's headers frees several MB of small blocks
that glibc keeps inside its heaps; c2pa then allocates its 256 MiB hashing buffers beside
them, so the peak held them too (~4 MB above the plain library while labeling a video).
Elsewhere (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)


def give_back() -> None:
    """Return freed heap memory to the system now, where the C library can (a few ms)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # musl has no malloc_trim
        log.debug("no malloc_trim here")
        return None
    return trim
