"""`credlabel batch GLOB... --out-dir DIR [disclosure options] [-j N]`: label many files.

Every file gets the same disclosure and is written to DIR as NAME.cr.EXT, using all cores
(one process per core; `-j` to choose). One failing file never stops the others. A progress
bar on stderr (plain lines when stderr is not a terminal), a summary at the end. Exit code
0 when every file was labeled, 1 when any failed, 130 when cancelled with Ctrl-C.
"""

from __future__ import annotations

import argparse
import glob
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from app.cli.cancellable import run_cancellable
from app.cli.disclosure_args import add_disclosure_arguments, disclosure_from_args
from app.cli.exitcodes import ExitCode
from app.cli.label_cmd import make_signer_for
from app.cli.output import complain, say, say_json, say_lines
from app.cli.trust_args import add_trust_arguments
from app.core.errors import IdentityError
from app.core.labeling.batch import BatchProgress, BatchSummary, FileOutcome, label_many
from app.core.reading.trust import load_profile
from app.core.signing.identity_files import account_name
from app.core.signing.identity_store import IdentityStore

BAR_WIDTH = 30


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="label many files with one disclosure",
        description="Label every file matching the patterns with the same disclosure, "
        "writing NAME.cr.EXT copies into --out-dir. Uses all cores; one failing file never "
        "stops the others. Exit code 0 when all were labeled, 1 when any failed.",
    )
    parser.add_argument("patterns", nargs="+", metavar="GLOB", help="files or patterns (**)")
    parser.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    parser.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="processes")
    add_disclosure_arguments(parser)
    parser.add_argument("--identity", metavar="ID", help="signing identity (default: yours)")
    parser.add_argument("--overwrite", action="store_true", help="replace existing copies")
    add_trust_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(handler=_run)


def expand(patterns: list[str]) -> tuple[list[Path], list[str]]:
    """(files, patterns that matched nothing). Plain paths are kept as given, so a missing
    file is reported with its own sentence; folders are skipped."""
    files: list[Path] = []
    unmatched: list[str] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            # glob.glob, not Path.glob: a pattern may be an absolute path.
            matches = glob.glob(pattern, recursive=True)  # noqa: PTH207
            found = sorted(Path(p) for p in matches)
            found = [p for p in found if not p.is_dir()]
            if not found:
                unmatched.append(pattern)
            files += found
        else:
            files.append(Path(pattern))
    return list(dict.fromkeys(files)), unmatched


def _run(args: argparse.Namespace) -> ExitCode:
    disclosure = disclosure_from_args(args)
    files, unmatched = expand(args.patterns)
    for pattern in unmatched:
        complain(f"no files match {pattern}")
    if args.jobs is not None and args.jobs < 1:
        complain("-j needs at least 1 process")
        return ExitCode.USAGE
    identity_id, passphrase, note = _identity(args)
    if note:
        complain(note)
    profile = load_profile(args.trust, user_anchor_files=args.trust_anchors)
    bar = ProgressBar(sys.stderr, len(files), live=sys.stderr.isatty() and not args.json)

    def work(cancel: threading.Event) -> BatchSummary:
        return label_many(
            files,
            disclosure,
            identity_id,
            args.out_dir,
            processes=args.jobs,
            progress=bar.update,
            profile=profile,
            passphrase=passphrase,
            overwrite=args.overwrite,
            cancel=cancel,
        )

    try:
        summary, cancelled = run_cancellable(work, "credlabel-batch")
    finally:
        bar.close()
    _print_summary(summary, unmatched, args.json, cancelled)
    if cancelled:
        return ExitCode.CANCELLED
    return ExitCode.OK if summary.all_ok and not unmatched else ExitCode.ERROR


def _identity(args: argparse.Namespace) -> tuple[str, str | None, str | None]:
    """(identity id, passphrase for the workers, sentence to say once). The parent builds
    a signer first, so a missing identity or passphrase is said once, not once per file
    (and a passphrase typed here is remembered for this run and handed to the workers)."""
    _signer, note = make_signer_for(args.identity, args.creator or account_name())
    store = IdentityStore()
    identity = store.get(args.identity) if args.identity else store.default()
    if identity is None:  # make_signer_for creates the default identity; never expected
        raise IdentityError("No signing identity is available.")
    passphrase = store.remembered_passphrase(identity.id) if identity.encrypted else None
    return identity.id, passphrase, note


class ProgressBar:
    """A one-line bar on a terminal; one line per finished file otherwise."""

    def __init__(self, out: TextIO, total: int, *, live: bool) -> None:
        self.out, self.total, self.live = out, total, live
        self.fractions: dict[int, float] = {}
        self.finished = 0

    def update(self, event: BatchProgress) -> None:
        self.fractions[event.index] = event.fraction
        self.finished = event.finished
        if self.live:
            self._draw(event)
        elif event.outcome is not None:
            say(self._line(event.outcome, event.finished), file=self.out)
            self.out.flush()

    def _draw(self, event: BatchProgress) -> None:
        share = sum(self.fractions.values()) / max(self.total, 1)
        filled = int(share * BAR_WIDTH)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        name = event.source.name[:30]
        say(f"[{bar}] {self.finished}/{self.total} {name:<30}", file=self.out, start="\r", end="")

    def _line(self, outcome: FileOutcome, finished: int) -> str:
        status = "ok" if outcome.ok else "FAILED"
        return f"[{finished}/{self.total}] {status} {outcome.source}"

    def close(self) -> None:
        if self.live:
            say(file=self.out)
            self.out.flush()


def _print_summary(
    summary: BatchSummary, unmatched: list[str], as_json: bool, cancelled: bool
) -> None:
    stopped = sum(1 for o in summary.outcomes if o.cancelled)
    if as_json:
        data = {
            "schema_version": 1,
            "ok": summary.ok_count,
            "failed": len(summary.failed),  # cancelled files count here too, as before
            "cancelled": stopped,
            "unmatched_patterns": unmatched,
            "files": [_outcome_dict(o) for o in summary.outcomes],
        }
        say_json(data)
        return
    say_lines(summary_lines(summary, cancelled))


def summary_lines(summary: BatchSummary, cancelled: bool) -> list[str]:
    """One line per file, then the totals; a cancelled file says so rather than FAILED."""
    lines = [f"{_status(o)}  {o.source}: {o.sentence}" for o in summary.outcomes]
    stopped = sum(1 for o in summary.outcomes if o.cancelled)
    failed = len(summary.failed) - stopped
    total = len(summary.outcomes)
    if cancelled or stopped:
        lines.append(
            f"Cancelled: labeled {summary.ok_count} of {total} files; {stopped} cancelled, "
            f"{failed} failed."
        )
    else:
        lines.append(f"Labeled {summary.ok_count} of {total} files; {failed} failed.")
    return lines


def _status(outcome: FileOutcome) -> str:
    if outcome.ok:
        return "ok"
    return "cancelled" if outcome.cancelled else "FAILED"


def _outcome_dict(outcome: FileOutcome) -> dict[str, Any]:
    return {
        "source": str(outcome.source),
        "ok": outcome.ok,
        "dest": str(outcome.dest) if outcome.dest else None,
        "state": outcome.state,
        "sentence": outcome.sentence,
        "warnings": list(outcome.warnings),
        "cancelled": outcome.cancelled,
    }
