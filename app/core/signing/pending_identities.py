"""Signing identities that wait for a certificate from a certificate authority (CA).

`create_request` makes the key and the CSR (app/core/signing/certificate_request.py) and
keeps them in the identity store's folder exactly like other keys: an owner-only folder
written in one step, `key.pem` 0600 and encrypted when the user chose a passphrase. The
folder holds `request.json` and `request.pem` instead of identity.json and chain.pem, so
it is listed as "waiting for certificate" and can never sign.

`complete` takes the chain the CA issued: it finds the certificate made for this request's
key (refusing a chain for another key), orders the chain leaf first, drops the root (readers
find it in their trust list), runs the import checks, then writes chain.pem and identity.json
into the same folder. identity.json is written last: until it exists the folder is still a
request, so a crash half-way leaves the request as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from app.core import safe_write
from app.core.errors import (
    CertificateRejected,
    CredLabelError,
    IdentityError,
    PassphraseRequired,
    WriteError,
    WrongPassphrase,
)
from app.core.i18n import N_, _
from app.core.signing import certificate_checks as checks
from app.core.signing import certificates as certs
from app.core.signing import identity_files as disk
from app.core.signing.certificate_request import (
    RequestDetails,
    build_request,
    request_pem,
    what_to_send,
)
from app.core.signing.identity_store import Identity, IdentityStore

log = logging.getLogger(__name__)

# Stored in the request record and in `--json` as it is; shown translated with _().
WAITING = N_("waiting for certificate")


@dataclass(frozen=True)
class PendingIdentity:
    """A certificate request kept in the identity store (never the key)."""

    id: str
    name: str
    algorithm: str
    created: str  # ISO 8601, UTC
    subject: str  # what the request asks the CA to certify, RFC 4514
    key_fingerprint: str  # SHA-256 of the public key: what the issued certificate must carry
    encrypted: bool = False
    status: str = WAITING

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> PendingIdentity:
        if not isinstance(data, dict):
            raise ValueError("not a certificate request record")
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def public_fingerprint(public_key: Any) -> str:
    """SHA-256 of a public key's SubjectPublicKeyInfo, colon-separated hex."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashes.Hash(hashes.SHA256())
    digest.update(der)
    return digest.finalize().hex(":").upper()


# ---------------------------------------------------------------- requesting


def create_request(
    store: IdentityStore,
    details: RequestDetails,
    algorithm: str = certs.DEFAULT_ALGORITHM,
    passphrase: str | None = None,
) -> tuple[PendingIdentity, bytes]:
    """(the waiting identity, the CSR as PEM): a new key kept in `store`, and its request."""
    clean = details.cleaned()
    key = certs.generate_key(algorithm)
    csr = build_request(clean, key)
    pending = PendingIdentity(
        id=disk.new_id(clean.name),
        name=clean.name,
        algorithm=certs.algorithm_of(key) or certs.normalise_algorithm(algorithm),
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        subject=csr.subject.rfc4514_string(),
        key_fingerprint=public_fingerprint(key.public_key()),
        encrypted=bool(passphrase),
    )
    meta = json.dumps(pending.to_json(), indent=2, ensure_ascii=False) + "\n"
    disk.check_owner(store.folder)
    files = {
        disk.REQUEST_META: meta.encode("utf-8"),
        disk.REQUEST: request_pem(csr),
        disk.KEY: certs.key_pem(key, passphrase),
    }
    disk.write_identity_folder(store.folder, pending.id, files)
    if passphrase:
        store.remember_passphrase(pending.id, passphrase, keyring=False)
    log.info("created certificate request %s (key %s)", pending.id, pending.key_fingerprint)
    return pending, request_pem(csr)


@dataclass(frozen=True)
class RequestFiles:
    """A request made and written for the user: the CSR and the note beside it."""

    pending: PendingIdentity
    csr_path: Path
    note_path: Path
    note: str


