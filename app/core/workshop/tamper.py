"""The workshop tamper demo: make a changed copy of a file and say why its credentials break.

`make_tampered_copy(source, kind, workdir)` writes a new file in a workshop folder (default
`user_folders().cache / "workshop"`) and never opens the original for writing. Kinds:

- `pixels`: one byte of the picture, video or sound data is changed (outside the manifest;
  the file still opens) → `assertion.dataHash.mismatch` / `assertion.bmffHash.mismatch`.
- `manifest`: one letter inside a signed part of the credentials (an assertion) is changed
  → `assertion.hashedURI.mismatch`.
- `strip`: the credentials are cut out (JPEG APP11 segments, PNG `caBX` chunk, the MP4
  `uuid` box — replaced by a `free` box of the same size so the video still plays, the
  RIFF `C2PA` chunk) → no credentials.
- `reencode`: re-saved the way a platform upload does (JPEG quality 80 with Pillow; H.264 /
  AAC with PyAV) → no credentials.
- `screenshot`: the pixels drawn into a new PNG → no credentials.

Each `TamperResult` carries a plain-words explanation and the codes a reader will report.
Like an export, the copy is read back before it is handed over: a copy that would not read
as announced (a damaged original) is removed and the demo says why instead.
"""

from __future__ import annotations

import os
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO

from app.core import safe_write
from app.core.i18n import N_, _
from app.core.media.jumbf import Box, Store, cbor_text_values, child, find_store, parse_boxes
from app.core.media.probe import probe
from app.core.model import MediaInfo, MediaKind
from app.core.paths import private_folder, user_folders
from app.core.workshop.tamper_media import Edit, TamperError, pixel_edit, reencode, screenshot


class TamperKind(Enum):
    PIXELS = "pixels"
    MANIFEST = "manifest"
    STRIP = "strip"
    REENCODE = "reencode"
    SCREENSHOT = "screenshot"

    @property
    def label(self) -> str:
        """What the kind does, in the current language."""
        return _(_LABELS[self])


_LABELS = {
    TamperKind.PIXELS: N_("Change the pixels or sound"),
    TamperKind.MANIFEST: N_("Edit one byte of the credentials"),
    TamperKind.STRIP: N_("Strip the credentials"),
    TamperKind.REENCODE: N_("Re-encode like a platform upload"),
    TamperKind.SCREENSHOT: N_("Take a screenshot"),
}

# The expected outcome of strip/reencode/screenshot, in English beside the codes (N_):
# `expected_text` shows it in the current language.
NO_CREDENTIALS = N_("no credentials")


@dataclass(frozen=True)
class TamperResult:
    """The tampered copy, what was done, and what a reader will now say."""

    path: Path
    kind: TamperKind
    explanation: str  # why the copy is now invalid, or why its credentials are gone
    expected: tuple[str, ...]  # failure codes a reader reports, or (NO_CREDENTIALS,)


def expected_text(result: TamperResult) -> str:
    """What a reader will report, for a person: the codes, or "no credentials" translated."""
    return ", ".join(_(code) if code == NO_CREDENTIALS else code for code in result.expected)


def workshop_folder() -> Path:
    return user_folders().cache / "workshop"


def make_tampered_copy(
    source: Path, kind: TamperKind | str, workdir: Path | None = None
) -> TamperResult:
    """Write a tampered copy of `source` into `workdir` (created if needed), read it back,
    and return it; `TamperError` with a sentence when it cannot be done."""
    folder = workdir or workshop_folder()
    try:
        result = _make(source, kind, workdir)
    except OSError as exc:
        raise TamperError(
            _("CredLabel could not write the tampered copy in {folder}: {reason}.").format(
                folder=folder, reason=exc.strerror or exc
            ),
            str(exc),
        ) from exc
    _check_copy(result)
    return result


def _make(source: Path, kind: TamperKind | str, workdir: Path | None) -> TamperResult:
    kind = TamperKind(kind)
    media = probe(Path(source))
    if media.problem:
        raise TamperError(
            _("{problem} The tamper demo needs a file that opens.").format(problem=media.problem)
        )
    _check_original(media, kind)
    folder = workdir or workshop_folder()
    if workdir is None:
        private_folder(folder)  # CredLabel's own folder: owner-only whatever the umask
    folder.mkdir(parents=True, exist_ok=True)
    return _MAKERS[kind](media, folder)


