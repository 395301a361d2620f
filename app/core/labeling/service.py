"""The labeling service: what both front ends call to label one file or many.

A `LabelingSession` takes a `LabelRequest` (the files, the disclosure, where the copies go,
which identity signs) and does everything between the front end's button or command and the
signed, verified copies:

- names the copies by the one naming rule (`app.core.labeling.naming`: the Preferences
  pattern, clashes within the request numbered `NAME.cr-2.EXT`);
- chooses the signer (the named identity, or the default one, created on first use) and
  unlocks it;
- labels one file in this process, or many in the process pool of
  `app.core.labeling.batch` (crash retry, progress, cancel);
- ends every file as a `FileOutcome` and the request as a `BatchSummary`.

Whatever needs the person is asked through `Questions`, a Protocol the front end implements
(as beets' `ImportSession` asks its `TerminalImportSession`): the CLI answers from flags and
terminal prompts (`app.cli.terminal_questions`), the window with dialogs. Questions are
asked on the thread that called `LabelingSession.label` (a worker thread in the window: its
implementation hands each question to the GUI thread and waits for the answer). A question
method may raise `CredLabelError` to stop the request with that sentence (e.g. no terminal
to type a passphrase on).

CredLabel never drops a timestamp silently: when the identity's timestamp server cannot be
reached or gives no timestamp, `Questions.sign_without_timestamp` is asked, and only a yes
signs again without one.

Pure core: no Qt, nothing printed.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from app.core.errors import CredLabelError
from app.core.labeling.batch import BatchProgress, BatchSummary
from app.core.labeling.batch_worker import FileOutcome
from app.core.labeling.disclosure import Disclosure
from app.core.reading.trust import TrustProfile
from app.core.settings import DEFAULT_OUTPUT_PATTERN
from app.core.signing.identity_files import Identity
from app.core.signing.identity_store import IdentityStore

__all__ = [
    "BatchProgress",
    "BatchSummary",
    "ChosenSigner",
    "ExistingCopy",
    "FileOutcome",
    "FixedAnswers",
    "LabelRequest",
    "LabelingSession",
    "Questions",
    "Remember",
]


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


@dataclass(frozen=True)
class LabelRequest:
    """One labeling job: the same disclosure for every file in `sources`."""

    sources: tuple[Path, ...]
    disclosure: Disclosure
    identity_id: str | None = None  # None: the default identity (made on first use)
    creator_name: str | None = None  # the name a first-use identity gets (else the account's)
    dest: Path | None = None  # one file only: exactly this path (`-o`, the save dialog)
    out_dir: Path | None = None  # else this folder; None: beside each original
    pattern: str = DEFAULT_OUTPUT_PATTERN  # `Settings.output_pattern`
    profile: TrustProfile | None = None  # trust settings for reading and signing
    overwrite: bool = False  # True: replace taken names without asking
    use_timestamp: bool = True  # False: the person already chose to sign without one
    sidecar: bool = False  # the manifest in NAME.c2pa beside the copy (one file only)
    processes: int | None = None  # worker processes for many files (None: one per core)
    in_process: bool | None = None  # None: one file here, many in the process pool


@dataclass(frozen=True)
class ChosenSigner:
    """The identity that signs this request, unlocked, with what the workers need."""

    identity: Identity
    signer: Any  # the c2pa Signer for this process
    use_timestamp: bool
    passphrase: str | None = field(default=None, repr=False)  # handed to batch workers only
    created: bool = False  # the default identity was made just now (first use)
    notes: tuple[str, ...] = ()  # sentences already told through `Questions.tell`


ProgressCallback = Callable[[BatchProgress], None]


class LabelingSession:
    """Labels files for one front end. One session may run several requests in turn; a
    passphrase typed once is remembered as the person answered `remember_passphrase`."""

    def __init__(
        self,
        questions: Questions,
        *,
        store: IdentityStore | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        """`progress` gets every `BatchProgress` (on the calling thread, or the pool's
        collecting thread, which is also the calling thread); `cancel` stops the work
        (queued files are not started, running ones remove what they wrote)."""
        self.questions = questions
        self.store = store or IdentityStore()
        self.progress = progress
        self.cancel = cancel or threading.Event()

    def choose_signer(
        self,
        identity_id: str | None = None,
        *,
        creator_name: str | None = None,
        use_timestamp: bool = True,
    ) -> ChosenSigner:
        """The named or default identity, unlocked (asking its passphrase when needed),
        with its timestamp server checked (asking whether to sign without it when it
        cannot be reached). Raises `ExportCancelled` when the person cancelled, a
        `CredLabelError` with a sentence for anything else (no such identity, ...)."""
        raise NotImplementedError

    def destinations(self, request: LabelRequest) -> list[Path | None]:
        """Where each source's copy goes, by the naming rule; a taken name is asked about
        (`Questions.overwrite`) unless `request.overwrite`. None: the person chose to skip
        that file."""
        raise NotImplementedError

    def label(self, request: LabelRequest, signer: ChosenSigner | None = None) -> BatchSummary:
        """Label every source of `request`; see the module docstring. `signer` is one
        `choose_signer` already returned (else it is chosen here). Each file's problem is
        in its `FileOutcome`; the summary's notes hold what was told on the way. Raises
        only for what stops the whole request before any file: `ExportCancelled` when the
        person cancelled unlocking, `CredLabelError` for a missing identity or folder."""
        raise NotImplementedError


def label_files(
    sources: Sequence[Path],
    disclosure: Disclosure,
    questions: Questions,
    **options: Any,
) -> BatchSummary:
    """Shorthand: one `LabelingSession(questions).label(LabelRequest(sources, disclosure,
    **options))`."""
    request = LabelRequest(tuple(Path(s) for s in sources), disclosure, **options)
    return LabelingSession(questions).label(request)
