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

The honesty rule (`app.core.labeling.history_rules`: a label never says less about AI than
the file's history) is applied to every file the same way, here or in the pool: the export
refuses "No AI used" on a history that records AI before anything is written, and that
file's outcome carries the sentence.

CredLabel never drops a timestamp silently: when the identity's timestamp server cannot be
reached or gives no timestamp, `Questions.sign_without_timestamp` is asked, and only a yes
signs again without one.

Pure core: no Qt, nothing printed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core import safe_write
from app.core.errors import CredLabelError, DestinationIsOriginal, ExportCancelled
from app.core.i18n import _
from app.core.labeling.batch import CANCELLED as CANCELLED_BEFORE
from app.core.labeling.batch import (
    BatchJob,
    BatchProgress,
    BatchSummary,
    run_batch,
    start_workers_early,
)
from app.core.labeling.batch_worker import (
    FileOutcome,
    SignerSpec,
    outcome_of_error,
    outcome_of_result,
)
from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export import ExportProgress, export_labeled_copy, protected_paths
from app.core.labeling.naming import is_taken, next_free_name, plan_names
from app.core.labeling.questions import ExistingCopy, FixedAnswers, Questions, Remember
from app.core.labeling.unlocking import Unlocker, created_sentence
from app.core.reading.trust import TrustProfile
from app.core.settings import DEFAULT_OUTPUT_PATTERN
from app.core.signing.identity_files import Identity, account_name
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer

log = logging.getLogger(__name__)

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
    "created_sentence",
    "label_files",
    "label_many",
]


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

    # ------------------------------------------------------------ the signer

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
        identity, created = self._identity(identity_id, creator_name)
        notes: tuple[str, ...] = ()
        if created:
            notes = (created_sentence(identity.name),)
            self.questions.tell(notes[0])
        unlock = Unlocker(self.questions, self.store, self.cancel, identity, use_timestamp)
        signer = unlock.run()
        return ChosenSigner(
            identity=identity,
            signer=signer,
            use_timestamp=unlock.use_timestamp,
            passphrase=unlock.passphrase,
            created=created,
            notes=notes,
        )

    def _identity(self, identity_id: str | None, creator_name: str | None) -> tuple[Identity, bool]:
        if identity_id:
            return self.store.get(identity_id), False
        return self.store.ensure_default(creator_name or account_name())

    def without_timestamp(self, chosen: ChosenSigner) -> ChosenSigner:
        """The same identity, signing without its timestamp server (the person said yes)."""
        signer = make_signer(
            chosen.identity, passphrase=chosen.passphrase, use_timestamp=False, store=self.store
        )
        return replace(chosen, signer=signer, use_timestamp=False)

    def start_workers_early(self) -> None:
        """Get the process pool's workers under way now (`batch.start_workers_early`), for
        a front end about to label many files: they then start while the signer is
        unlocked and the names are planned. Safe to call more than once."""
        start_workers_early()

    # ------------------------------------------------------------ names

    def destinations(self, request: LabelRequest) -> list[Path | None]:
        """Where each source's copy goes, by the naming rule; a taken name is asked about
        (`Questions.overwrite`) unless `request.overwrite`. None: the person chose to skip
        that file."""
        return [job.dest for job in self._plan(request)]

    def _plan(self, request: LabelRequest) -> list[BatchJob]:
        sources = [Path(s) for s in request.sources]
        if request.dest is not None:
            if len(sources) != 1:
                raise CredLabelError(_("One output name can only be given for one file."))
            names = [Path(request.dest)]
        else:
            names = plan_names(sources, request.pattern, request.out_dir)
        jobs: list[BatchJob] = []
        for index, (source, name) in enumerate(zip(sources, names, strict=True)):
            others = [j.dest for j in jobs if j.dest] + names[index + 1 :]
            jobs.append(self._job(request, source, name, others))
        return jobs

    def _job(self, request: LabelRequest, source: Path, name: Path, others: list[Path]) -> BatchJob:
        """A taken name (not a folder: the export says what is wrong there) is replaced,
        numbered or skipped, as the request or the person says. The original itself is never
        offered for replacing: the export refuses it with its own sentence."""
        if not is_taken(name) or name.is_dir() or _is_original(source, name):
            return BatchJob(source, name)
        if request.overwrite:
            return BatchJob(source, name, overwrite=True)
        free = next_free_name(name, others)
        answer = self.questions.overwrite(name, free)
        if answer is ExistingCopy.REPLACE:
            return BatchJob(source, name, overwrite=True)
        if answer is ExistingCopy.KEEP_BOTH:
            return BatchJob(source, free)
        skipped = FileOutcome(source, False, safe_write.exists_sentence(name), skipped=True)
        return BatchJob(source, None, decided=skipped)

    # ------------------------------------------------------------ labeling

    def label(self, request: LabelRequest, signer: ChosenSigner | None = None) -> BatchSummary:
        """Label every source of `request`; see the module docstring. `signer` is one
        `choose_signer` already returned (else it is chosen here). Each file's problem is
        in its `FileOutcome`; the summary's notes hold what was told on the way. When the
        person cancels unlocking, every file's outcome is cancelled. Raises only for what
        stops the whole request before any file: `CredLabelError` with a sentence (no such
        identity or folder, no terminal to ask a passphrase on, ...)."""
        if request.out_dir is not None and not Path(request.out_dir).is_dir():
            raise CredLabelError(f"The output folder {request.out_dir} does not exist.")
        if not _in_process(request):
            self.start_workers_early()
        try:
            chosen = signer or self.choose_signer(
                request.identity_id,
                creator_name=request.creator_name,
                use_timestamp=request.use_timestamp,
            )
        except ExportCancelled as exc:  # the person cancelled unlocking: nothing started
            return BatchSummary(tuple(_cancelled(s, exc.sentence) for s in request.sources))
        jobs = self._plan(request)
        outcomes = self._run(request, chosen, jobs)
        outcomes, notes = self._retry_without_timestamp(request, chosen, jobs, outcomes)
        _log_outcomes(outcomes)
        return BatchSummary(tuple(outcomes), chosen.notes + notes)

    def _run(
        self,
        request: LabelRequest,
        chosen: ChosenSigner,
        jobs: Sequence[BatchJob],
        only: Sequence[int] | None = None,
    ) -> list[FileOutcome]:
        """The outcomes of `jobs` (or of the indexes in `only`, in that order): one file
        here, many in the process pool, unless the request says otherwise."""
        todo = list(range(len(jobs))) if only is None else list(only)
        if _in_process(request):
            before = len(jobs) - len(todo)
            return [
                self._label_here(request, chosen, jobs, i, before + n) for n, i in enumerate(todo)
            ]
        spec = SignerSpec(
            chosen.identity.id, chosen.passphrase, chosen.use_timestamp, self.store.folder
        )
        return run_batch(
            jobs,
            spec,
            request.disclosure,
            profile=request.profile,
            processes=request.processes,
            progress=self.progress,
            cancel=self.cancel,
            only=todo,
        )

    def _label_here(
        self,
        request: LabelRequest,
        chosen: ChosenSigner,
        jobs: Sequence[BatchJob],
        index: int,
        finished: int,
    ) -> FileOutcome:
        """One file in this process, with the whole `ExportResult` in its outcome."""
        job = jobs[index]
        events = _Events(self.progress, job.source, index, len(jobs), finished=finished)
        if job.decided is not None:
            events.finished(job.decided)
            return job.decided
        if self.cancel.is_set():
            outcome = FileOutcome(job.source, False, _(CANCELLED_BEFORE), cancelled=True)
            events.finished(outcome)
            return outcome
        events.started()
        try:
            result = export_labeled_copy(
                job.source,
                request.disclosure,
                chosen.signer,
                dest=job.dest,
                profile=request.profile,
                progress=events.working,
                cancel=self.cancel,
                sidecar=request.sidecar,
                overwrite=job.overwrite,
            )
        except Exception as exc:  # each file's problem is its outcome, never the request's
            outcome = outcome_of_error(job.source, exc)
        else:
            outcome = outcome_of_result(job.source, result, keep_result=True)
        events.finished(outcome)
        return outcome

    def _retry_without_timestamp(
        self,
        request: LabelRequest,
        chosen: ChosenSigner,
        jobs: Sequence[BatchJob],
        outcomes: list[FileOutcome],
    ) -> tuple[list[FileOutcome], tuple[str, ...]]:
        """The timestamp server failed while signing: ask once; yes signs those files
        again without a timestamp (said in the notes), no keeps their sentence."""
        failed = [i for i, o in enumerate(outcomes) if o.timestamp_failed]
        if not failed or self.cancel.is_set():
            return outcomes, ()
        server = chosen.identity.timestamp_url or ""
        try:
            agreed = self.questions.sign_without_timestamp(server, outcomes[failed[0]].sentence)
        except CredLabelError as exc:  # the front end's own sentence (e.g. name the flag)
            for i in failed:
                outcomes[i] = replace(outcomes[i], sentence=exc.sentence)
            return outcomes, ()
        if not agreed:
            return outcomes, ()
        plain = self.without_timestamp(chosen)
        redone = self._run(request, plain, jobs, only=failed)
        for i, outcome in zip(failed, redone, strict=True):
            outcomes[i] = outcome
        note = _("Signed without a timestamp: the timestamp server {server} gave none.").format(
            server=server
        )
        return outcomes, (note,)


