"""`credlabel label FILE`: disclose AI use and edits, and export a signed, verified copy.

The copy is made by the labeling service (`app.core.labeling.service`, the same code as
the window's Export): it is named by the naming pattern in Preferences (`NAME.cr.EXT` by
default; `-o` chooses another name), signed by `--identity ID` or the default identity,
which is created on first use (said once, on stderr). What the service asks — the
passphrase, replacing an existing copy, signing without an unreachable timestamp server —
is answered by the flags or on the terminal (`app.cli.terminal_questions`). The disclosure
options live in `app.cli.disclosure_args` (shared with the batch command). Ctrl-C cancels:
the export runs in a worker thread and the main thread sets its cancel Event, so nothing
partial is left behind.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from app.cli.cancellable import run_cancellable
from app.cli.disclosure_args import add_disclosure_arguments, disclosure_from_args
from app.cli.exitcodes import ExitCode
from app.cli.output import aligned, complain, say, say_json, say_lines
from app.cli.terminal_questions import add_signing_arguments, questions_from_args
from app.cli.trust_args import add_trust_arguments
from app.core.errors import CredLabelError, ExportCancelled
from app.core.i18n import _
from app.core.labeling.batch_worker import FileOutcome
from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export import ExportResult
from app.core.labeling.service import BatchProgress, ChosenSigner, LabelingSession, LabelRequest
from app.core.media.privacy import PrivacyFacts, privacy_facts
from app.core.media.probe import probe
from app.core.reading.trust import load_profile
from app.core.reports.json_report import SCHEMA_VERSION, report_to_dict
from app.core.settings import load_settings

RESULT_COLUMN = 14  # "Labeled copy: " and the values under it


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "label",
        help=_("disclose AI use and export a signed, labeled copy"),
        description=_(
            "Write a copy of FILE (named by the pattern in Preferences, NAME.cr.EXT "
            "by default) signed with Content Credentials that record your AI disclosure and "
            "edits. The original is never modified; earlier credentials are kept as the copy's "
            "history."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    add_disclosure_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help=_("where to write"))
    parser.add_argument(
        "--sidecar", action="store_true", help=_("write the manifest to OUT's NAME.c2pa beside it")
    )
    add_signing_arguments(parser)
    add_trust_arguments(parser)
    parser.add_argument("--json", action="store_true", help=_("print a machine-readable result"))
    parser.set_defaults(handler=_run)


def naming_pattern() -> str:
    """The copies' naming pattern from Preferences (its notice said once when the
    settings had to be reset)."""
    loaded = load_settings()
    if loaded.notice:
        complain(loaded.notice)
    return loaded.settings.output_pattern


def _run(args: argparse.Namespace) -> ExitCode:
    show = _progress_printer() if sys.stderr.isatty() and not args.json else None
    session = LabelingSession(questions_from_args(args), progress=show)
    try:
        disclosure = disclosure_from_args(args)
        chosen = session.choose_signer(
            args.identity, creator_name=args.creator, use_timestamp=not args.no_timestamp
        )
        request = LabelRequest(
            (args.file,),
            disclosure,
            identity_id=args.identity,
            creator_name=args.creator,
            dest=args.output,
            pattern=naming_pattern(),
            overwrite=args.overwrite,
            use_timestamp=not args.no_timestamp,
            sidecar=args.sidecar,
            # After the signer: the local profile trusts the identity made on first use.
            profile=load_profile(args.trust, user_anchor_files=args.trust_anchors),
            in_process=True,
        )
        if chosen.created:
            _first_copy_notice(args.file, disclosure, chosen)
        outcome = _label(session, request, chosen, show is not None)
    except ExportCancelled as exc:
        _fail(args, exc.sentence)
        return ExitCode.CANCELLED
    except CredLabelError as exc:
        _fail(args, exc.sentence)
        return ExitCode.ERROR
    if outcome.result is None:
        _fail(args, outcome.sentence)
        return ExitCode.CANCELLED if outcome.cancelled else ExitCode.ERROR
    if args.json:
        say_json(result_to_dict(args.file, outcome.result))
    else:
        _print_result(outcome.result)
    return ExitCode.OK


def _label(
    session: LabelingSession, request: LabelRequest, chosen: ChosenSigner, live: bool
) -> FileOutcome:
    """Run the labeling in a worker so Ctrl-C can cancel it cleanly."""

    def work(cancel: threading.Event) -> FileOutcome:
        session.cancel = cancel
        return session.label(request, chosen).outcomes[0]

    try:
        outcome, _cancelled = run_cancellable(work, "credlabel-export")
    finally:
        if live:
            say(err=True)
    return outcome


def _first_copy_notice(source: Path, disclosure: Disclosure, chosen: ChosenSigner) -> None:
    """Before the very first labeled copy (the identity was just made): what it reveals."""
    try:
        media = probe(source)
    except CredLabelError:
        return  # the export itself will say what is wrong
    facts = privacy_facts(
        source,
        media.mime,
        None,
        chosen.identity.name,
        location_removed=disclosure.remove_location,
    )
    say(_("Before this first labeled copy, what it will tell anyone who checks it:"), err=True)
    say_lines((f"  - {sentence}" for sentence in facts.sentences()), err=True)


def _progress_printer() -> Any:
    def show(event: BatchProgress) -> None:
        if event.phase != "working":
            return
        percent = int(event.fraction * 100)
        say(f"{event.step:<10} {percent:3d}%", err=True, start="\r", end="")

    return show


def _fail(args: argparse.Namespace, sentence: str) -> None:
    if args.json:
        payload = {"schema_version": SCHEMA_VERSION, "file": str(args.file), "error": sentence}
        say_json(payload)
    else:
        complain(sentence)


def _print_result(result: ExportResult) -> None:
    report = result.report
    rows: list[tuple[str, str]] = [(_("Labeled copy"), str(result.dest))]
    if result.sidecar is not None:
        rows.append((_("Manifest"), str(result.sidecar)))
    rows.append((_("State"), report.state.label))
    ai = report.ai.sentence
    if report.ai.source_manifest and not report.ai.source_is_active:
        ai += " " + _("(said by an earlier step of the history)")
    rows.append((_("AI"), ai))
    rows.append((_("XMP mirror"), _("written") if result.xmp_written else _("not written")))
    for line in aligned(rows, column=RESULT_COLUMN, indent=""):
        say(line)
    for warning in result.warnings:
        say(_("Warning: {warning}").format(warning=warning))
    for note in result.notes:
        say(_("Note: {notice}").format(notice=note))
    if result.privacy is not None:
        say(_("What the copy reveals about you:"))
        for sentence in result.privacy.sentences():
            say(f"  - {sentence}")
        if result.privacy.metadata.has_location and not result.privacy.location_removed:
            say("  " + _("To leave the location out, label again with --remove-location."))


def result_to_dict(source: Path, result: ExportResult) -> dict[str, Any]:
    """The `--json` result (schema version 1; fields may be added)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "source": str(source),
        "dest": str(result.dest),
        "sidecar": str(result.sidecar) if result.sidecar else None,
        "bytes": result.bytes_written,
        "xmp_written": result.xmp_written,
        "warnings": list(result.warnings),
        "notes": list(result.notes),
        "privacy": privacy_to_dict(result.privacy),
        "report": report_to_dict(result.report),
    }


def privacy_to_dict(facts: PrivacyFacts | None) -> dict[str, Any] | None:
    """What the copy reveals, for `--json` (sentences follow the language; keys do not)."""
    if facts is None:
        return None
    return {
        "signer_name": facts.signer_name,
        "original_name": facts.original_name,
        "metadata_checked": facts.metadata.checked,
        "location": facts.metadata.has_location and not facts.location_removed,
        "location_removed": facts.location_removed,
        "location_in_history": facts.location_in_history,
        "serial_numbers": bool(facts.metadata.serial_keys),
        "people": list(facts.metadata.people),
        "sentences": facts.sentences(),
    }
