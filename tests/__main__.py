"""`python -m tests`: the whole check — ruff lint, ruff format check, mypy, pytest.

Stops at the first failing step and exits with its code. Extra arguments go to pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(
    title: str, cmd: list[str], env: dict[str, str] | None = None, keep_fds: tuple[int, ...] = ()
) -> None:
    print(f"==> {title}: {' '.join(cmd)}", flush=True)
    code = subprocess.call(cmd, cwd=ROOT, env=env, pass_fds=keep_fds)
    if code != 0:
        print(f"==> {title} failed (exit {code})", flush=True)
        sys.exit(code)


def main() -> None:
    py = sys.executable
    _run("ruff lint", [py, "-m", "ruff", "check", "."])
    _run("ruff format", [py, "-m", "ruff", "format", "--check", "."])
    _run("mypy", [py, "-m", "mypy"])
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A stuck test prints every thread's stack here, past pytest's capture (tests/conftest.py).
    stderr_copy = os.dup(2)
    env["CREDLABEL_TEST_STDERR_FD"] = str(stderr_copy)
    _run("pytest", [py, "-m", "pytest", *sys.argv[1:]], env=env, keep_fds=(stderr_copy,))


if __name__ == "__main__":
    main()
