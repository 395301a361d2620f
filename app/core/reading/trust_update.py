"""Replace the public trust lists with newer copies: from a folder, or downloaded from their
published locations when the user asks (the only network use besides a timestamp server).

Every file is checked before anything is written (certificates must parse, the EKU list
must hold OIDs): an HTML error page or a truncated download never replaces a good list.
Each list is then written with `safe_write` (temporary file, atomic rename) into
`<data>/trust-lists/`, and `origin.json` records where and when each came from. The bundled
copies are never touched; `trust_lists` falls back to them whenever an update is unusable.
"""

from __future__ import annotations

import ipaddress
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.core import safe_write
from app.core.about import APP_NAME, __version__
from app.core.reading.trust_lists import (
    ORIGIN_FILE,
    SPECS,
    ListSpec,
    TrustListError,
    check_list,
    ensure_updated_folder,
    lote_is_usable,
    now_utc,
)

MAX_DOWNLOAD = 16 * 1024 * 1024  # the largest list is ~200 KB
TIMEOUT_S = 30.0
Fetcher = Callable[[str], bytes]


@dataclass(frozen=True)
class UpdateResult:
    """What an update replaced, and from where."""

    source: str  # the folder or the base URLs
    updated: tuple[str, ...]  # list titles replaced
    counts: Mapping[str, int]  # title → certificates (or EKU OIDs) now in force


def update_from_folder(folder: Path) -> UpdateResult:
    """Take every list found in `folder` (by its published or its bundled name)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise TrustListError(f"{folder} is not a folder.")
    found: dict[str, bytes] = {}
    for spec in SPECS:
        for name in dict.fromkeys((spec.published_name, spec.filename)):
            if (folder / name).is_file():
                found[spec.filename] = _read_limited(folder / name)
                break
        if spec.details_name and (folder / spec.details_name).is_file():
            found[spec.details_name] = _read_limited(folder / spec.details_name)
    if not any(spec.filename in found for spec in SPECS):
        names = ", ".join(spec.published_name for spec in SPECS)
        raise TrustListError(f"No trust list was found in {folder} (looked for {names}).")
    return _install(found, str(folder))


def update_from_web(
    bases: Mapping[str, str] | None = None, fetch: Fetcher | None = None
) -> UpdateResult:
    """Download every list from its published location. `bases` replaces a published base
    URL by another (a mirror); `fetch` is the downloader (default: HTTPS with urllib)."""
    bases = bases or {}
    fetch = fetch or download
    found: dict[str, bytes] = {}
    used: dict[str, None] = {}
    for spec in SPECS:
        base = bases.get(spec.base_url, spec.base_url)
        used[base] = None
        found[spec.filename] = fetch(base + spec.published_name)
        if spec.details_name:
            details = _optional(fetch, base + spec.details_name)
            if details is not None and lote_is_usable(details):
                found[spec.details_name] = details
    return _install(found, ", ".join(used))


def download(url: str) -> bytes:
    """GET `url` over HTTPS (plain HTTP only to this computer, for mirrors and tests)."""
    check_url(url)
    request = urllib.request.Request(url, headers={"User-Agent": f"{APP_NAME}/{__version__}"})
    try:
        with _OPENER.open(request, timeout=TIMEOUT_S) as response:
            data: bytes = response.read(MAX_DOWNLOAD + 1)
    except urllib.error.HTTPError as exc:
        raise TrustListError(f"{url} answered {exc.code} {exc.reason}.") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TrustListError(f"{url} could not be downloaded: {reason}.", str(exc)) from exc
    if len(data) > MAX_DOWNLOAD:
        raise TrustListError(f"{url} is far larger than a trust list; nothing was replaced.")
    return data


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to an address `check_url` accepts (never HTTPS → HTTP)."""

    def redirect_request(self, *args: Any) -> Any:  # (req, fp, code, msg, headers, newurl)
        check_url(str(args[-1]))
        return super().redirect_request(*args)


_OPENER = urllib.request.build_opener(_CheckedRedirects)


def check_url(url: str) -> None:
    """Only HTTPS, or HTTP to a loopback address: lists must not be swapped on the way."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and _is_loopback(parts.hostname or ""):
        return
    raise TrustListError(f"Trust lists are downloaded over HTTPS only, not from {url}.")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _optional(fetch: Fetcher, url: str) -> bytes | None:
    try:
        return fetch(url)
    except TrustListError:
        return None  # the dates document is a nicety; the list itself is what counts


def _read_limited(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_DOWNLOAD:
            raise TrustListError(f"{path} is far larger than a trust list.")
        return path.read_bytes()
    except OSError as exc:
        raise TrustListError(f"{path} could not be read.", str(exc)) from exc


def _install(found: Mapping[str, bytes], source: str) -> UpdateResult:
    """Check everything first, then write each list atomically, then record the origin."""
    counts: dict[str, int] = {}
    for spec in SPECS:
        if spec.filename in found:
            counts[spec.title] = _checked(spec, found[spec.filename], source)
    folder = ensure_updated_folder()
    now = now_utc()
    origins = _origins(folder)
    for name, data in found.items():
        safe_write.write_file(folder / name, data, overwrite=True, what="the trust list")
        origins[name] = {"from": source, "on": now.isoformat()}
    text = json.dumps(origins, indent=2, sort_keys=True).encode()
    safe_write.write_file(folder / ORIGIN_FILE, text, overwrite=True, what="the trust list")
    return UpdateResult(source, tuple(counts), counts)


def _checked(spec: ListSpec, data: bytes, source: str) -> int:
    count = check_list(spec, data, f"{spec.published_name} from {source}")
    if count == 0:
        raise TrustListError(f"{spec.published_name} from {source} is empty; nothing replaced.")
    return count


def _origins(folder: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((folder / ORIGIN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {str(k): v for k, v in data.items() if isinstance(v, dict)}
        if isinstance(data, dict)
        else {}
    )
