"""Test helper: run `python -m app ...` on a real pseudo-terminal and answer its prompts.

The command's stdin, stdout and stderr are the pty (its controlling terminal), so it sees a
person at a terminal: `isatty()` is true and getpass reads the pty. Each (prompt, reply)
pair waits until `prompt` has been printed since the previous answer, then types `reply`.
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
class Dialogue:
    code: int | None  # exit code; None if killed by a signal
    output: str
    answered: int  # how many of the prompts appeared and were answered


def converse(args: list[str], answers: list[tuple[str, bytes]], *, cwd: Path) -> Dialogue:
    """Run the command, answering each prompt in turn; everything it printed, and its
    exit code, once it ends."""
    argv = [sys.executable, "-m", "app", *args]
    pid, master = pty.fork()
    if pid == 0:  # the child: exec at once (nothing else may run after a fork)
        os.chdir(cwd)
        os.execvpe(argv[0], argv, os.environ)
    seen = b""
    since = 0  # where the output after the last answer starts
    answered = 0
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
                seen += data
            if answered < len(answers):
                prompt, reply = answers[answered]
                at = seen.find(prompt.encode(), since)
                if at >= 0:
                    os.write(master, reply)
                    since = at + len(prompt.encode())
                    answered += 1
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(master)
    code = os.waitstatus_to_exitcode(status)
    return Dialogue(code if code >= 0 else None, seen.decode("utf-8", "replace"), answered)
