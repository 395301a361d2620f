"""Test helper: run the command line the two ways tests need, and capture what it printed.

`run_cli` starts `python -m app …` in a child process from the checkout (the real entry
point, exit code and streams as a shell would see them). `cli_in_process` calls the CLI's
`main` in this process (fast, and monkeypatches and caplog still apply) and reads what it
wrote from pytest's capture fixture.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from app.cli.main import main
from tests.conftest import ROOT


@dataclass(frozen=True)
class CliRun:
    """What one in-process run returned and printed."""

    code: int
    out: str
    err: str


def run_cli(
    *args: object,
    prefix: list[str] | None = None,
    umask: int | None = None,
    timeout: float = 180,
) -> subprocess.CompletedProcess[str]:
    """`[prefix…] python -m app ARGS` from the checkout; `umask` is set in the child only."""

    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "app", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=set_umask if umask is not None else None,
    )


def cli_in_process(capture: pytest.CaptureFixture[str], *args: object) -> CliRun:
    """`main(ARGS)` here; `capture` is capsys or capfd (capfd also sees child processes).
    The output is everything printed since `capture` was last read."""
    code = main([str(arg) for arg in args])
    out, err = capture.readouterr()
    return CliRun(code, out, err)
