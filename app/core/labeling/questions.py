"""What the labeling service asks the person, and the answers it understands.

`Questions` is the Protocol each front end implements (the CLI with flags and terminal
prompts, the window with dialogs); `FixedAnswers` answers in advance, for scripts, tests
and callers that must not ask. See `app.core.labeling.service` for when each is asked.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.core.errors import CredLabelError

__all__ = ["ExistingCopy", "FixedAnswers", "Questions", "Remember"]


class ExistingCopy(enum.Enum):
    """What to do when a copy's name is already taken on disk."""

    REPLACE = "replace"  # write over it (never the original: that is always refused)
    KEEP_BOTH = "keep both"  # write the copy under the next free name (NAME.cr-2.EXT)
    SKIP = "skip"  # leave that file out; its outcome says why


class Remember(enum.Enum):
    """Where a typed passphrase is kept after it unlocked the identity."""

    SESSION = "session"  # until CredLabel quits (in memory only)
    KEYRING = "keyring"  # also in the system keyring, when there is one
    NOT = "not"  # forgotten once this request is done


class Questions(Protocol):
    """What the labeling service asks the person; each front end answers its own way."""

    def passphrase(self, identity_name: str, problem: str | None) -> str | None:
        """The passphrase of the identity named `identity_name`, or None to cancel.
        `problem` is None the first time, then the sentence saying why the last one
        did not work ("That passphrase does not unlock …"); asked again until it works."""
        ...

    def remember_passphrase(self, identity_name: str) -> Remember:
        """Asked once after a typed passphrase unlocked the identity."""
        ...

    def sign_without_timestamp(self, server: str, sentence: str) -> bool:
        """The timestamp server `server` cannot be reached or gave no timestamp
        (`sentence` says which). True: sign without a timestamp; False: do not sign."""
        ...

    def overwrite(self, dest: Path, free_name: Path) -> ExistingCopy:
        """A copy's name `dest` is already taken; `free_name` is the name KEEP_BOTH uses."""
        ...

    def tell(self, sentence: str) -> None:
        """Something to say once, before the work: e.g. the identity made on first use."""
        ...


@dataclass
class FixedAnswers:
    """`Questions` answered in advance: for scripts, tests and callers that must not ask.
    A passphrase is offered once (a wrong one is not tried again); told sentences are
    kept in `told`."""

    given_passphrase: str | None = None
    remember: Remember = Remember.SESSION
    without_timestamp: bool = False
    existing: ExistingCopy = ExistingCopy.SKIP
    told: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # never show the passphrase in logs or tracebacks
        return f"FixedAnswers(existing={self.existing.value})"

    def passphrase(self, identity_name: str, problem: str | None) -> str | None:
        if problem is not None:
            raise CredLabelError(problem)
        return self.given_passphrase

    def remember_passphrase(self, identity_name: str) -> Remember:
        return self.remember

    def sign_without_timestamp(self, server: str, sentence: str) -> bool:
        return self.without_timestamp

    def overwrite(self, dest: Path, free_name: Path) -> ExistingCopy:
        return self.existing

    def tell(self, sentence: str) -> None:
        self.told.append(sentence)
