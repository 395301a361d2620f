"""The labeling service's engine for many files: every core, one failure never stopping the rest.

`run_batch(jobs, spec, disclosure, processes=..., progress=...)` runs `export_labeled_copy`
for each `BatchJob` (source, destination) in a pool of worker processes. The labeling
service (`app.core.labeling.service`) chooses the destinations and unlocks the signer first;
front ends call the service, not this module. Each worker builds its
own c2pa Signer from the identity id once (a c2pa Builder is single-use and nothing c2pa
makes crosses a process boundary). Every file ends as a `FileOutcome` (ok, or the sentence
saying why not); a worker that crashes outright only costs the files it was running, which
are then retried one by one in a fresh process each.

Progress comes back as `BatchProgress` events, all delivered on the calling thread: a file
started, its fraction, finished or failed. The GUI wraps the callback in a signal; the CLI
draws a bar. `cancel` (a threading.Event) stops the batch: queued files are not started,
running ones are cancelled by the export itself (nothing partial is left).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.i18n import N_, _, current_language
from app.core.labeling.batch_worker import (
    FileOutcome,
    SignerSpec,
    WorkerSetup,
    init_worker,
    label_one,
)
from app.core.labeling.disclosure import Disclosure
from app.core.labeling.naming import plan_names
from app.core.labeling.worker_processes import start_workers_early, worker_context
from app.core.reading.trust import TrustProfile
from app.core.settings import DEFAULT_OUTPUT_PATTERN

if TYPE_CHECKING:
    import concurrent.futures as cf

# multiprocessing and concurrent.futures are imported when a batch starts: the window imports
# this module at start-up (through the labeling service) and most sessions never batch.
log = logging.getLogger(__name__)

POLL_SECONDS = 0.1
CRASHED = N_("The labeling process stopped unexpectedly on this file; nothing was written.")
CANCELLED = N_("Cancelled before it started.")


@dataclass(frozen=True)
class BatchProgress:
    """One event: file `index` (of `total`) is `phase` ("started", "working", "done",
    "failed"), at `fraction` of its own work; `finished` files are done or failed."""

    index: int
    source: Path
    phase: str
    fraction: float
    finished: int
    total: int
    outcome: FileOutcome | None = None
    step: str = ""  # the export's own phase while working ("reading", "signing", ...)


@dataclass(frozen=True)
class BatchSummary:
    outcomes: tuple[FileOutcome, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def ok_count(self) -> int:
        return sum(1 for o in self.outcomes if o.ok)

    @property
    def failed(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)

    @property
    def all_ok(self) -> bool:
        return not self.failed

    def lines(self) -> list[str]:
        """The summary for people: one line per file, then the totals."""
        lines = [f"{'ok' if o.ok else 'FAILED'}  {o.source}: {o.sentence}" for o in self.outcomes]
        total = len(self.outcomes)
        lines.append(f"Labeled {self.ok_count} of {total} files; {len(self.failed)} failed.")
        return lines


@dataclass(frozen=True)
class BatchJob:
    """One file of a batch: where its copy goes, and whether it may replace a file there.
    `decided`: its outcome is already known (the person chose to skip it); not labeled."""

    source: Path
    dest: Path | None
    overwrite: bool = False
    decided: FileOutcome | None = None


def run_batch(
    jobs: Sequence[BatchJob],
    spec: SignerSpec,
    disclosure: Disclosure,
    *,
    profile: TrustProfile | None = None,
    processes: int | None = None,
    progress: Callable[[BatchProgress], None] | None = None,
    cancel: threading.Event | None = None,
    only: Sequence[int] | None = None,
) -> list[FileOutcome]:
    """Label `jobs` in a pool of worker processes (see the module docstring); one outcome
    per job, in order. The caller has checked `spec` (a wrong identity or passphrase is
    said once, not once per file) and chosen every destination. `only`: run just these
    indexes (the others finished earlier) and return their outcomes, in that order."""
    todo = list(range(len(jobs))) if only is None else list(only)
    run = _Run(jobs, progress, cancel or threading.Event(), len(jobs) - len(todo))
    for index in todo:
        decided = jobs[index].decided
        if decided is not None:
            run.record(index, decided)
    todo_now = [i for i in todo if jobs[i].decided is None]
    environ = tuple(os.environ.items())
    workers = max(1, min(processes or os.cpu_count() or 1, len(todo_now) or 1))
    setup = WorkerSetup(
        spec,
        disclosure,
        profile,
        current_language().code,
        environ,
        side_threads=side_threads_for(workers),
    )
    crashed = run.pool(setup, todo_now, workers) if todo_now else []
    for index in crashed:  # each alone: a file that kills its worker only fails itself
        if run.cancel.is_set():
            run.record(index, FileOutcome(jobs[index].source, False, _(CANCELLED), cancelled=True))
        else:
            run.pool(setup, [index], 1, crashed_sentence=_(CRASHED))
    return [run.outcomes[i] for i in todo]


def side_threads_for(workers: int) -> bool:
    """Whether each export in a pool of `workers` processes should run its side work on
    threads: only when a core is left over. With a worker per core a second thread per
    export only adds switching (200 small JPEGs with -j 2 on 2 cores: 2.47 s with the
    threads, 2.37 s without; with -j 1 the threads save 5 %: bench/notes.py, batch)."""
    return workers < (os.cpu_count() or 1)


def _take(finished: queue.SimpleQueue[Any], timeout: float) -> list[Any]:
    """What `finished` holds, waiting up to `timeout` for the first one."""
    try:
        taken = [finished.get(timeout=timeout)]
    except queue.Empty:
        return []
    while True:
        try:
            taken.append(finished.get_nowait())
        except queue.Empty:
            return taken


def destinations(sources: Sequence[Path], out_dir: Path) -> list[Path]:
    """`out_dir/NAME.cr.EXT` for each source; two sources with the same name get
    `NAME.cr-2.EXT`, ... (the default pattern of `app.core.labeling.naming.plan_names`)."""
    return plan_names(sources, DEFAULT_OUTPUT_PATTERN, out_dir)


class _Run:
    """One batch's state; every callback is made from the calling thread."""

    def __init__(
        self,
        jobs: Sequence[BatchJob],
        progress: Callable[[BatchProgress], None] | None,
        cancel: threading.Event,
        finished_before: int = 0,
    ) -> None:
        self.jobs = jobs
        self.finished_before = finished_before
        self.sources = {i: job.source for i, job in enumerate(jobs)}
        self.progress = progress
        self.cancel = cancel
        self.outcomes: dict[int, FileOutcome] = {}

    def pool(
        self, setup: WorkerSetup, indexes: list[int], workers: int, crashed_sentence: str = ""
    ) -> list[int]:
        """Run `indexes` in a fresh pool; return those lost to a crashed worker."""
        import concurrent.futures as cf

        context = worker_context()
        events = context.Queue()
        stop = context.Event()
        crashed: list[int] = []
        # Each future says itself when it is done (no wait() re-scanning every pending one
        # per finished file: this process shares the cores with its workers).
        finished: queue.SimpleQueue[cf.Future[Any]] = queue.SimpleQueue()
        with cf.ProcessPoolExecutor(
            workers, mp_context=context, initializer=init_worker, initargs=(setup, events, stop)
        ) as executor:
            futures: dict[cf.Future[Any], int] = {}
            for index in indexes:
                future = executor.submit(label_one, *self._job_args(index))
                futures[future] = index
                future.add_done_callback(finished.put)
            left, stopping = len(futures), False
            while left:
                done = _take(finished, POLL_SECONDS)
                self._drain(events)
                if self.cancel.is_set() and not stopping:
                    stopping = True
                    stop.set()
                    for future in futures:  # the queued ones end cancelled (and say so)
                        future.cancel()
                for future in done:
                    left -= 1
                    crashed += self._finish(futures[future], future, crashed_sentence)
            self._drain(events)
        return crashed

    def _job_args(self, index: int) -> tuple[int, Path, Path, bool]:
        job = self.jobs[index]
        assert job.dest is not None, "a job without a destination is decided"
        return index, job.source, job.dest, job.overwrite

    def _finish(self, index: int, future: cf.Future[Any], crashed_sentence: str) -> list[int]:
        import concurrent.futures as cf
        from concurrent.futures.process import BrokenProcessPool

        source = self.sources[index]
        try:
            outcome: FileOutcome = future.result()
        except cf.CancelledError:
            outcome = FileOutcome(source, False, _(CANCELLED), cancelled=True)
        except BrokenProcessPool:
            if not crashed_sentence:
                return [index]
            outcome = FileOutcome(source, False, crashed_sentence)
        except Exception as exc:  # a bug in a worker must not sink the batch
            log.exception("batch worker failed on %s", source)
            outcome = FileOutcome(source, False, f"Unexpected problem: {exc!r}.")
        self.record(index, outcome)
        return []

    def record(self, index: int, outcome: FileOutcome) -> None:
        self.outcomes[index] = outcome
        self._emit(index, "done" if outcome.ok else "failed", 1.0, outcome)

    def _drain(self, events: Any) -> None:
        while True:
            try:
                index, phase, fraction, step = events.get_nowait()
            except queue.Empty:
                return
            if index not in self.outcomes:
                self._emit(index, phase, fraction, None, step)

    def _emit(
        self,
        index: int,
        phase: str,
        fraction: float,
        outcome: FileOutcome | None,
        step: str = "",
    ) -> None:
        if self.progress is None:
            return
        event = BatchProgress(
            index=index,
            source=self.sources[index],
            phase=phase,
            fraction=fraction,
            finished=self.finished_before + len(self.outcomes),
            total=len(self.sources),
            outcome=outcome,
            step=step,
        )
        try:
            self.progress(event)
        except Exception:  # a display problem must not stop the labeling
            log.exception("batch progress callback failed")


__all__ = [
    "BatchJob",
    "BatchProgress",
    "BatchSummary",
    "FileOutcome",
    "SignerSpec",
    "destinations",
    "run_batch",
    "start_workers_early",
]
