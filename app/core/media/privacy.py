"""What a labeled copy tells the world about the person who made it, in plain words.

A labeled copy carries the signer's name (the same certificate on every copy, so copies
can be linked to each other), the original's file name (the parent ingredient's title)
and, untouched, the original's own metadata: GPS position, camera and lens serial
numbers, the names of the photographer or owner. The creator is told before the first
export and in the result; location can be left out of the copy's own metadata without
re-encoding (`remove_location`, metadata only, into the export's temporary copy).

Location recorded inside the original's Content Credentials (a camera's `stds.exif`
assertion) is part of the signed history and travels with the copy whatever is chosen:
that is said too, never hidden.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from app.core.errors import CredLabelError
from app.core.i18n import _
from app.core.media.containers import ContainerTooOdd, jpeg_segments, png_chunks_at
from app.core.media.picture_bytes import image_data_digest
from app.core.media.xmp import pixel_digest, quiet_pyexiv2
from app.core.model import FileReport

log = logging.getLogger(__name__)

# Types whose own metadata exiv2 reads and rewrites without touching the picture data.
METADATA_MIMES = frozenset({"image/jpeg", "image/png", "image/webp", "image/tiff"})
# Where exiv2 finds EXIF, XMP and IPTC (and PNG's text profiles of them): a JPEG's APP1
# and APP13 segments, a PNG's eXIf and text chunks.
_JPEG_METADATA = frozenset({b"\xe1", b"\xed"})
_PNG_METADATA = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt"})

_SERIAL_KEYS = ("SerialNumber", "Serial")
_PEOPLE_KEYS = (
    "Exif.Image.Artist",
    "Exif.Photo.CameraOwnerName",
    "Exif.Image.Copyright",
    "Xmp.dc.creator",
    "Xmp.dc.rights",
    "Xmp.photoshop.AuthorsPosition",
    "Iptc.Application2.Byline",
    "Iptc.Application2.Copyright",
)


class MetadataError(CredLabelError):
    """The file's own metadata could not be read or changed."""


@dataclass(frozen=True)
class EmbeddedMetadata:
    """What the file's own EXIF/XMP/IPTC metadata says about where and who."""

    checked: bool  # False: CredLabel cannot read this type's own metadata
    location_keys: tuple[str, ...] = ()
    serial_keys: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # names found (photographer, owner, copyright)

    @property
    def has_location(self) -> bool:
        return bool(self.location_keys)


@dataclass(frozen=True)
class PrivacyFacts:
    """Everything a copy will reveal, for the notice before export and the result."""

    signer_name: str | None
    original_name: str | None  # recorded as the parent ingredient's title
    metadata: EmbeddedMetadata
    location_in_history: bool  # GPS inside the original's Content Credentials
    location_removed: bool = False

    def sentences(self) -> list[str]:
        """Plain sentences, most important first."""
        lines: list[str] = []
        if self.signer_name:
            lines.append(
                _(
                    "The copy is signed as “{name}”. Anyone who checks it sees "
                    "that name, and every copy you sign with this identity can be linked to "
                    "the others."
                ).format(name=self.signer_name)
            )
        if self.original_name:
            lines.append(
                _("The original's file name “{name}” is recorded.").format(name=self.original_name)
            )
        lines.extend(self._metadata_sentences())
        if self.location_in_history:
            lines.append(
                _(
                    "The original's Content Credentials record a location; they are part of "
                    "the signed history and stay in the copy."
                )
            )
        return lines

    def summary(self) -> str:
        """One short line for a result bar: what the copy reveals, in a few words."""
        items = []
        if self.signer_name:
            items.append(_("signed as “{name}”").format(name=self.signer_name))
        if self.original_name:
            items.append(_("the original's name “{name}”").format(name=self.original_name))
        meta = self.metadata
        if meta.has_location and not self.location_removed:
            items.append(_("the GPS location"))
        if meta.serial_keys:
            items.append(_("camera serial numbers"))
        if meta.people:
            items.append(_("names in the metadata"))
        if self.location_in_history:
            items.append(_("a location in the history"))
        if not items:
            return ""
        # TRANSLATORS: {items} is a list such as: signed as “Jane”, the GPS location
        return _("The copy reveals: {items}.").format(items=_(", ").join(items))

    def _metadata_sentences(self) -> list[str]:
        meta = self.metadata
        if not meta.checked:
            return [
                _(
                    "CredLabel cannot check this file type's own metadata; whatever it holds "
                    "is kept in the copy unchanged."
                )
            ]
        lines = []
        if meta.has_location and self.location_removed:
            lines.append(_("The GPS location was left out of the copy's metadata."))
        elif meta.has_location:
            lines.append(
                _(
                    "The file's metadata holds a GPS location, which the copy keeps unless "
                    "you leave it out."
                )
            )
        if meta.serial_keys:
            lines.append(_("The metadata holds camera or lens serial numbers, kept in the copy."))
        if meta.people:
            lines.append(
                _("The metadata names people ({names}), kept in the copy.").format(
                    names=", ".join(meta.people)
                )
            )
        return lines


