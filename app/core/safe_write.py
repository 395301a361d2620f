"""The one way CredLabel writes a file for the user: never over what they did not offer.

Every file written for the user — labeled copy and sidecar, the XMP step's copy, reports,
support bundles, certificate files, tamper-demo copies, thumbnails, settings — goes
through here:

1. `check_destination` refuses, with a sentence, a name that reaches a protected file
   (the original, its sidecar) by any route: `..`, symbolic links to it or to its folder,
   hard links (same device and inode). It also refuses an existing file unless replacing
   it was asked for, a folder that is missing or cannot be searched, and a name too long
   for the disk.
2. `open_temp` creates the temporary file in the destination's folder (so the final rename
   is atomic) with an unpredictable name, `O_CREAT|O_EXCL|O_NOFOLLOW`: a symbolic link
   planted in a shared folder is never followed. The name is recorded in the crash journal
   (`app.core.cleanup`) *before* the file exists, so a killed process leaves nothing the
   next start does not remove. The name stays within 255 bytes whatever the destination's
   name (the NAME part is shortened; the marker that cleanup recognises is kept).
3. `publish` fsyncs, sets the final mode, checks again that the destination is no
   protected file and that the temporary file is still the one created, then renames it
   into place: `os.replace` when replacing is allowed, else a hard link (fails atomically
   when the name was taken meanwhile) and an unlink.

File modes: a copy of the user's file gets the mode a new file of theirs would get (from
the umask), never more than the original's own permission bits, so a 0600 original gives
a 0600 copy. Other files get the umask's mode; settings are owner-only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.core.cleanup import TEMP_MARKER, forget_temp, register_temp
from app.core.errors import DestinationExists, DestinationIsOriginal, WriteError
from app.core.i18n import N_, _

NAME_MAX = 255  # bytes in one file name on every disk we write to (ext4, APFS, NTFS, FAT)
_TOKEN_CHARS = 12  # hex digits of randomness in each temporary name
_CREATE_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_ATTEMPTS = 20


@dataclass(frozen=True)
class TempFile:
    """A temporary file this process created, known by name and by inode (so a file swapped
    in under its name is never published)."""

    path: Path
    device: int
    inode: int


# -- names and modes ----------------------------------------------------------------------


def temp_name(dest_name: str, suffix: str = "") -> str:
    """`.NAME.credlabel-tmp-XXXXXXXXXXXX[suffix]`, NAME shortened to fit in NAME_MAX bytes."""
    import secrets  # hmac and OpenSSL load with the first file written

    token = secrets.token_hex(_TOKEN_CHARS // 2)
    fixed = len(os.fsencode(f".{TEMP_MARKER}{token}{suffix}"))
    return f".{_shortened(dest_name, NAME_MAX - fixed)}{TEMP_MARKER}{token}{suffix}"


def _shortened(name: str, limit: int) -> str:
    while name and len(os.fsencode(name)) > limit:
        name = name[:-1]
    return name


def default_mode() -> int:
    """The mode a new file of the user's gets: 0666 reduced by the umask."""
    return 0o666 & ~_umask()


def mode_like(original: Path) -> int:
    """The mode for a copy of `original`: the umask's, never wider than the original's."""
    try:
        own = stat.S_IMODE(original.stat().st_mode)
    except OSError:
        own = 0o600
    return default_mode() & own


def _umask() -> int:
    # Read the umask without os.umask(), which would briefly change it for every thread.
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


# -- refusing a destination -----------------------------------------------------------------


# What callers pass as `what` (English, marked here so the catalog has them): shown with
# `_()`, so a sentence names the file in the current language.
# TRANSLATORS: these are placed into sentences as {what}: "CredLabel could not write {what}".
WHAT = (
    N_("the file"),
    N_("the report"),
    N_("the certificates"),
    N_("the signing identity"),
    N_("the settings"),
    N_("the tampered copy"),
    N_("the support bundle"),
    N_("the labeled copy"),
    N_("the manifest file"),
)


def check_destination(
    dest: Path,
    *,
    overwrite: bool,
    protected: Iterable[Path] = (),
    what: str = "the file",
) -> Path:
    """`dest` made absolute (not resolved: a link there is replaced, never its target),
    after refusing what the module docstring lists. Raises a `WriteError`."""
    dest = Path(dest).absolute()
    check_name(dest)
    folder = dest.parent
    try:
        folder_stat = folder.stat()
    except OSError as exc:
        raise write_error(exc, folder, what) from exc
    if not stat.S_ISDIR(folder_stat.st_mode):
        raise WriteError(_not_a_folder(folder, what))
    refuse_protected(dest, protected)
    try:
        existing = dest.lstat()
    except FileNotFoundError:
        return dest
    except OSError as exc:  # e.g. a folder that cannot be searched
        raise write_error(exc, folder, what) from exc
    if stat.S_ISDIR(existing.st_mode):
        raise WriteError(
            _("{path} is a folder. Choose a file name for {what}.").format(path=dest, what=_(what))
        )
    if not overwrite:
        raise DestinationExists(exists_sentence(dest))
    return dest