def _in_process(request: LabelRequest) -> bool:
    """One file here, many in the process pool, unless the request says otherwise."""
    if request.in_process is None:
        return len(request.sources) == 1
    return request.in_process


def _log_outcomes(outcomes: list[FileOutcome]) -> None:
    """One line per file for the log a support person reads (paths, never keys)."""
    for outcome in outcomes:
        if outcome.ok:
            log.info("labeled %s -> %s (%s)", outcome.source, outcome.dest, outcome.state)
        else:
            log.info("not labeled %s: %s", outcome.source, outcome.sentence)


def _is_original(source: Path, name: Path) -> bool:
    """True when `name` is the original or its sidecar (itself, a link, another spelling)."""
    try:
        safe_write.refuse_protected(name, protected_paths(source))
    except DestinationIsOriginal:
        return True
    return False


def _cancelled(source: Path, sentence: str) -> FileOutcome:
    return FileOutcome(Path(source), False, sentence, cancelled=True)


class _Events:
    """`BatchProgress` for a file labeled in this process."""

    def __init__(
        self,
        callback: ProgressCallback | None,
        source: Path,
        index: int,
        total: int,
        *,
        finished: int,
    ) -> None:
        self.callback, self.source, self.index, self.total = callback, source, index, total
        self.done = finished

    def started(self) -> None:
        self._emit("started", 0.0, None, "")

    def working(self, progress: ExportProgress) -> None:
        self._emit("working", progress.fraction, None, progress.phase)

    def finished(self, outcome: FileOutcome) -> None:
        self.done += 1
        self._emit("done" if outcome.ok else "failed", 1.0, outcome, "")

    def _emit(self, phase: str, fraction: float, outcome: FileOutcome | None, step: str) -> None:
        if self.callback is None:
            return
        event = BatchProgress(
            self.index, self.source, phase, fraction, self.done, self.total, outcome, step
        )
        try:
            self.callback(event)
        except Exception:  # a display problem must not stop the labeling
            log.exception("labeling progress callback failed")


def label_many(
    paths: Sequence[Path],
    disclosure: Disclosure,
    identity_id: str,
    out_dir: Path,
    *,
    processes: int | None = None,
    progress: ProgressCallback | None = None,
    profile: TrustProfile | None = None,
    passphrase: str | None = None,
    use_timestamp: bool = True,
    overwrite: bool = False,
    cancel: threading.Event | None = None,
    identities_folder: Path | None = None,
) -> BatchSummary:
    """Label every file in `paths` into `out_dir` (NAME.cr.EXT) in the process pool, asking
    nothing: a protected identity needs `passphrase`, a taken name is refused unless
    `overwrite`, a failing timestamp server fails its files."""
    request = LabelRequest(
        tuple(Path(p) for p in paths),
        disclosure,
        identity_id=identity_id,
        out_dir=Path(out_dir),
        profile=profile,
        overwrite=overwrite,
        use_timestamp=use_timestamp,
        processes=processes,
        in_process=False,
    )
    answers = FixedAnswers(given_passphrase=passphrase)
    store = IdentityStore(identities_folder)
    return LabelingSession(answers, store=store, progress=progress, cancel=cancel).label(request)


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
