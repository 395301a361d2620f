"""`credlabel tamper FILE --kind K [-o OUT]`: the workshop tamper demo from the command line.

Writes a tampered copy (never touching FILE) into the workshop folder, into OUT when it is a
folder, or under the name OUT, and says why its credentials are now invalid or gone.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from app.cli.exitcodes import ExitCode
from app.cli.output import say
from app.core.i18n import _
from app.core.workshop.tamper import (
    TamperError,
    TamperKind,
    TamperResult,
    expected_text,
    make_tampered_copy,
)

_KINDS = [k.value for k in TamperKind]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kinds = "; ".join(f"{k.value}: {k.label}" for k in TamperKind)
    parser = subparsers.add_parser(
        "tamper",
        help=_("workshop: make a tampered copy and explain what breaks"),
        description=_(
            "Make a tampered copy of FILE (the original is never changed) and explain why "
            "its Content Credentials are now invalid or gone. Kinds: {kinds}."
        ).format(kinds=kinds),
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--kind", required=True, choices=_KINDS, help=_("what to do to the copy"))
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help=_("file name or folder for the copy (default: the workshop folder)"),
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> ExitCode:
    out: Path | None = args.output
    if out is None or out.is_dir():
        result = make_tampered_copy(args.file, args.kind, out)
    else:
        result = _to_name(args.file, args.kind, out)
    say(_("Wrote {path}").format(path=result.path))
    say(result.explanation)
    say(_("A reader will report: {codes}").format(codes=expected_text(result)))
    return ExitCode.OK


def _to_name(source: Path, kind: str, out: Path) -> TamperResult:
    if out.exists() or out.is_symlink():
        raise TamperError(_("{path} already exists; choose another name.").format(path=out))
    if not out.parent.is_dir():
        raise TamperError(_("The folder {folder} does not exist.").format(folder=out.parent))
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".credlabel-") as work:
            result = make_tampered_copy(source, kind, Path(work))
            shutil.move(result.path, out)
    except OSError as exc:  # e.g. a folder nobody may write to
        raise TamperError(
            _("CredLabel could not write {path}: {reason}.").format(
                path=out, reason=exc.strerror or exc
            ),
            str(exc),
        ) from exc
    return TamperResult(out, result.kind, result.explanation, result.expected)