def check_name(dest: Path) -> None:
    if len(os.fsencode(dest.name)) > NAME_MAX:
        raise WriteError(
            _(
                "The name “{name}…” is too long: a file name can have at most {limit} bytes. "
                "Choose a shorter name."
            ).format(name=dest.name[:40], limit=NAME_MAX)
        )


def refuse_protected(dest: Path, protected: Iterable[Path]) -> None:
    """Raise `DestinationIsOriginal` when `dest` is, or reaches, any protected file."""
    for path in protected:
        if _same_file(Path(path), dest):
            raise DestinationIsOriginal(
                _("Choose another name: CredLabel never overwrites the original file.")
            )


def _same_file(a: Path, b: Path) -> bool:
    """Through `..`, symbolic links (to the file or to a folder) and hard links."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return a.samefile(b)
    except OSError:  # one of them does not exist (or cannot be reached): not the same
        return False


def exists_sentence(dest: Path) -> str:
    return _(
        "{name} already exists in {folder}. Choose another name, "
        "or allow replacing it (--overwrite)."
    ).format(name=dest.name, folder=dest.parent)


def _not_a_folder(folder: Path, what: str) -> str:
    return _("{folder} is not a folder. Choose a folder for {what}.").format(
        folder=folder, what=_(what)
    )


def write_error(exc: OSError, folder: Path, what: str = "the file") -> WriteError:
    """A `WriteError` with a sentence a person can act on, from an `OSError`."""
    code = exc.errno
    shown = _(what)
    if code in (errno.ENOSPC, errno.EDQUOT):
        sentence = _("There is not enough free space in {folder} to write {what}.")
    elif code == errno.EROFS:
        sentence = _("{folder} is on a read-only disk. Choose another folder for {what}.")
    elif code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        sentence = _("You do not have permission to write in {folder}. Choose another folder.")
    elif code == errno.ENOENT:
        sentence = _("The folder {folder} does not exist.")
    elif code == errno.ENOTDIR:
        sentence = _("{folder} is not a folder. Choose a folder for {what}.")
    elif code == errno.ENAMETOOLONG:
        sentence = _("The name is too long for the disk of {folder}. Choose a shorter name.")
    elif code == errno.ELOOP:
        sentence = _("A symbolic link is in the way in {folder}. Choose another name.")
    else:
        sentence = _("CredLabel could not write {what} in {folder}: {reason}.")
    text = sentence.format(folder=folder, what=shown, reason=exc.strerror or str(exc))
    return WriteError(text, f"{type(exc).__name__}: {exc}")


# -- the temporary file -----------------------------------------------------------------------


def open_temp(
    folder: Path, dest_name: str, suffix: str = "", *, what: str = "the file"
) -> tuple[TempFile, BinaryIO]:
    """A new, empty, owner-only temporary file in `folder`, journaled, open for writing."""
    for _attempt in range(_ATTEMPTS):
        try:
            return open_exact(Path(folder) / temp_name(dest_name, suffix), what=what)
        except FileExistsError:
            continue  # someone holds this name (planted or by chance): draw another
    raise WriteError(
        _("No temporary name could be created in {folder}. Try again.").format(folder=folder)
    )


def open_exact(path: Path, *, what: str = "the file") -> tuple[TempFile, BinaryIO]:
    """Create the temporary file `path` (named by a caller from an `open_temp` name, e.g.
    the sidecar beside a temporary copy). Raises `FileExistsError` when the name is taken,
    a `WriteError` for anything else."""
    register_temp(path)  # first: a kill right after creation still leaves a record
    try:
        fd = _create(path)
    except FileExistsError:
        forget_temp(path)
        raise
    except OSError as exc:
        forget_temp(path)
        raise write_error(exc, path.parent, what) from exc
    info = os.fstat(fd)
    return TempFile(path, info.st_dev, info.st_ino), os.fdopen(fd, "w+b")


def create_temp(
    folder: Path, dest_name: str, suffix: str = "", *, what: str = "the file"
) -> TempFile:
    """Like `open_temp`, closed (for writers that need a path: exiv2, Qt's PDF writer)."""
    temp, handle = open_temp(folder, dest_name, suffix, what=what)
    handle.close()
    return temp


def _create(path: Path) -> int:
    return os.open(path, _CREATE_FLAGS, 0o600)  # born owner-only; a planted link fails


def discard(temp: TempFile | None) -> None:
    """Remove a temporary file (if it is still ours) and its journal entry."""
    if temp is None:
        return
    if _still_ours(temp):
        with contextlib.suppress(OSError):
            temp.path.unlink()
    forget_temp(temp.path)


def _still_ours(temp: TempFile) -> bool:
    try:
        info = temp.path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and (info.st_dev, info.st_ino) == (temp.device, temp.inode)


# -- publishing -------------------------------------------------------------------------------


def publish(
    temp: TempFile,
    dest: Path,
    *,
    overwrite: bool,
    protected: Iterable[Path] = (),
    mode: int | None = None,
    what: str = "the file",
) -> None:
    """Make the finished `temp` appear as `dest`, atomically (see the module docstring).
    `temp` stays in place (and journaled) when this raises: the caller discards it."""
    dest = Path(dest)
    refuse_protected(dest, protected)  # again: the folder may have changed meanwhile
    if not _still_ours(temp):
        raise WriteError(
            _(
                "The temporary file in {folder} was changed by someone else, so {what} was "
                "not written. Choose a folder only you can write in."
            ).format(folder=dest.parent, what=_(what))
        )
    try:
        _sync_and_chmod(temp.path, default_mode() if mode is None else mode)
        if overwrite:
            temp.path.replace(dest)
        else:
            _link_without_replacing(temp.path, dest)
    except FileExistsError:
        raise DestinationExists(exists_sentence(dest)) from None
    except OSError as exc:
        raise write_error(exc, dest.parent, what) from exc
    forget_temp(temp.path)
    fsync_folder(dest.parent)


def _sync_and_chmod(path: Path, mode: int) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_without_replacing(temp: Path, dest: Path) -> None:
    try:
        os.link(temp, dest, follow_symlinks=False)  # fails with EEXIST atomically
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
            raise
        # No hard links here (FAT, some network shares): check, then rename.
        if os.path.lexists(dest):
            raise FileExistsError(str(dest)) from None
        temp.replace(dest)
        return
    temp.unlink()


def fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform/filesystem.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- all in one ---------------------------------------------------------------------------------


def write_file(
    dest: Path,
    content: bytes | Callable[[BinaryIO], None],
    *,
    overwrite: bool = False,
    protected: Iterable[Path] = (),
    mode: int | None = None,
    what: str = "the file",
) -> Path:
    """Write `content` (bytes, or a function writing into the open file) to `dest`."""

    def produce(temp: TempFile, handle: BinaryIO) -> None:
        if isinstance(content, bytes):
            handle.write(content)
        else:
            content(handle)

    return _write(dest, produce, overwrite, tuple(protected), mode=mode, what=what)


def write_new_file(
    dest: Path,
    content: bytes,
    *,
    protected: Iterable[Path] = (),
    mode: int | None = None,
    what: str = "the file",
) -> Path:
    """Write `content` to `dest`, or to `NAME-2.EXT`, `NAME-3.EXT`, ... when that name is
    taken (even a moment before the rename): nothing existing is replaced."""
    dest, protected = Path(dest), tuple(protected)
    for number in range(1, 10_000):
        candidate = dest if number == 1 else dest.with_name(f"{dest.stem}-{number}{dest.suffix}")
        try:
            return write_file(candidate, content, protected=protected, mode=mode, what=what)
        except (DestinationExists, DestinationIsOriginal):
            continue
    raise WriteError(
        _("Could not find a free name for {name} in {folder}.").format(
            name=dest.name, folder=dest.parent
        )
    )


def write_file_by_path(
    dest: Path,
    produce: Callable[[Path], None],
    *,
    overwrite: bool = False,
    protected: Iterable[Path] = (),
    mode: int | None = None,
    what: str = "the file",
    suffix: str = "",
) -> Path:
    """Like `write_file`, for a writer that opens the file by name itself (Qt, PyAV).
    `suffix` ends the temporary name, for writers that choose the format by it."""

    def by_path(temp: TempFile, handle: BinaryIO) -> None:
        handle.close()  # the writer opens it itself (on Windows twice would fail)
        produce(temp.path)

    protected = tuple(protected)
    return _write(dest, by_path, overwrite, protected, mode=mode, what=what, suffix=suffix)


def _write(
    dest: Path,
    produce: Callable[[TempFile, BinaryIO], None],
    overwrite: bool,
    protected: tuple[Path, ...],
    *,
    mode: int | None,
    what: str,
    suffix: str = "",
) -> Path:
    dest = check_destination(dest, overwrite=overwrite, protected=protected, what=what)
    temp, handle = open_temp(dest.parent, dest.name, suffix, what=what)
    try:
        with handle:
            produce(temp, handle)
        publish(temp, dest, overwrite=overwrite, protected=protected, mode=mode, what=what)
    except OSError as exc:
        raise write_error(exc, dest.parent, what) from exc
    finally:
        discard(temp)  # after a publish there is nothing left to remove
    return dest
