"""Signing identities: several per user, one default, private keys kept owner-only.

Layout, under `user_folders().identities`:

    default                 the default identity's id (one line)
    <id>/identity.json      name, kind, algorithm, certificate summary (no secrets)
    <id>/chain.pem          leaf first, then intermediates (public)
    <id>/key.pem            PKCS#8; encrypted when the user chose a passphrase
    <id>/root.pem           local identities only: the trust anchor of the "local" profile

Folders are 0700 and files 0600, written through a temporary file and an atomic rename, so
a crash never leaves half an identity. A passphrase is remembered for this session in
memory, and in the OS keyring only when asked and a real keyring backend exists.
Nothing here logs keys or passphrases.
"""

from __future__ import annotations

import builtins
import datetime as dt
import getpass
import json
import logging
import os
import re
import secrets
import shutil
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from cryptography import x509

from app.core import certificates as certs
from app.core.errors import IdentityError, PassphraseRequired, WrongPassphrase
from app.core.paths import user_folders

log = logging.getLogger(__name__)

Kind = Literal["local", "imported"]
KEYRING_SERVICE = "CredLabel signing identity"
_DEFAULT_FILE = "default"
_META = "identity.json"
_CHAIN = "chain.pem"
_KEY = "key.pem"
_ROOT = "root.pem"

