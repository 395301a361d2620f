"""Shared fixtures: isolated user folders, the shared corpus, offscreen Qt."""

from __future__ import annotations

import faulthandler
import json
import logging
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Offscreen unless the caller asked for a real display (e.g. QT_QPA_PLATFORM=xcb).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the real keyring of whoever runs the tests (reading it can also wait on a D-Bus
# prompt forever); tests that need one install an in-memory backend themselves. Subprocesses
# (the CLI run for real) inherit this.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# English whatever the machine's locale, so sentences can be compared; the language tests
# set their own (children inherit this).
os.environ["LANGUAGE"] = "en"

# A test that runs longer than this is stuck: every thread's stack is printed and the run
# stops, so a hang costs minutes and names itself instead of eating the CI's whole budget.
STUCK_TEST_SECONDS = int(os.environ.get("CREDLABEL_STUCK_TEST_SECONDS") or 600)


# Where that goes: pytest captures file descriptor 2 while a test runs, so `python -m tests`
# hands over a copy of the terminal's stderr; run directly, pytest's own stderr is used.
def _real_stderr() -> int:
    try:
        fd = int(os.environ.get("CREDLABEL_TEST_STDERR_FD") or 2)
        os.fstat(fd)
    except (ValueError, OSError):  # not handed on to this process: pytest's own stderr
        return 2
    return fd


_REAL_STDERR = _real_stderr()


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run is over: if leftover threads keep the interpreter from exiting, say which."""
    faulthandler.dump_traceback_later(120, exit=True, file=_REAL_STDERR)


ROOT = Path(__file__).resolve().parent.parent
CORPUS_ENV = "CREDLABEL_CORPUS"


def corpus_dir() -> Path | None:
    """`$CREDLABEL_CORPUS`, else `../shared/corpus` beside the checkout; None when absent."""
    candidates = [os.environ.get(CORPUS_ENV), str(ROOT.parent / "shared" / "corpus")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "corpus.json").is_file():
            return Path(candidate)
    return None


CORPUS_MISSING = (
    f"the shared C2PA corpus is absent (set {CORPUS_ENV} or place it at ../shared/corpus)"
)


def corpus_records() -> list[dict[str, Any]]:
    """The records of corpus.json (empty when the corpus is absent)."""
    folder = corpus_dir()
    if folder is None:
        return []
    records: list[dict[str, Any]] = json.loads((folder / "corpus.json").read_text())
    return records


@pytest.fixture
def corpus() -> Path:
    folder = corpus_dir()
    if folder is None:
        pytest.skip(CORPUS_MISSING)
    return folder


@pytest.fixture
def corpus_file(corpus: Path):
    """A function that returns the path of a corpus file by name."""

    def find(name: str) -> Path:
        path = corpus / "files" / name
        if not path.is_file():
            pytest.skip(f"corpus file {name} is absent")
        return path

    return find


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """Every test gets its own config/data/log/cache folders: no test touches the real ones."""
    home = tmp_path_factory.mktemp("credlabel-home")
    monkeypatch.setenv("CREDLABEL_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def stuck_test_watchdog(request: pytest.FixtureRequest) -> Iterator[None]:
    """Name the stuck test, dump every thread's stack and exit when one test is stuck."""

    def stuck() -> None:
        os.write(_REAL_STDERR, f"\n\nSTUCK: {request.node.nodeid}\n".encode())
        faulthandler.dump_traceback(file=_REAL_STDERR, all_threads=True)
        os._exit(70)

    timer = threading.Timer(STUCK_TEST_SECONDS, stuck)
    timer.daemon = True
    timer.start()
    # Behind it, in C: for a hang that never lets a Python thread run again.
    faulthandler.dump_traceback_later(STUCK_TEST_SECONDS + 60, exit=True, file=_REAL_STDERR)
    try:
        yield
    finally:
        timer.cancel()
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def fresh_log_handlers() -> Iterator[None]:
    """The CLI adds log handlers bound to the stderr of the test that ran it (pytest's
    capture, closed afterwards): each test ends with the root logger it started with."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


class NetworkUsedError(AssertionError):
    """A test opened an internet socket without the `allow_local_network` marker."""


_INET = (socket.AF_INET, socket.AF_INET6)


@pytest.fixture(autouse=True)
def no_network(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens an internet socket (the app must work offline).

    Tests that start a local timestamp server opt out with `@pytest.mark.allow_local_network`
    and may then reach loopback addresses only. Unix sockets (D-Bus) are not affected.
    """
    allow_loopback = request.node.get_closest_marker("allow_local_network") is not None

    def guard(method_name: str):
        original = getattr(socket.socket, method_name)

        def checked(self: socket.socket, address, *args, **kwargs):
            if self.family in _INET:
                host = str(address[0]) if isinstance(address, tuple) else str(address)
                loopback = host in ("localhost", "::1") or host.startswith("127.")
                if not (allow_loopback and loopback):
                    raise NetworkUsedError(f"test tried to use the network: {method_name} {host}")
            return original(self, address, *args, **kwargs)

        return checked

    for name in ("connect", "connect_ex", "bind", "sendto"):
        monkeypatch.setattr(socket.socket, name, guard(name))
