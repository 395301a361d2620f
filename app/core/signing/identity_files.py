"""How signing identities lie on disk: the `Identity` record and owner-only files.

Layout, under `user_folders().identities`:

    default                 the default identity's id (one line)
    <id>/identity.json      name, kind, algorithm, certificate summary (no secrets)
    <id>/chain.pem          leaf first, then intermediates (public)
    <id>/key.pem            PKCS#8; encrypted when the user chose a passphrase
    <id>/root.pem           local identities only: the trust anchor of the "local" profile

A certificate request waiting for its certificate (app/core/signing/pending_identities.py)
has `request.json` and `request.pem` (the CSR) beside its `key.pem`, and no identity.json
yet: writing identity.json and chain.pem is what completes it.

Folders are 0700 and files 0600. Files are created with that mode (never chmod-ed after
the data is in them), written through a temporary file and an atomic rename; a new
identity is written into a hidden folder that is renamed into place in one step, so a crash
never leaves half an identity. `IdentityStore` (app/core/signing/identity_store.py) builds on this.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import logging
import os
import re
import secrets
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from app.core import safe_write
from app.core.errors import IdentityError
from app.core.i18n import _

log = logging.getLogger(__name__)

Kind = Literal["local", "imported"]
DEFAULT_FILE = "default"
META = "identity.json"
CHAIN = "chain.pem"
KEY = "key.pem"
ROOT = "root.pem"
REQUEST_META = "request.json"
REQUEST = "request.pem"
STAGING_PREFIX = ".new-"


@dataclass(frozen=True)
class Identity:
    """What the app shows about a signing identity (never the key)."""

    id: str
    name: str
    kind: Kind
    algorithm: str
    created: str  # ISO 8601, UTC
    subject: str  # the signing (leaf) certificate's subject, RFC 4514
    issuer: str  # the signing certificate's issuer, RFC 4514
    not_after: str  # ISO 8601, UTC: the signing certificate's end of validity
    fingerprint: str  # SHA-256 of the signing certificate
    timestamp_url: str | None = None
    encrypted: bool = False
    is_default: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Identity:
        """Read identity.json; fields a newer CredLabel added are ignored, not fatal.
        Raises ValueError naming what is wrong when it is not an identity record."""
        if not isinstance(data, dict):
            raise ValueError(f"it holds a {type(data).__name__}, not an identity record")
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "is_default"}
        missing = [name for name in _REQUIRED if not isinstance(data.get(name), str)]
        if missing:
            raise ValueError(f"it lacks {', '.join(missing)}")
        if data["kind"] not in ("local", "imported"):
            raise ValueError(f"its kind {data['kind']!r} is unknown")
        if not isinstance(data.get("timestamp_url") or "", str):
            raise ValueError("its timestamp server is not an address")
        if not isinstance(data.get("encrypted", False), bool):
            raise ValueError("its passphrase flag is not true or false")
        return cls(**{k: v for k, v in data.items() if k in fields})


_REQUIRED = (
    *("id", "name", "kind", "algorithm", "created"),
    *("subject", "issuer", "not_after", "fingerprint"),
)


# ---------------------------------------------------------------- owner-only files


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` as an owner-only (0600) file, atomically: the app's one atomic
    writer (`safe_write`) makes the temporary file born 0600, syncs it and renames it."""
    safe_write.write_file(path, data, overwrite=True, mode=0o600, what="the signing identity")


def private_dir(path: Path) -> None:
    """Create `path` (and parents) as an owner-only folder."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)  # mkdir's mode is reduced by the umask; and the folder may pre-exist


def write_identity_folder(folder: Path, identity_id: str, files: dict[str, bytes]) -> None:
    """Write every file into a hidden folder, then rename it to `folder/identity_id`."""
    try:
        private_dir(folder)
        staging = folder / f"{STAGING_PREFIX}{identity_id}"
        private_dir(staging)
    except OSError as exc:
        raise IdentityError(
            _(
                "The signing identity could not be saved in {folder}. "
                "Check that the folder is writable."
            ).format(folder=folder),
            str(exc),
        ) from exc
    try:
        for filename, data in files.items():
            write_private(staging / filename, data)
        staging.replace(folder / identity_id)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise IdentityError(
            _(
                "The signing identity could not be saved in {folder}. "
                "Check the free disk space and try again."
            ).format(folder=folder),
            str(exc),
        ) from exc


def is_pending(folder: Path) -> bool:
    """True for a certificate request still waiting for its certificate."""
    return (folder / REQUEST_META).is_file() and not (folder / META).exists()


def meta_bytes(identity: Identity) -> bytes:
    data = identity.to_json()
    data.pop("is_default")  # kept in the `default` file, so it has one source of truth
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_meta(meta: Path) -> Identity | None:
    """The identity described by `meta`, or None (logged) when it cannot be read."""
    identity, problem = inspect_identity(meta.parent)
    if identity is None:
        log.warning("skipping damaged identity %s: %s", meta.parent.name, problem)
    return identity


def inspect_identity(folder: Path) -> tuple[Identity | None, str]:
    """(the identity in `folder`, "") when it is whole, else (None, what is wrong with it
    in words: "its file key.pem is missing", ...). Reads identity.json and only the first
    bytes of the PEM files; a garbled key body shows when it is used."""
    try:
        text = (folder / META).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, _("its file {name} is missing").format(name=META)
    except (OSError, UnicodeDecodeError) as exc:
        return None, _("its file {name} cannot be read ({why})").format(
            name=META, why=type(exc).__name__
        )
    try:
        identity = Identity.from_json(json.loads(text))
    except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
        not_a_record = _("its file {name} is not a valid identity record ({why})")
        return None, not_a_record.format(name=META, why=exc)
    if identity.id != folder.name:
        return None, _("its file {name} names another identity ({id})").format(
            name=META, id=identity.id
        )
    for name in (CHAIN, KEY):
        problem = pem_problem(folder / name)
        if problem:
            return None, problem
    return identity, ""


def pem_problem(path: Path) -> str:
    """What is wrong with one of an identity's PEM files, or ""."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
    except FileNotFoundError:
        return _("its file {name} is missing").format(name=path.name)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        return _("its file {name} cannot be read ({why})").format(name=path.name, why=why)
    if b"-----BEGIN " not in head:
        return _("its file {name} is not a PEM file (it may have been overwritten)").format(
            name=path.name
        )
    return ""