def read_embedded_metadata(path: Path, mime: str | None) -> EmbeddedMetadata:
    """What the file's own metadata says about location and people. Never raises for a
    damaged file: what cannot be read is reported as not checked."""
    if mime not in METADATA_MIMES:
        return EmbeddedMetadata(checked=False)
    if not _may_hold_metadata(Path(path), mime):
        return EmbeddedMetadata(checked=True)
    try:
        exif, xmp, iptc = _read_all(path)
    except MetadataError as exc:
        log.info("metadata of %s not read: %s", path.name, exc.details)
        return EmbeddedMetadata(checked=False)
    everything = {**exif, **xmp, **iptc}
    return EmbeddedMetadata(
        checked=True,
        location_keys=tuple(sorted(k for k in everything if _is_location_key(k))),
        serial_keys=tuple(sorted(k for k in exif if any(s in k for s in _SERIAL_KEYS))),
        people=tuple(_people(everything)),
    )


def privacy_facts(
    source: Path,
    mime: str | None,
    original: FileReport | None,
    signer_name: str | None,
    *,
    location_removed: bool = False,
) -> PrivacyFacts:
    """What a copy of `source` signed by `signer_name` will reveal."""
    return PrivacyFacts(
        signer_name=signer_name,
        original_name=source.name,
        metadata=read_embedded_metadata(source, mime),
        location_in_history=original is not None and history_has_location(original),
        location_removed=location_removed,
    )


def history_has_location(report: FileReport) -> bool:
    """True when any manifest's `stds.exif` / `c2pa.metadata` assertion holds GPS data."""
    if not report.raw_json:
        return False
    try:
        manifests = json.loads(report.raw_json).get("manifests", {})
    except (ValueError, AttributeError):
        return False
    for manifest in manifests.values() if isinstance(manifests, dict) else ():
        for assertion in manifest.get("assertions", []) if isinstance(manifest, dict) else ():
            if _assertion_has_location(assertion):
                return True
    return False


def remove_location(path: Path, mime: str | None) -> tuple[str, ...]:
    """Delete the GPS EXIF and XMP fields of the file at `path` (a temporary copy, never
    the original). Returns the keys removed; raises `MetadataError`."""
    if mime not in METADATA_MIMES:
        return ()
    pyexiv2 = quiet_pyexiv2()
    exif, xmp, _iptc = _read_all(path)
    exif_keys = [k for k in exif if _is_location_key(k)]
    xmp_keys = [k for k in xmp if _is_location_key(k)]
    if not (exif_keys or xmp_keys):
        return ()
    before = _picture_digest(path, mime)
    try:
        with pyexiv2.Image(str(path)) as image:
            if exif_keys:
                image.modify_exif(dict.fromkeys(exif_keys))
            if xmp_keys:
                image.modify_xmp(dict.fromkeys(xmp_keys))
    except RuntimeError as exc:
        raise MetadataError(
            _("The location could not be removed from the copy."), str(exc)
        ) from exc
    if _picture_digest(path, mime) != before:
        raise MetadataError(_("Removing the location changed the picture, so it was not done."))
    return tuple(exif_keys + xmp_keys)


def _picture_digest(path: Path, mime: str | None) -> str:
    """The coded picture bytes' digest, or the decoded pixels' where there is none."""
    try:
        return image_data_digest(path, mime) or pixel_digest(path)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise MetadataError(_("The picture could not be decoded to check it."), str(exc)) from exc


def _may_hold_metadata(path: Path, mime: str) -> bool:
    """False when the JPEG or PNG has no part that could hold EXIF, XMP or IPTC: then
    there is nothing to read, and exiv2 (~10 ms to load, then its own walk of the file,
    which slowed the thumbnail's decode beside it) is not asked."""
    try:
        if mime == "image/png":
            return any(chunk.kind in _PNG_METADATA for chunk in png_chunks_at(path))
        if mime == "image/jpeg":
            with path.open("rb") as fh:
                return any(part.kind in _JPEG_METADATA for part in jpeg_segments(fh))
    except (ContainerTooOdd, OSError):
        pass  # exiv2 decides, and says what it could not read
    return True


def _read_all(path: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    pyexiv2 = quiet_pyexiv2()

    try:
        with pyexiv2.Image(str(path)) as image:
            return image.read_exif(), image.read_xmp(), image.read_iptc()
    except (RuntimeError, OSError, UnicodeDecodeError) as exc:
        raise MetadataError(_("The file's metadata could not be read."), str(exc)) from exc


def _is_location_key(key: str) -> bool:
    return key.startswith(("Exif.GPSInfo.", "Xmp.exif.GPS"))


def _people(values: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for key in _PEOPLE_KEYS:
        for text in _texts(values.get(key)):
            if text and text not in found:
                found.append(text)
    return found


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.removeprefix('lang="x-default" ').strip()]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    return []


def _assertion_has_location(assertion: Any) -> bool:
    if not isinstance(assertion, dict):
        return False
    label = str(assertion.get("label", ""))
    if not label.startswith(("stds.exif", "c2pa.metadata")):
        return False
    data = assertion.get("data")
    return isinstance(data, dict) and any("GPS" in str(key) for key in data)
