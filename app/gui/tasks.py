"""Run slow work off the GUI thread; deliver the result or the exception on the GUI thread.

Picard's `run_task` shape: a `QRunnable` per task on a `QThreadPool`, a separate one-thread
pool for exports (writes never race), and `shutdown()` waits for both on quit.

Each task may name a `channel` ("report", "preview", "frame"...). Starting a task on a
channel makes every older task on that channel stale: its result is dropped on arrival, so
a slow read of the previously opened file can never overwrite the current one.

Workers never touch widgets: they return plain data (a `FileReport`, a `QImage`); the
relay QObject lives on the GUI thread and Qt queues the signal across threads.
Progress from the core arrives through plain callbacks; `progress_callback` turns one into
a thread-safe function whose calls reach a GUI-thread callback.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorCallback = Callable[[BaseException], None]


@dataclass
class _Pending:
    channel: str | None
    generation: int
    on_result: Callable[[object], None]  # typed by `TaskRunner.run` for its own value
    on_error: ErrorCallback | None
    outcome: tuple[bool, object] | None = None  # (ok, value) once the worker has finished


class _Runnable(QRunnable):
    def __init__(self, func: Callable[[], object], finish: Callable[[bool, object], None]) -> None:
        super().__init__()
        self._func = func
        self._finish = finish
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            value = self._func()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self._finish(False, exc)
        else:
            self._finish(True, value)


class ProgressHook(Generic[T]):
    """Thread-safe progress callback; `close()` drops events that arrive after the end."""

    def __init__(self, runner: TaskRunner, key: int) -> None:
        self._runner = runner
        self._key = key

    def __call__(self, value: T) -> None:
        self._runner._emit_progress(self._key, value)

    def close(self) -> None:
        self._runner._close_progress(self._key)


class TaskRunner(QObject):
    """The one helper for background work. Owned by the main window; one per window."""

    _delivered = Signal(int)
    _progressed = Signal(int, object)
    idle = Signal()  # nothing pending any more (all results delivered)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self._export_pool = QThreadPool(self)
        self._export_pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._pending: dict[int, _Pending] = {}
        self._generations: dict[str, int] = {}
        self._progress_targets: dict[int, Callable[[object], None]] = {}
        self._delivered.connect(self._on_delivered)
        self._progressed.connect(self._on_progressed)

    # -- starting work -------------------------------------------------------------------

    def run(
        self,
        func: Callable[[], T],
        on_result: Callable[[T], None],
        on_error: ErrorCallback | None = None,
        *,
        channel: str | None = None,
        export: bool = False,
    ) -> int:
        """Run `func()` in a worker; call `on_result(value)` or `on_error(exc)` on this thread."""
        task_id = next(self._ids)
        generation = self.supersede(channel) if channel else 0
        with self._lock:
            # Stored untyped; only `func`'s own value ever reaches `on_result`.
            deliver: Callable[[object], None] = on_result  # type: ignore[assignment]
            self._pending[task_id] = _Pending(channel, generation, deliver, on_error)
        runnable = _Runnable(func, lambda ok, value: self._finish(task_id, ok, value))
        (self._export_pool if export else self._pool).start(runnable)
        return task_id

    def supersede(self, channel: str) -> int:
        """Make every running task on `channel` stale; returns the new generation."""
        self._generations[channel] = self._generations.get(channel, 0) + 1
        return self._generations[channel]

    def progress_callback(self, target: Callable[[T], None]) -> ProgressHook[T]:
        """A function any thread may call; each call reaches `target` on the GUI thread."""
        key = next(self._ids)
        self._progress_targets[key] = target  # type: ignore[assignment]  # only T is sent
        return ProgressHook(self, key)

    def _emit_progress(self, key: int, value: object) -> None:
        self._progressed.emit(key, value)

    def _close_progress(self, key: int) -> None:
        self._progress_targets.pop(key, None)

    # -- state ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def is_busy(self, channel: str) -> bool:
        with self._lock:
            return any(p.channel == channel for p in self._pending.values())

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call `callback` on the GUI thread once every task has been delivered."""
        if not self.busy:
            callback()
            return

        def once() -> None:
            self.idle.disconnect(once)
            callback()

        self.idle.connect(once)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Wait for running work (quit). Queued-but-unstarted tasks are discarded."""
        self._pool.clear()
        done = self._pool.waitForDone(timeout_ms)
        return self._export_pool.waitForDone(timeout_ms) and done

    # -- delivery ------------------------------------------------------------------------

    def _finish(self, task_id: int, ok: bool, value: object) -> None:
        """Worker thread: park the outcome, then wake the GUI thread."""
        with self._lock:
            pending = self._pending.get(task_id)
            if pending is not None:
                pending.outcome = (ok, value)
        try:
            self._delivered.emit(task_id)
        except RuntimeError:  # the window is gone (process exiting): nobody to tell
            log.debug("task %d finished after its runner was deleted", task_id)

    @Slot(int)
    def _on_delivered(self, task_id: int) -> None:
        with self._lock:
            pending = self._pending.get(task_id)
        if pending is None or pending.outcome is None:
            return
        try:
            self._deliver(pending)
        finally:
            # Removed after the callback, so work it chains keeps the runner busy.
            with self._lock:
                self._pending.pop(task_id, None)
                now_idle = not self._pending
            if now_idle:
                self.idle.emit()

    def _deliver(self, pending: _Pending) -> None:
        assert pending.outcome is not None
        ok, value = pending.outcome
        if pending.channel and pending.generation != self._generations.get(pending.channel):
            log.debug("dropping a stale result on channel %s", pending.channel)
            return
        if ok:
            pending.on_result(value)
            return
        assert isinstance(value, BaseException)  # a failed worker hands back its exception
        if pending.on_error is not None:
            pending.on_error(value)
        else:
            log.error("background task failed", exc_info=value)

    @Slot(int, object)
    def _on_progressed(self, key: int, value: object) -> None:
        target = self._progress_targets.get(key)
        if target is not None:
            target(value)
