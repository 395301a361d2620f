"""The manifest without its checks: who signed, with which app, what it says about AI.

`quick_read` opens a c2pa Reader with `verify.verify_after_reading` off, so nothing of the
file is hashed and no signature is checked: for a 1 GB video it returns in milliseconds
while the validating read (`app.core.reading.credentials.read_file`) takes seconds. It is
for two things only:

- a summary shown while the real check runs (issuer, app, AI verdict, history, all marked
  "checking…"); the window replaces it with the validating read's report when that ends;
- the export, which needs the original's manifests to build the new one, while the
  original's validation comes from the parent ingredient the c2pa Builder records (the
  Builder checks the original anyway; checking it a second time doubled the work).

With verification off, c2pa reports the store as `Invalid`: that means "not checked", never
tampering, so a `QuickRead` has no validation state at all (`checked` is always False) and
its `as_report` takes the state the caller knows from elsewhere.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.media.probe import probe
from app.core.media.structure import mentions_credentials, structure_problem
from app.core.model import (
    AiVerdict,
    AiVerdictKind,
    FileReport,
    Manifest,
    MediaInfo,
    ValidationState,
)
from app.core.reading.ai_verdict import ai_verdict
from app.core.reading.credentials_parse import StoreParser
from app.core.reading.trust import TrustProfile, reading_context

__all__ = ["QuickRead", "quick_read"]

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".c2pa"
UNCHECKED = {"verify": {"verify_after_reading": False}}
# Types c2pa reads whole even to find no manifest (an MP4's boxes are walked: ~3 ms).
WHOLE_FILE_TYPES = frozenset({"image/jpeg", "image/png"})


@dataclass(frozen=True)
class QuickRead:
    """What the manifest says, unchecked. `readable` is False when the credentials could
    not even be parsed (then `problem` says why); `has_credentials` is False when the file
    has none embedded. A sidecar or a lone .c2pa is never read here (`needs_full_read`)."""

    media: MediaInfo
    has_credentials: bool = False
    readable: bool = True
    needs_full_read: bool = False
    problem: str | None = None
    active_manifest: str | None = None
    manifests: Mapping[str, Manifest] = field(default_factory=dict)
    ai: AiVerdict = field(default_factory=lambda: AiVerdict(AiVerdictKind.NO_CREDENTIALS))
    raw_json: str | None = None
    checked: bool = False  # always: nothing was validated

    @property
    def active(self) -> Manifest | None:
        return self.manifests.get(self.active_manifest) if self.active_manifest else None

    @property
    def issuer(self) -> str | None:
        """Who signed the newest manifest (the certificate's organization or name)."""
        active = self.active
        signature = active.signature if active else None
        if signature is None:
            return None
        return signature.organization or signature.common_name

    @property
    def app(self) -> str | None:
        """The app or device that made the newest manifest."""
        active = self.active
        return active.claim_generator if active else None

    def as_report(self, state: ValidationState, profile: TrustProfile | None) -> FileReport:
        """A `FileReport` with these manifests and the `state` the caller knows (from the
        parent ingredient the Builder recorded, for example). Never call it with a state
        that was not established by a validating read."""
        return FileReport(
            path=self.media.path,
            media=self.media,
            state=state,
            ai=self.ai,
            active_manifest=self.active_manifest,
            manifests=self.manifests,
            problem=self.problem,
            trust_profile=profile.name if profile else "none",
            raw_json=self.raw_json,
        )


def quick_read(
    path: Path, profile: TrustProfile | None = None, *, media: MediaInfo | None = None
) -> QuickRead:
    """The unchecked manifest of `path` (see the module docstring). `media`: the probe
    result when the caller has it (no second probe; else only the type is sniffed, no decoder
    is loaded). Never raises for a bad file; a path
    that cannot be read at all raises `UnreadableFileError` (from the probe)."""
    import c2pa

    media = media or probe(Path(path), deep=False)
    path = media.path
    if media.mime == "application/c2pa" or _has_sidecar(path):
        return QuickRead(media, needs_full_read=True)
    odd = structure_problem(path, media.mime)
    if odd is not None:
        return QuickRead(media, has_credentials=True, readable=False, problem=odd)
    if media.mime in WHOLE_FILE_TYPES and not mentions_credentials(path, media.mime):
        return QuickRead(media)  # c2pa would read the whole picture to find nothing
    try:
        with path.open("rb") as stream:
            reader = c2pa.Reader.try_create(
                _format(media), stream, None, reading_context(profile, **UNCHECKED)
            )
            if reader is None:
                return QuickRead(media)
            try:
                raw = reader.json()
            finally:
                reader.close()
    except Exception as exc:  # c2pa errors, OSError, and odd stores (KeyError, ValueError)
        # A remote-only manifest, a damaged store, an unsupported type: the validating read
        # gives the sentence for each; here it is only "not readable without checking".
        log.debug("quick read failed on %s", path, exc_info=True)
        return QuickRead(media, has_credentials=True, readable=False, problem=str(exc))
    return _parsed(media, raw)


def _parsed(media: MediaInfo, raw: str) -> QuickRead:
    store: dict[str, Any] = json.loads(raw)
    manifests = StoreParser(store, None, lambda _identifier: None).manifests()
    active = store.get("active_manifest")
    active = active if isinstance(active, str) and active in manifests else None
    return QuickRead(
        media,
        has_credentials=True,
        active_manifest=active,
        manifests=manifests,
        ai=ai_verdict(manifests, active),
        raw_json=raw,
    )


def _format(media: MediaInfo) -> str | None:
    import c2pa

    supported = set(c2pa.Reader.get_supported_mime_types())
    return media.mime if media.mime in supported else None


def _has_sidecar(path: Path) -> bool:
    candidate = path.with_suffix(SIDECAR_SUFFIX)
    return candidate != path and candidate.is_file()
