"""Read a file's Content Credentials: the one entry point, `read_file`.

It detects the real type (`media.probe`), opens a c2pa Reader on a file stream (never the
whole file in memory) with the trust profile's Context, and returns an immutable
`FileReport`. The five states are kept apart honestly: no credentials, invalid (tampered),
valid but signer not recognized, trusted, and could not read (unsupported type, damaged
credentials, remote-only manifest). A bad file never raises; only a path that cannot be read
at all raises `UnreadableFileError`.

Sidecars: `NAME.c2pa` next to an asset without embedded credentials is used for it; a
`.c2pa` opened alone is checked together with the asset it belongs to when one is nearby.
"""

from __future__ import annotations

import functools
import io
import json
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.core.i18n import _
from app.core.media.probe import detect_mime, probe, probe_contents, signable_type_names
from app.core.media.structure import structure_problem
from app.core.model import (
    AiVerdict,
    AiVerdictKind,
    FileReport,
    Manifest,
    MediaInfo,
    MediaKind,
    StatusCode,
    ValidationState,
)
from app.core.reading.ai_verdict import ai_verdict
from app.core.reading.credentials_parse import StoreParser, legacy_status, status_codes
from app.core.reading.damage import DAMAGED, damaged_sentence, type_name
from app.core.reading.invalid_kinds import CREATOR_IDENTITY, CREDENTIALS_CHANGED, invalid_kinds
from app.core.reading.signer_chain import signer_chains
from app.core.reading.trust import TrustProfile, reading_context

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".c2pa"
SIDECAR_MIME = "application/c2pa"
MAX_THUMBNAIL_BYTES = 8 * 1024 * 1024
MAX_SIDECAR_BYTES = 64 * 1024 * 1024
MAX_SIDECAR_CANDIDATES = 20
_STATES = {
    "Invalid": ValidationState.INVALID,
    "Valid": ValidationState.VALID_UNTRUSTED,
    "Trusted": ValidationState.TRUSTED,
}
_URL = re.compile(r"https?://[^\s)\"']+")
_HASH_MISMATCH = ("assertion.dataHash.mismatch", "assertion.bmffHash.mismatch")
TRUSTED_CODE = "signingCredential.trusted"


@dataclass(frozen=True)
class _Read:
    """What one Reader produced (or the sentence for why it could not)."""

    store: dict[str, Any] | None = None
    state: ValidationState = ValidationState.NO_CREDENTIALS
    problem: str | None = None
    remote_url: str | None = None
    raw_json: str | None = None
    detailed_json: str | None = None
    crjson: str | None = None
    thumbnails: dict[str, bytes] | None = None


@dataclass(frozen=True)
class _Views:
    """The Reader's views beyond `json()` to collect (see `read_file`)."""

    detailed: bool = False
    certificates: bool = True
    thumbnails: bool = True


def read_file(
    path: Path,
    profile: TrustProfile | None = None,
    *,
    detailed: bool = False,
    certificates: bool = True,
    thumbnails: bool = True,
) -> FileReport:
    """Everything known about `path`'s Content Credentials, judged with `profile`'s trust.
    `detailed` adds `detailed_json()`; `certificates=False` leaves out the signers'
    certificate details (`crjson()`, each `SignatureInfo.chain`, `FileReport.crjson`) and
    `thumbnails=False` the thumbnails, for a caller that shows neither (`credlabel inspect`
    in words: 0.5-0.8 ms a small JPEG, of the ~3 ms our own steps took). State, status and
    every other field are the same either way."""
    path = Path(path)
    media = probe(path, deep=False)  # raises UnreadableFileError for unreadable paths
    # A sound or video is probed after the Reader (PyAV's headers and code, ~4 MB, are then
    # not held while c2pa hashes); the pictures' walks before it serve the Reader too.
    sound_or_video = media.kind in (MediaKind.AUDIO, MediaKind.VIDEO)
    media = media if sound_or_video else probe_contents(media)
    views = _Views(detailed, certificates, thumbnails)
    if media.mime == SIDECAR_MIME:
        return _read_lone_sidecar(media, profile, views)
    if media.size == 0:
        # An empty file holds nothing to read; "cannot be read from this type" misled.
        empty = _Read(state=ValidationState.COULD_NOT_READ, problem=media.problem)
        return _report(path, media, empty, profile)
    result = _read(path, media, profile, views)
    sidecar: Path | None = None
    if result.state is ValidationState.NO_CREDENTIALS:
        sidecar = sidecar_path(path)
        if sidecar is not None:
            result = _read(path, media, profile, views, manifest_path=sidecar)
    media = probe_contents(media) if sound_or_video else media
    return _report(path, media, result, profile, sidecar=sidecar)


