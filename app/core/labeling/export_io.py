"""The file plumbing of an export: counted streams, temporary files, the atomic publish.

- `ProgressReporter` turns byte counts into `ExportProgress` (phase, done, total and an
  overall fraction) and checks the cancel Event whenever a stream tells it of its bytes.
- `CountingStream` wraps a file for c2pa: it counts bytes, reports progress every 64 KB
  (or 256 calls), raises
  `ExportCancelled` when asked to stop, and remembers any `OSError` (c2pa replaces the
  real error with a meaningless `C2paError.Io` text, so the real one is kept here).
- `check_destination` refuses the original (and its sidecar) by any route and unwanted
  overwrites; temporary files and the final rename are `app.core.safe_write`'s, as for
  every file CredLabel writes.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.core import safe_write
from app.core.cleanup import TEMP_GLOB, TEMP_MARKER, is_temp_name
from app.core.errors import ExportCancelled, ExportError, WriteError
from app.core.i18n import N_, _
from app.core.labeling import naming
from app.core.media.spliced import SplicedFile
from app.core.media.unchanged import file_identity
from app.core.media.xmp import PacketInsert

log = logging.getLogger(__name__)

__all__ = [
    "SIDECAR_SUFFIX",
    "TEMP_GLOB",
    "TEMP_MARKER",
    "CountingStream",
    "ExportProgress",
    "ProgressReporter",
    "check_destination",
    "check_unchanged",
    "flush_to_disk",
    "is_temp_name",
    "manifest_actions",
    "opened_input",
    "protected_paths",
    "remove_quietly",
    "sign_failure",
    "write_error",
]

PHASES = ("reading", "signing", "writing", "verifying")
# Where each phase starts and ends on the overall 0..1 bar.
_SPANS = {"reading": (0.0, 0.3), "signing": (0.3, 0.6), "writing": (0.6, 0.9)}
_SPANS["verifying"] = (0.9, 1.0)
REPORT_EVERY = 1 << 20  # bytes between two progress calls within a phase
COUNT_EVERY = 64 << 10  # bytes a stream reads or writes before it tells the reporter
CHECK_CALLS = 256  # calls of a stream between two checks for a cancel, however small
CANCELLED = N_("The export was cancelled. Nothing was written.")
SIDECAR_SUFFIX = ".c2pa"


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
            raise ExportCancelled(_(CANCELLED))

    def _emit(self) -> None:
        if self.callback is None:
            return
        start, end = _SPANS.get(self.phase, (0.0, 1.0))
        # JPEG/PNG are read several times while signing: clamp, never run backwards.
        within = min(self.done / self.total, 1.0)
        done = min(self.done, self.total)
        self.callback(ExportProgress(self.phase, done, self.total, start + (end - start) * within))


class CountingStream:
    """A binary file as c2pa sees it (read/write/seek/tell/flush) that counts bytes.

    c2pa calls it for every read, write and seek: ~42,000 times while signing a 50 MB PNG,
    most of them for a few bytes. So each call is the file's own method and a sum; the
    reporter hears of the bytes (and checks for a cancel) every `COUNT_EVERY` bytes or
    `CHECK_CALLS` calls. Layered calls per read cost ~90 ms of that PNG's ~0.3 s of signing
    (bench/: python -m bench.run --only export)."""

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
        self._readinto = getattr(raw, "readinto", None)
        self._seek = raw.seek
        self.tell = raw.tell
        self._read_bytes = self._written_bytes = 0
        self._calls = CHECK_CALLS - 1  # the first call tells the reporter: its phase starts

    def readinto(self, buffer: Any) -> int:
        # c2pa-python prefers readinto: the file is read straight into the library's own
        # buffer. Without it every read (MP4s come in 134-268 MB gulps) made a bytes copy of
        # the gulp as well: measured by bench/ (python -m bench.run), more time and peak RSS.
        if self._readinto is None:
            raise io.UnsupportedOperation("readinto")
        try:
            count = self._readinto(buffer) or 0
        except OSError as exc:
            self.error = exc  # c2pa hides it behind C2paError.Io: keep it for the sentence
            raise
        self._read_bytes += count
        self._calls += 1
        if self._read_bytes >= COUNT_EVERY or self._calls >= CHECK_CALLS:
            self._count()
        return count

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.raw.read(size)
        except OSError as exc:
            self.error = exc
            raise
        self._read_bytes += len(data)
        self._count()
        return data

    def write(self, data: bytes) -> int:
        try:
            written = self._write(data)
        except OSError as exc:
            self.error = exc
            raise
        self._calls += 1
        if self._written_bytes >= COUNT_EVERY or self._calls >= CHECK_CALLS:
            self._count()
        return written

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        try:
            return self._seek(offset, whence)
        except OSError as exc:
            self.error = exc
            raise

    def flush(self) -> None:
        try:
            self.raw.flush()
        except OSError as exc:
            self.error = exc
            raise
        self._count()

    def _write(self, data: bytes) -> int:
        written = self.raw.write(data)
        self._written_bytes += len(data)
        return written

    def _count(self) -> None:
        """Tell the reporter what was read and written since the last time; it raises
        `ExportCancelled` when the user asked to stop."""
        read, written = self._read_bytes, self._written_bytes
        self._read_bytes = self._written_bytes = self._calls = 0
        try:
            self.reporter.check()
            if read:
                self.reporter.add(read, self.read_phase)
            if written:
                self.reporter.add(written, self.write_phase)
        except ExportCancelled as exc:
            self.error = exc
            raise


def remove_quietly(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def write_error(exc: OSError, folder: Path) -> WriteError:
    """A `WriteError` (an `ExportError`) with a sentence a person can act on."""
    return safe_write.write_error(exc, folder, "the labeled copy")


# -- where the copy may go ---------------------------------------------------------------


def check_destination(source: Path, dest: Path, overwrite: bool, sidecar: bool) -> Path:
    """`dest` made absolute, after refusing the original (and its sidecar) by any route,
    unwanted overwrites, and a sidecar that would land on the copy itself."""
    dest = Path(dest).absolute()  # not resolved: a link is replaced, never its target
    if sidecar and dest.suffix.lower() == SIDECAR_SUFFIX:
        # The manifest goes to NAME.c2pa beside the copy: here that is the copy's own name.
        raise ExportError(
            _(
                "With a separate manifest file, name the copy with its media extension (for "
                "example {example}): its manifest is then written beside it as {sidecar}."
            ).format(example=naming.copy_name(source).name, sidecar=f"NAME{SIDECAR_SUFFIX}")
        )
    protected = protected_paths(source)
    targets = [dest, dest.with_suffix(SIDECAR_SUFFIX)] if sidecar else [dest]
    for target in targets:
        safe_write.check_destination(
            target, overwrite=overwrite, protected=protected, what="the labeled copy"
        )
    return dest


def protected_paths(source: Path) -> tuple[Path, ...]:
    """What an export never writes to: the original and the sidecar it may have."""
    return (source, source.with_suffix(SIDECAR_SUFFIX))


def flush_to_disk(path: Path) -> None:
    """fsync `path` (publishing fsyncs again: by then there is nothing left to write)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def manifest_actions(manifest: dict[str, Any]) -> list[Any]:
    """The actions of a manifest definition (`app.core.labeling.manifest_builder`)."""
    for assertion in manifest.get("assertions", ()):
        if str(assertion.get("label", "")).startswith("c2pa.actions"):
            return list(assertion.get("data", {}).get("actions", ()))
    return []


