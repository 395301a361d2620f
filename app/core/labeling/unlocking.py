"""Choosing the signer's key: the timestamp question, then the passphrase questions.

`Unlocker(questions, store, cancel, identity, use_timestamp).run()` builds the c2pa Signer
for `identity` (`app.core.signing.signer.make_signer`). A timestamp server that cannot be
reached asks `Questions.sign_without_timestamp` (never dropped silently); an encrypted key
asks `Questions.passphrase` until it unlocks or the person cancels, then
`Questions.remember_passphrase` once.
"""

from __future__ import annotations

import threading
from typing import Any

from app.core.errors import (
    ExportCancelled,
    IdentityError,
    PassphraseRequired,
    TimestampUnavailable,
    WrongPassphrase,
)
from app.core.i18n import _
from app.core.labeling.questions import Questions, Remember
from app.core.signing.identity_files import Identity
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer

__all__ = ["Unlocker", "created_sentence"]


def created_sentence(name: str) -> str:
    """Said once, when the default identity is made on first use."""
    return _(
        "Created your local signing identity “{name}” (first use). Files you sign read as "
        "Trusted on this computer; elsewhere as “Valid, signer not recognized”."
    ).format(name=name)


class Unlocker:
    """Building the Signer: the timestamp question, then the passphrase questions."""

    def __init__(
        self,
        questions: Questions,
        store: IdentityStore,
        cancel: threading.Event,
        identity: Identity,
        use_timestamp: bool,
    ) -> None:
        self.questions, self.store, self.cancel = questions, store, cancel
        self.identity, self.use_timestamp = identity, use_timestamp
        self.passphrase: str | None = None
        self.typed = False

    def run(self) -> Any:
        problem: str | None = None
        while True:
            try:
                signer = make_signer(
                    self.identity,
                    passphrase=self.passphrase,
                    use_timestamp=self.use_timestamp,
                    store=self.store,
                )
            except TimestampUnavailable as exc:
                self._timestamp(exc)
                continue
            except (PassphraseRequired, WrongPassphrase) as exc:
                problem = self._problem(exc)
                self._ask(problem)
                continue
            break
        if self.typed:
            self._remember()
        elif self.passphrase is None and self.identity.encrypted:
            self.passphrase = self.store.remembered_passphrase(self.identity.id)
        return signer

    def _timestamp(self, exc: TimestampUnavailable) -> None:
        server = self.identity.timestamp_url or ""
        if not self.use_timestamp or not self.questions.sign_without_timestamp(
            server, exc.sentence
        ):
            raise exc
        self.use_timestamp = False

    def _problem(self, exc: IdentityError) -> str | None:
        if isinstance(exc, WrongPassphrase):
            return exc.sentence if self.typed else None  # a stale remembered one: just ask
        if self.typed:  # an empty answer
            return _("Type the passphrase of “{name}” to sign with it.").format(
                name=self.identity.name
            )
        return None

    def _ask(self, problem: str | None) -> None:
        answer = self.questions.passphrase(self.identity.name, problem)
        if answer is None or self.cancel.is_set():
            raise ExportCancelled(
                _("Cancelled: no passphrase was given for “{name}”, so nothing was signed.").format(
                    name=self.identity.name
                )
            )
        self.passphrase, self.typed = answer, True

    def _remember(self) -> None:
        store, name = self.store, self.identity.name
        answer = self.questions.remember_passphrase(name)
        if answer is Remember.KEYRING and self.passphrase:
            if not store.remember_passphrase(self.identity.id, self.passphrase, keyring=True):
                self.questions.tell(
                    _(
                        "No system keyring is available: the passphrase is remembered only "
                        "until CredLabel quits."
                    )
                )
        elif answer is Remember.NOT:
            store.forget_passphrase(self.identity.id, keyring_too=False)
