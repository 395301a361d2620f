"""Run long core work in a worker thread so Ctrl-C cancels it cleanly.

The core checks a `threading.Event` between chunks; the main thread only waits, so a
KeyboardInterrupt lands here, sets the event and waits for the core to clean up
(partial outputs removed) before the exception or result is handed back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
POLL_SECONDS = 0.2


def run_cancellable(work: Callable[[threading.Event], T], name: str) -> tuple[T, bool]:
    """(what `work(cancel)` returned, whether Ctrl-C asked it to stop).

    An exception raised by `work` is raised again here, on the calling thread.
    """
    cancel = threading.Event()
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = work(cancel)
        except BaseException as exc:  # handed to the calling thread, raised there
            outcome["error"] = exc

    worker = threading.Thread(target=target, name=name)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(POLL_SECONDS)
    except KeyboardInterrupt:
        cancel.set()
        worker.join()
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    return outcome["result"], cancel.is_set()  # type: ignore[return-value]
