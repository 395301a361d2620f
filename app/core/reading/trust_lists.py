"""The public C2PA trust lists: the copies bundled with the app, newer copies the user
fetched, their dates, and updating them.

Five lists make up the "Content Credentials trust lists" profile (`app.core.reading.trust`):
the official C2PA Trust List, the C2PA time-stamp authority list, and the interim list the
Verify site still uses (anchors, individually allowed signer certificates, accepted EKUs).
The bundled copies live in `resources/trust/`; `credlabel trust update` writes newer copies
to `<data>/trust-lists/`, which then win as long as they parse. A broken or missing update
falls back to the bundled copy, so reading never depends on an update having worked.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.core.errors import CredLabelError
from app.core.i18n import N_, _
from app.core.paths import private_folder, user_folders
from app.core.reading.der import DerError, parse_certificate, pem_block_count, pem_certificates
from app.core.resources import resource_path

log = logging.getLogger(__name__)

C2PA_SOURCE = "c2pa_trust_list"
INTERIM_SOURCE = "interim_trust_list"
ORIGIN_FILE = "origin.json"
_OID_LINE = re.compile(r"^\d+(\.\d+)+$")
_OFFICIAL_BASE = "https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/"
_INTERIM_BASE = "https://contentcredentials.org/trust/"


class TrustListError(CredLabelError):
    """A trust list could not be read, checked, fetched or stored."""


@dataclass(frozen=True)
class ListSpec:
    """One public list: where it is published, how it is named, what it holds."""

    key: str
    title: str
    filename: str  # as bundled in resources/trust and stored after an update
    published_name: str  # the name at its published location (and in a folder)
    base_url: str
    kind: str  # "certificates" | "eku"
    source: str | None  # the `trust_source` it vouches as (None: time-stamp authorities)
    details_name: str | None = None  # the LoTE JSON that carries the dates
    as_of: str | None = None  # the bundled copy's date when the list carries none

    @property
    def url(self) -> str:
        return self.base_url + self.published_name

    @property
    def details_url(self) -> str | None:
        return self.base_url + self.details_name if self.details_name else None


SPECS: tuple[ListSpec, ...] = (
    ListSpec(
        "c2pa",
        N_("C2PA Trust List"),  # titles: `_()` where shown
        "C2PA-TRUST-LIST.pem",
        "C2PA-TRUST-LIST.pem",
        _OFFICIAL_BASE,
        "certificates",
        C2PA_SOURCE,
        details_name="C2PA-TRUST-LIST.json",
    ),
    ListSpec(
        "c2pa-tsa",
        N_("C2PA TSA Trust List (time-stamp authorities)"),
        "C2PA-TSA-TRUST-LIST.pem",
        "C2PA-TSA-TRUST-LIST.pem",
        _OFFICIAL_BASE,
        "certificates",
        None,
        details_name="C2PA-TSA-TRUST-LIST.json",
    ),
    ListSpec(
        "interim-anchors",
        N_("Interim trust list: known issuers (used by the Verify site)"),
        "interim-anchors.pem",
        "anchors.pem",
        _INTERIM_BASE,
        "certificates",
        INTERIM_SOURCE,
        as_of="2025-08-28",
    ),
    ListSpec(
        "interim-allowed",
        N_("Interim trust list: individually allowed signer certificates"),
        "interim-allowed.pem",
        "allowed.pem",
        _INTERIM_BASE,
        "certificates",
        INTERIM_SOURCE,
        as_of="2025-08-28",
    ),
    ListSpec(
        "interim-eku",
        N_("Interim trust list: accepted signing purposes (EKUs)"),
        "interim-store.cfg",
        "store.cfg",
        _INTERIM_BASE,
        "eku",
        INTERIM_SOURCE,
        as_of="2025-08-28",
    ),
)


@dataclass(frozen=True)
class LoadedList:
    """A list as in force now: its text, where it came from and its dates."""

    spec: ListSpec
    text: str
    path: Path
    updated: bool  # False: the bundled copy
    fetched_from: str | None  # a folder or URL, for an updated copy
    fetched_on: datetime | None
    count: int  # certificates, or EKU OIDs
    issued: datetime | None
    next_update: datetime | None

    def out_of_date(self, now: datetime) -> bool:
        return self.next_update is not None and now > self.next_update


def bundled_folder() -> Path:
    return resource_path("trust")


def updated_folder() -> Path:
    return user_folders().data / "trust-lists"


def now_utc() -> datetime:
    """The clock the freshness check uses (one place, so tests can set the date)."""
    return datetime.now(UTC)


def load_lists() -> tuple[LoadedList, ...]:
    """Every list in force: an updated copy when it is usable, else the bundled one."""
    origins = _read_origins(updated_folder())
    return tuple(_load(spec, origins.get(spec.filename)) for spec in SPECS)


def list_text(key: str) -> str:
    """The text of one list in force (`"c2pa"`, `"interim-eku"`, ...)."""
    for item in load_lists():
        if item.spec.key == key:
            return item.text
    raise KeyError(key)


def stale_notice(lists: Iterable[LoadedList] | None = None, now: datetime | None = None) -> str:
    """One sentence when a list is past its next-update date; "" when all are current."""
    now = now or now_utc()
    old = [item for item in (lists if lists is not None else load_lists()) if item.out_of_date(now)]
    if not old:
        return ""
    names = ", ".join(_(item.spec.title) for item in old)
    due = min(item.next_update for item in old if item.next_update is not None)
    return _(
        "The trust lists are out of date ({names}: a newer edition was due on "
        "{due}). Files still read, but a recently added issuer may show "
        "as not recognized; run `credlabel trust update` or use Preferences → Update lists."
    ).format(names=names, due=due.date().isoformat())


def _load(spec: ListSpec, origin: dict[str, Any] | None) -> LoadedList:
    updated = updated_folder() / spec.filename
    if origin is not None and updated.is_file():
        try:
            return _loaded(spec, updated, origin)
        except TrustListError as exc:
            log.warning("updated trust list %s unusable, using the bundled copy: %s", updated, exc)
    return _loaded(spec, bundled_folder() / spec.filename, None)


def _loaded(spec: ListSpec, path: Path, origin: dict[str, Any] | None) -> LoadedList:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustListError(f"The trust list {path} could not be read.", str(exc)) from exc
    # Every read loads the lists. An updated copy's structure is checked here without
    # cryptography (~25 ms to import), so a damaged one falls back to the bundled copy; a
    # download is checked in full before it is stored (trust_update). The bundled copies
    # are part of the installed app, checked in full by the tests
    # (tests/unit/core/reading/test_trust_lists.py): they are counted, not walked (walking
    # their ~160 certificates took ~2.5 ms of every `credlabel inspect`).
    if origin is None and spec.kind == "certificates":
        count = pem_block_count(data)
    else:
        count = check_list(spec, data, str(path), thorough=False)
    issued, next_update = _dates(spec, path.parent, origin)
    return LoadedList(
        spec=spec,
        text=data.decode("utf-8", errors="replace"),
        path=path,
        updated=origin is not None,
        fetched_from=str(origin.get("from")) if origin else None,
        fetched_on=_parse_date(origin.get("on")) if origin else None,
        count=count,
        issued=issued,
        next_update=next_update,
    )


def check_list(spec: ListSpec, data: bytes, where: str, *, thorough: bool = True) -> int:
    """How many certificates (or EKU OIDs) `data` holds; TrustListError when it is not a
    usable list of that kind (an HTML error page, a truncated download, ...). `thorough`:
    cryptography loads every certificate; else each one's DER structure is walked."""
    if spec.kind == "eku":
        return _check_eku(data, where)
    try:
        if thorough:
            from cryptography import x509

            return len(x509.load_pem_x509_certificates(data))
        return _structure_checked(data)
    except ValueError as exc:  # DerError is one too
        raise TrustListError(
            f"{where} is not a list of certificates ({spec.title}).", str(exc)
        ) from exc


