"""The original for an export: whether it can be signed, its credentials checked once, and
the work done on the side while the Builder checks it.

`check_source` probes the original by content and refuses types c2pa cannot sign and
damaged or incomplete media (c2pa would sign a truncated file without complaint).

An export needs the original's manifests before signing (to build the new manifest and
keep its history) and its validation only for the sentences it returns. The c2pa Builder
checks the original fully when it adds it as the parent ingredient, and records the result
in the ingredient; checking it again beforehand doubled the hashing of every export. So:

1. a validating read of the same unchanged file, remembered from when it was opened
   (`app.core.reading.report_memory`), is used as it is;
2. otherwise the manifest is read without checks (`app.core.reading.quick_read`, a few
   milliseconds) and the state is taken from the parent ingredient of the signed copy
   (`settle`); files the quick read cannot handle (sidecars, damaged credentials) get the
   full validating read, which has the right sentence for them.

`Background` runs the thumbnail decode and the copy carrying the XMP mirror on threads while
the Builder hashes the original (they release the GIL), since decoding a 50-megapixel
picture, or copying and re-hashing it, takes as long as signing it.
"""

from __future__ import annotations

import io
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar

from app.core.errors import ExportError, UnsupportedFormatError
from app.core.i18n import _
from app.core.media.completeness import damage_problem
from app.core.media.containers import ContainerTooOdd, jpeg_segments, png_chunks_at
from app.core.media.probe import mime_for_c2pa, probe, signable_type_names
from app.core.model import FileReport, MediaInfo, ValidationState
from app.core.reading.quick_read import quick_read
from app.core.reading.report_memory import recall
from app.core.reading.trust import TrustProfile