def raw_default_id(folder: Path) -> str | None:
    """The id the `default` file names, whatever state that identity is in."""
    try:
        text = (folder / DEFAULT_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def read_default_id(folder: Path) -> str | None:
    text = raw_default_id(folder)
    return text if text and (folder / text / META).is_file() else None


def timestamp_url_problem(url: str) -> str | None:
    """Why `url` cannot be a timestamp server's address (a sentence), or None."""
    example = _("Give an http:// or https:// address, e.g. http://timestamp.digicert.com.")
    if any(c.isspace() or ord(c) < 32 for c in url):
        why = _('"{url}" is not a timestamp server address: it contains spaces.')
        return why.format(url=url) + " " + example
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for "host:99999" or "host:abc"
    except ValueError:
        why = _('"{url}" is not a timestamp server address: its port is not a number.')
        return why.format(url=url) + " " + example
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return _('"{url}" is not a timestamp server address.').format(url=url) + " " + example
    if parts.username is not None or parts.password is not None:
        return _(
            "Remove the user name and password from {host}'s address: CredLabel "
            "would have to keep them in plain text. Timestamp servers that need a login are "
            "not supported."
        ).format(host=parts.hostname)
    if not re.fullmatch(r"[a-z0-9.-]+|[0-9a-f:.]+", parts.hostname) or port == 0:
        why = _('"{url}" is not a timestamp server address: check the server name.')
        return why.format(url=url) + " " + example
    return None


def new_id(name: str) -> str:
    """A readable, unique folder name: "jane-doe-3fa2c1"."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:24].strip("-") or "identity"
    return f"{slug}-{secrets.token_hex(3)}"


def check_id(identity_id: str) -> str:
    """`identity_id` when it can only name a folder inside the store (no paths, no dots)."""
    if not re.fullmatch(r"[a-z0-9-]+", identity_id):
        raise IdentityError(
            f'"{identity_id}" is not a signing identity id. '
            "See `credlabel identity list` for the identities on this computer."
        )
    return identity_id


# ---------------------------------------------------------------- reading files


def read_input(path: Path, what: str) -> bytes:
    """A file the user chose to import."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IdentityError(
            f"The {what} file {path} could not be read. Check the path and try again.",
            str(exc),
        ) from exc


def read_private_key(path: Path, identity_name: str) -> bytes:
    """An identity's key.pem, refused (as ssh does) when it is a symbolic link or other
    user accounts may read it: a key others can read is no longer private, and a link can
    be pointed at another key. Opened without following links, checked on the open file."""
    if path.is_symlink():
        raise IdentityError(
            f"The private key of “{identity_name}” ({path}) is a symbolic link, so CredLabel "
            "will not use it. Replace the link with the key file itself "
            f"(e.g. cp --remove-destination \"$(readlink -f '{path}')\" '{path}'), then "
            f"chmod 600 '{path}'.",
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _damaged(path, identity_name, exc) from exc
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if os.name == "posix" and mode & 0o077:
            raise IdentityError(
                f"The private key of “{identity_name}” ({path}) can be read by other user "
                f"accounts (permissions {oct(mode & 0o777)[2:]}), so CredLabel will not use "
                f"it. Make it private with: chmod 600 '{path}'",
            )
        try:
            return handle.read()
        except OSError as exc:
            raise _damaged(path, identity_name, exc) from exc


def _damaged_text() -> str:
    return _(
        "The signing identity “{name}” is damaged: its file {file} "
        "cannot be read. Delete the identity and create or import it again."
    )


def _damaged(path: Path, identity_name: str, exc: OSError) -> IdentityError:
    return IdentityError(
        _damaged_text().format(name=identity_name, file=path.name),
        str(exc),
    )


def check_owner(folder: Path) -> None:
    """Refuse a signing-identities folder (or, before it exists, its parent) that belongs
    to another user account: whoever owns it can read or swap the keys in it."""
    if os.name != "posix":
        return
    for path in (folder, folder.parent):
        try:
            owner = path.stat().st_uid
        except OSError:
            continue
        if owner != os.geteuid():
            raise IdentityError(
                f"The folder {path} belongs to another user account, so CredLabel will not "
                "keep or use signing keys there. Give it back to your account "
                f"(sudo chown -R \"$USER\" '{path}'), "
                "or set CREDLABEL_HOME to a folder of yours.",
                f"owner uid {owner}, this process {os.geteuid()}",
            )
        return


def read_stored(path: Path, identity_name: str) -> bytes:
    """One of an identity's own files; a missing one is a damaged identity, said plainly."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IdentityError(
            _damaged_text().format(name=identity_name, file=path.name),
            str(exc),
        ) from exc


def account_name() -> str:
    """The operating-system account's display name, else its login name."""
    try:
        import pwd

        gecos = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        if gecos:
            return gecos
    except (ImportError, KeyError, AttributeError):
        pass
    try:
        return getpass.getuser() or "CredLabel user"
    except (OSError, KeyError):
        return "CredLabel user"