def _check_original(media: MediaInfo, kind: TamperKind) -> None:
    """A byte change keeps whatever damage the original's credentials already have, so
    credentials a reader cannot read rule out the byte demos, and so do bytes that look
    like credentials that no reader recognises (the demo would promise a broken hash)."""
    from app.core.model import ValidationState
    from app.core.reading.credentials import read_file

    if kind in (TamperKind.REENCODE, TamperKind.SCREENSHOT):
        return  # a new file either way: whatever the original held is gone
    report = read_file(media.path)
    if report.state is ValidationState.COULD_NOT_READ:
        raise TamperError(
            _(
                "The Content Credentials in this file are damaged, so no change to it can show "
                "what tampering breaks. Try the re-encode or screenshot demo, or another file."
            ),
            report.problem or "",
        )
    if report.state is ValidationState.NO_CREDENTIALS and find_store(media.path) is not None:
        raise TamperError(
            _(
                "This file holds what looks like Content Credentials, but no reader recognises "
                "them, so no change to it can show what tampering breaks. Try the re-encode or "
                "screenshot demo, or another file."
            )
        )


def _check_copy(result: TamperResult) -> None:
    """Read the copy back; it must read as `result` says, or it is removed with a reason."""
    from app.core.model import ValidationState
    from app.core.reading.credentials import read_file

    report = read_file(result.path)
    if result.expected == (NO_CREDENTIALS,):
        kept = report.state is ValidationState.NO_CREDENTIALS
    else:
        codes = {s.code for s in report.failures}
        kept = report.state is ValidationState.INVALID and set(result.expected) <= codes
    if not kept:
        result.path.unlink(missing_ok=True)
        raise TamperError(
            _(
                "The tampered copy read as “{state}” instead of showing {expected}, so "
                "CredLabel removed it; this file may be damaged. Try another file."
            ).format(state=report.state.label, expected=expected_text(result)),
            report.problem or "",
        )


def _pixels(media: MediaInfo, folder: Path) -> TamperResult:
    store = find_store(media.path)
    dest = _write(media.path, _name(media.path, folder, "pixels"), [pixel_edit(media)])
    what = _content_words(media)
    code = "assertion.bmffHash.mismatch" if _is_bmff(media) else "assertion.dataHash.mismatch"
    if store is None:
        return TamperResult(
            dest,
            TamperKind.PIXELS,
            # TRANSLATORS: {what} is "the picture data", "the video data" or "the sound data".
            _(
                "One byte of {what} was changed. This file had no Content Credentials, so "
                "nothing records what it looked like before: nobody can tell it was changed."
            ).format(what=what),
            (NO_CREDENTIALS,),
        )
    return TamperResult(
        dest,
        TamperKind.PIXELS,
        # TRANSLATORS: {what} is "the picture data", "the video data" or "the sound data".
        _(
            "One byte of {what} was changed after signing. The credentials hold a "
            "fingerprint (hash) of {what}; it no longer matches, so every verifier shows "
            "the file as tampered, even though the change is invisible."
        ).format(what=what),
        (code,),
    )


def _manifest(media: MediaInfo, folder: Path) -> TamperResult:
    store = _require_store(media, "edit")
    offset = _assertion_letter(store)
    # Swap a letter's case (same length, still valid text) or flip a picture bit.
    value = store.logical[offset] ^ (0x20 if _is_letter(store.logical[offset]) else 0x01)
    edits = [(store.file_offset(offset), 1, bytes([value]))]
    if store.container == "png":
        edits.append(_png_crc(store, offset, value))
    dest = _write(media.path, _name(media.path, folder, "manifest"), edits)
    return TamperResult(
        dest,
        TamperKind.MANIFEST,
        _(
            "One byte inside the credentials was changed (in one of its statements, such as "
            "the thumbnail or the title). The signed claim holds a fingerprint of every "
            "statement; this one no longer matches, so the credentials are invalid: nobody "
            "can edit what they say without breaking the signature."
        ),
        ("assertion.hashedURI.mismatch",),
    )


