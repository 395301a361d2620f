"""The one naming rule for labeled copies, used by `credlabel label`/`batch` and the window.

A copy's name comes from the naming pattern in Preferences (`Settings.output_pattern`,
applied by `app.core.settings.output_path`: `{stem}.cr{ext}` by default), in the folder the
user chose or beside the original. Two sources that would get the same name in one request
(`x/a.jpg` and `y/a.jpg` into one folder) are numbered `a.cr.jpg`, `a.cr-2.jpg`, ... in the
order given; names compare without regard to case, as on the file systems of macOS and
Windows. A name already taken on disk is not numbered silently: the labeling service asks
whether to replace it, keep both (`next_free_name`) or skip the file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.core.errors import ExportError
from app.core.i18n import _
from app.core.resources import resources_dir
from app.core.settings import DEFAULT_OUTPUT_PATTERN, output_path

MAX_NUMBER = 10_000
_NUMBER_SUFFIX = re.compile(r"-\d+$")

__all__ = [
    "DEFAULT_OUTPUT_PATTERN",
    "copy_folder",
    "copy_name",
    "is_taken",
    "next_free_name",
    "numbered",
    "plan_names",
]


def copy_folder(source: Path, last_folder: Path | None = None) -> Path | None:
    """Where to suggest saving the copy when beside the original is no place for it: the
    bundled samples live in the program's own folder (and a source may sit in a read-only
    one). Then: the last folder used, else Pictures, else the home folder. None: beside it."""
    if _usable(Path(source).resolve().parent):
        return None
    for candidate in (last_folder, Path.home() / "Pictures", Path.home()):
        if candidate is not None and _usable(candidate):
            return candidate
    return None


def _usable(folder: Path) -> bool:
    """A folder of the user's that a copy may be written to (not the program's own)."""
    ours = folder.resolve().is_relative_to(resources_dir().resolve())
    return folder.is_dir() and os.access(folder, os.W_OK) and not ours


def copy_name(
    source: Path, pattern: str = DEFAULT_OUTPUT_PATTERN, folder: Path | None = None
) -> Path:
    """The labeled copy's name for `source` by `pattern`, in `folder` (default: beside it)."""
    return output_path(Path(source), pattern, folder)


def numbered(path: Path, number: int) -> Path:
    """`photo.cr.jpg` numbered 2 → `photo.cr-2.jpg`; number 1 is the name itself."""
    if number < 2:
        return path
    return path.with_name(f"{path.stem}-{number}{path.suffix}")


def is_taken(path: Path) -> bool:
    """Whether something is at `path`: lexists, so a dangling link takes the name too."""
    return os.path.lexists(path)


def next_free_name(path: Path, also_taken: Iterable[Path] = ()) -> Path:
    """`path` when free, else the first of `NAME-2.EXT`, `NAME-3.EXT`, ... neither on disk
    nor in `also_taken` (the other copies of the same request)."""
    planned = {_key(p) for p in also_taken}
    if _key(path) not in planned and not is_taken(path):
        return path
    # `photo.cr-2.jpg` taken: the next is `photo.cr-3.jpg`, not `photo.cr-2-2.jpg`.
    base = path.with_name(_NUMBER_SUFFIX.sub("", path.stem) + path.suffix)
    for number in range(2, MAX_NUMBER):
        candidate = numbered(base, number)
        if _key(candidate) not in planned and not is_taken(candidate):
            return candidate
    raise ExportError(
        _("Could not find a free name for {name} in {folder}.").format(
            name=path.name, folder=path.parent
        )
    )


def plan_names(
    sources: Sequence[Path], pattern: str = DEFAULT_OUTPUT_PATTERN, folder: Path | None = None
) -> list[Path]:
    """The copy's name for each source, numbering the clashes within this list only
    (files already on disk are for the caller to ask about)."""
    taken: set[tuple[str, str]] = set()
    names: list[Path] = []
    for source in sources:
        first = copy_name(source, pattern, folder)
        candidate, number = first, 2
        while _key(candidate) in taken:
            candidate = numbered(first, number)
            number += 1
        taken.add(_key(candidate))
        names.append(candidate)
    return names


def _key(path: Path) -> tuple[str, str]:
    # Folder as given plus the name without case: `A.cr.jpg` and `a.cr.jpg` are one file
    # on case-insensitive file systems, so they must not be two copies of one request.
    return (os.path.normpath(path.parent.absolute()), path.name.casefold())