def sidecar_path(asset: Path) -> Path | None:
    """`NAME.c2pa` beside `asset`, when it exists as a file."""
    candidate = asset.with_suffix(SIDECAR_SUFFIX)
    return candidate if candidate != asset and candidate.is_file() else None


def _report(
    path: Path,
    media: MediaInfo,
    result: _Read,
    profile: TrustProfile | None,
    *,
    sidecar: Path | None = None,
    sidecar_for: str | None = None,
) -> FileReport:
    store = result.store or {}
    manifests = StoreParser(store, _loads(result.crjson), _fetcher(result)).manifests()
    active = store.get("active_manifest")
    problem = result.problem
    if isinstance(active, str) and active not in manifests:
        # WORKAROUND: c2pa-rs 0.91.3 drops a damaged active manifest from the JSON (and
        # Reader.get_active_manifest() raises KeyError): keep the state, say so.
        active = None
        problem = problem or _("The newest part of the credentials is damaged and cannot be shown.")
    active = active if isinstance(active, str) else None
    verdict = ai_verdict(manifests, active) if result.store is not None else _no_ai()
    status = _store_status(store)
    state = active_signer_state(result.state, status)
    kinds = _invalid_kinds(state, status, manifests)
    return FileReport(
        path=path,
        media=media,
        state=state,
        ai=verdict,
        active_manifest=active,
        manifests=manifests,
        status=status,
        problem=problem,
        remote_url=result.remote_url,
        sidecar=sidecar if result.store is not None else None,
        sidecar_for=sidecar_for,
        trust_profile=profile.name if profile else "none",
        raw_json=result.raw_json,
        detailed_json=result.detailed_json,
        crjson=result.crjson,
        trust_source=_trust_source(path, sidecar, active, status, profile)
        if _vouched(state, kinds)
        else None,
        invalid_kinds=kinds,
    )


def active_signer_state(state: ValidationState, status: tuple[StatusCode, ...]) -> ValidationState:
    """The badge is about the active manifest's signer. c2pa-rs says "Valid" for the whole
    store when only an *earlier* step's signer is unknown, even though the newest step is
    intact and signed by a trusted issuer: that file reads Trusted (the earlier step keeps
    its own state in the history)."""
    own_failures = [s for s in status if s.kind == "failure"]
    trusted = any(s.code == TRUSTED_CODE and s.kind == "success" for s in status)
    if state is ValidationState.VALID_UNTRUSTED and trusted and not own_failures:
        return ValidationState.TRUSTED
    return state


def _vouched(state: ValidationState, kinds: tuple[str, ...]) -> bool:
    """Who vouches is said for a trusted file, and for one whose only problem is a creator
    identity (its badge is about the signer); never next to a changed file."""
    return state is ValidationState.TRUSTED or kinds == (CREATOR_IDENTITY,)


def _trust_source(
    path: Path,
    sidecar: Path | None,
    active: str | None,
    status: tuple[StatusCode, ...],
    profile: TrustProfile | None,
) -> str | None:
    """Which source of the profile vouches for the active signer (when c2pa trusts it)."""
    if profile is None or active is None:
        return None
    if not any(s.code == TRUSTED_CODE and s.kind == "success" for s in status):
        return None
    chain = signer_chains(path, sidecar).get(active, ())
    source = profile.source_of_trusted(chain)
    if source is None and not chain:
        # The chain could not be read from the file: name the source only when the
        # profile has just one that could have vouched.
        present = [a.source for a in profile.anchor_sets if a.pem]
        source = present[0] if len(present) == 1 else None
    return source


def _invalid_kinds(
    state: ValidationState, status: tuple[StatusCode, ...], manifests: Mapping[str, Manifest]
) -> tuple[str, ...]:
    """The causes of an invalid state: the active manifest's failures, else its
    ingredients' (c2pa also says Invalid for a broken earlier step)."""
    if state is not ValidationState.INVALID:
        return ()
    kinds = invalid_kinds(status)
    if not kinds:
        kinds = invalid_kinds(
            s for m in manifests.values() for i in m.ingredients for s in i.status
        )
    return kinds or (CREDENTIALS_CHANGED,)


def _no_ai() -> AiVerdict:
    return AiVerdict(AiVerdictKind.NO_CREDENTIALS)