def request_certificate(
    store: IdentityStore,
    details: RequestDetails,
    csr_path: Path | None,
    *,
    algorithm: str = certs.DEFAULT_ALGORITHM,
    passphrase: str | None = None,
    overwrite: bool = False,
) -> RequestFiles:
    """`create_request`, then the CSR written to `csr_path` (None: `ID.csr` in the current
    folder) and "what to send to the CA" to `NAME-what-to-send.txt` beside it. When a file
    cannot be written the new key is deleted again: nothing half-made stays behind."""
    pending, csr_pem = create_request(store, details, algorithm, passphrase)
    csr_path = Path(csr_path) if csr_path is not None else Path.cwd() / f"{pending.id}.csr"
    note_path = csr_path.with_name(f"{csr_path.stem}-what-to-send.txt")
    note = what_to_send(csr_path.name, pending.id, details, pending.algorithm)
    try:
        safe_write.write_file(csr_path, csr_pem, overwrite=overwrite, what="the request")
        safe_write.write_file(
            note_path, note.encode("utf-8"), overwrite=overwrite, what="the instructions"
        )
    except CredLabelError:
        delete_pending(store, pending.id)
        raise
    return RequestFiles(pending, csr_path, note_path, note)


def list_pending(store: IdentityStore) -> list[PendingIdentity]:
    """Every request waiting for its certificate, oldest first."""
    disk.check_owner(store.folder)
    if not store.folder.is_dir():
        return []
    found = []
    for entry in store.folder.iterdir():
        if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
            continue
        if disk.is_pending(entry):
            pending = _read_meta(entry)
            if pending is not None:
                found.append(pending)
    return sorted(found, key=lambda p: (p.created, p.id))


def get_pending(store: IdentityStore, identity_id: str) -> PendingIdentity:
    """The waiting request `identity_id` (a unique prefix also works)."""
    waiting = list_pending(store)
    matches = [p for p in waiting if p.id == identity_id]
    if not matches:
        matches = [p for p in waiting if identity_id and p.id.startswith(identity_id)]
    if len(matches) != 1:
        if any(i.id.startswith(identity_id) for i in store.list()) and identity_id:
            raise IdentityError(
                _(
                    "The signing identity “{id}” already has its certificate. See `{command}`."
                ).format(id=identity_id, command="credlabel identity list")
            )
        raise IdentityError(
            _(
                "There is no certificate request “{id}” waiting for a certificate. "
                "See `{listing}`; make one with `{request}`."
            ).format(
                id=identity_id,
                listing="credlabel identity list",
                request="credlabel identity request",
            )
        )
    return matches[0]


def stored_request(store: IdentityStore, pending: PendingIdentity) -> bytes:
    return disk.read_stored(store.folder / disk.check_id(pending.id) / disk.REQUEST, pending.name)


def load_key(
    store: IdentityStore, pending: PendingIdentity, passphrase: str | None = None
) -> certs.PrivateKey:
    """The request's private key (for the test signature and the match), unlocked."""
    from app.core.signing.signer import protect_process

    protect_process()  # before the key is in memory, as for signing
    path = store.folder / disk.check_id(pending.id) / disk.KEY
    data = disk.read_private_key(path, pending.name)
    if not pending.encrypted:
        return certs.load_private_key(data, None, what="request's key")
    secret = passphrase or store.remembered_passphrase(pending.id)
    if not secret:
        raise PassphraseRequired(
            _(
                "The key of “{name}” is protected by a passphrase. Type the passphrase "
                "you chose when you made the request."
            ).format(name=pending.name)
        )
    try:
        key = certs.load_private_key(data, secret, what="request's key")
    except WrongPassphrase:
        raise WrongPassphrase(
            _("That passphrase does not unlock “{name}”. Check it and try again.").format(
                name=pending.name
            )
        ) from None
    store.remember_passphrase(pending.id, secret, keyring=False)
    return key


def delete_pending(store: IdentityStore, identity_id: str) -> PendingIdentity:
    """Remove a waiting request and its key for good."""
    import shutil

    pending = get_pending(store, identity_id)
    try:
        shutil.rmtree(store.folder / disk.check_id(pending.id))
    except OSError as exc:
        raise IdentityError(
            _(
                "The certificate request “{name}” could not be deleted. "
                "Check the permissions of {folder}."
            ).format(name=pending.name, folder=store.folder),
            str(exc),
        ) from exc
    store.forget_passphrase(pending.id)
    return pending


