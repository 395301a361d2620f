"""Run hostile inputs through the app in worker processes, with a time limit each.

A worker (`python -m tests.integration.hostile.harness --worker`) reads one request per line on
stdin —
a path and an operation (`open`, `label`, `tamper-KIND`; see `operations`) — runs it and
answers one JSON line: the outcome, the time, and for errors the type and sentence. The
parent makes each input once and asks for every operation on it; workers serve many
inputs (imports and the signing identity are paid once). A worker that dies is a *crash*,
one that does not answer within the limit is a *hang*; either way it is replaced and the
campaign goes on.

Outcomes: `ok` (read, labeled or tampered as promised), `typed` (a `CredLabelError` with a
sentence, or a report that says Could not read / Tampered with a sentence), and the
defects: `untyped` (any other exception), `silent` (a failure with no sentence), `network`
(a socket was opened), `changed` (the input file was modified), `leftover` (the destination
folder holds more than the published copy), `wrong` (the copy does not read as promised),
`crash`, `hang`.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import ROOT
from tests.integration.hostile.generate import Case
from tests.integration.hostile.operations import OPERATIONS, NetworkUsed, Tools, run_operation

DEFECTS = ("untyped", "silent", "network", "changed", "leftover", "wrong", "crash", "hang")
SELF_TEST_ENV = "CREDLABEL_HOSTILE_SELF_TEST"


@dataclass(frozen=True)
class Result:
    name: str
    group: str
    outcome: str
    seconds: float
    detail: str = ""
    operation: str = "open"


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def defects(self) -> list[Result]:
        return [r for r in self.results if r.outcome in DEFECTS]

    def slowest(self) -> Result | None:
        return max(self.results, key=lambda r: r.seconds, default=None)

    def of(self, operations: Sequence[str]) -> Summary:
        """The results of these operations only (`tamper-` stands for every tamper kind)."""
        return Summary([r for r in self.results if _family(r.operation) in operations])

    def figures(self) -> str:
        slow = self.slowest()
        slow_text = f"{slow.name} {slow.operation} ({slow.seconds:.2f} s)" if slow else "none"
        by_outcome = ", ".join(
            f"{o} {self.count(o)}" for o in ("ok", "typed", *DEFECTS) if self.count(o)
        )
        inputs = len({r.name for r in self.results})
        return (
            f"inputs tried: {inputs} ({len(self.results)} runs)\n"
            f"crashes: {self.count('crash')}\n"
            f"hangs: {self.count('hang')}\n"
            f"untyped errors: {self.count('untyped')}\n"
            f"failures without a sentence: {self.count('silent')}\n"
            f"network attempts: {self.count('network')}\n"
            f"inputs changed: {self.count('changed')}\n"
            f"files left behind: {self.count('leftover')}\n"
            f"copies not as promised: {self.count('wrong')}\n"
            f"slowest run: {slow_text}\n"
            f"outcomes: {by_outcome}"
        )

    def per_operation(self) -> dict[str, Summary]:
        families = dict.fromkeys(_family(r.operation) for r in self.results)
        return {family: self.of([family]) for family in families}


def _family(operation: str) -> str:
    """`tamper-pixels` → `tamper`: the figures count every tamper kind together."""
    return operation.split("-", 1)[0]


# -- the worker side -----------------------------------------------------------------------


def _guard_network() -> None:
    import socket

    def refuse(self: socket.socket, *args: Any, **kwargs: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkUsed(f"socket use: {args[:1]}")
        return original(self, *args, **kwargs)

    original = socket.socket.connect
    socket.socket.connect = refuse  # type: ignore[method-assign,assignment]


def worker_main() -> None:
    """Answer on a private copy of stdout: libraries may print to fd 1."""
    import warnings

    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    warnings.simplefilter("ignore")  # as in production; a warning is not a failure
    _guard_network()
    self_test = os.environ.get(SELF_TEST_ENV) == "1"
    tools = Tools()
    for line in sys.stdin:
        request = json.loads(line)
        path = Path(request["path"])
        if self_test:
            _misbehave(path.name)
        started = time.perf_counter()
        answer = run_operation(request.get("operation", "open"), path, tools)
        answer["seconds"] = time.perf_counter() - started
        answers.write(json.dumps(answer) + "\n")


def _misbehave(name: str) -> None:
    """Self-test only: inputs named like this make the worker crash or hang, so a test can
    show the harness notices both and carries on."""
    if name == "crash-the-worker":
        os.kill(os.getpid(), signal.SIGSEGV)
    if name == "hang-the-worker":
        time.sleep(3600)


# -- the parent side -----------------------------------------------------------------------


class Worker:
    """One worker process; replaced after a crash or a hang."""

    def __init__(self, home: Path) -> None:
        env = dict(os.environ, CREDLABEL_HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
        env.pop("PYTHONWARNINGS", None)
        self.proc = subprocess.Popen(
            [
                *unprivileged_prefix(),
                sys.executable,
                "-m",
                "tests.integration.hostile.harness",
                "--worker",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._buffer = b""

    def ask(self, path: Path, limit_s: float, operation: str = "open") -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        started = time.perf_counter()
        request = {"path": str(path), "operation": operation}
        try:
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return self._died(started)
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = limit_s - (time.perf_counter() - started)
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                self.kill()
                return {"outcome": "hang", "seconds": limit_s, "detail": f"over {limit_s} s"}
            chunk = os.read(fd, 65536)
            if not chunk:
                return self._died(started)
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _died(self, started: float) -> dict[str, Any]:
        code = self.proc.wait()
        self._close_pipes()
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        return {"outcome": "crash", "seconds": time.perf_counter() - started, "detail": how}

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def close(self) -> None:
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self._close_pipes()


OperationsFor = Callable[[Case], Sequence[str]]


def only_open(_case: Case) -> Sequence[str]:
    return ("open",)


def every_operation(_case: Case) -> Sequence[str]:
    return OPERATIONS


def run_cases(
    cases: Iterable[Case],
    *,
    workers: int = 2,
    limit_s: float = 20.0,
    on_result: Callable[[Result], None] | None = None,
    operations: OperationsFor = only_open,
) -> Summary:
    """Run every case through `operations(case)`; `workers` processes share the list (each
    takes every n-th case). `limit_s` applies to each operation."""
    ordered = list(cases)
    summary = Summary()
    lock = threading.Lock()
    with tempfile.TemporaryDirectory(prefix="credlabel-hostile-") as tmp:
        base = Path(tmp)

        def lane(index: int) -> None:
            mine = ordered[index::workers]
            for result in _run_lane(mine, base / f"lane{index}", limit_s, operations):
                with lock:
                    summary.results.append(result)
                    if on_result is not None:
                        on_result(result)

        threads = [threading.Thread(target=lane, args=(i,)) for i in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    order = {case.name: i for i, case in enumerate(ordered)}
    rank = {operation: i for i, operation in enumerate(OPERATIONS)}
    summary.results.sort(key=lambda r: (order[r.name], rank.get(r.operation, -1)))
    return summary


def _run_lane(
    cases: list[Case], folder: Path, limit_s: float, operations: OperationsFor
) -> Iterable[Result]:
    folder.mkdir(mode=0o755)
    lane = _Lane(folder, limit_s)
    try:
        for case in cases:
            yield from lane.run(case, operations(case))
    finally:
        lane.worker.close()


class _Lane:
    """One worker's share: makes each input once, asks for every operation on it, and
    replaces the worker after a crash or a hang."""

    def __init__(self, folder: Path, limit_s: float) -> None:
        self.folder, self.limit_s = folder, limit_s
        self.home = folder / "home"
        self.home.mkdir()
        self.worker = Worker(self.home)

    def run(self, case: Case, operations: Sequence[str]) -> Iterable[Result]:
        if case.needs_other_user and os.geteuid() == 0 and not unprivileged_prefix():
            for operation in operations:
                yield Result(
                    case.name, case.group, "skipped", 0.0, "root reads any file", operation
                )
            return
        inputs = self.folder / "input"
        inputs.mkdir(mode=0o755)
        try:
            path = case.make(inputs)
            for operation in operations:
                answer = self.worker.ask(path, self.limit_s, operation)
                if answer["outcome"] in ("crash", "hang"):
                    self.worker = Worker(self.home)
                outcome, seconds = answer["outcome"], answer["seconds"]
                detail = answer.get("detail", "")
                yield Result(case.name, case.group, outcome, seconds, detail, operation)
        finally:
            _remove_tree(inputs)


def unprivileged_prefix() -> list[str]:
    """As root, workers run without the capabilities that let root read any file, so a
    chmod-000 input is refused as it is for a user (setpriv, util-linux)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return []
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def _remove_tree(folder: Path) -> None:
    shutil.rmtree(folder)  # never follows links (the inputs include link loops)


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    worker_main()