__all__ = [
    "Background",
    "Original",
    "check_source",
    "ingredient_view",
    "original_for_export",
    "refuse_unkept_history",
    "settle",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Original:
    """The original's report; `checked` False: its state awaits `settle`."""

    report: FileReport
    checked: bool


def check_source(source: Path) -> MediaInfo:
    """The original's `MediaInfo` when it can be signed; a sentence otherwise."""
    media = probe(source)
    mime = mime_for_c2pa(media)
    if mime is None:
        raise UnsupportedFormatError(
            _(
                "CredLabel cannot add Content Credentials to {format_name} files. "
                "Formats that work: {formats}."
            ).format(format_name=media.format_name, formats=signable_type_names())
        )
    problem = media.problem or damage_problem(source, mime, media.format_name)
    if problem:
        raise ExportError(_("{problem} CredLabel did not label it.").format(problem=problem))
    return media


def original_for_export(source: Path, media: MediaInfo, profile: TrustProfile | None) -> Original:
    """The original's report for an export, without validating it a second time."""
    remembered = recall(source, profile)
    if remembered is not None:
        return Original(remembered, checked=True)
    quick = quick_read(source, profile, media=media)
    if quick.needs_full_read or not quick.readable:
        from app.core.reading.credentials import read_file

        return Original(read_file(source, profile), checked=True)
    if not quick.has_credentials:
        return Original(quick.as_report(ValidationState.NO_CREDENTIALS, profile), checked=True)
    # A placeholder until `settle`: used only to build the manifest, never shown.
    return Original(quick.as_report(ValidationState.VALID_UNTRUSTED, profile), checked=False)


# A view (a JPEG's header, a PNG's chunks but its picture data) larger than this: whole.
MAX_HEADER_VIEW = 64 * 1024 * 1024
# An IDAT chunk with no data (length 0, type, CRC-32 of the type): where the picture was.
_EMPTY_IDAT = b"\x00\x00\x00\x00IDAT" + zlib.crc32(b"IDAT").to_bytes(4, "big")


def ingredient_view(source: Path, mime: str, original: Original) -> BinaryIO:
    """What the Builder reads to add `source` as the parent ingredient (the caller closes it).

    For a JPEG or PNG without credentials that is the file without its picture data: a
    JPEG's header (every segment before the picture data, then the end marker), a PNG's
    chunks with its IDAT chunks left empty. c2pa takes an ingredient's format, XMP instance
    ID and manifests from those parts; otherwise it reads a 50 MB JPEG three times over
    (0.3-0.6 s), or a 50 MB PNG's ~800 chunk headers through ~14,000 stream calls (16 ms,
    the longest step before signing when the window has the thumbnail ready), to record
    the same ingredient. Anything else is read from the file itself.
    """
    handle = source.open("rb")
    if mime not in ("image/jpeg", "image/png") or not original.checked:
        return handle
    if original.report.state is not ValidationState.NO_CREDENTIALS:
        return handle
    try:
        view = _jpeg_header(handle) if mime == "image/jpeg" else _png_without_pixels(source, handle)
    except (ContainerTooOdd, OSError):
        view = None
    if view is None:
        handle.seek(0)
        return handle
    handle.close()
    return io.BytesIO(view)


def _jpeg_header(handle: BinaryIO) -> bytes | None:
    scan = next((s.offset for s in jpeg_segments(handle) if s.kind == b"\xda"), None)
    if scan is None or scan > MAX_HEADER_VIEW:
        return None
    handle.seek(0)
    return handle.read(scan) + b"\xff\xd9"


def _png_without_pixels(source: Path, handle: BinaryIO) -> bytes | None:
    """Every chunk of the PNG in order (after its own signature), its IDAT chunks replaced
    by one empty IDAT."""
    chunks = png_chunks_at(source)
    if not chunks or chunks[-1].kind != b"IEND":
        return None
    kept = [c for c in chunks if c.kind != b"IDAT"]
    if sum(c.size for c in kept) > MAX_HEADER_VIEW:
        return None
    first_idat = next((i for i, c in enumerate(chunks) if c.kind == b"IDAT"), None)
    handle.seek(0)
    parts = [handle.read(chunks[0].offset)]  # the signature
    for index, chunk in enumerate(chunks):
        if index == first_idat:
            parts.append(_EMPTY_IDAT)
        if chunk.kind == b"IDAT":
            continue
        handle.seek(chunk.offset)
        part = handle.read(chunk.size)
        if len(part) != chunk.size:
            return None  # shortened meanwhile: the whole file, as c2pa would read it
        parts.append(part)
    return b"".join(parts)


def refuse_unkept_history(original: FileReport) -> None:
    """Refuse when the original's history could not be carried forward into the copy."""
    if original.state is ValidationState.COULD_NOT_READ:
        if not original.problem:
            raise ExportError(
                _(
                    "This file has Content Credentials that CredLabel cannot carry forward "
                    "(they could not be read), so labeling it would lose its history."
                )
            )
        raise ExportError(
            _(
                "This file has Content Credentials that CredLabel cannot carry forward, so "
                "labeling it would lose its history. {reason}"
            ).format(reason=original.problem)
        )
    if original.sidecar is not None:
        raise ExportError(
            _(
                "This file's Content Credentials are in a separate file ({name}). "
                "CredLabel cannot yet carry those forward into a labeled copy, so it did not "
                "label it (its history would be lost)."
            ).format(name=original.sidecar.name)
        )


def settle(original: Original, copy: FileReport) -> FileReport:
    """The original's report with the state the Builder recorded for it in `copy` (the
    parent ingredient's own validation results)."""
    if original.checked:
        return original.report
    label = original.report.active_manifest
    active = copy.active
    parents = [i for i in (active.ingredients if active else ()) if i.relationship == "parentOf"]
    # The original's own manifest; the only parent when its label could not be read.
    ingredient = next((i for i in parents if i.manifest_label == label), None)
    if ingredient is None and len(parents) == 1:
        ingredient = parents[0]
    if ingredient is not None and ingredient.state is not None:
        return replace(original.report, state=ingredient.state, status=ingredient.status)
    return original.report


class Background(Generic[T]):
    """`work()` on a daemon thread; `result()` waits for it (re-raising its error).
    `inline`: done at once on the calling thread instead, where no core is free to take it
    (a batch with a worker process per core: a second thread there only adds switching)."""

    def __init__(
        self, work: Callable[[], T], name: str = "export-thumbnail", *, inline: bool = False
    ) -> None:
        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self.inline = inline
        if inline:
            self._run()
            return
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as exc:  # handed to the caller in result()
            self._error = exc

    def result(self) -> T | None:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value

    def wait(self) -> None:
        """Wait without the result (cleanup: no thread left reading the original)."""
        if self._thread is not None:
            self._thread.join()