def _store_status(store: dict[str, Any]) -> tuple[Any, ...]:
    results = store.get("validation_results")
    if isinstance(results, dict) and isinstance(results.get("activeManifest"), dict):
        return status_codes(results["activeManifest"])
    return legacy_status(store.get("validation_status"))


def _read(
    path: Path,
    media: MediaInfo,
    profile: TrustProfile | None,
    views: _Views,
    *,
    manifest_path: Path | None = None,
) -> _Read:
    """One Reader over `path` (optionally with a sidecar's manifest bytes); every library
    error becomes a state and a sentence. `media` is `probe(path)`'s (deep)."""
    import c2pa

    odd = _structure_problem(path, media)
    if odd is not None:
        return _Read(state=ValidationState.COULD_NOT_READ, problem=odd)
    try:
        manifest_data = _read_sidecar_bytes(manifest_path) if manifest_path else None
        with path.open("rb") as stream, _reader(media, stream, profile, manifest_data) as reader:
            if reader is None:
                return _Read()
            return _collect(reader, views)
    except c2pa.C2paError as exc:
        return _from_error(exc, media)
    except OSError as exc:
        return _Read(state=ValidationState.COULD_NOT_READ, problem=f"Reading failed: {exc}.")
    except Exception as exc:  # the library also raises KeyError/ValueError on odd stores
        log.debug("reader failed on %s", path, exc_info=True)
        return _Read(state=ValidationState.COULD_NOT_READ, problem=f"{_(DAMAGED)} ({exc!r})")


def _structure_problem(path: Path, media: MediaInfo) -> str | None:
    """`structure_problem`, without walking a JPEG or PNG a second time: the deep `probe`
    walked it already and set `media.problem` when that walk failed (the walk of a 50 MB
    PNG's ~800 chunks took ~7 ms)."""
    if media.mime in _WALKED_BY_PROBE and media.problem is None:
        return None
    return structure_problem(path, media.mime)


_WALKED_BY_PROBE = frozenset({"image/jpeg", "image/png"})


@contextmanager
def _reader(
    media: MediaInfo, stream: Any, profile: TrustProfile | None, manifest_data: bytes | None
) -> Iterator[Any]:
    import c2pa

    reader = c2pa.Reader.try_create(
        _reader_format(media), stream, manifest_data, reading_context(profile)
    )
    try:
        yield reader
    finally:
        if reader is not None:
            reader.close()


def _reader_format(media: MediaInfo) -> str | None:
    """The detected MIME when c2pa knows it (it then skips guessing); else auto-detect."""
    return media.mime if media.mime in _supported_mimes() else None


@functools.cache
def _supported_mimes() -> frozenset[str]:
    import c2pa

    return frozenset(c2pa.Reader.get_supported_mime_types())


def _collect(reader: Any, views: _Views) -> _Read:
    raw = reader.json()
    store = json.loads(raw)
    state = _STATES.get(str(store.get("validation_state")), ValidationState.INVALID)
    # A manifest without `signature_info` still gets a SignatureInfo when crjson describes
    # its certificate (StoreParser._signature): then crjson is read whatever was asked.
    manifests = store.get("manifests")
    unsigned = isinstance(manifests, dict) and any(
        not isinstance(m, dict) or not m.get("signature_info") for m in manifests.values()
    )
    return _Read(
        store=store,
        state=state,
        remote_url=_optional(reader.get_remote_url),
        raw_json=raw,
        detailed_json=_optional(reader.detailed_json) if views.detailed else None,
        crjson=_optional(reader.crjson) if views.certificates or unsigned else None,
        thumbnails=_thumbnails(reader, store) if views.thumbnails else None,
    )


def _optional(call: Any) -> Any:
    """A secondary view that must not sink the whole read when it fails."""
    try:
        return call()
    except Exception:
        log.debug("optional reader view failed", exc_info=True)
        return None


def _thumbnails(reader: Any, store: dict[str, Any]) -> dict[str, bytes]:
    """Every thumbnail the store references, fetched while the Reader is open."""
    identifiers = set(re.findall(r'"identifier":\s*"(self#jumbf=[^"]+)"', json.dumps(store)))
    out: dict[str, bytes] = {}
    for identifier in identifiers:
        buffer = io.BytesIO()
        try:
            reader.resource_to_stream(identifier, buffer)
        except Exception:
            log.debug("thumbnail %s not readable", identifier, exc_info=True)
            continue
        if 0 < buffer.tell() <= MAX_THUMBNAIL_BYTES:
            out[identifier] = buffer.getvalue()
    return out


def _fetcher(result: _Read) -> Any:
    thumbnails = result.thumbnails or {}
    return thumbnails.get