def sign_failure(
    exc: BaseException,
    reporter: ProgressReporter,
    signer: Any,
    folder: Path,
    *streams: CountingStream | None,
) -> Exception:
    """The error to raise for a failed `Builder.sign` that used `streams`: a cancel, the
    real disk error a stream kept (c2pa's own text says nothing), a time-stamp server that
    could not be reached (the caller offers to sign without it), or the library's words."""
    if reporter.cancelled or isinstance(exc, ExportCancelled):
        return ExportCancelled(_(CANCELLED))
    for stream in streams:
        if stream is not None and isinstance(stream.error, OSError):
            return write_error(stream.error, folder)
    if isinstance(exc, OSError):
        return write_error(exc, folder)
    from app.core.signing.signer import TIMESTAMP_URL_ATTRIBUTE, timestamp_sign_failure

    url = getattr(signer, TIMESTAMP_URL_ATTRIBUTE, None)
    stamp_problem = timestamp_sign_failure(exc, url if isinstance(url, str) else None)
    if stamp_problem is not None:
        return stamp_problem
    return ExportError(
        _("Signing the copy failed, so nothing was written. (Library: {error})").format(error=exc),
        f"{type(exc).__name__}: {exc}",
    )


COPY_CHUNK = 1 << 20


def copy_whole(source: Path, handle: BinaryIO, reporter: ProgressReporter, folder: Path) -> None:
    """`source` into the open temporary file `handle` (closed after), checking cancel."""
    try:
        with source.open("rb") as src, handle:
            stream = CountingStream(handle, reporter, write_phase="reading")
            while chunk := src.read(COPY_CHUNK):
                stream.write(chunk)
    except OSError as exc:
        raise write_error(exc, folder) from exc


SOURCE_CHANGED = N_(
    "The original changed while it was being labeled; nothing was saved. "
    "Wait until the program writing it has finished, then label it again."
)
PICTURE_CHANGED = N_(
    "The labeled copy's picture came out different from the original's, so CredLabel did "
    "not save it. Your original is unchanged."
)


def check_unchanged(source: Path, before: tuple[int, ...]) -> None:
    """Refuse when the original changed (or was replaced) since its checks began: the
    checks, the parent ingredient and the signature may each have seen another file. The
    identity (`file_identity`: device, inode, size, modification and change times; the
    change time moves on any write, even when the old modification time is put back)
    costs one stat() instead of hashing the file a second time."""
    now = file_identity(source)
    if now != before:
        raise ExportError(_(SOURCE_CHANGED), f"before {before}, after {now}")


def opened_input(source: Path, signed: Path | PacketInsert) -> BinaryIO:
    """The file the Builder signs: the original with its new XMP packet spliced in, or a
    prepared copy, or the original itself (opened for reading only)."""
    if isinstance(signed, PacketInsert):
        return SplicedFile(source, signed.at, signed.part)  # type: ignore[return-value]
    return signed.open("rb")
