"""Test helper: run the command line on a real pseudo-terminal and type a key into it.

The command runs in a child on a new pty (its controlling terminal); a key typed on the
master side goes through the terminal exactly as a person's would: Ctrl-C (0x03) makes the
terminal send SIGINT to the command's process group, Ctrl-D (0x04) ends its input.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 180.0  # seconds before a hung command is killed (a failure, never a pass)


@dataclass
class Run:
    code: int | None  # exit code; None if killed by a signal
    output: str


def run_and_interrupt(args: list[str], ready: str, *, cwd: Path, key: bytes = b"\x03") -> Run:
    """Run `python -m app ARGS` on a new pty, type `key` (Ctrl-C) once `ready` has been
    printed, and return its exit code and everything it printed."""
    argv = [sys.executable, "-m", "app", *args]
    pid, master = pty.fork()
    if pid == 0:  # the child: exec at once (nothing else may run after a fork)
        os.chdir(cwd)
        os.execvpe(argv[0], argv, os.environ)
    chunks: list[bytes] = []
    interrupted = False
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            readable, _, _ = select.select([master], [], [], 0.2)
            if readable:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal (it ended)
                    break
                if not data:
                    break
                chunks.append(data)
            if not interrupted and ready.encode() in b"".join(chunks):
                os.write(master, key)  # the terminal turns Ctrl-C into SIGINT
                interrupted = True
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(master)
    assert interrupted, f"the command never printed {ready!r}: {b''.join(chunks)!r}"
    code = os.waitstatus_to_exitcode(status)
    return Run(code if code >= 0 else None, b"".join(chunks).decode("utf-8", "replace"))
