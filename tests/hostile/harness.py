"""Run the open pipeline on hostile inputs in worker processes, with a time limit each.

A worker (`python -m tests.hostile.harness --worker`) reads one path per line on stdin,
runs probe → read_file (detailed) → the JSON report → preview_image on it, and answers one
JSON line: the outcome, the time, and for errors the type and sentence. The parent feeds
many inputs to each worker (imports are paid once); a worker that dies is a *crash*, one
that does not answer within the limit is a *hang*; either way it is replaced and the
campaign goes on.

Outcomes: `ok` (read; any state), `typed` (a `CredLabelError` with a sentence, or a report
that says Could not read / Tampered with a sentence), `untyped` (any other exception: a
defect), `silent` (a failure state with no sentence: a defect), `network` (a socket was
opened: a defect), `crash`, `hang`.
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
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.hostile.generate import Case

ROOT = Path(__file__).resolve().parents[2]
DEFECTS = ("untyped", "silent", "network", "crash", "hang")
SELF_TEST_ENV = "CREDLABEL_HOSTILE_SELF_TEST"


@dataclass(frozen=True)
class Result:
    name: str
    group: str
    outcome: str
    seconds: float
    detail: str = ""


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def defects(self) -> list[Result]:
        return [r for r in self.results if r.outcome in DEFECTS]

    def slowest(self) -> Result | None:
        return max(self.results, key=lambda r: r.seconds, default=None)

    def figures(self) -> str:
        slow = self.slowest()
        slow_text = f"{slow.name} ({slow.seconds:.2f} s)" if slow else "none"
        by_outcome = ", ".join(
            f"{o} {self.count(o)}" for o in ("ok", "typed", *DEFECTS) if self.count(o)
        )
        return (
            f"inputs tried: {len(self.results)}\n"
            f"crashes: {self.count('crash')}\n"
            f"hangs: {self.count('hang')}\n"
            f"untyped errors: {self.count('untyped')}\n"
            f"failures without a sentence: {self.count('silent')}\n"
            f"network attempts: {self.count('network')}\n"
            f"slowest input: {slow_text}\n"
            f"outcomes: {by_outcome}"
        )


# -- the worker side -----------------------------------------------------------------------


def _guard_network() -> None:
    import socket

    def refuse(self: socket.socket, *args: Any, **kwargs: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise _NetworkUsed(f"socket use: {args[:1]}")
        return original(self, *args, **kwargs)

    original = socket.socket.connect
    socket.socket.connect = refuse  # type: ignore[method-assign,assignment]


class _NetworkUsed(BaseException):  # BaseException: no `except Exception` can hide it
    pass


def open_pipeline(path: Path) -> dict[str, Any]:
    """What the app does when a file is opened; the outcome as plain data."""
    from app.core.credentials import read_file
    from app.core.errors import CredLabelError
    from app.core.media import probe
    from app.core.model import ValidationState
    from app.core.preview import preview_image
    from app.core.report_json import report_to_dict

    try:
        probe(path)
        report = read_file(path, detailed=True)
        json.dumps(report_to_dict(report, include_raw=True))
        failed = report.state in (ValidationState.COULD_NOT_READ, ValidationState.INVALID)
        sentence = report.problem or _failure_sentence(report)
        if failed and not sentence:
            return {"outcome": "silent", "detail": report.state.value}
        preview = preview_image(path, max_edge=256)
        if preview is not None:
            preview.close()
        return {"outcome": "typed" if failed else "ok", "detail": sentence or report.state.value}
    except CredLabelError as exc:
        if not exc.sentence.strip():
            return {"outcome": "silent", "detail": type(exc).__name__}
        return {"outcome": "typed", "detail": f"{exc.sentence} [{type(exc).__name__}]"}
    except _NetworkUsed as exc:
        return {"outcome": "network", "detail": str(exc)}
    except Exception as exc:
        text = "".join(traceback.format_exception(exc)[-6:])
        return {"outcome": "untyped", "detail": f"{type(exc).__name__}: {exc}\n{text}"}


def _failure_sentence(report: Any) -> str:
    failures = [s for s in report.status if s.kind == "failure" and s.explanation]
    return str(failures[0].explanation) if failures else ""


def worker_main() -> None:
    """Answer on a private copy of stdout: libraries may print to fd 1."""
    import warnings

    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    warnings.simplefilter("ignore")  # as in production; a warning is not a failure
    _guard_network()
    self_test = os.environ.get(SELF_TEST_ENV) == "1"
    for line in sys.stdin:
        path = Path(json.loads(line)["path"])
        if self_test:
            _misbehave(path.name)
        started = time.perf_counter()
        answer = open_pipeline(path)
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
            [*unprivileged_prefix(), sys.executable, "-m", "tests.hostile.harness", "--worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._buffer = b""

    def ask(self, path: Path, limit_s: float) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        started = time.perf_counter()
        try:
            self.proc.stdin.write(json.dumps({"path": str(path)}).encode() + b"\n")
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


def run_cases(
    cases: Iterable[Case],
    *,
    workers: int = 2,
    limit_s: float = 20.0,
    on_result: Callable[[Result], None] | None = None,
) -> Summary:
    """Run every case; `workers` processes share the list (each takes every n-th case)."""
    ordered = list(cases)
    summary = Summary()
    lock = threading.Lock()
    with tempfile.TemporaryDirectory(prefix="credlabel-hostile-") as tmp:
        base = Path(tmp)

        def lane(index: int) -> None:
            for result in _run_lane(ordered[index::workers], base / f"lane{index}", limit_s):
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
    summary.results.sort(key=lambda r: order[r.name])
    return summary


def _run_lane(cases: list[Case], folder: Path, limit_s: float) -> Iterable[Result]:
    folder.mkdir(mode=0o755)
    home = folder / "home"
    home.mkdir()
    worker = Worker(home)
    try:
        for case in cases:
            if case.needs_other_user and os.geteuid() == 0 and not unprivileged_prefix():
                yield Result(case.name, case.group, "skipped", 0.0, "root reads any file")
                continue
            answer = _ask(worker, case, folder, limit_s)
            if answer["outcome"] in ("crash", "hang"):
                worker = Worker(home)
            detail = answer.get("detail", "")
            yield Result(case.name, case.group, answer["outcome"], answer["seconds"], detail)
    finally:
        worker.close()


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


def _ask(worker: Worker, case: Case, folder: Path, limit_s: float) -> dict[str, Any]:
    inputs = folder / "input"
    inputs.mkdir(mode=0o755)
    try:
        path = case.make(inputs)
        return worker.ask(path, limit_s)
    finally:
        _remove_tree(inputs)


def _remove_tree(folder: Path) -> None:
    shutil.rmtree(folder)  # never follows links (the inputs include link loops)


if __name__ == "__main__" and sys.argv[1:] == ["--worker"]:
    worker_main()
