"""Where `credlabel`, `credlabel-gui` and `python -m app` start.

The only module that knows both front ends: it hands the command line to the CLI and gives
it a way to open the window, so `app.cli` and `app.gui` never import each other.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def open_window(files: list[str], *, sample: bool = False, self_test: str | None = None) -> int:
    """Open the window on `files` (or the bundled sample) and run it until it closes."""
    from app.gui.launch import run_gui

    return run_gui(files, sample=sample, self_test=self_test)


def main(argv: Sequence[str] | None = None) -> int:
    """`credlabel`: a subcommand runs in the terminal; no command (or files) opens the window."""
    from app.cli.main import main as cli_main

    return cli_main(argv, open_window=open_window)


def gui_main() -> int:
    """`credlabel-gui` (no console): always the window."""
    return main(["gui", *sys.argv[1:]])
