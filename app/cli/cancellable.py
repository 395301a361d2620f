"""Run long core work in a worker thread so Ctrl-C cancels it cleanly.

The core checks a `threading.Event` between chunks; the main thread only waits, so Ctrl-C
is seen here: it sets the event and keeps waiting until the core has cleaned up (partial
outputs removed) before the exception or result is handed back.

Two pitfalls shape this:
- On Python 3.11/3.12 a KeyboardInterrupt inside `Thread.join()` marks the thread as
  stopped while it still runs, so `join` returns at once and the result is not there yet.
  The main thread therefore waits on the worker's own "finished" Event, never on `join`.
- Ctrl-C on a terminal goes to every process of the command, batch worker processes
  included; one still starting up would die of it with a traceback. Where the platform
  allows (Linux), SIGINT is set to "ignore" while the work runs — worker processes inherit
  that from birth — and blocked on every thread, so it stays pending and the main thread
  collects it with `sigtimedwait`. Elsewhere Ctrl-C arrives as KeyboardInterrupt.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
POLL_SECONDS = 0.1


@dataclass
class _Outcome(Generic[T]):
    result: T | None = None
    error: BaseException | None = None


def run_cancellable(work: Callable[[threading.Event], T], name: str) -> tuple[T, bool]:
    """(what `work(cancel)` returned, whether Ctrl-C asked it to stop).

    An exception raised by `work` is raised again here, on the calling thread. However
    often Ctrl-C is pressed, this returns only once `work` has finished (and so has
    cleaned up after itself).
    """
    cancel = threading.Event()
    finished = threading.Event()
    outcome: _Outcome[T] = _Outcome()

    def target() -> None:
        try:
            outcome.result = work(cancel)
        except BaseException as exc:  # handed to the calling thread, raised there
            outcome.error = exc
        finally:
            finished.set()

    worker = threading.Thread(target=target, name=name)
    with _ctrl_c_waiter(finished) as wait_for_ctrl_c:
        worker.start()  # started inside: it inherits the blocked SIGINT
        while not finished.is_set():
            if wait_for_ctrl_c(POLL_SECONDS):
                cancel.set()
    if outcome.error is not None:
        raise outcome.error
    return outcome.result, cancel.is_set()  # type: ignore[return-value]


@contextmanager
def _ctrl_c_waiter(finished: threading.Event) -> Iterator[Callable[[float], bool]]:
    """A function `wait(seconds) -> True if Ctrl-C was pressed`, valid inside the block."""
    usable = (
        hasattr(signal, "sigtimedwait")
        and hasattr(signal, "pthread_sigmask")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield lambda seconds: _interruptible_wait(finished, seconds)
        return
    interrupt = {signal.SIGINT}
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, interrupt)
    old_handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield lambda seconds: signal.sigtimedwait(interrupt, seconds) is not None
    finally:
        while signal.sigtimedwait(interrupt, 0) is not None:
            pass  # a Ctrl-C pressed during the clean-up: already obeyed
        signal.signal(signal.SIGINT, old_handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)


def _interruptible_wait(finished: threading.Event, seconds: float) -> bool:
    try:
        finished.wait(seconds)
    except KeyboardInterrupt:
        return True
    return False