# Passphrases typed this session, keyed by (identities folder, id); never written anywhere.
_SESSION_PASSPHRASES: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Identity:
    """What the app shows about a signing identity (never the key)."""

    id: str
    name: str
    kind: Kind
    algorithm: str
    created: str  # ISO 8601, UTC
    subject: str
    issuer: str
    not_after: str  # ISO 8601, UTC: the signing certificate's end of validity
    fingerprint: str  # SHA-256 of the signing certificate
    timestamp_url: str | None = None
    encrypted: bool = False
    is_default: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class IdentityStore:
    """The signing identities in `folder` (default: the user's identities folder)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else user_folders().identities

    # ------------------------------------------------------------ reading

    def list(self) -> list[Identity]:
        """Every identity, oldest first."""
        if not self.folder.is_dir():
            return []
        default_id = self._default_id()
        found = []
        for meta in self.folder.glob(f"*/{_META}"):
            if meta.parent.name.startswith("."):
                continue  # an identity still being written
            identity = self._read_meta(meta)
            if identity is not None:
                found.append(replace(identity, is_default=identity.id == default_id))
        return sorted(found, key=lambda i: (i.created, i.id))

    def get(self, identity_id: str) -> Identity:
        """The identity `identity_id` (a unique prefix of it also works)."""
        matches = [i for i in self.list() if i.id == identity_id]
        if not matches:
            matches = [i for i in self.list() if i.id.startswith(identity_id)]
        if len(matches) != 1:
            raise IdentityError(
                f'There is no signing identity "{identity_id}". '
                "See `credlabel identity list` for the identities on this computer."
            )
        return matches[0]

    def default(self) -> Identity | None:
        return next((i for i in self.list() if i.is_default), None)

    def chain_pem(self, identity_id: str) -> bytes:
        return (self._dir(identity_id) / _CHAIN).read_bytes()

    def root_pem(self, identity_id: str) -> bytes | None:
        path = self._dir(identity_id) / _ROOT
        return path.read_bytes() if path.is_file() else None

    def certificates(self, identity_id: str) -> builtins.list[x509.Certificate]:
        return certs.parse_certificates(self.chain_pem(identity_id))

    # ------------------------------------------------------------ creating

    def create_local(
        self,
        name: str,
        algorithm: str = certs.DEFAULT_ALGORITHM,
        passphrase: str | None = None,
    ) -> Identity:
        """A new local identity (root → intermediate → leaf made here) for `name`."""
        chain = certs.create_local_chain(name, algorithm)
        return self._save(
            name=" ".join(name.split()),
            kind="local",
            chain_pem=chain.chain_pem,
            key=chain.key,
            root_pem=chain.root_pem,
            passphrase=passphrase,
        )

    def ensure_default(self, user_name: str | None = None) -> tuple[Identity, bool]:
        """(the default identity, created?) — makes a local one named after the user account
        when there is none, so a first export never dead-ends."""
        current = self.default()
        if current is not None:
            return current, False
        existing = self.list()
        if existing:
            self.set_default(existing[0].id)
            return replace(existing[0], is_default=True), False
        name = (user_name or "").strip() or _account_name()
        return self.create_local(name), True

    def import_pem(
        self,
        chain_path: Path | str,
        key_path: Path | str,
        key_password: str | None = None,
        passphrase: str | None = None,
        name: str | None = None,
    ) -> Identity:
        """Import a PEM certificate chain and its private key, after checking them.
        Without a separate `passphrase`, the key's own password keeps protecting it."""
        chain_pem = _read_input(Path(chain_path), "certificate")
        key = certs.load_private_key(_read_input(Path(key_path), "key"), key_password)
        keep = passphrase if passphrase is not None else key_password
        return self._import(chain_pem, key, keep, name)

    def import_pkcs12(
        self,
        path: Path | str,
        password: str | None,
        passphrase: str | None = None,
        name: str | None = None,
    ) -> Identity:
        """Import a PKCS#12 (.p12/.pfx) file. Without a separate `passphrase`, the file's
        password also protects the stored key."""
        key, chain = certs.load_pkcs12(_read_input(Path(path), "PKCS#12"), password)
        chain_pem = b"".join(certs.pem_of(c) for c in chain)
        keep = passphrase if passphrase is not None else password
        return self._import(chain_pem, key, keep, name)

    def _import(
        self,
        chain_pem: bytes,
        key: certs.PrivateKey,
        passphrase: str | None,
        name: str | None,
    ) -> Identity:
        problems = certs.check_chain(chain_pem, key)
        stoppers = certs.blocking(problems)
        if stoppers:
            raise IdentityError(
                str(stoppers[0]), "\n".join(str(p) for p in problems[1:] if p in stoppers)
            )
        for warning in problems:
            log.warning("imported certificate: %s", warning.sentence)
        leaf = certs.parse_certificates(chain_pem)[0]
        label = name or certs.common_name(leaf.subject)
        return self._save(
            name=label,
            kind="imported",
            chain_pem=chain_pem,
            key=key,
            root_pem=None,
            passphrase=passphrase,
        )

    def _save(
        self,
        *,
        name: str,
        kind: Kind,
        chain_pem: bytes,
        key: certs.PrivateKey,
        root_pem: bytes | None,
        passphrase: str | None,
    ) -> Identity:
        leaf = certs.parse_certificates(chain_pem)[0]
        algorithm = certs.algorithm_of(key)
        if algorithm is None:  # check_chain refuses these before we get here
            raise IdentityError("This key type cannot sign C2PA manifests.")
        identity = Identity(
            id=_new_id(name),
            name=name,
            kind=kind,
            algorithm=algorithm,
            created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            subject=leaf.subject.rfc4514_string(),
            issuer=leaf.issuer.rfc4514_string(),
            not_after=leaf.not_valid_after_utc.isoformat(timespec="seconds"),
            fingerprint=certs.fingerprint(leaf),
            encrypted=bool(passphrase),
        )
        files = {
            _META: _meta_bytes(identity),
            _CHAIN: chain_pem,
            _KEY: certs.key_pem(key, passphrase),
        }
        if root_pem is not None:
            files[_ROOT] = root_pem
        self._write_identity(identity.id, files)
        if passphrase:
            _SESSION_PASSPHRASES[self._cache_key(identity.id)] = passphrase
        if self._default_id() is None:
            self.set_default(identity.id)
        log.info("created %s signing identity %s (%s)", kind, identity.id, identity.fingerprint)
        return self.get(identity.id)

    def _write_identity(self, identity_id: str, files: dict[str, bytes]) -> None:
        """Write every file into a hidden folder, then rename it into place in one step."""
        _private_dir(self.folder)
        staging = self.folder / f".new-{identity_id}"
        _private_dir(staging)
        try:
            for filename, data in files.items():
                write_private(staging / filename, data)
            staging.replace(self.folder / identity_id)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise IdentityError(
                f"The signing identity could not be saved in {self.folder}.", str(exc)
            ) from exc

    # ------------------------------------------------------------ changing

    def set_default(self, identity_id: str) -> None:
        identity = self.get(identity_id)
        _private_dir(self.folder)
        write_private(self.folder / _DEFAULT_FILE, identity.id.encode() + b"\n")

    def set_timestamp_url(self, identity_id: str, url: str | None) -> Identity:
        """Use (or, with None/"", stop using) a timestamp server for this identity."""
        identity = self.get(identity_id)
        clean = (url or "").strip() or None
        if clean is not None:
            parts = urlsplit(clean)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise IdentityError(
                    f'"{clean}" is not a timestamp server address. '
                    "Give an http:// or https:// URL, e.g. http://timestamp.digicert.com."
                )
        updated = replace(identity, timestamp_url=clean, is_default=False)
        write_private(self._dir(identity.id) / _META, _meta_bytes(updated))
        return self.get(identity.id)

    def delete(self, identity_id: str) -> Identity:
        """Remove an identity and its key. Files it signed stay valid, but no longer read as
        Trusted here once a local identity's root is gone."""
        identity = self.get(identity_id)
        shutil.rmtree(self._dir(identity.id))
        self.forget_passphrase(identity.id)
        if identity.is_default:
            (self.folder / _DEFAULT_FILE).unlink(missing_ok=True)
            rest = self.list()
            if rest:
                self.set_default(rest[0].id)
        log.info("deleted signing identity %s", identity.id)
        return identity

    def export_chain(self, identity_id: str, dest: Path | str) -> Path:
        """Write the public certificates (chain, then a local identity's root) to `dest`.
        Never the key."""
        identity = self.get(identity_id)
        data = self.chain_pem(identity.id) + (self.root_pem(identity.id) or b"")
        out = Path(dest)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            tmp.replace(out)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise IdentityError(
                f"The certificates could not be written to {out}.", str(exc)
            ) from exc
        return out

    # ------------------------------------------------------------ the private key

    def load_private_key(self, identity_id: str, passphrase: str | None = None) -> certs.PrivateKey:
        """The identity's private key, unlocked with `passphrase`, the one remembered this
        session, or the keyring's. For the signer only."""
        identity = self.get(identity_id)
        data = (self._dir(identity.id) / _KEY).read_bytes()
        if not identity.encrypted:
            return certs.load_private_key(data, None, what="identity's key")
        secret = passphrase or self.remembered_passphrase(identity.id)
        if not secret:
            raise PassphraseRequired(
                f"The key of “{identity.name}” is protected by a passphrase. "
                "Type the passphrase to sign."
            )
        try:
            key = certs.load_private_key(data, secret, what="identity's key")
        except WrongPassphrase:
            self.forget_passphrase(identity.id, keyring_too=False)
            raise WrongPassphrase(
                f"That passphrase does not unlock “{identity.name}”. Check it and try again."
            ) from None
        _SESSION_PASSPHRASES[self._cache_key(identity.id)] = secret
        return key

    def remembered_passphrase(self, identity_id: str) -> str | None:
        cached = _SESSION_PASSPHRASES.get(self._cache_key(identity_id))
        if cached:
            return cached
        backend = keyring_backend()
        if backend is None:
            return None
        try:
            value = backend.get_password(KEYRING_SERVICE, self._keyring_user(identity_id))
        except Exception as exc:  # any keyring backend error means "not remembered"
            log.debug("keyring lookup failed: %s", type(exc).__name__)
            return None
        return str(value) if value else None

    def remember_passphrase(self, identity_id: str, passphrase: str, *, keyring: bool) -> bool:
        """Remember for this session; with `keyring`, also in the OS keyring.
        Returns True when the keyring holds it."""
        _SESSION_PASSPHRASES[self._cache_key(identity_id)] = passphrase
        backend = keyring_backend() if keyring else None
        if backend is None:
            return False
        try:
            backend.set_password(KEYRING_SERVICE, self._keyring_user(identity_id), passphrase)
        except Exception as exc:  # a locked or broken keyring: the session still remembers
            log.warning("could not save the passphrase in the keyring: %s", type(exc).__name__)
            return False
        return True

    def forget_passphrase(self, identity_id: str, *, keyring_too: bool = True) -> None:
        _SESSION_PASSPHRASES.pop(self._cache_key(identity_id), None)
        backend = keyring_backend() if keyring_too else None
        if backend is None:
            return
        try:
            backend.delete_password(KEYRING_SERVICE, self._keyring_user(identity_id))
        except Exception:  # nothing stored, or a keyring that cannot delete
            log.debug("no keyring entry removed for %s", identity_id)

    # ------------------------------------------------------------ internals

    def _dir(self, identity_id: str) -> Path:
        if not re.fullmatch(r"[a-z0-9-]+", identity_id):
            raise IdentityError(f'"{identity_id}" is not a signing identity id.')
        return self.folder / identity_id

    def _default_id(self) -> str | None:
        try:
            text = (self.folder / _DEFAULT_FILE).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return text if text and (self.folder / text / _META).is_file() else None

    def _cache_key(self, identity_id: str) -> tuple[str, str]:
        return (str(self.folder.resolve()), identity_id)

    def _keyring_user(self, identity_id: str) -> str:
        return f"{identity_id}@{self.folder.resolve()}"

    def _read_meta(self, meta: Path) -> Identity | None:
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            data.pop("is_default", None)
            return Identity(**data)
        except (OSError, ValueError, TypeError) as exc:
            log.warning("skipping unreadable identity %s: %s", meta.parent.name, exc)
            return None


def keyring_backend() -> Any | None:
    """The OS keyring, or None when only a fail/null/plaintext backend is available."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a misconfigured keyring must never stop signing
        return None
    module = type(backend).__module__
    refused = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
    if isinstance(backend, fail.Keyring) or module.startswith(refused):
        return None
    if getattr(backend, "priority", 1) <= 0:
        return None
    return backend


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` as an owner-only (0600) file, atomically."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)  # atomic: readers see the old file or the new one
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)  # mkdir's mode is reduced by the umask; and the folder may pre-exist


def _meta_bytes(identity: Identity) -> bytes:
    data = identity.to_json()
    data.pop("is_default")  # kept in the `default` file, so it has one source of truth
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _new_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:24].strip("-") or "identity"
    return f"{slug}-{secrets.token_hex(3)}"


def _read_input(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IdentityError(
            f"The {what} file {path} could not be read. Check the path and try again.",
            str(exc),
        ) from exc


def _account_name() -> str:
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
    except OSError:
        return "CredLabel user"
