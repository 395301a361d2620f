"""`credlabel label` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse

from app.cli.exitcodes import ExitCode


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("label", help="(not available yet)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> ExitCode:
    print("credlabel label: not available yet")
    return ExitCode.ERROR