def _loads(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _from_error(exc: Exception, media: MediaInfo) -> _Read:
    import c2pa

    text = str(exc)
    log.debug("c2pa error %s: %s", type(exc).__name__, text)
    if isinstance(exc, c2pa.C2paError.ManifestNotFound):
        return _Read()
    if text.startswith("Remote") or isinstance(exc, c2pa.C2paError.RemoteManifest):
        match = _URL.search(text)
        url = match.group(0) if match else None
        online = (
            _("The credentials are stored online at {url}.").format(url=url)
            if url
            else _("The credentials are stored online.")
        )
        return _Read(
            state=ValidationState.COULD_NOT_READ,
            remote_url=url,
            problem=online
            + " "
            + _(
                "CredLabel does not go online, so they could not be checked; open that "
                "address or use an online verifier."
            ),
        )
    if isinstance(exc, c2pa.C2paError.NotSupported):
        return _Read(
            state=ValidationState.COULD_NOT_READ,
            problem=_(
                "Content Credentials cannot be read from {kind}. Types that work: {types}."
            ).format(kind=type_name(media), types=signable_type_names()),
        )
    return _Read(state=ValidationState.COULD_NOT_READ, problem=damaged_sentence(text))


def _read_sidecar_bytes(path: Path) -> bytes:
    if path.stat().st_size > MAX_SIDECAR_BYTES:
        raise OSError(f"the sidecar {path.name} is implausibly large")
    return path.read_bytes()


# -- a .c2pa opened on its own ------------------------------------------------------------


def _read_lone_sidecar(media: MediaInfo, profile: TrustProfile | None, views: _Views) -> FileReport:
    path = media.path
    alone = _read_standalone(path, profile, views)
    if alone.store is None:
        return _report(path, media, alone, profile)
    for asset in _sidecar_candidates(path, alone.store):
        asset_media = probe(asset)
        paired = _read(asset, asset_media, profile, views, manifest_path=path)
        if paired.store is not None and not _hash_mismatch(paired.store):
            note = _(
                "This .c2pa file holds the Content Credentials of {name}; "
                "they were checked together with it."
            ).format(name=asset.name)
            paired = replace(paired, problem=paired.problem or note)
            return _report(path, media, paired, profile, sidecar=path, sidecar_for=asset.name)
    alone = replace(
        alone,
        state=ValidationState.COULD_NOT_READ,
        problem=_(
            "This .c2pa file only holds Content Credentials. They can be checked only "
            "together with the file they belong to, which was not found next to it; "
            "open that file instead (named NAME.c2pa → NAME.jpg, for example)."
        ),
    )
    return _report(path, media, alone, profile)


def _read_standalone(path: Path, profile: TrustProfile | None, views: _Views) -> _Read:
    import c2pa

    try:
        with path.open("rb") as stream:
            reader = c2pa.Reader(SIDECAR_MIME, stream, None, reading_context(profile))
            try:
                return _collect(reader, views)
            finally:
                reader.close()
    except c2pa.C2paError as exc:
        return _from_error(exc, probe(path))
    except Exception as exc:
        return _Read(state=ValidationState.COULD_NOT_READ, problem=f"{_(DAMAGED)} ({exc!r})")


def _sidecar_candidates(sidecar: Path, store: dict[str, Any]) -> list[Path]:
    """Files nearby that may be the sidecar's asset: same stem first, then names ending
    with the manifest's recorded title (`C.jpg` → `rs_C.jpg`)."""
    titles = {
        str(m.get("title"))
        for m in (store.get("manifests") or {}).values()
        if isinstance(m, dict) and m.get("title")
    }
    try:
        siblings = sorted(p for p in sidecar.parent.iterdir() if p.suffix != SIDECAR_SUFFIX)
    except OSError:
        return []
    same_stem = [p for p in siblings if p.stem == sidecar.stem]
    titled = [p for p in siblings if any(p.name.endswith(t) for t in titles)]
    ordered = [p for p in dict.fromkeys(same_stem + titled) if _is_asset(p)]
    return ordered[:MAX_SIDECAR_CANDIDATES]


def _is_asset(path: Path) -> bool:
    try:
        if not path.is_file():
            return False
        with path.open("rb") as fh:
            return detect_mime(fh.read(4096), path) not in (None, SIDECAR_MIME)
    except OSError:
        return False


def _hash_mismatch(store: dict[str, Any]) -> bool:
    return any(s.code in _HASH_MISMATCH for s in _store_status(store) if s.kind == "failure")
