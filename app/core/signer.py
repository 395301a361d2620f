"""The one place that turns a signing identity into a c2pa `Signer`.

The key is unlocked in memory only for as long as the Signer is built. With a timestamp
server configured, its reachability is checked first (a short connect, nothing sent): an
unreachable server raises `TimestampUnavailable`, and the caller offers to sign without a
timestamp — CredLabel never drops the timestamp silently. Without one, signing opens no
socket at all.
"""

from __future__ import annotations

import logging
import socket
from typing import Any
from urllib.parse import urlsplit

from app.core import certificates as certs
from app.core.errors import IdentityError, TimestampUnavailable
from app.core.identity import Identity, IdentityStore

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 5.0


def c2pa_algorithm(name: str) -> Any:
    """The `c2pa.C2paSigningAlg` for an identity's algorithm name."""
    import c2pa

    table = {
        "ES256": c2pa.C2paSigningAlg.ES256,
        "ES384": c2pa.C2paSigningAlg.ES384,
        "ES512": c2pa.C2paSigningAlg.ES512,
        "PS256": c2pa.C2paSigningAlg.PS256,
        "Ed25519": c2pa.C2paSigningAlg.ED25519,
    }
    if name not in table:
        raise IdentityError(f"The signing algorithm {name} is not supported.")
    return table[name]


def make_signer(
    identity: Identity | str,
    *,
    passphrase: str | None = None,
    use_timestamp: bool = True,
    store: IdentityStore | None = None,
) -> Any:
    """A `c2pa.Signer` for `identity` (an Identity or its id).

    Raises PassphraseRequired / WrongPassphrase for an encrypted key, TimestampUnavailable
    when the identity's timestamp server cannot be reached (call again with
    `use_timestamp=False` if the user agrees to sign without a timestamp)."""
    import c2pa

    store = store or IdentityStore()
    current = store.get(identity if isinstance(identity, str) else identity.id)
    ta_url = current.timestamp_url if use_timestamp else None
    if ta_url:
        check_timestamp_server(ta_url)
    key = store.load_private_key(current.id, passphrase)
    problems = certs.blocking(certs.check_chain(store.chain_pem(current.id), key))
    if problems:  # e.g. an imported certificate that has expired since
        raise IdentityError(f"“{current.name}” cannot sign: {problems[0]}")
    info = c2pa.C2paSignerInfo(
        c2pa_algorithm(current.algorithm), store.chain_pem(current.id), certs.key_pem(key), ta_url
    )
    try:
        signer = c2pa.Signer.from_info(info)
    except c2pa.C2paError as exc:
        raise IdentityError(
            f"The signing library refused the identity “{current.name}”.", type(exc).__name__
        ) from None
    log.info("signer ready for identity %s (timestamp: %s)", current.id, bool(ta_url))
    return signer


def check_timestamp_server(url: str, timeout: float = CONNECT_TIMEOUT_SECONDS) -> None:
    """Raise TimestampUnavailable unless a TCP connection to `url`'s host opens."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except (OSError, ValueError) as exc:
        raise TimestampUnavailable(
            f"The timestamp server {url} cannot be reached. Check the network connection, "
            "or sign without a timestamp (the file then reads as invalid once the "
            "certificate expires).",
            f"{type(exc).__name__}: {exc}",
        ) from None
