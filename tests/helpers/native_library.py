"""Test helper: a real shared library planted where c2pa-python's loader looks first.

Its constructor appends a line to `$PLANTED_MARKER` as soon as anything loads it, so a test
sees whether the app ran a `libc2pa_c.so` found in the current folder.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.core import native_library

PLANTED_FOLDERS = ("", "artifacts", "libs")
_CONSTRUCTOR = r"""
#include <stdio.h>
#include <stdlib.h>
__attribute__((constructor)) static void planted(void) {
    const char *marker = getenv("PLANTED_MARKER");
    FILE *f = fopen(marker ? marker : "PLANTED_RAN", "a");
    if (f) { fputs("the planted library ran\n", f); fclose(f); }
}
"""


def build_planted_library(folder: Path) -> Path:
    """A shared library whose constructor appends to $PLANTED_MARKER (skips without gcc)."""
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is not installed: cannot build the planted library (apt-get install gcc)")
    source = folder / "planted.c"
    source.write_text(_CONSTRUCTOR)
    library = folder / "planted.so"
    subprocess.run([gcc, "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    return library


def plant_everywhere(library: Path, folder: Path) -> None:
    """Copy `library` as libc2pa_c.so into `folder`, `folder/artifacts` and `folder/libs`."""
    for sub in PLANTED_FOLDERS:
        target = folder / sub / native_library.LIBRARY_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(library, target)
