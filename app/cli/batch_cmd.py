"""`credlabel batch GLOB... --out-dir DIR [disclosure options] [-j N]`: label many files.

Every file gets the same disclosure and is written to DIR, named by the pattern in
Preferences (NAME.cr.EXT by default; two files of the same name get NAME.cr-2.EXT, ...),
by the labeling service (`app.core.labeling.service`) on all cores (one process per core;
`-j` to choose). Its questions (passphrase, existing copies, a failing timestamp server)
are answered by the flags or on the terminal. One failing file never stops the others. A progress
bar on stderr (plain lines when stderr is not a terminal), a summary at the end. Exit code
0 when every file was labeled, 1 when any failed, 130 when cancelled with Ctrl-C.
"""

from __future__ import annotations

import argparse
import glob
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.cli.cancellable import run_cancellable
from app.cli.disclosure_args import add_disclosure_arguments, disclosure_from_args
from app.cli.exitcodes import ExitCode
from app.cli.output import complain, say, say_json, say_lines
from app.cli.terminal_questions import add_signing_arguments, questions_from_args
from app.cli.trust_args import add_trust_arguments
from app.core.errors import CredLabelError, ExportCancelled
from app.core.i18n import _
from app.core.labeling.worker_processes import start_workers_early
from app.core.reading.trust import load_profile

if TYPE_CHECKING:
    from app.core.labeling.service import BatchProgress, BatchSummary, FileOutcome

# The labeling code (the service, and `label`'s module for the naming pattern) is imported
# in `_run`, after the workers' fork server has started importing it too: both then load it
# at the same time instead of one after the other.

BAR_WIDTH = 30


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "batch",
        help=_("label many files with one disclosure"),
        description=_(
            "Label every file matching the patterns with the same disclosure, "
            "writing copies named by the pattern in Preferences (NAME.cr.EXT) into --out-dir. "
            "Uses all cores; one failing file never stops the others. Exit code 0 when all "
            "were labeled, 1 when any failed or was skipped."
        ),
    )
    parser.add_argument("patterns", nargs="+", metavar="GLOB", help=_("files or patterns (**)"))
    parser.add_argument("--out-dir", type=Path, required=True, metavar="DIR")
    parser.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help=_("processes"))
    add_disclosure_arguments(parser)
    add_signing_arguments(parser)
    add_trust_arguments(parser)
    parser.add_argument("--json", action="store_true", help=_("print the summary as JSON"))
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
    start_workers_early()
    from app.cli.label_cmd import naming_pattern
    from app.core.labeling.service import LabelingSession, LabelRequest

    disclosure = disclosure_from_args(args)
    files, unmatched = expand(args.patterns)
    for pattern in unmatched:
        complain(_("no files match {pattern}").format(pattern=pattern))
    if args.jobs is not None and args.jobs < 1:
        complain(_("-j needs at least 1 process"))
        return ExitCode.USAGE
    if not args.out_dir.is_dir():
        raise CredLabelError(
            _("The output folder {folder} does not exist.").format(folder=args.out_dir)
        )
    bar = ProgressBar(sys.stderr, len(files), live=sys.stderr.isatty() and not args.json)
    session = LabelingSession(questions_from_args(args), progress=bar.update)
    # Unlocked here, before the bar: a missing identity or passphrase is said once.
    try:
        chosen = session.choose_signer(
            args.identity, creator_name=args.creator, use_timestamp=not args.no_timestamp
        )
    except ExportCancelled as exc:  # no passphrase given: nothing started
        complain(exc.sentence)
        return ExitCode.CANCELLED
    request = LabelRequest(
        tuple(files),
        disclosure,
        identity_id=args.identity,
        creator_name=args.creator,
        out_dir=args.out_dir,
        pattern=naming_pattern(),
        overwrite=args.overwrite,
        use_timestamp=not args.no_timestamp,
        processes=args.jobs,
        # After the signer: the local profile trusts the identity made on first use.
        profile=load_profile(args.trust, user_anchor_files=args.trust_anchors),
        in_process=False,  # even one file: the same engine as many
    )

    def work(cancel: threading.Event) -> BatchSummary:
        session.cancel = cancel
        return session.label(request, chosen)

    try:
        summary, cancelled = run_cancellable(work, "credlabel-batch")
    finally:
        bar.close()
    _print_summary(summary, unmatched, args.json, cancelled)
    if cancelled:
        return ExitCode.CANCELLED
    return ExitCode.OK if summary.all_ok and not unmatched else ExitCode.ERROR


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
            "skipped": sum(1 for o in summary.outcomes if o.skipped),
            "unmatched_patterns": unmatched,
            "notes": list(summary.notes),
            "files": [_outcome_dict(o) for o in summary.outcomes],
        }
        say_json(data)
        return
    say_lines(summary_lines(summary, cancelled))


def summary_lines(summary: BatchSummary, cancelled: bool) -> list[str]:
    """One line per file, then the totals; a cancelled file says so rather than FAILED."""
    lines = [f"{_status(o)}  {o.source}: {o.sentence}" for o in summary.outcomes]
    stopped = sum(1 for o in summary.outcomes if o.cancelled)
    skipped = sum(1 for o in summary.outcomes if o.skipped)
    failed = len(summary.failed) - stopped - skipped
    total = len(summary.outcomes)
    left = (
        " " + _("{skipped} skipped: their copies already exist.").format(skipped=skipped)
        if skipped
        else ""
    )
    counts = {"ok": summary.ok_count, "total": total, "failed": failed, "stopped": stopped}
    if cancelled or stopped:
        totals = _(
            "Cancelled: labeled {ok} of {total} files; {stopped} cancelled, {failed} failed."
        ).format(**counts)
    else:
        totals = _("Labeled {ok} of {total} files; {failed} failed.").format(**counts)
    lines.append(totals + left)
    return lines


def _status(outcome: FileOutcome) -> str:
    if outcome.ok:
        return _("ok")
    if outcome.skipped:
        return _("skipped")
    return _("cancelled") if outcome.cancelled else _("FAILED")


def _outcome_dict(outcome: FileOutcome) -> dict[str, Any]:
    return {
        "source": str(outcome.source),
        "ok": outcome.ok,
        "dest": str(outcome.dest) if outcome.dest else None,
        "state": outcome.state,
        "sentence": outcome.sentence,
        "warnings": list(outcome.warnings),
        "cancelled": outcome.cancelled,
        "skipped": outcome.skipped,
    }
