"""Where batch workers come from, kept light: the CLI imports it before the labeling code,
so the fork server can start importing that code while this process still does.

Workers never come from a fork of the batch's own process (the window's Qt threads,
c2pa's). On Linux each is a fork of multiprocessing's fork server: a fresh, single-threaded
interpreter started like any subprocess, which imports `PRELOAD` once; a worker forked from
it starts labeling at once instead of importing the app and c2pa first. Elsewhere, and in a
frozen bundle, each worker is spawned afresh.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any


def start_workers_early() -> None:
    """Start what the pool's workers are made from now, while the caller does its own
    setup (unlocking the signer, planning names): on Linux, the fork server, which imports
    the labeling code and c2pa once, in a fresh interpreter of its own, so each worker is a
    fork of it that starts labeling at once. Does nothing where workers are spawned, and
    when the server already runs.

    Called from the main thread (the CLI: no other thread yet, so the process's signal
    handlers and environment may change for a moment), the server starts with Ctrl-C
    ignored, as the workers must be (only the parent decides to stop), and with
    PYTHONSAFEPATH: started as `python -c`, it would otherwise look in the current folder
    first for every module it imports, so a planted `multiprocessing/` or `c2pa.py` in the
    folder of photos would run. (A worker gets the parent's own environment back.)"""
    context = worker_context()
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    safe_path = os.environ.get(SAFE_PATH)
    os.environ[SAFE_PATH] = "1"
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)
        if safe_path is None:
            del os.environ[SAFE_PATH]
        else:
            os.environ[SAFE_PATH] = safe_path


SAFE_PATH = "PYTHONSAFEPATH"


# What the fork server imports before it forks a worker: the worker's code, c2pa, and what
# the first export would otherwise import (image plug-ins, XMP); a name that fails to
# import is skipped by the server. None of these starts a thread (forking is then safe).
PRELOAD = (
    "app.core.labeling.batch_worker",
    "app.core.signing.signer",
    "app.core.signing.identity_store",
    "c2pa",
    "PIL.Image",
    "PIL.JpegImagePlugin",
    "PIL.PngImagePlugin",
    "pyexiv2",
    "decimal",
    "fractions",
    "urllib.request",
)


def worker_context() -> Any:
    """Workers never come from a fork of this process (the window's Qt threads, c2pa's):
    on Linux they are forks of a fork server, a fresh single-threaded interpreter started
    like any subprocess, with `PRELOAD` imported; elsewhere, and in a frozen bundle, each is
    spawned afresh."""
    import multiprocessing

    if sys.platform.startswith("linux") and not getattr(sys, "frozen", False):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


__all__ = ["PRELOAD", "start_workers_early", "worker_context"]
