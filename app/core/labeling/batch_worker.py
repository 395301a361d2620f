"""The worker-process side of batch labeling (`app.core.labeling.batch`).

Everything here crosses a process boundary, so it is plain picklable data and module-level
functions. A worker builds its Signer once, on its first file, from a `SignerSpec` (the
identity id, not the key: the key is loaded inside the worker and never leaves it).

A worker never outlives its batch: when the batch's process dies (even by SIGKILL), the
worker is told at once by a thread waiting on multiprocessing's parent sentinel (a pipe the
batch's process holds open), and on Linux also when its own parent dies
(PR_SET_PDEATHSIG → SIGTERM; a worker forked by the fork server has that server as its
parent, not the batch's process). An idle worker then exits; a labeling one cancels its
export (which removes its temporary files) and exits; a queued file is never started.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import CredLabelError, ExportCancelled, TimestampUnavailable
from app.core.i18n import SOURCE_LANGUAGE, _, set_language
from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export import ExportProgress, ExportResult, export_labeled_copy
from app.core.reading.trust import TrustProfile

log = logging.getLogger(__name__)

PROGRESS_STEP = 0.05  # send a file's progress at most every 5 %
PARENT_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class FileOutcome:
    """How one file went: `ok` with the labeled copy, or the sentence saying why not."""

    source: Path
    ok: bool
    sentence: str
    dest: Path | None = None
    state: str | None = None  # the copy's state label when ok ("Trusted", ...)
    warnings: tuple[str, ...] = ()
    cancelled: bool = False
    skipped: bool = False  # the person chose not to replace an existing copy
    timestamp_failed: bool = False  # the timestamp server gave no timestamp; nothing signed
    result: ExportResult | None = None  # the whole result, when labeled in this process


@dataclass(frozen=True)
class SignerSpec:
    """How a worker gets its Signer: an identity in the identity store."""

    identity_id: str
    passphrase: str | None = None
    use_timestamp: bool = True
    identities_folder: Path | None = None

    def __repr__(self) -> str:  # never show the passphrase in logs or tracebacks
        return f"SignerSpec({self.identity_id!r})"

    def build(self) -> Any:
        from app.core.signing.identity_store import IdentityStore
        from app.core.signing.signer import make_signer

        return make_signer(
            self.identity_id,
            passphrase=self.passphrase,
            use_timestamp=self.use_timestamp,
            store=IdentityStore(self.identities_folder),
        )

    def check(self) -> None:
        """Raise the identity's problem (missing, passphrase, timestamp server) now."""
        self.build()


@dataclass(frozen=True)
class WorkerSetup:
    signer: SignerSpec
    disclosure: Disclosure
    profile: TrustProfile | None
    language: str = SOURCE_LANGUAGE  # the parent's: a worker's sentences are said in it
    # The parent's environment now: a worker forked by the fork server would otherwise see
    # the environment as it was when the server started (a spawned one sees the parent's).
    environ: tuple[tuple[str, str], ...] | None = field(default=None, repr=False)
    # Each export's side work (thumbnail, flush, ...) on threads of its own: only while the
    # pool leaves a core free for them (`export_labeled_copy(side_threads=)`).
    side_threads: bool = True


class _Worker:
    """The state of this worker process (one per process)."""

    setup: WorkerSetup | None = None
    events: Any = None
    stop: Any = None
    signer: Any = None
    parent_pid = 0
    orphaned = False  # the parent died: finish cleaning up, then exit
    busy = False  # an export is running (it must cancel itself, not be cut short)


class _StopOrOrphaned(threading.Event):
    """The cancel flag an export polls: the parent asked to stop, or the parent is gone."""

    def is_set(self) -> bool:
        if _Worker.orphaned or os.getppid() != _Worker.parent_pid:
            _Worker.orphaned = True
            return True
        return _Worker.stop is not None and bool(_Worker.stop.is_set())


def init_worker(setup: WorkerSetup, events: Any, stop: Any) -> None:
    # Ctrl-C reaches every process of the terminal; only the parent decides to stop (it
    # sets `stop`, and the export then cleans up after itself).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _Worker.setup, _Worker.events, _Worker.stop = setup, events, stop
    if setup.environ is not None and dict(setup.environ) != os.environ:
        os.environ.clear()
        os.environ.update(setup.environ)
    set_language(setup.language)
    _Worker.signer = None
    _Worker.parent_pid = os.getppid()
    _Worker.orphaned = False
    signal.signal(signal.SIGTERM, _on_parent_gone)
    _ask_for_parent_death_signal()
    sentinel = _parent_sentinel()
    watch = threading.Thread(
        target=_watch_parent, args=(sentinel,), name="credlabel-parent-watch", daemon=True
    )
    watch.start()


