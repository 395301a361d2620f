"""Support bundles: one zip with everything support staff need to see what the creator saw.

`write_bundle(file, out_zip, profile=...)` reads the file and writes:

| member | what |
|---|---|
| `manifest.json` | index: bundle version, when, state, which members, redaction |
| `summary.json` | `report_to_dict` (the `credlabel inspect --json` report) |
| `detailed.json` | the same plus the library's raw views (json, detailed_json, crjson) |
| `validation.json` | the state, every check, and the library's validation results |
| `media.json` | the media probe |
| `versions.json` | CredLabel, c2pa, Qt (when given), Pillow, PyAV, Python, OS |
| `trust_profile.json` | profile name, description, anchor subjects and SHA-256 fingerprints |
| `settings.json` | the settings file as stored, when there is one |
| `log.txt` | the end of the log file |
| `report.html` | the printable report, without pictures |

Never included: private keys, passphrases, identity files, pictures of the content. Every
member is scrubbed of PEM private-key blocks, and by default the home folder becomes `~`
and the user name `<user>`. `read_bundle` opens a bundle again (the GUI shows its report
as if the file were open).
"""

from __future__ import annotations

import getpass
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from app.core import safe_write
from app.core.credentials import read_file
from app.core.errors import CredLabelError
from app.core.model import FileReport
from app.core.paths import user_folders
from app.core.report_from_json import report_from_dict
from app.core.report_html import render_html
from app.core.report_json import media_to_dict, report_to_dict, status_to_dict
from app.core.trust import TrustProfile

BUNDLE_FORMAT = "credlabel-support-bundle"
BUNDLE_VERSION = 1
LOG_TAIL_BYTES = 256 * 1024
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # reading a bundle: refuse absurd members
# Account names that identify nobody; replacing them would mangle words like "root.pem".
GENERIC_USERS = frozenset({"root", "user", "admin", "administrator", "guest", "runner"})
_PRIVATE_PEM = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)",
    re.DOTALL,
)
_SECRET_KEYS = re.compile(r"pass|secret|private|token|key_?pem", re.IGNORECASE)
MEMBERS = {
    "manifest.json": "this index",
    "summary.json": "the report (credlabel inspect --json)",
    "detailed.json": "the report with the library's raw views",
    "validation.json": "state, checks and the library's validation results",
    "media.json": "the media probe",
    "versions.json": "versions of CredLabel, c2pa, Qt and the OS",
    "trust_profile.json": "the trust profile (names and fingerprints, no certificates)",
    "settings.json": "the settings file",
    "log.txt": "the end of the log",
    "report.html": "the printable report, without pictures",
}


class BundleError(CredLabelError):
    """A support bundle could not be written or read."""


@dataclass(frozen=True)
class BundleView:
    """An opened support bundle: the report as the creator saw it, and the rest."""

    path: Path
    index: dict[str, Any]
    report: FileReport  # rebuilt from summary.json (detailed.json's raw views when present)
    summary: dict[str, Any]
    validation: dict[str, Any]
    media: dict[str, Any]
    versions: dict[str, str]
    trust_profile: dict[str, Any]
    settings: dict[str, Any] | None
    log_tail: str

    def html(self) -> str:
        """The printable report of the bundled file (no pictures: the file is not here)."""
        return render_html(self.report, include_thumbnails=False, versions=self.versions)


def write_bundle(
    path_in: Path,
    out_zip: Path,
    *,
    profile: TrustProfile | None,
    redact_home: bool = True,
    qt_version: str | None = None,
    overwrite: bool = False,
) -> Path:
    """Read `path_in` and write its support bundle to `out_zip` (atomically, through
    `app.core.safe_write`: never over `path_in`, nor over an existing file unless
    `overwrite`)."""
    out_zip = safe_write.check_destination(
        out_zip, overwrite=overwrite, protected=(Path(path_in),), what="the support bundle"
    )
    report = read_file(Path(path_in), profile, detailed=True)
    members = bundle_members(report, profile, qt_version=qt_version)
    clean = make_redactor(redact_home)
    members["manifest.json"] = _dump(_index(report, sorted(members), redact_home))

    def write_zip(handle: BinaryIO) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(members):
                archive.writestr(name, clean(members[name]))

    return safe_write.write_file(
        out_zip,
        write_zip,
        overwrite=overwrite,
        protected=(Path(path_in),),
        what="the support bundle",
    )


def bundle_members(
    report: FileReport, profile: TrustProfile | None, *, qt_version: str | None = None
) -> dict[str, str]:
    """Every member's text except the index (not yet redacted)."""
    from app.core.versions import library_versions

    members = {
        "summary.json": _dump(report_to_dict(report)),
        "detailed.json": _dump(report_to_dict(report, include_raw=True)),
        "validation.json": _dump(_validation(report)),
        "media.json": _dump(media_to_dict(report.media)),
        "versions.json": _dump(library_versions(qt_version)),
        "trust_profile.json": _dump(_profile(profile)),
        "log.txt": log_tail(),
        "report.html": render_html(report, include_thumbnails=False),
    }
    settings = _settings()
    if settings is not None:
        members["settings.json"] = _dump(settings)
    return members


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def _index(report: FileReport, names: list[str], redacted: bool) -> dict[str, Any]:
    return {
        "format": BUNDLE_FORMAT,
        "bundle_version": BUNDLE_VERSION,
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "file_name": report.path.name,
        "state": report.state.value,
        "state_label": report.state.label,
        "redacted": redacted,
        "members": {name: MEMBERS.get(name, "") for name in ["manifest.json", *names]},
    }