@lru_cache(maxsize=16)  # by content: inspect loads the lists twice (notice, profile)
def _structure_checked(data: bytes) -> int:
    certificates = [parse_certificate(der) for der in pem_certificates(data)]
    if not certificates:
        raise DerError("no certificate in it")
    return len(certificates)


def _check_eku(data: bytes, where: str) -> int:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TrustListError(f"{where} is not a text list of signing purposes.") from exc
    oids = 0
    for line in (raw.strip() for raw in text.splitlines()):
        if not line or line.startswith("//"):
            continue
        if not _OID_LINE.match(line):
            raise TrustListError(f"{where} is not a list of signing purposes (line: {line[:60]}).")
        oids += 1
    if oids == 0:
        raise TrustListError(f"{where} names no signing purpose.")
    return oids


def _dates(
    spec: ListSpec, folder: Path, origin: dict[str, Any] | None
) -> tuple[datetime | None, datetime | None]:
    """Issue and next-update dates: from the LoTE JSON beside the list, else the bundled
    "as of" date (or the day an updated copy was fetched) and no next-update date."""
    if spec.details_name:
        details = _lote_dates(folder / spec.details_name)
        if details is not None:
            return details
    if origin is not None:
        return _parse_date(origin.get("on")), None
    return (_parse_date(spec.as_of) if spec.as_of else None), None


def _lote_dates(path: Path) -> tuple[datetime | None, datetime | None] | None:
    try:
        return _lote_text_dates(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=8)  # by content: 50-70 KB of JSON, loaded twice by every inspect
def _lote_text_dates(text: str) -> tuple[datetime | None, datetime | None] | None:
    try:
        info = json.loads(text)["LoTE"]["ListAndSchemeInformation"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(info, dict):
        return None
    return _parse_date(info.get("ListIssueDateTime")), _parse_date(info.get("NextUpdate"))


def lote_is_usable(data: bytes) -> bool:
    """A LoTE details document that at least has its scheme information."""
    try:
        info = json.loads(data.decode("utf-8"))["LoTE"]["ListAndSchemeInformation"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return False
    return isinstance(info, dict)


def _parse_date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _read_origins(folder: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((folder / ORIGIN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def ensure_updated_folder() -> Path:
    return private_folder(updated_folder())