def _parent_sentinel() -> int | None:
    """The fd that becomes readable when the process that started this worker dies."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    return None if parent is None else parent.sentinel


def _ask_for_parent_death_signal() -> None:
    """Linux: SIGTERM this process the moment its parent dies (no polling delay)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError) as exc:  # the watcher thread still notices
        log.debug("no parent-death signal: %s", type(exc).__name__)
    if os.getppid() != _Worker.parent_pid:  # the parent died before prctl took effect
        _Worker.orphaned = True


def _on_parent_gone(_signum: int, _frame: Any) -> None:
    _Worker.orphaned = True
    if not _Worker.busy:
        os._exit(1)  # idle: nothing to clean up; never take the next queued file
    # Labeling: the export sees the cancel flag at its next read or write, removes its
    # temporary files, and `label_one` exits after it.


def _watch_parent(sentinel: int | None) -> None:
    """Wait for the batch's process to die: on its sentinel, and by polling the parent's
    pid (a dead parent's children are re-parented, so getppid() changes)."""
    from multiprocessing.connection import wait

    while os.getppid() == _Worker.parent_pid and not _Worker.orphaned:
        if sentinel is None:
            threading.Event().wait(PARENT_POLL_SECONDS)
        elif wait([sentinel], PARENT_POLL_SECONDS):
            break
    _Worker.orphaned = True
    if not _Worker.busy:
        os._exit(1)


def label_one(index: int, source: Path, dest: Path, overwrite: bool = False) -> FileOutcome:
    """Label one file; every problem becomes the outcome's sentence."""
    setup = _Worker.setup
    assert setup is not None, "init_worker was not called"
    if _Worker.orphaned or os.getppid() != _Worker.parent_pid:
        os._exit(1)  # the batch is gone: start nothing
    _Worker.busy = True
    try:
        return _label(setup, index, source, dest, overwrite)
    finally:
        _Worker.busy = False
        if _Worker.orphaned:
            os._exit(1)  # the export has cleaned up after itself


def _label(
    setup: WorkerSetup, index: int, source: Path, dest: Path, overwrite: bool
) -> FileOutcome:
    _send(index, "started", 0.0)
    try:
        if _Worker.signer is None:
            _Worker.signer = setup.signer.build()
        result = export_labeled_copy(
            source,
            setup.disclosure,
            _Worker.signer,
            dest=dest,
            profile=setup.profile,
            progress=_progress_sender(index),
            cancel=_StopOrOrphaned(),
            overwrite=overwrite,
            side_threads=setup.side_threads,
        )
    except Exception as exc:  # every problem, even a library surprise, is this file's only
        return outcome_of_error(source, exc)
    return outcome_of_result(source, result, keep_result=False)


def outcome_of_result(source: Path, result: ExportResult, *, keep_result: bool) -> FileOutcome:
    """The outcome of a labeled copy; `keep_result` keeps the whole `ExportResult` (in
    this process only: a worker sends back the summary, not every manifest)."""
    report = result.report
    sentence = f"{result.dest.name}: {report.state.label}; {report.ai.sentence}"
    return FileOutcome(
        source,
        True,
        sentence,
        result.dest,
        report.state.label,
        tuple(result.warnings),
        result=result if keep_result else None,
    )


def outcome_of_error(source: Path, exc: Exception) -> FileOutcome:
    """The outcome of a file that was not labeled: the error's sentence."""
    if isinstance(exc, ExportCancelled):
        return FileOutcome(source, False, exc.sentence, cancelled=True)
    if isinstance(exc, TimestampUnavailable):
        return FileOutcome(source, False, exc.sentence, timestamp_failed=True)
    if isinstance(exc, CredLabelError):
        return FileOutcome(source, False, exc.sentence)
    log.error("labeling %s failed", source, exc_info=exc)
    return FileOutcome(
        source, False, _("Unexpected problem while labeling: {problem}.").format(problem=repr(exc))
    )


def _progress_sender(index: int) -> Any:
    last = [-1.0]

    def send(progress: ExportProgress) -> None:
        if progress.fraction - last[0] >= PROGRESS_STEP:
            last[0] = progress.fraction
            _send(index, "working", progress.fraction, progress.phase)

    return send


def _send(index: int, phase: str, fraction: float, step: str = "") -> None:
    if _Worker.events is not None:
        _Worker.events.put((index, phase, fraction, step))
