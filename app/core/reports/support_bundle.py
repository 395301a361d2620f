"""Support bundles: one zip with everything support staff need to see what the creator saw.

`write_bundle(file, out_zip, profile=...)` reads the file and writes:

| member | what |
|---|---|
| `manifest.json` | index: bundle version, when, state, which members, redaction |
| `summary.json` | `report_to_dict` (the `credlabel inspect --json` report) |
| `summary.en.json` | the same in English, when the creator's language is another one |
| `detailed.json` | the same plus the library's raw views (json, detailed_json, crjson) |
| `validation.json` | the state, every check, and the library's validation results |
| `media.json` | the media probe |
| `versions.json` | CredLabel, c2pa, Qt (when given), Pillow, PyAV, Python, OS |
| `trust_profile.json` | profile name, description, anchor subjects and SHA-256 fingerprints |
| `settings.json` | the settings file as stored, when there is one |
| `choices.json` | the creator's choices: trust profile, language, naming, disclosure |
| `log.txt` | the end of the log file |
| `report.html` | the printable report, without pictures |

Never included: private keys, passphrases, identity files, pictures of the content, the
recent-file list and last folder. Every member is scrubbed of PEM private-key blocks. By
default (`Redactor`) the creator's own details are replaced where they occur, as whole
tokens, never inside other words: the home folder in paths becomes `~`; the login name in
paths and the account's display name become `<user>`; the names and ids of the signing
identities on this computer (in the log, the trust profile's anchors and sources) become
`<identity>`; recent files named in the log become `<recent file>`. The bundled file's own
credentials (its signer, title, tools) are kept as they are: they are what support needs,
and they travel with the file anyway. `read_bundle` opens a bundle again (the GUI shows
its report as if the file were open), and it reads as the same report.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from app.core import safe_write
from app.core.errors import CredLabelError
from app.core.model import FileReport
from app.core.paths import user_folders
from app.core.reading.credentials import read_file
from app.core.reading.trust import TrustProfile
from app.core.reports.bundle_choices import creator_choices
from app.core.reports.english import english_summary
from app.core.reports.from_json import report_from_dict
from app.core.reports.html_report import render_html
from app.core.reports.json_report import media_to_dict, report_to_dict, status_to_dict

BUNDLE_FORMAT = "credlabel-support-bundle"
BUNDLE_VERSION = 1
LOG_TAIL_BYTES = 256 * 1024
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # reading a bundle: refuse absurd members
# Account names that identify nobody; replacing them would mangle words like "root.pem".
GENERIC_USERS = frozenset({"root", "user", "admin", "administrator", "guest", "runner"})
USER_TOKEN, IDENTITY_TOKEN, RECENT_TOKEN = "<user>", "<identity>", "<recent file>"
# A path in free text (the log): from a leading /, ~ or drive letter up to a blank or quote.
_PATH_IN_TEXT = re.compile(r"(?:(?<![\w.])~|(?<![\w.])/|\b[A-Za-z]:\\)[^\s\"'<>|]*")
# Settings support does not need: what the creator opened, and where.
LEFT_OUT_SETTINGS = frozenset({"recent_files", "last_folder", "default_identity"})
PATH_SETTINGS = frozenset({"extra_trust_anchors", "test_trust_file"})
LEFT_OUT = (
    "the recent-file list and last folder",
    "the names of this computer's signing identities (outside the file's own credentials)",
    "the account's display name and login name",
)
_PRIVATE_PEM = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)",
    re.DOTALL,
)
_SECRET_KEYS = re.compile(r"pass|secret|private|token|key_?pem", re.IGNORECASE)
MEMBERS = {
    "manifest.json": "this index",
    "summary.json": "the report (credlabel inspect --json)",
    "summary.en.json": "the same report in English (when the app spoke another language)",
    "detailed.json": "the report with the library's raw views",
    "validation.json": "state, checks and the library's validation results",
    "media.json": "the media probe",
    "versions.json": "versions of CredLabel, c2pa, Qt and the OS",
    "trust_profile.json": "the trust profile (names and fingerprints, no certificates)",
    "settings.json": "the settings file",
    "choices.json": "the creator's choices: trust profile, language, naming, disclosure",
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
    choices: dict[str, Any] = dataclasses.field(default_factory=dict)  # `bundle_choices`

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
    disclosure: dict[str, Any] | None = None,
) -> Path:
    """Read `path_in` and write its support bundle to `out_zip` (atomically, through
    `app.core.safe_write`: never over `path_in`, nor over an existing file unless
    `overwrite`)."""
    out_zip = safe_write.check_destination(
        out_zip, overwrite=overwrite, protected=(Path(path_in),), what="the support bundle"
    )
    report = read_file(Path(path_in), profile, detailed=True)
    redactor = Redactor.for_this_account(keep=report.path) if redact_home else Redactor()
    members = bundle_members(report, profile, qt_version=qt_version, redactor=redactor)
    members["choices.json"] = _dump(creator_choices(profile, disclosure))
    clean = redactor.member
    members["manifest.json"] = _dump(_index(report, sorted(members), redactor, redact_home))

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
    report: FileReport,
    profile: TrustProfile | None,
    *,
    qt_version: str | None = None,
    redactor: Redactor | None = None,
) -> dict[str, str]:
    """Every member's text except the index, the creator's details replaced by `redactor`
    where they occur (private keys are removed later, from every member's text)."""
    from app.core.versions import library_versions

    redactor = redactor or Redactor()
    report = _redacted_report(report, redactor)
    members = {
        "summary.json": _dump(report_to_dict(report)),
        "detailed.json": _dump(report_to_dict(report, include_raw=True)),
        "validation.json": _dump(_validation(report)),
        "media.json": _dump(media_to_dict(report.media)),
        "versions.json": _dump(library_versions(qt_version)),
        "trust_profile.json": _dump(_profile(profile, redactor)),
        "log.txt": redactor.text(log_tail()),
        "report.html": render_html(report, include_thumbnails=False),
    }
    english = english_summary(report)  # support reads English beside the creator's words
    if english is not None:
        members["summary.en.json"] = _dump(english)
    settings = _settings(redactor)
    if settings is not None:
        members["settings.json"] = _dump(settings)
    return members


def _redacted_report(report: FileReport, redactor: Redactor) -> FileReport:
    """The report with its own paths redacted; what the file's credentials say is kept."""
    path = Path(redactor.path(str(report.path)))
    sidecar = Path(redactor.path(str(report.sidecar))) if report.sidecar else None
    sidecar_for = redactor.path(report.sidecar_for) if report.sidecar_for else None
    problem = redactor.text(report.problem) if report.problem else report.problem
    media_problem = redactor.text(report.media.problem) if report.media.problem else None
    media = dataclasses.replace(report.media, path=path, problem=media_problem)
    return dataclasses.replace(
        report, path=path, sidecar=sidecar, sidecar_for=sidecar_for, problem=problem, media=media
    )


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def _index(
    report: FileReport, names: list[str], redactor: Redactor, redacted: bool
) -> dict[str, Any]:
    left_out = LEFT_OUT if redacted else LEFT_OUT[:1]
    return {
        "format": BUNDLE_FORMAT,
        "bundle_version": BUNDLE_VERSION,
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "file_name": redactor.path(report.path.name),
        "state": report.state.value,
        "state_label": report.state.label,
        "redacted": redacted,
        "left_out": list(left_out),
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


def _profile(profile: TrustProfile | None, redactor: Redactor) -> dict[str, Any]:
    if profile is None:
        return {"name": "none", "anchors": []}
    # The local profile's anchors are the roots of this computer's identities, named after
    # them: the fingerprints identify them for support, the names are left out.
    anchors = [
        {"subject": redactor.path(a["subject"]), "sha256": a["sha256"]}
        for a in anchor_fingerprints(profile.anchors_pem)
    ]
    return {
        "name": profile.name,
        "description": profile.description,
        "anchor_count": profile.anchor_count,
        "anchors": anchors,
        "sources": [redactor.path(str(p)) for p in profile.sources],
        # Which edition of the public lists judged the file (they are public: no redaction).
        "public_lists": _public_lists() if profile.public_anchors_pem else [],
    }


def _public_lists() -> list[dict[str, Any]]:
    from app.core.reading.trust_lists import load_lists

    return [
        {
            "key": item.spec.key,
            "count": item.count,
            "issued": item.issued.isoformat() if item.issued else None,
            "next_update": item.next_update.isoformat() if item.next_update else None,
            "updated": item.updated,
        }
        for item in load_lists()
    ]


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


def _settings(redactor: Redactor) -> dict[str, Any] | None:
    """The settings file as stored (read directly: loading it could move a bad file
    aside), minus what support does not need (recent files, last folder, default
    identity) and anything whose name suggests a secret; paths redacted."""
    path = user_folders().settings_file
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return {"unreadable": str(exc)}
    if not isinstance(data, dict):
        return {"unreadable": "the top level is not an object"}
    return {k: _setting(k, v, redactor) for k, v in data.items() if k not in LEFT_OUT_SETTINGS}


def _setting(key: str, value: Any, redactor: Redactor) -> Any:
    if _SECRET_KEYS.search(key):
        return "<removed>"
    if key in PATH_SETTINGS:
        if isinstance(value, str):
            return redactor.path(value)
        if isinstance(value, list):
            return [redactor.path(v) if isinstance(v, str) else v for v in value]
    return value


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


@dataclass(frozen=True)
class Redactor:
    """Replaces the creator's own details as whole tokens, in the places they occur.

    `path()` is for fields that are paths, `text()` for free text (the log), `member()`
    for every member's final text (private keys, and the home folder where it still
    appears as a whole path component)."""

    home: str = ""
    login: str = ""  # the account's login name
    names: tuple[str, ...] = ()  # the account's display name
    identities: tuple[str, ...] = ()  # every signing identity's name and id
    recent: tuple[str, ...] = ()  # recent files, other than the bundled one

    @classmethod
    def for_this_account(cls, keep: Path | None = None) -> Redactor:
        """The details of the account running this (`keep`: the bundled file)."""
        from app.core.signing.identity_files import account_name
        from app.core.signing.identity_store import IdentityStore

        home = str(Path.home())
        login = _user_name()
        display = account_name().strip()
        identities: list[str] = []
        try:
            for identity in IdentityStore().list():
                identities += [identity.id, identity.name]
        except (OSError, CredLabelError):
            pass  # no identity store: nothing of it to redact
        kept = str(Path(keep).absolute()) if keep is not None else None
        return cls(
            home=home if len(home) > 1 else "",
            login="" if login.lower() in GENERIC_USERS else login,
            names=tuple(_distinct([display], login)),
            identities=tuple(_distinct(identities, login)),
            recent=tuple(p for p in _recent_files() if p and p != kept),
        )

    def path(self, text: str) -> str:
        """A path: the home folder prefix becomes `~`, names in it tokens."""
        home = self.home
        if home and (text == home or text.startswith((home + "/", home + "\\"))):
            text = "~" + text[len(home) :]
        text = _replace_words(text, self.identities, IDENTITY_TOKEN)
        return _replace_words(text, (*self.names, self.login), USER_TOKEN)

    def text(self, text: str) -> str:
        """Free text: recent files, every path in it, identity and display names."""
        for recent in sorted(self.recent, key=len, reverse=True):
            text = text.replace(recent, RECENT_TOKEN)
        text = _PATH_IN_TEXT.sub(lambda m: self.path(m.group()), text)
        text = _replace_words(text, self.identities, IDENTITY_TOKEN)
        return _replace_words(text, self.names, USER_TOKEN)

    def member(self, text: str) -> str:
        """A member's final text: no private-key block, no home folder as a whole path."""
        text = _PRIVATE_PEM.sub("<private key removed>", text)
        if self.home:
            for form in {self.home, json.dumps(self.home)[1:-1]}:
                text = _home_in(form).sub("~", text)
        return text


def _replace_words(text: str, words: Iterable[str], token: str) -> str:
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        text = _word(word).sub(token, text)
    return text


def _word(word: str) -> re.Pattern[str]:
    """`word` standing alone: not inside a longer word, never `al` in `valid_untrusted`."""
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def _home_in(home: str) -> re.Pattern[str]:
    """The home folder as a whole path: `/home/al` but not `/home/alice`."""
    return re.compile(rf"{re.escape(home)}(?=[/\\\s\"'<>]|$)", re.MULTILINE)


def _distinct(names: Iterable[str], login: str) -> list[str]:
    """Names worth replacing: not empty, not generic, not just the login name again."""
    stripped = (name.strip() for name in names)
    return [n for n in stripped if n and n.lower() not in (*GENERIC_USERS, login.lower())]


def _recent_files() -> list[str]:
    try:
        data = json.loads(user_folders().settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    recent = data.get("recent_files") if isinstance(data, dict) else None
    return [str(p) for p in recent] if isinstance(recent, list) else []


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
        choices=_json(texts, "choices.json"),
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
