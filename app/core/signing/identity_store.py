"""Signing identities: several per user, one default, private keys kept owner-only.

`IdentityStore` creates local identities (a root → intermediate → leaf chain made here),
imports certificates from a provider after checking them, and hands the private key to the
signer (app/core/signing/signer.py) only. How the files lie on disk — 0700 folders, 0600 files,
atomic writes — is in app/core/signing/identity_files.py.

A passphrase is remembered for this session in memory (`PassphraseMemory`), and in the OS
keyring only when asked and a real keyring backend exists. Nothing here logs keys or
passphrases: log lines name identities by id and certificate fingerprint.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import logging
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography import x509

from app.core import safe_write
from app.core.errors import (
    CertificateRejected,
    IdentityError,
    PassphraseRequired,
    WriteError,
    WrongPassphrase,
)
from app.core.i18n import _
from app.core.paths import user_folders
from app.core.signing import certificate_checks as checks
from app.core.signing import certificates as certs
from app.core.signing import identity_files as disk
from app.core.signing.identity_files import Identity, Kind
from app.core.signing.passphrases import (
    KEYRING_SERVICE,
    SESSION_PASSPHRASES,
    PassphraseMemory,
    keyring_backend,
)

__all__ = [
    "KEYRING_SERVICE",
    "SESSION_PASSPHRASES",
    "DamagedIdentity",
    "Identity",
    "IdentityStore",
    "PassphraseMemory",
    "keyring_backend",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DamagedIdentity:
    """An identity folder that cannot be used: its id and what is wrong with it."""

    id: str
    problem: str  # "its file key.pem is missing", ...
    is_default: bool = False

    def sentence(self) -> str:
        if self.is_default:
            sentence = _(
                "The default signing identity “{id}” is damaged: {problem}. CredLabel did not "
                "switch to another identity. Restore its folder from a backup, or delete it "
                "with `credlabel identity delete {id} --yes` and create or import one again."
            )
        else:
            sentence = _(
                "The signing identity “{id}” is damaged: {problem}. CredLabel did not switch "
                "to another identity. Restore its folder from a backup, or delete it with "
                "`credlabel identity delete {id} --yes` and create or import one again."
            )
        return sentence.format(id=self.id, problem=self.problem)


class IdentityStore:
    """The signing identities in `folder` (default: the user's identities folder)."""

    def __init__(self, folder: Path | None = None, passphrases: PassphraseMemory | None = None):
        self.folder = Path(folder) if folder is not None else user_folders().identities
        self.passphrases = passphrases or SESSION_PASSPHRASES

    # ------------------------------------------------------------ reading

    def list(self) -> builtins.list[Identity]:
        """Every whole identity, oldest first (`damaged()` lists the others)."""
        return self._scan()[0]

    def damaged(self) -> builtins.list[DamagedIdentity]:
        """The identity folders that cannot be used, with what is wrong with each."""
        return self._scan()[1]

    def _scan(self) -> tuple[builtins.list[Identity], builtins.list[DamagedIdentity]]:
        disk.check_owner(self.folder)
        if not self.folder.is_dir():
            return [], []
        default_id = disk.raw_default_id(self.folder)
        found, damaged = [], []
        for entry in self.folder.iterdir():
            if entry.name.startswith(".") or not entry.is_dir() or disk.is_pending(entry):
                continue  # still being written, a request waiting for its certificate, ...
            identity, problem = disk.inspect_identity(entry)
            if entry.is_symlink():  # its key could be swapped by whoever owns the target
                identity, problem = None, _("its folder is a symbolic link (keep it in place)")
            if identity is None:
                damaged.append(DamagedIdentity(entry.name, problem, entry.name == default_id))
            else:
                found.append(replace(identity, is_default=identity.id == default_id))
        damaged.sort(key=lambda d: d.id)
        return sorted(found, key=lambda i: (i.created, i.id)), damaged

    def get(self, identity_id: str) -> Identity:
        """The identity `identity_id` (a unique prefix of it also works)."""
        everyone, damaged = self._scan()
        matches = [i for i in everyone if i.id == identity_id]
        if not matches:
            matches = [i for i in everyone if identity_id and i.id.startswith(identity_id)]
        broken = [d for d in damaged if identity_id and d.id.startswith(identity_id)]
        if not matches and broken:
            raise IdentityError(broken[0].sentence())
        waiting = re.fullmatch(r"[a-z0-9-]+", identity_id or "-") and disk.is_pending(
            self.folder / identity_id
        )
        if not matches and waiting:
            waits = _(
                "“{id}” is still waiting for its certificate, so it cannot sign yet. "
                "Complete it: credlabel identity complete {id} --chain FILE"
            )
            raise IdentityError(waits.format(id=identity_id))
        if len(matches) != 1:
            none = _(
                'There is no signing identity "{id}". '
                "See `credlabel identity list` for the identities on this computer."
            )
            raise IdentityError(none.format(id=identity_id))
        return matches[0]

    def default(self) -> Identity | None:
        """The default identity; None when none is set. A default that is damaged or gone
        raises `IdentityError` naming it: signing never moves to another identity unasked."""
        identities, damaged = self._scan()
        current = next((i for i in identities if i.is_default), None)
        if current is not None:
            return current
        broken = next((d for d in damaged if d.is_default), None)
        if broken is not None:
            raise IdentityError(broken.sentence())
        named = disk.raw_default_id(self.folder)
        if named:
            missing = _(
                "The default signing identity “{id}” is missing from {folder}. "
                "Choose another with `credlabel identity set-default ID` "
                "(see `credlabel identity list`), or restore it from a backup."
            )
            raise IdentityError(missing.format(id=named, folder=self.folder))
        return None

    def chain_pem(self, identity_id: str) -> bytes:
        identity = self.get(identity_id)
        return disk.read_stored(self._dir(identity.id) / disk.CHAIN, identity.name)

    def root_pem(self, identity_id: str) -> bytes | None:
        path = self._dir(identity_id) / disk.ROOT
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
        """A new local identity (root → intermediate → leaf made here) for `name`.
        The root's and intermediate's private keys are discarded once the leaf is signed."""
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
        current = self.default()  # raises for a damaged or missing default
        if current is not None:
            return current, False
        existing, damaged = self._scan()
        if existing:
            self.set_default(existing[0].id)
            return replace(existing[0], is_default=True), False
        if damaged:  # never paper over a broken identity with a fresh one
            raise IdentityError(damaged[0].sentence())
        name = (user_name or "").strip() or disk.account_name()
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
        chain_pem = disk.read_input(Path(chain_path), "certificate")
        key = certs.load_private_key(disk.read_input(Path(key_path), "key"), key_password)
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
        key, chain = certs.load_pkcs12(disk.read_input(Path(path), "PKCS#12"), password)
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
        problems = checks.check_chain(chain_pem, key)
        stoppers = checks.blocking(problems)
        if stoppers:
            more = "\n".join(str(p) for p in stoppers[1:])
            raise CertificateRejected(str(stoppers[0]), more)
        for warning in problems:
            log.warning("imported certificate: %s", warning.sentence)
        leaf = certs.parse_certificates(chain_pem)[0]
        label = " ".join((name or "").split()) or certs.common_name(leaf.subject)
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
            raise IdentityError(_("This key type cannot sign C2PA manifests."))
        identity = Identity(
            id=disk.new_id(name),
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
        disk.check_owner(self.folder)
        files = {
            disk.META: disk.meta_bytes(identity),
            disk.CHAIN: chain_pem,
            disk.KEY: certs.key_pem(key, passphrase),
        }
        if root_pem is not None:
            files[disk.ROOT] = root_pem
        disk.write_identity_folder(self.folder, identity.id, files)
        if passphrase:
            self.passphrases.keep(self._who(identity.id), passphrase)
        if disk.read_default_id(self.folder) is None:
            self.set_default(identity.id)
        log.info("created %s signing identity %s (%s)", kind, identity.id, identity.fingerprint)
        return self.get(identity.id)

    # ------------------------------------------------------------ changing

    def set_default(self, identity_id: str) -> None:
        identity = self.get(identity_id)
        self._write(self.folder / disk.DEFAULT_FILE, identity.id.encode() + b"\n")

    def set_timestamp_url(self, identity_id: str, url: str | None) -> Identity:
        """Use (or, with None/"", stop using) a timestamp server for this identity."""
        identity = self.get(identity_id)
        clean = (url or "").strip() or None
        problem = disk.timestamp_url_problem(clean) if clean is not None else None
        if problem:
            raise IdentityError(problem)
        updated = replace(identity, timestamp_url=clean, is_default=False)
        self._write(self._dir(identity.id) / disk.META, disk.meta_bytes(updated))
        return self.get(identity.id)

    def _remove_folder(self, identity_id: str, sentence: str) -> None:
        """`sentence`: what to say when it cannot be deleted ({folder}: this store's)."""
        try:
            shutil.rmtree(self._dir(identity_id))
        except OSError as exc:
            raise IdentityError(sentence.format(folder=self.folder), str(exc)) from exc

    def delete_damaged(self, identity_id: str) -> DamagedIdentity:
        """Remove a damaged identity's folder (exact id only: nothing is guessed)."""
        broken = next((d for d in self.damaged() if d.id == identity_id), None)
        if broken is None:
            none = _('There is no damaged signing identity "{id}". See `credlabel identity list`.')
            raise IdentityError(none.format(id=identity_id))
        stuck = _(
            "The damaged signing identity “{id}” could not be deleted. "
            "Check the permissions of {folder}."
        )
        self._remove_folder(broken.id, stuck.replace("{id}", broken.id))
        if broken.is_default:
            (self.folder / disk.DEFAULT_FILE).unlink(missing_ok=True)
        log.info("deleted damaged signing identity %s", broken.id)
        return broken

    def delete(self, identity_id: str) -> Identity:
        """Remove an identity and its key. Files it signed stay valid, but no longer read as
        Trusted here once a local identity's root is gone."""
        identity = self.get(identity_id)
        stuck = _(
            "The signing identity “{name}” could not be deleted. Check the permissions of {folder}."
        )
        self._remove_folder(identity.id, stuck.replace("{name}", identity.name))
        self.forget_passphrase(identity.id)
        if identity.is_default:
            (self.folder / disk.DEFAULT_FILE).unlink(missing_ok=True)
            rest = self.list()
            if rest:
                self.set_default(rest[0].id)
        log.info("deleted signing identity %s (%s)", identity.id, identity.fingerprint)
        return identity

    def export_chain(self, identity_id: str, dest: Path | str, *, overwrite: bool = False) -> Path:
        """Write the public certificates (chain, then a local identity's root) to `dest`
        (a file, or a folder to put `<id>-chain.pem` in). Never the key; never over the
        identity's own files, nor over an existing file unless `overwrite`."""
        identity = self.get(identity_id)
        data = self.chain_pem(identity.id) + (self.root_pem(identity.id) or b"")
        out = Path(dest)
        with contextlib.suppress(OSError):  # an unreachable folder gets its sentence below
            if out.is_dir():
                out = out / f"{identity.id}-chain.pem"
        own_files = tuple(self._dir(identity.id).glob("*"))
        try:
            return safe_write.write_file(
                out, data, overwrite=overwrite, protected=own_files, what="the certificates"
            )
        except WriteError as exc:  # an identity command's failures are IdentityErrors
            sentence = _("The certificates could not be written to {path}.").format(path=out)
            sentence += " " + exc.sentence
            raise IdentityError(sentence, exc.details) from exc

    # ------------------------------------------------------------ the private key

    def load_private_key(self, identity_id: str, passphrase: str | None = None) -> certs.PrivateKey:
        """The identity's private key, unlocked with `passphrase`, the one remembered this
        session, or the keyring's. For the signer only."""
        identity = self.get(identity_id)
        data = disk.read_private_key(self._dir(identity.id) / disk.KEY, identity.name)
        if not identity.encrypted:
            return certs.load_private_key(data, None, what="identity's key")
        remembered = None if passphrase else self.remembered_passphrase(identity.id)
        secret = passphrase or remembered
        if not secret:
            locked = _("The key of “{name}” is protected by a passphrase. Type it to sign.")
            raise PassphraseRequired(locked.format(name=identity.name))
        try:
            key = certs.load_private_key(data, secret, what="identity's key")
        except WrongPassphrase:
            if remembered:  # a stale remembered passphrase: ask the person next time
                self.forget_passphrase(identity.id, keyring_too=False)
            wrong = _("That passphrase does not unlock “{name}”. Check it and try again.")
            raise WrongPassphrase(wrong.format(name=identity.name)) from None
        self.passphrases.keep(self._who(identity.id), secret)
        return key

    def remembered_passphrase(self, identity_id: str) -> str | None:
        return self.passphrases.recall(self._who(identity_id))

    def remember_passphrase(self, identity_id: str, passphrase: str, *, keyring: bool) -> bool:
        """Remember for this session; with `keyring`, also in the OS keyring.
        Returns True when the keyring holds it."""
        return self.passphrases.keep(self._who(identity_id), passphrase, keyring=keyring)

    def forget_passphrase(self, identity_id: str, *, keyring_too: bool = True) -> None:
        self.passphrases.forget(self._who(identity_id), keyring_too=keyring_too)

    # ------------------------------------------------------------ internals

    def _dir(self, identity_id: str) -> Path:
        return self.folder / disk.check_id(identity_id)

    def _who(self, identity_id: str) -> str:
        """The passphrase memory's (and keyring's) name for this identity."""
        return f"{identity_id}@{self.folder.resolve()}"

    def _write(self, path: Path, data: bytes) -> None:
        disk.check_owner(self.folder)
        try:
            disk.private_dir(self.folder)
            disk.write_private(path, data)
        except OSError as exc:
            stuck = _(
                "The signing identities in {folder} could not be changed. "
                "Check that the folder is writable."
            )
            raise IdentityError(stuck.format(folder=self.folder), str(exc)) from exc
