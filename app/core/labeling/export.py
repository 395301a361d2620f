"""Export a labeled copy: sign the disclosure into a new file, verify it, then publish it.

`export_labeled_copy` is the one entry point (the window and `credlabel label` call it).
Steps and guarantees:

1. Probe the original by content; refuse types c2pa cannot sign (naming those it can) and
   damaged or incomplete media (c2pa would sign a truncated file without complaint).
2. Read the original's manifests (unchecked, or the report remembered at open); the Builder
   validates it once, as the parent ingredient (`app.core.labeling.export_original`).
3. Build the manifest (`app.core.labeling.manifest_builder`), the original as parent ingredient.
4. Optionally copy the original to a temporary file in the destination folder and write the
   IPTC XMP mirror there (`app.core.media.xmp`); otherwise sign straight from the original,
   which is only ever opened for reading.
5. Sign into another temporary file in the destination folder, with counted streams for
   progress and cancel; fsync.
6. Re-read the temporary output: it must be Valid or Trusted and carry the expected actions,
   AI terms and parent manifest — else it is deleted and `ExportError` raised.
7. Publish it atomically under its name (never replacing an existing file unless asked).

Any failure or cancel removes every temporary file; nothing partial is ever left at the
destination, and the original is never written to.
"""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from app.core import safe_write
from app.core.errors import CredLabelError, ExportCancelled, ExportError
from app.core.i18n import _
from app.core.labeling import naming
from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export_io import (
    CANCELLED,
    PICTURE_CHANGED,
    SIDECAR_SUFFIX,
    CountingStream,
    ExportProgress,
    ProgressReporter,
    check_destination,
    check_unchanged,
    copy_whole,
    flush_to_disk,
    manifest_actions,
    opened_input,
    protected_paths,
    remove_quietly,
    sign_failure,
    write_error,
)
from app.core.labeling.export_original import (
    Background,
    Original,
    check_source,
    ingredient_view,
    original_for_export,
    refuse_unkept_history,
    settle,
)
from app.core.labeling.export_verify import check_output
from app.core.labeling.history_rules import check_disclosure, history_warnings
from app.core.labeling.manifest_builder import (
    THUMBNAIL_ID,
    build_manifest,
    disclosed_term,
    parent_ingredient,
    uses_created,
)
from app.core.media.instance_ids import InstanceIdError, has_instance_id, refresh_instance_id
from app.core.media.picture_bytes import same_picture_bytes
from app.core.media.privacy import MetadataError, PrivacyFacts, privacy_facts, remove_location
from app.core.media.probe import mime_for_c2pa
from app.core.media.thumbnail import make_thumbnail
from app.core.media.unchanged import file_identity
from app.core.media.xmp import (
    PacketInsert,
    XmpError,
    can_write,
    packet_insert,
    skipped_note,
    write_digital_source_type,
)
from app.core.model import FileReport, MediaInfo, MediaKind
from app.core.reading.credentials import read_file
from app.core.reading.trust import TrustProfile, make_context
from app.core.safe_write import TempFile

__all__ = [
    "ExportProgress",
    "ExportResult",
    "check_destination",
    "check_source",
    "check_unchanged",
    "default_destination",
    "export_labeled_copy",
    "protected_paths",
    "refuse_unkept_history",
    "unique_destination",
]

log = logging.getLogger(__name__)

# Bounded memory for large videos: c2pa keeps at most this much of the output in RAM.
BACKING_STORE_MB = 64


@dataclass(frozen=True)
class ExportResult:
    """A verified labeled copy: where it is, what it reads as, and what to tell the user."""

    dest: Path
    report: FileReport  # the copy as read back (state, AI verdict, manifests)
    bytes_written: int  # size of the labeled copy
    warnings: tuple[str, ...] = ()
    xmp_written: bool = False
    sidecar: Path | None = None  # NAME.c2pa, when the manifest was written beside it
    notes: tuple[str, ...] = field(default=())  # informational (e.g. XMP mirror skipped)
    privacy: PrivacyFacts | None = None  # what the copy reveals about its maker


def default_destination(source: Path) -> Path:
    """`photo.jpg` → `photo.cr.jpg` beside the original (the default naming pattern; the
    labeling service applies the one from Preferences, `app.core.labeling.naming`)."""
    return naming.copy_name(source)


def unique_destination(path: Path) -> Path:
    """`path` itself when free, else `NAME-2.EXT`, `NAME-3.EXT`, ... (`photo.cr-2.jpg`)."""
    return naming.next_free_name(path)


