"""The one place that turns a signing identity into a c2pa `Signer`.

The key is unlocked in memory only for as long as the Signer is built, and core dumps are
switched off first. With a timestamp server configured, its address is checked and the
server must answer a small GET within 10 s (c2pa-rs itself would wait 30 s for a server
that never answers, then say only "error sending request"): otherwise `TimestampUnavailable`
names the server and the caller offers to sign without a timestamp — CredLabel never
drops the timestamp silently. Without one, signing opens no socket at all.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import sys
from typing import Any
from urllib.parse import SplitResult, urlsplit

from app.core.errors import IdentityError, TimestampUnavailable
from app.core.i18n import N_, _, ngettext
from app.core.signing import certificate_checks as checks
from app.core.signing import certificates as certs
from app.core.signing.identity_files import timestamp_url_problem
from app.core.signing.identity_store import Identity, IdentityStore

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 3.0
ANSWER_SECONDS = 7.0  # connect + answer: signing waits at most 10 s for a silent server
TIMESTAMP_URL_ATTRIBUTE = "credlabel_timestamp_url"
# Identity algorithm → the name c2pa uses (C2paSignerInfo, settings, c2patool).
_C2PA_NAMES = {
    "ES256": "es256",
    "ES384": "es384",
    "ES512": "es512",
    "PS256": "ps256",
    "Ed25519": "ed25519",
}


def signing_alg_name(identity: Identity) -> str:
    """c2pa's name for the identity's signing algorithm: "es256", "ed25519", "ps256", ..."""
    try:
        return _C2PA_NAMES[identity.algorithm]
    except KeyError:
        raise IdentityError(
            _(
                "The signing algorithm {algorithm} of “{name}” is not supported. Create or "
                "import an ES256, Ed25519 or PS256 identity."
            ).format(algorithm=identity.algorithm, name=identity.name),
        ) from None


def c2pa_algorithm(name: str) -> Any:
    """The `c2pa.C2paSigningAlg` for an identity's algorithm name."""
    import c2pa

    if name not in _C2PA_NAMES:
        raise IdentityError(
            _("The signing algorithm {algorithm} is not supported.").format(algorithm=name)
        )
    return c2pa.C2paSigningAlg[_C2PA_NAMES[name].upper()]


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
    `use_timestamp=False` if the user agrees to sign without a timestamp), IdentityError
    when the certificate can no longer sign (e.g. an imported one has expired)."""
    import c2pa

    store = store or IdentityStore()
    current = store.get(identity if isinstance(identity, str) else identity.id)
    alg = signing_alg_name(current)
    ta_url = current.timestamp_url if use_timestamp else None
    if ta_url:
        problem = timestamp_url_problem(ta_url)  # identity.json edited by hand
        if problem:
            raise TimestampUnavailable(f"{problem} (signing identity “{current.name}”)")
        check_timestamp_server(ta_url)
    chain_pem = store.chain_pem(current.id)
    protect_process()  # before the key is in memory
    key = store.load_private_key(current.id, passphrase)
    problems = checks.blocking(checks.check_chain(chain_pem, key))
    if problems:  # e.g. an imported certificate that has expired since
        raise IdentityError(
            _("“{name}” cannot sign: {problem}").format(name=current.name, problem=problems[0])
        )
    info = c2pa.C2paSignerInfo(alg, chain_pem, certs.key_pem(key), ta_url)
    try:
        signer = c2pa.Signer.from_info(info)
    except c2pa.C2paError as exc:
        raise IdentityError(
            _(
                "The signing library refused the identity “{name}”. Check its certificate "
                "with `{command}`."
            ).format(name=current.name, command="credlabel identity show"),
            type(exc).__name__,
        ) from None
    with contextlib.suppress(AttributeError):  # so an export can name the server
        setattr(signer, TIMESTAMP_URL_ATTRIBUTE, ta_url)
    log.info(
        "signer ready for identity %s (%s, %s, timestamp: %s)",
        current.id,
        alg,
        current.fingerprint,
        bool(ta_url),
    )
    return signer


def protect_process() -> None:
    """Keep the private key out of core files for the rest of this process: no core dump
    (RLIMIT_CORE 0) and, on Linux, not dumpable (PR_SET_DUMPABLE 0, which also stops other
    processes of the same user from attaching a debugger). Never undone: the key, or copies
    of it the allocator left behind, may stay in memory until the process ends."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError) as exc:  # no resource module on Windows
        log.debug("core dumps not limited: %s", type(exc).__name__)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                log.debug("prctl(PR_SET_DUMPABLE) failed: errno %d", ctypes.get_errno())
        except (OSError, AttributeError) as exc:
            log.debug("process left dumpable: %s", type(exc).__name__)