# ---------------------------------------------------------------- completing


def read_issued(path: Path) -> list[x509.Certificate]:
    """The certificates in what a CA sent: PEM, DER, or PKCS#7 (.p7b/.p7c, PEM or DER)."""
    data = disk.read_input(Path(path), "certificate")
    found = certs.parse_certificates(data)
    if not found:
        for loader in (pkcs7.load_pem_pkcs7_certificates, pkcs7.load_der_pkcs7_certificates):
            try:
                found = list(loader(data))
            except ValueError:
                continue
            if found:
                break
    if not found:
        raise IdentityError(
            _(
                "The file {file} holds no certificate CredLabel can read. Choose the PEM, "
                ".cer/.crt or .p7b file the certificate authority sent."
            ).format(file=path)
        )
    return found


def match_chain(pending: PendingIdentity, issued: list[x509.Certificate]) -> bytes:
    """The chain for this request's key, leaf first, without self-signed roots (as PEM).
    Refuses, with a sentence, a chain issued for another key."""
    leaf = next(
        (c for c in issued if public_fingerprint(c.public_key()) == pending.key_fingerprint),
        None,
    )
    if leaf is None:
        names = ", ".join(certs.common_name(c.subject) for c in issued[:3])
        raise IdentityError(
            _(
                "These certificates ({names}) were not issued for the request “{name}” "
                "({id}): none of them carries its key. Choose the certificate the CA "
                "issued for this request, or complete the request it belongs to."
            ).format(names=names, name=pending.name, id=pending.id)
        )
    ordered = certs.order_chain([leaf, *(c for c in issued if c is not leaf)])
    chain = [c for c in ordered if c is leaf or not certs.is_self_signed(c)]
    return b"".join(certs.pem_of(c) for c in chain)


def check_issued(chain_pem: bytes, key: certs.PrivateKey) -> list[checks.Problem]:
    """The import checks; raises CertificateRejected with every blocking problem."""
    problems = checks.check_chain(chain_pem, key)
    stoppers = checks.blocking(problems)
    if stoppers:
        more = "\n".join(str(p) for p in stoppers[1:])
        raise CertificateRejected(str(stoppers[0]), more)
    return problems


def complete(
    store: IdentityStore, pending: PendingIdentity, chain_pem: bytes, key: certs.PrivateKey
) -> Identity:
    """Turn the request into a signing identity with `chain_pem` (checked again here)."""
    check_issued(chain_pem, key)
    leaf = certs.parse_certificates(chain_pem)[0]
    identity = Identity(
        id=pending.id,
        name=pending.name,
        kind="imported",
        algorithm=pending.algorithm,
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        subject=leaf.subject.rfc4514_string(),
        issuer=leaf.issuer.rfc4514_string(),
        not_after=leaf.not_valid_after_utc.isoformat(timespec="seconds"),
        fingerprint=certs.fingerprint(leaf),
        encrypted=pending.encrypted,
    )
    folder = store.folder / disk.check_id(pending.id)
    disk.check_owner(store.folder)
    try:
        disk.write_private(folder / disk.CHAIN, chain_pem)
        disk.write_private(folder / disk.META, disk.meta_bytes(identity))  # the commit point
        (folder / disk.REQUEST_META).unlink(missing_ok=True)
    except (OSError, WriteError) as exc:
        raise IdentityError(
            _(
                "The certificate could not be saved with “{name}” in {folder}. "
                "Check the free disk space and try again."
            ).format(name=pending.name, folder=folder),
            str(exc),
        ) from exc
    if disk.read_default_id(store.folder) is None:
        store.set_default(identity.id)
    log.info("completed certificate request %s (%s)", identity.id, identity.fingerprint)
    return store.get(identity.id)


def _read_meta(folder: Path) -> PendingIdentity | None:
    try:
        data = json.loads((folder / disk.REQUEST_META).read_text(encoding="utf-8"))
        pending = PendingIdentity.from_json(data)
    except (OSError, ValueError, TypeError) as exc:
        log.warning("skipping damaged certificate request %s: %s", folder.name, exc)
        return None
    return pending if pending.id == folder.name else None