def export_labeled_copy(
    source: Path,
    disclosure: Disclosure,
    signer: Any,
    *,
    dest: Path | None = None,
    profile: TrustProfile | None = None,
    progress: Callable[[ExportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    sidecar: bool = False,
    overwrite: bool = False,
    side_threads: bool = True,
) -> ExportResult:
    """Sign a copy of `source` that records `disclosure`; see the module docstring.
    Raises `UnsupportedFormatError`, `ExportError` or `ExportCancelled` with a sentence.
    `side_threads=False`: the side work (thumbnail, input copy, flush, picture check) in
    turn, not on threads (a batch with a worker per core: `app.core.labeling.batch`)."""
    source = Path(source)
    before = file_identity(source)  # before any check: what the checks are about
    media = check_source(source)
    # Decoded from now on, while the original is read (longest step before signing a picture)
    thumbnail = Background(lambda: make_thumbnail(source, media=media), inline=not side_threads)
    job: _Job | None = None
    try:
        dest = check_destination(source, dest or default_destination(source), overwrite, sidecar)
        reporter = ProgressReporter(progress, cancel, media.size)
        reporter.start("reading")
        original = original_for_export(source, media, profile)
        refuse_unkept_history(original.report)
        check_disclosure(original.report, disclosure)  # never less about AI than the history
        job = _Job(
            source=source,
            media=media,
            disclosure=disclosure,
            signer=signer,
            dest=dest,
            profile=profile,
            reporter=reporter,
            sidecar=sidecar,
            original=original,
            before=before,
            thumbnail=thumbnail,
        )
        return job.run(overwrite)
    except ExportCancelled:
        raise
    except CredLabelError:
        if job is not None and job.reporter.cancelled:  # whatever broke, the user asked
            raise ExportCancelled(_(CANCELLED)) from None  # to stop: say that
        raise
    finally:
        thumbnail.wait()  # no thread left reading the original
        if job is not None:
            job.cleanup()


class _Job:
    """One export's state, so every temporary file can be removed whatever happens."""

    def __init__(
        self,
        *,
        source: Path,
        media: MediaInfo,
        disclosure: Disclosure,
        signer: Any,
        dest: Path,
        profile: TrustProfile | None,
        reporter: ProgressReporter,
        sidecar: bool,
        original: Original,
        before: tuple[int, ...],
        thumbnail: Background[bytes | None],
    ) -> None:
        self.source, self.media, self.disclosure = source, media, disclosure
        self.before = before
        self.signer, self.dest, self.profile = signer, dest, profile
        self.reporter, self.sidecar = reporter, sidecar
        self.unsettled, self.original = original, original.report
        self.mime = mime_for_c2pa(media) or ""
        self.thumbnail = thumbnail
        self.temps: list[TempFile] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []
        self.xmp_written = False
        self.location_removed = False
        self.privacy = privacy_facts(source, self.mime, original.report, None)
        self.prepared: Background[Path | PacketInsert] | None = None
        self.picture_check: Background[bool] | None = None
        self.flushed: Background[None] | None = None
        self.quiet = ProgressReporter(None, reporter.cancel, media.size)  # copies: cancel only

    def run(self, overwrite: bool) -> ExportResult:
        aside = partial(Background, inline=self.thumbnail.inline)  # threads if it had one
        # The input (XMP mirror, ...) is prepared while the Builder checks the original.
        self.prepared = aside(self._prepare_input, "export-copy")
        output, manifest_bytes, manifest = self._sign(self._manifest())
        sidecar_temp = self._write_sidecar(output.path, manifest_bytes) if self.sidecar else None
        self.reporter.start("verifying")
        # The copy goes to disk while it is checked (publishing then has nothing to flush).
        self.flushed = aside(lambda: flush_to_disk(output.path), "export-flush")
        picture = (self.source, output.path, self.mime)  # no re-encoding: the same pixels
        self.picture_check = aside(lambda: same_picture_bytes(*picture), "export-picture")
        report = read_file(output.path, self.profile)
        check_output(report, manifest, self.original, uses_created(self.disclosure, self.original))
        # The original as the Builder checked it (its one validation in this export).
        self.original = settle(self.unsettled, report)
        self.warnings = history_warnings(self.original, self.disclosure)
        if not self.picture_check.result():
            check_unchanged(self.source, self.before)  # a changed original says so first
            raise ExportError(_(PICTURE_CHANGED), f"picture bytes differ in {output.path}")
        self.reporter.check()
        # After signing and verifying, the last moment before publishing.
        check_unchanged(self.source, self.before)
        self._flushed()
        result = self._publish(output, sidecar_temp, report, overwrite)
        self.reporter.finish()
        return result

    def _manifest(self) -> dict[str, Any]:
        """The manifest as far as the copy's metadata is done (`xmp_written`, ...)."""
        return build_manifest(
            self.disclosure,
            self.original,
            thumbnail_id=THUMBNAIL_ID,
            title=self.dest.name,
            metadata_written=self.xmp_written,
            location_removed=self.location_removed,
        )

    def cleanup(self) -> None:
        for work in (self.prepared, self.flushed, self.picture_check):
            if work is not None:
                work.wait()  # nor writing a temporary file
        for temp in self.temps:
            safe_write.discard(temp)  # the file and its crash journal entry

    def _prepare_input(self) -> Path | PacketInsert:
        """The file to sign: the original, or a temporary copy carrying the XMP mirror,
        without the GPS location the creator asked to leave out, and/or with a fresh XMP
        instance ID (c2pa-rs would give the new claim the original's)."""
        renew = has_instance_id(self.source)
        signed = self._prepare_copy(renew)
        if renew and isinstance(signed, Path):
            try:
                refresh_instance_id(signed)
            except InstanceIdError as exc:  # the copy still signs; only its instance ID repeats
                log.info("instance ID not renewed: %s", exc)
        return signed

    def _prepare_copy(self, force_copy: bool) -> Path | PacketInsert:
        term = disclosed_term(self.disclosure)
        xmp_wanted = bool(self.disclosure.write_xmp and term)
        if xmp_wanted and not can_write(self.mime):
            self.notes.append(skipped_note(self.media.format_name))
            xmp_wanted = False
        strip_location = self.disclosure.remove_location and self.privacy.metadata.has_location
        if not (xmp_wanted or strip_location or force_copy):
            return self.source
        if xmp_wanted and not (strip_location or force_copy):  # no XMP yet: no exiv2, no copy
            insert = packet_insert(self.source, self.mime, term or "")
            if insert is not None:
                self.xmp_written = True
                return insert
        copy = self._copy_of_source()
        if strip_location:
            self._remove_location(copy)
        if not xmp_wanted:
            return copy
        try:
            # Compared with the original itself: no backup copy is needed for the check.
            result = write_digital_source_type(copy, self.mime, term or "", original=self.source)
        except XmpError as exc:
            log.info("XMP mirror skipped: %s (%s)", exc.sentence, exc.details)
            note = _("{problem} The Content Credentials carry the AI label.")
            self.notes.append(note.format(problem=exc.sentence))
            copy = self._copy_of_source()  # start again from a clean copy
            if strip_location:
                self._remove_location(copy)
            return copy
        self.xmp_written = result.written
        return copy

    def _remove_location(self, copy: Path) -> None:
        """Metadata only: the picture bytes are checked to be the same afterwards."""
        try:
            remove_location(copy, self.mime)
        except MetadataError as exc:
            raise ExportError(
                _(
                    "{problem} Nothing was saved; try again without leaving the location "
                    "out, or remove it with another tool first."
                ).format(problem=exc.sentence),
                exc.details,
            ) from exc
        self.location_removed = True
        self.privacy = replace(self.privacy, location_removed=True)

    def _copy_of_source(self) -> Path:
        temp, handle = self._open_temp()
        copy_whole(self.source, handle, self.quiet, self.dest.parent)
        return temp.path

    def _sign(self, manifest: dict[str, Any]) -> tuple[TempFile, bytes, dict[str, Any]]:
        """Sign the prepared input; also returns the manifest as finally signed."""
        import c2pa

        # With a sidecar the output needs its own suffix: the reader pairs it with the manifest.
        output, dst = self._open_temp(".media" if self.sidecar else "")
        builders: list[Any] = []
        src_stream: CountingStream | None = None
        dst_stream: CountingStream | None = None
        try:
            with dst:  # closed whatever fails first
                builder = self._builder_with_parent(manifest, builders)
                assert self.prepared is not None
                signed_input = self.prepared.result() or self.source
                builder, manifest = self._with_metadata_actions(builder, manifest, builders)
                with opened_input(self.source, signed_input) as src:
                    src_stream = CountingStream(src, self.reporter, read_phase="signing")
                    dst_stream = CountingStream(dst, self.reporter, write_phase="writing")
                    manifest_bytes = builder.sign(self.signer, self.mime, src_stream, dst_stream)
        except (c2pa.C2paError, OSError, ExportCancelled) as exc:
            streams = (src_stream, dst_stream)
            raise sign_failure(exc, self.reporter, self.signer, self.dest.parent, *streams) from exc
        finally:
            for made in builders:
                made.close()
        return output, bytes(manifest_bytes), manifest

    def _flushed(self) -> None:
        """A failed flush is said now: a second fsync may not report it again."""
        try:
            if self.flushed is not None:
                self.flushed.result()
        except OSError as exc:
            raise write_error(exc, self.dest.parent) from exc

    def _with_metadata_actions(
        self, builder: Any, manifest: dict[str, Any], builders: list[Any]
    ) -> tuple[Any, dict[str, Any]]:
        """Add the actions recording what was done to the copy's metadata (the XMP mirror,
        the location left out), known only now that the copy is ready."""
        final = self._manifest()
        before, after = manifest_actions(manifest), manifest_actions(final)
        if after == before:
            return builder, manifest
        if after[: len(before)] != before:  # not just appended: start again from `final`
            return self._builder_with_parent(final, builders), final
        for action in after[len(before) :]:
            builder.add_action(action)
        return builder, final

    def _builder_with_parent(self, manifest: dict[str, Any], builders: list[Any]) -> Any:
        """A Builder holding the parent ingredient, then the thumbnail, which was decoded
        while the Builder checked the original. Every Builder made goes into `builders`
        (closed by the caller)."""
        if self.media.kind not in (MediaKind.IMAGE, MediaKind.VIDEO):
            manifest.pop("thumbnail", None)  # sound: no picture
        builders.append(self._builder(manifest))
        self._add_parent(builders[-1])
        thumbnail = self.thumbnail.result()
        if thumbnail is not None:
            builders[-1].add_resource(THUMBNAIL_ID, io.BytesIO(thumbnail))
            return builders[-1]
        if "thumbnail" not in manifest:
            return builders[-1]
        # No picture could be decoded after all (rare): again, without the reference.
        manifest.pop("thumbnail")
        builders.append(self._builder(manifest))
        self._add_parent(builders[-1])
        return builders[-1]

    def _builder(self, manifest: dict[str, Any]) -> Any:
        import c2pa

        context = make_context(
            self.profile,
            builder={"thumbnail": {"enabled": False}},
            core={"backing_store_memory_threshold_in_mb": BACKING_STORE_MB},
        )
        builder = c2pa.Builder(json.dumps(manifest), context)
        if self.sidecar:
            builder.set_no_embed()
        return builder

    def _add_parent(self, builder: Any) -> None:
        if uses_created(self.disclosure, self.original):
            return
        with ingredient_view(self.source, self.mime, self.unsettled) as original:
            stream = CountingStream(original, self.reporter, read_phase="reading")
            builder.add_ingredient(parent_ingredient(self.source.name), self.mime, stream)

    def _write_sidecar(self, output: Path, manifest_bytes: bytes) -> TempFile:
        """The manifest beside the temporary output, named so the reader pairs them."""
        try:
            temp, handle = safe_write.open_exact(output.with_suffix(SIDECAR_SUFFIX))
            self.temps.append(temp)
            with handle:
                handle.write(manifest_bytes)
        except OSError as exc:
            raise write_error(exc, self.dest.parent) from exc
        return temp

    def _publish(
        self, output: TempFile, sidecar_temp: TempFile | None, report: FileReport, overwrite: bool
    ) -> ExportResult:
        protected = protected_paths(self.source)
        mode = safe_write.mode_like(self.source)  # never more readable than the original
        safe_write.publish(
            output,
            self.dest,
            overwrite=overwrite,
            protected=protected,
            mode=mode,
            what="the labeled copy",
        )
        sidecar_dest = None
        if sidecar_temp is not None:
            sidecar_dest = self.dest.with_suffix(SIDECAR_SUFFIX)
            try:
                safe_write.publish(
                    sidecar_temp,
                    sidecar_dest,
                    overwrite=overwrite,
                    protected=(*protected, self.dest),
                    mode=mode,
                    what="the manifest file",
                )
            except CredLabelError:
                remove_quietly(self.dest)  # a copy without its manifest is no labeled copy
                raise
        media = replace(report.media, path=self.dest)
        final = replace(report, path=self.dest, media=media, sidecar=sidecar_dest)
        # The signer as checkers will see it: read from the copy itself.
        self.privacy = replace(self.privacy, signer_name=_issuer_name(final))
        return ExportResult(
            dest=self.dest,
            report=final,
            bytes_written=self.dest.stat().st_size,
            warnings=tuple(self.warnings),
            xmp_written=self.xmp_written,
            sidecar=sidecar_dest,
            notes=tuple(self.notes),
            privacy=self.privacy,
        )

    def _open_temp(self, suffix: str = "") -> tuple[TempFile, BinaryIO]:
        """A new journaled temporary file beside the destination (`app.core.safe_write`)."""
        temp, handle = safe_write.open_temp(
            self.dest.parent, self.dest.name, suffix, what="the labeled copy"
        )
        self.temps.append(temp)
        return temp, handle


def _issuer_name(report: FileReport) -> str | None:
    signature = report.active.signature if report.active else None
    if signature is None:
        return None
    return signature.organization or signature.common_name