_PR_SET_DUMPABLE = 4


def timestamp_failure(exc: BaseException, identity: Identity) -> TimestampUnavailable | None:
    """The sentence for a `Builder.sign` error caused by the identity's timestamp server,
    or None when the error is something else."""
    return timestamp_sign_failure(exc, identity.timestamp_url)


def timestamp_sign_failure(exc: BaseException, url: str | None) -> TimestampUnavailable | None:
    """The sentence for a `Builder.sign` error caused by the timestamp server `url`
    (it answered with an error, or not at all), or None when the error is something else.

    c2pa-rs then fails the whole signature (measured: "internal error (service responded
    with an HTTP error (status = 500 ...)", or after its own 30 s: "error sending request
    for url"; an answer that is no RFC 3161 response, or one refusing the request: "decode
    error (...)"); nothing is written without the timestamp."""
    text = str(exc).lower()
    if not url or not any(hint in text for hint in _TSA_HINTS):
        return None
    return TimestampUnavailable(
        _("The timestamp server {url} did not give a timestamp, so nothing was signed.").format(
            url=url
        )
        + " "
        + _(_WAY_OUT),
        str(exc),
    )


_TSA_HINTS = (
    "service responded",
    "timestamp",
    "time stamp",
    "error trying to connect",
    "error sending request",
    "http resolver",
    # Only the timestamp response is decoded while signing with a local key: a garbage or
    # refusing answer (measured: "decode error (unable to find signed data)").
    "decode error",
)
_WAY_OUT = N_(
    "Try again later, or sign without a timestamp (the file then reads as invalid once the "
    "certificate expires)."
)


def check_timestamp_server(
    url: str, timeout: float | None = None, answer_timeout: float | None = None
) -> None:
    """Raise TimestampUnavailable unless `url`'s server accepts a connection within
    `timeout` and starts answering a small request within `answer_timeout` (so at most
    10 s in all, instead of c2pa-rs's own 30 s wait for a server that never answers).

    Only called for an identity the user gave a timestamp server: the one case where
    signing may use the network. The request is a plain GET of the address (for https,
    after a TLS handshake that only measures liveness); nothing about the file is sent."""
    timeout = CONNECT_TIMEOUT_SECONDS if timeout is None else timeout
    answer_timeout = ANSWER_SECONDS if answer_timeout is None else answer_timeout
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with socket.create_connection((host, port), timeout=timeout) as raw:
            _first_answer(raw, parts, host, answer_timeout)
    except TimeoutError as exc:
        raise TimestampUnavailable(
            _waited(url, round(timeout + answer_timeout)) + " " + _(_WAY_OUT),
            f"{type(exc).__name__}: {exc}",
        ) from None
    except (OSError, ValueError) as exc:
        raise TimestampUnavailable(
            _(
                "The timestamp server {url} cannot be reached. Check the network connection, "
                "or sign without a timestamp (the file then reads as invalid once the "
                "certificate expires)."
            ).format(url=url),
            f"{type(exc).__name__}: {exc}",
        ) from None


def _waited(url: str, seconds: int) -> str:
    return ngettext(
        "The timestamp server {url} accepted the connection but did not answer within "
        "{seconds} second, so nothing was signed.",
        "The timestamp server {url} accepted the connection but did not answer within "
        "{seconds} seconds, so nothing was signed.",
        seconds,
    ).format(url=url, seconds=seconds)


def _first_answer(raw: socket.socket, parts: SplitResult, host: str, timeout: float) -> None:
    """Send a GET and wait for the first byte back (or the server closing)."""
    raw.settimeout(timeout)
    conn: socket.socket = raw
    if parts.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname = False  # liveness only: c2pa-rs checks the real request
        context.verify_mode = ssl.CERT_NONE
        conn = context.wrap_socket(raw, server_hostname=host)
    path = parts.path or "/"
    request = f"GET {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: CredLabel\r\n\r\n"
    conn.sendall(request.encode("ascii", "replace"))
    conn.recv(1)  # raises TimeoutError when nothing comes back in time