def _strip(media: MediaInfo, folder: Path) -> TamperResult:
    store = _require_store(media, "strip")
    edits = _strip_edits(media, store)
    dest = _write(media.path, _name(media.path, folder, "stripped"), edits)
    return TamperResult(
        dest,
        TamperKind.STRIP,
        _(
            "The Content Credentials were cut out of the file; the picture, video or sound is "
            "unchanged. The copy now reads as having no credentials at all. Credentials prove "
            "where a file came from when present, but their absence proves nothing: anyone "
            "can remove them."
        ),
        (NO_CREDENTIALS,),
    )


def _png_crc(store: Store, offset: int, value: int) -> Edit:
    """The `caBX` chunk's CRC recomputed, so picture readers do not call the PNG damaged
    (only c2pa should notice the change)."""
    changed = bytearray(store.logical)
    changed[offset] = value
    chunk = store.removable[0]
    crc = zlib.crc32(b"caBX" + bytes(changed))
    return (chunk.offset + chunk.length - 4, 4, crc.to_bytes(4, "big"))


def _strip_edits(media: MediaInfo, store: Store) -> list[Edit]:
    if store.container == "bmff":
        # Cutting a box out would shift the media data the index points to; a `free` box
        # of the same size keeps every offset right and holds nothing.
        span = store.removable[0]
        return [(span.offset + 4, 4, b"free"), *_blank(span.offset + 8, span.length - 8)]
    if store.container == "riff":
        span = store.removable[0]
        riff_size = media.size - 8 - span.length
        return [(4, 4, riff_size.to_bytes(4, "little")), (span.offset, span.length, b"")]
    if store.container in ("jpeg", "png"):
        return [(s.offset, s.length, b"") for s in store.removable]
    raise TamperError(
        _(
            "Stripping the credentials is not available for {format} files; try JPEG, PNG, "
            "MP4/MOV, WAV or WebP, or use the re-encode or screenshot demo."
        ).format(format=media.format_name)
    )


def _blank(offset: int, length: int) -> list[Edit]:
    return [(offset, length, bytes(length))]


def _reencode(media: MediaInfo, folder: Path) -> TamperResult:
    suffix = ".jpg" if media.kind is MediaKind.IMAGE else ".mp4"
    if media.kind is MediaKind.AUDIO:
        suffix = ".m4a"
    dest = _name(media.path, folder, "reencoded", suffix)
    _atomic(dest, lambda tmp: reencode(media, tmp))
    return TamperResult(
        dest,
        TamperKind.REENCODE,
        _(
            "The file was decoded and compressed again, as platforms do with uploads (JPEG "
            "quality 80, or H.264/AAC). The new file has different bytes and the encoder did "
            "not copy the credentials, so it has none. Platforms that support Content "
            "Credentials read them before re-encoding and may add their own."
        ),
        (NO_CREDENTIALS,),
    )


def _screenshot(media: MediaInfo, folder: Path) -> TamperResult:
    dest = _name(media.path, folder, "screenshot", ".png")
    _atomic(dest, lambda tmp: screenshot(media, tmp))
    return TamperResult(
        dest,
        TamperKind.SCREENSHOT,
        _(
            "A screenshot draws the pixels into a brand-new picture. It carries nothing of the "
            "original file: no credentials, no history, no AI label. This is why a missing "
            "label never proves that something is real."
        ),
        (NO_CREDENTIALS,),
    )


_MAKERS: dict[TamperKind, Callable[[MediaInfo, Path], TamperResult]] = {
    TamperKind.PIXELS: _pixels,
    TamperKind.MANIFEST: _manifest,
    TamperKind.STRIP: _strip,
    TamperKind.REENCODE: _reencode,
    TamperKind.SCREENSHOT: _screenshot,
}


# -- finding the byte to change -----------------------------------------------------------


_NO_STORE = {
    "edit": N_(
        "This file has no embedded Content Credentials to edit (or CredLabel cannot find "
        "them in a {format} file). Try the pixel change demo instead."
    ),
    "strip": N_(
        "This file has no embedded Content Credentials to strip (or CredLabel cannot find "
        "them in a {format} file). Try the pixel change demo instead."
    ),
}


def _require_store(media: MediaInfo, verb: str) -> Store:
    store = find_store(media.path)
    if store is None:
        raise TamperError(_(_NO_STORE[verb]).format(format=media.format_name))
    return store


