"""Passphrases of encrypted signing identities: remembered for this session in memory, and
in the OS keyring only when the user asks and a real keyring backend exists (never a
plaintext one). Nothing here logs a passphrase: log lines name identities by id only.
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["KEYRING_SERVICE", "SESSION_PASSPHRASES", "PassphraseMemory", "keyring_backend"]

log = logging.getLogger(__name__)

KEYRING_SERVICE = "CredLabel signing identity"


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


class PassphraseMemory:
    """Passphrases typed this session (in memory, never written), plus the OS keyring for
    the identities the user asked to remember there. Keys are "<id>@<identities folder>"."""

    def __init__(self) -> None:
        self._session: dict[str, str] = {}

    def recall(self, who: str) -> str | None:
        if who in self._session:
            return self._session[who]
        backend = keyring_backend()
        if backend is None:
            return None
        try:
            value = backend.get_password(KEYRING_SERVICE, who)
        except Exception as exc:  # any keyring backend error means "not remembered"
            log.debug("keyring lookup failed: %s", type(exc).__name__)
            return None
        return str(value) if value else None

    def keep(self, who: str, passphrase: str, *, keyring: bool = False) -> bool:
        """Remember for this session; with `keyring`, also in the OS keyring.
        Returns True when the keyring holds it."""
        self._session[who] = passphrase
        backend = keyring_backend() if keyring else None
        if backend is None:
            return False
        try:
            backend.set_password(KEYRING_SERVICE, who, passphrase)
        except Exception as exc:  # a locked or broken keyring: the session still remembers
            log.warning("could not save the passphrase in the keyring: %s", type(exc).__name__)
            return False
        return True

    def forget(self, who: str, *, keyring_too: bool = True) -> None:
        self._session.pop(who, None)
        backend = keyring_backend() if keyring_too else None
        if backend is None:
            return
        try:
            backend.delete_password(KEYRING_SERVICE, who)
        except Exception:  # nothing stored, or a keyring that cannot delete
            log.debug("no keyring entry removed for %s", who.split("@", 1)[0])


# One memory per process: the window and the CLI make a new IdentityStore for each use.
SESSION_PASSPHRASES = PassphraseMemory()
