"""Load c2pa's native library only from the installed package or the bundle.

c2pa-python's loader (`c2pa/lib.py`) looks for `libc2pa_c.so` in the current folder, then in
its `artifacts/` and `libs/` subfolders, and only then beside the package. Opening a photo
from a downloaded folder that holds a planted `libc2pa_c.so` would therefore run that
library's code. The loader tries `$C2PA_LIBRARY_NAME` first, joined to each search folder;
an absolute name joined to any folder is the absolute path itself, so pointing the variable
at the package's own copy makes that copy the first and only match.

`pin_c2pa_library` must run before anything imports c2pa (the loader runs at import time):
`app/__init__.py` calls it, which covers the CLI, the window, the spawn-started batch
workers (they import `app` again, and inherit the environment) and the PyInstaller bundle.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

LIBRARY_ENV = "C2PA_LIBRARY_NAME"
if sys.platform == "darwin":
    LIBRARY_FILE = "libc2pa_c.dylib"
elif sys.platform == "win32":
    LIBRARY_FILE = "c2pa_c.dll"
else:
    LIBRARY_FILE = "libc2pa_c.so"


def package_folders() -> list[Path]:
    """Where the c2pa package lives (found without importing it, which would load the
    library); in the PyInstaller bundle that is `sys._MEIPASS/c2pa`."""
    folders: list[Path] = []
    try:
        spec = importlib.util.find_spec("c2pa")
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        folders.extend(Path(p) for p in spec.submodule_search_locations or ())
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle) / "c2pa")
    return [folder.resolve() for folder in folders if folder.is_absolute()]


def shipped_library() -> Path | None:
    """The absolute path of the libc2pa_c shipped inside the c2pa package, None if absent."""
    for folder in package_folders():
        # The same two places the loader itself checks beside the package.
        for candidate in (folder / "libs" / LIBRARY_FILE, folder / LIBRARY_FILE):
            if candidate.is_file():
                return candidate
    return None


class _RefuseC2pa:
    """Stops `import c2pa` with a clear sentence when the shipped library is missing: the
    loader would otherwise go on to search the current folder. A finder by its `find_spec`
    alone (subclassing importlib.abc.MetaPathFinder would load importlib.resources at
    every start, ~8 ms)."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "c2pa":
            raise ImportError(
                f"CredLabel's copy of the C2PA library ({LIBRARY_FILE}) is missing from "
                "its installation. Reinstall CredLabel."
            )
        return None


def pin_c2pa_library() -> Path | None:
    """Make c2pa load only its shipped library; returns that library's path.

    Overrides whatever `C2PA_LIBRARY_NAME` the environment had: a relative name would be
    searched in the current folder too. When the shipped copy is missing, importing c2pa
    fails with a sentence instead of falling back to the current folder."""
    library = shipped_library()
    if library is None:
        os.environ.pop(LIBRARY_ENV, None)
        if not any(isinstance(finder, _RefuseC2pa) for finder in sys.meta_path):
            sys.meta_path.insert(0, _RefuseC2pa())
        return None
    os.environ[LIBRARY_ENV] = str(library)
    return library
