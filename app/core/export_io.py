"""The file plumbing of an export: counted streams, temporary files, the atomic publish.

- `ProgressReporter` turns byte counts into `ExportProgress` (phase, done, total and an
  overall fraction) and checks the cancel Event on every read and write.
- `CountingStream` wraps a file for c2pa: it counts bytes, reports progress, raises
  `ExportCancelled` when asked to stop, and remembers any `OSError` (c2pa replaces the
  real error with a meaningless `C2paError.Io` text, so the real one is kept here).
- Temporary files live in the destination folder (so the final rename is atomic) and are
  removed on every failure; `publish` moves the verified file to its name, refusing to
  replace an existing file unless asked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.core.errors import ExportCancelled, ExportError

PHASES = ("reading", "signing", "writing", "verifying")
# Where each phase starts and ends on the overall 0..1 bar.
_SPANS = {"reading": (0.0, 0.3), "signing": (0.3, 0.6), "writing": (0.6, 0.9)}
_SPANS["verifying"] = (0.9, 1.0)
REPORT_EVERY = 1 << 20  # bytes between two progress calls within a phase
# Every temporary file of an export is named `.NAME.credlabel-tmp-XXXX[.more]` (NAME: the
# destination's file name), so stale ones left by a crash can be found and cleaned:
# `is_temp_name` / `TEMP_GLOB`.
TEMP_MARKER = ".credlabel-tmp-"
TEMP_GLOB = f".*{TEMP_MARKER}*"
CANCELLED = "The export was cancelled. Nothing was written."


@dataclass(frozen=True)
class ExportProgress:
    """One progress report: the phase, bytes done of `total` in it, the overall fraction."""

    phase: str
    done: int
    total: int
    fraction: float


class ProgressReporter:
    """Counts bytes per phase and calls `callback`, throttled; checks `cancel`."""

    def __init__(
        self,
        callback: Callable[[ExportProgress], None] | None,
        cancel: threading.Event | None,
        total: int,
    ) -> None:
        self.callback = callback
        self.cancel = cancel
        self.total = max(total, 1)
        self.phase = ""
        self.done = 0
        self._last = 0

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def start(self, phase: str) -> None:
        self.check()
        self.phase, self.done, self._last = phase, 0, 0
        self._emit()

    def add(self, count: int, phase: str | None = None) -> None:
        self.check()
        if phase is not None and phase != self.phase:
            self.phase, self.done, self._last = phase, 0, 0
            self._emit()
        self.done += count
        if self.done - self._last >= REPORT_EVERY:
            self._last = self.done
            self._emit()

    def finish(self) -> None:
        """The last report: everything done."""
        self.done = self.total
        self._emit()

    def check(self) -> None:
        if self.cancelled:
            raise ExportCancelled(CANCELLED)

    def _emit(self) -> None:
        if self.callback is None:
            return
        start, end = _SPANS.get(self.phase, (0.0, 1.0))
        # JPEG/PNG are read several times while signing: clamp, never run backwards.
        within = min(self.done / self.total, 1.0)
        done = min(self.done, self.total)
        self.callback(ExportProgress(self.phase, done, self.total, start + (end - start) * within))


class CountingStream:
    """A binary file as c2pa sees it (read/write/seek/tell/flush) that counts bytes."""

    def __init__(
        self,
        raw: BinaryIO,
        reporter: ProgressReporter,
        *,
        read_phase: str = "reading",
        write_phase: str = "writing",
    ) -> None:
        self.raw = raw
        self.reporter = reporter
        self.read_phase = read_phase
        self.write_phase = write_phase
        self.error: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        return self._guard(self._read, size)  # type: ignore[no-any-return]

    def readinto(self, buffer: Any) -> int:
        # c2pa-python prefers readinto: the file is read straight into the library's own
        # buffer. Without it every read (MP4s come in 134-268 MB gulps) made a bytes copy of
        # the gulp as well: measured by bench/ (python -m bench.run), more time and peak RSS.
        return self._guard(self._readinto, buffer)  # type: ignore[no-any-return]

    def write(self, data: bytes) -> int:
        return self._guard(self._write, data)  # type: ignore[no-any-return]

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._guard(self.raw.seek, offset, whence)  # type: ignore[no-any-return]

    def tell(self) -> int:
        return self.raw.tell()

    def flush(self) -> None:
        self._guard(self.raw.flush)

    def _read(self, size: int) -> bytes:
        self.reporter.check()
        data = self.raw.read(size)
        self.reporter.add(len(data), self.read_phase)
        return data

    def _readinto(self, buffer: Any) -> int:
        self.reporter.check()
        count = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.reporter.add(count or 0, self.read_phase)
        return count or 0

    def _write(self, data: bytes) -> int:
        self.reporter.check()
        written = self.raw.write(data)
        self.reporter.add(len(data), self.write_phase)
        return written

    def _guard(self, call: Callable[..., Any], *args: Any) -> Any:
        try:
            return call(*args)
        except (OSError, ExportCancelled) as exc:
            self.error = exc  # c2pa hides it behind C2paError.Io: keep it for the sentence
            raise


def make_temp(folder: Path, name: str, suffix: str = "") -> Path:
    """An empty temporary file `.NAME.credlabel-tmp-XXXX[suffix]` in `folder`."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{name}{TEMP_MARKER}", suffix=suffix, dir=folder)
    except OSError as exc:
        raise write_error(exc, folder) from exc
    try:
        # mkstemp makes the file owner-only; the labeled copy is an ordinary file that
        # the user will share, so give it the mode any new file of theirs would get.
        os.fchmod(fd, _default_file_mode())
    except (OSError, AttributeError):  # no fchmod on Windows
        pass
    finally:
        os.close(fd)
    return Path(temp)