def _validation(report: FileReport) -> dict[str, Any]:
    store: dict[str, Any] = {}
    if report.raw_json:
        try:
            store = json.loads(report.raw_json)
        except ValueError:
            store = {}
    return {
        "state": report.state.value,
        "state_label": report.state.label,
        "problem": report.problem,
        "active_manifest": report.active_manifest,
        "status": [status_to_dict(s) for s in report.status],
        "validation_state": store.get("validation_state"),
        "validation_results": store.get("validation_results"),
        "validation_status": store.get("validation_status"),
    }


def _profile(profile: TrustProfile | None) -> dict[str, Any]:
    if profile is None:
        return {"name": "none", "anchors": []}
    return {
        "name": profile.name,
        "description": profile.description,
        "anchor_count": profile.anchor_count,
        "anchors": anchor_fingerprints(profile.anchors_pem),
        "sources": [str(p) for p in profile.sources],
    }


def anchor_fingerprints(pem: str) -> list[dict[str, str]]:
    """Subject and SHA-256 fingerprint of each certificate (the certificates stay out)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    out = []
    try:
        certificates = x509.load_pem_x509_certificates(pem.encode()) if pem else []
    except ValueError:
        return [{"subject": "unreadable", "sha256": ""}]
    for cert in certificates:
        digest = cert.fingerprint(hashes.SHA256()).hex(":")
        out.append({"subject": cert.subject.rfc4514_string(), "sha256": digest})
    return out


def _settings() -> dict[str, Any] | None:
    """The settings file as stored (read directly: loading it could move a bad file
    aside), minus anything whose name suggests a secret."""
    path = user_folders().settings_file
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return {"unreadable": str(exc)}
    if not isinstance(data, dict):
        return {"unreadable": "the top level is not an object"}
    return {k: ("<removed>" if _SECRET_KEYS.search(k) else v) for k, v in data.items()}


def log_tail(limit: int = LOG_TAIL_BYTES) -> str:
    """The last `limit` bytes of the log, from a whole line on; "" without a log."""
    path = user_folders().log_file
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(max(0, size - limit))
            data = fh.read()
    except OSError:
        return ""
    text = data.decode("utf-8", "replace")
    if len(data) >= limit and "\n" in text:
        text = text.split("\n", 1)[1]
    return text


def make_redactor(redact_home: bool) -> Callable[[str], str]:
    """Text → text without private-key blocks, and (when asked) without home paths and
    the user name."""
    replacements: list[tuple[re.Pattern[str], str]] = []
    if redact_home:
        home = str(Path.home())
        if len(home) > 1:
            for form in {home, json.dumps(home)[1:-1]}:
                replacements.append((re.compile(re.escape(form)), "~"))
        user = _user_name()
        if user and len(user) >= 2 and user.lower() not in GENERIC_USERS:
            replacements.append((re.compile(re.escape(user), re.IGNORECASE), "<user>"))

    def clean(text: str) -> str:
        text = _PRIVATE_PEM.sub("<private key removed>", text)
        for pattern, replacement in replacements:
            text = pattern.sub(replacement, text)
        return text

    return clean


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


# -- reading a bundle -----------------------------------------------------------------------


def read_bundle(path: Path) -> BundleView:
    """Open a support bundle; `BundleError` with a sentence when it is not one."""
    try:
        with zipfile.ZipFile(path) as archive:
            texts = {name: _member(archive, name) for name in archive.namelist()}
    except (OSError, zipfile.BadZipFile) as exc:
        sentence = f"{Path(path).name} is not a CredLabel support bundle."
        raise BundleError(sentence, str(exc)) from exc
    index = _json(texts, "manifest.json")
    if index.get("format") != BUNDLE_FORMAT or "summary.json" not in texts:
        raise BundleError(f"{Path(path).name} is not a CredLabel support bundle.")
    detailed = _json(texts, "detailed.json")
    summary = _json(texts, "summary.json")
    return BundleView(
        path=Path(path),
        index=index,
        report=report_from_dict(detailed or summary),
        summary=summary,
        validation=_json(texts, "validation.json"),
        media=_json(texts, "media.json"),
        versions={str(k): str(v) for k, v in _json(texts, "versions.json").items()},
        trust_profile=_json(texts, "trust_profile.json"),
        settings=_json(texts, "settings.json") if "settings.json" in texts else None,
        log_tail=texts.get("log.txt", ""),
    )


def _member(archive: zipfile.ZipFile, name: str) -> str:
    if archive.getinfo(name).file_size > MAX_MEMBER_BYTES:
        raise BundleError(f"The bundle member {name} is implausibly large.")
    return archive.read(name).decode("utf-8", "replace")


def _json(texts: dict[str, str], name: str) -> dict[str, Any]:
    try:
        value = json.loads(texts.get(name, "{}"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


__all__ = [
    "BundleError",
    "BundleView",
    "anchor_fingerprints",
    "read_bundle",
    "write_bundle",
]
