"""`credlabel diff A B [--json]`: what differs between two files' Content Credentials.

Exit code 0 when the credentials say the same thing, 1 when they differ or a file could not
be read (like `diff`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.exitcodes import ExitCode
from app.cli.output import say_json, say_lines
from app.cli.trust_args import add_trust_arguments
from app.core.i18n import _
from app.core.reading.credentials import read_file
from app.core.reading.trust import load_profile
from app.core.workshop.compare import compare


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "diff",
        help=_("compare the Content Credentials of two files"),
        description=_(
            "Compare two files' Content Credentials: state, AI verdict, signer, "
            "manifests, actions, ingredients and validation codes. Exit code 0 when the "
            "credentials say the same thing, 1 when they differ."
        ),
    )
    parser.add_argument("a", type=Path, metavar="A")
    parser.add_argument("b", type=Path, metavar="B")
    parser.add_argument("--json", action="store_true", help=_("print the difference as JSON"))
    add_trust_arguments(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> ExitCode:
    profile = load_profile(args.trust, user_anchor_files=args.trust_anchors)
    result = compare(read_file(args.a, profile), read_file(args.b, profile))
    if args.json:
        say_json(result.to_dict())
    else:
        say_lines(result.lines())
    return ExitCode.OK if result.same_credentials else ExitCode.ERROR