def _default_file_mode() -> int:
    # Read the umask without os.umask(), which would briefly change it for every thread.
    umask = 0o022
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                umask = int(line.split()[1], 8)
    return 0o666 & ~umask


def is_temp_name(name: str) -> bool:
    """True for the name of an export's temporary file (stale after a crash)."""
    return name.startswith(".") and TEMP_MARKER in name[1:]


def remove_quietly(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform/filesystem.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(temp: Path, dest: Path, *, overwrite: bool) -> None:
    """Move the finished `temp` to `dest` atomically. Without `overwrite`, an existing
    `dest` (even one created a moment ago by someone else) is never replaced."""
    try:
        if overwrite:
            temp.replace(dest)
        else:
            _link_without_replacing(temp, dest)
    except FileExistsError:
        raise ExportError(exists_sentence(dest)) from None
    except OSError as exc:
        raise write_error(exc, dest.parent) from exc
    fsync_folder(dest.parent)


def _link_without_replacing(temp: Path, dest: Path) -> None:
    try:
        dest.hardlink_to(temp)  # fails with EEXIST atomically
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (FAT, some network shares): check, then rename.
        if dest.exists():
            raise FileExistsError(str(dest)) from None
        temp.replace(dest)
        return
    temp.unlink()


def exists_sentence(dest: Path) -> str:
    return (
        f"{dest.name} already exists in {dest.parent}. Choose another name, "
        "or allow replacing it (--overwrite)."
    )


def write_error(exc: OSError, folder: Path) -> ExportError:
    """An `ExportError` with a sentence a person can act on, from an `OSError`."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        sentence = f"There is not enough free space in {folder} to write the labeled copy."
    elif code == errno.EROFS:
        sentence = f"{folder} is on a read-only disk. Choose another folder for the copy."
    elif code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        sentence = f"You do not have permission to write in {folder}. Choose another folder."
    elif code == errno.ENOENT:
        sentence = f"The folder {folder} does not exist."
    else:
        sentence = f"The labeled copy could not be written in {folder}: {exc.strerror or exc}."
    return ExportError(sentence, f"{type(exc).__name__}: {exc}")