def _assertion_letter(store: Store) -> int:
    """The logical offset of a letter inside an assertion of the active (last) manifest."""
    roots = parse_boxes(store.logical)
    manifests = [b for b in roots[0].children[1:] if b.kind == b"jumb"] if roots else []
    assertions = child(manifests[-1], "c2pa.assertions") if manifests else None
    if assertions is None:
        raise TamperError(
            _(
                "The credentials in this file have an unusual layout; CredLabel "
                "cannot find a statement to edit."
            )
        )
    for box in _preferred(assertions):
        offset = _byte_in(store.logical, box)
        if offset is not None:
            return offset
    raise TamperError(_("CredLabel found no editable text in the credentials of this file."))


def _preferred(assertions: Box) -> list[Box]:
    """Thumbnails first (pure picture bytes), then descriptions, actions, hashes last."""
    boxes = [b for b in assertions.children if b.kind == b"jumb"]

    def rank(box: Box) -> int:
        if box.label.startswith("c2pa.thumbnail"):
            return 0
        if box.label.startswith("c2pa.hash"):
            return 3
        return 2 if box.label.startswith("c2pa.ingredient") else 1

    return sorted(boxes, key=rank)


def _byte_in(data: bytes, box: Box) -> int | None:
    """A byte of the assertion whose change keeps it decodable: one in the middle of an
    embedded picture, else a letter of a free-text value (never a key or an action name)."""
    for part in (c for c in box.children if c.kind != b"jumd"):
        if part.kind == b"bidb" and part.end - part.payload_start > 16:
            return (part.payload_start + part.end) // 2
        if part.kind == b"cbor":
            for offset, length, _key in cbor_text_values(data, part.payload_start, part.end):
                letters = [i for i in range(offset, offset + length) if _is_letter(data[i])]
                if letters:
                    return letters[len(letters) // 2]
    return None


def _is_letter(value: int) -> bool:
    return 0x41 <= value <= 0x5A or 0x61 <= value <= 0x7A


def _content_words(media: MediaInfo) -> str:
    words = {
        MediaKind.IMAGE: N_("the picture data"),
        MediaKind.VIDEO: N_("the video data"),
        MediaKind.AUDIO: N_("the sound data"),
    }.get(media.kind, N_("the file's content"))
    return _(words)


def _is_bmff(media: MediaInfo) -> bool:
    return media.mime in (
        "video/mp4",
        "video/quicktime",
        "audio/mp4",
        "image/heic",
        "image/heif",
        "image/avif",
    )


# -- writing the copy ---------------------------------------------------------------------


def _name(source: Path, folder: Path, tag: str, suffix: str | None = None) -> Path:
    """`photo.pixels.jpg`, `photo.pixels-2.jpg`, ... in `folder` (never the source)."""
    suffix = suffix if suffix is not None else source.suffix
    candidate = folder / f"{source.stem}.{tag}{suffix}"
    number = 2
    while candidate.exists() or candidate.resolve() == source.resolve():
        candidate = folder / f"{source.stem}.{tag}-{number}{suffix}"
        number += 1
    return candidate


def _write(source: Path, dest: Path, edits: list[Edit]) -> Path:
    """Copy `source` to `dest` applying `edits` (sorted, non-overlapping), streaming."""

    def produce(tmp: Path) -> None:
        with source.open("rb") as src, tmp.open("wb") as out:
            position = 0
            for offset, length, replacement in sorted(edits):
                _copy_bytes(src, out, offset - position)
                out.write(replacement)
                src.seek(length, os.SEEK_CUR)
                position = offset + length
            shutil.copyfileobj(src, out)

    _atomic(dest, produce)
    return dest


def _copy_bytes(src: BinaryIO, out: BinaryIO, count: int) -> None:
    while count > 0:
        chunk = src.read(min(count, 1 << 20))
        if not chunk:
            return
        out.write(chunk)
        count -= len(chunk)


def _atomic(dest: Path, produce: Callable[[Path], None]) -> None:
    """Run `produce` on a journaled temporary file beside `dest`, then rename it into
    place, never over an existing file (`app.core.safe_write`)."""
    safe_write.write_file_by_path(dest, produce, what="the tampered copy", suffix=dest.suffix)


__all__ = [
    "NO_CREDENTIALS",
    "TamperError",
    "TamperKind",
    "TamperResult",
    "expected_text",
    "make_tampered_copy",
    "workshop_folder",
]
