"""`credlabel label FILE`: disclose AI use and edits, and export a signed, verified copy.

The copy is made by `app.core.labeling.export.export_labeled_copy` (the same code as the window's
Export button). The signer comes from `--identity ID` or the default identity, which is
created on first use (said once, on stderr). The disclosure options live in
`app.cli.disclosure_args` (shared with the batch command). Ctrl-C cancels: the export
runs in a worker thread and the main thread sets its cancel Event, so nothing partial is
left behind.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import threading
from pathlib import Path
from typing import Any

from app.cli.cancellable import run_cancellable
from app.cli.disclosure_args import add_disclosure_arguments, disclosure_from_args
from app.cli.exitcodes import ExitCode
from app.cli.output import complain, say, say_json, say_lines
from app.cli.trust_args import add_trust_arguments
from app.core.errors import (
    CredLabelError,
    ExportCancelled,
    PassphraseRequired,
    TimestampUnavailable,
)
from app.core.labeling.disclosure import Disclosure
from app.core.labeling.export import ExportProgress, ExportResult, export_labeled_copy
from app.core.media.privacy import PrivacyFacts, privacy_facts
from app.core.media.probe import probe
from app.core.reading.trust import TrustProfile, load_profile
from app.core.reports.json_report import SCHEMA_VERSION, report_to_dict
from app.core.signing.identity_files import account_name
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer
from app.core.terminal_text import visible


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "label",
        help="disclose AI use and export a signed, labeled copy",
        description="Write a copy of FILE (NAME.cr.EXT by default) signed with Content "
        "Credentials that record your AI disclosure and edits. The original is never "
        "modified; earlier credentials are kept as the copy's history.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    add_disclosure_arguments(parser)
    parser.add_argument("--identity", metavar="ID", help="signing identity (default: yours)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="where to write")
    parser.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    parser.add_argument(
        "--sidecar", action="store_true", help="write the manifest to OUT's NAME.c2pa beside it"
    )
    add_trust_arguments(parser)
    parser.add_argument(
        "--no-timestamp",
        action="store_true",
        help="sign without the identity's timestamp server (the copy then reads as invalid "
        "once the certificate expires)",
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable result")
    parser.set_defaults(handler=_run)


def make_signer_for(
    identity_id: str | None, user_name: str, *, use_timestamp: bool = True
) -> tuple[Any, str | None]:
    """(c2pa Signer, sentence to say once or None): `identity_id`, or the default identity,
    which is created on first use. An encrypted key uses the remembered passphrase, else
    asks for it on a terminal."""
    store = IdentityStore()
    created_note = None
    if identity_id:
        identity = store.get(identity_id)
    else:
        identity, created = store.ensure_default(user_name)
        if created:
            created_note = (
                f"Created your local signing identity “{identity.name}” (first use). Files "
                "you sign read as Trusted on this computer; elsewhere as “Valid, signer not "
                "recognized”."
            )
    try:
        return make_signer(identity, store=store, use_timestamp=use_timestamp), created_note
    except PassphraseRequired:
        passphrase = store.remembered_passphrase(identity.id) or _ask_passphrase(identity.name)
        signer = make_signer(
            identity, passphrase=passphrase, store=store, use_timestamp=use_timestamp
        )
        return signer, created_note


def _ask_passphrase(name: str) -> str:
    if not sys.stdin.isatty():
        raise PassphraseRequired(
            f"The key of “{name}” is protected by a passphrase. Run this in a terminal to "
            "type it, or remember it with `credlabel identity`."
        )
    try:
        return getpass.getpass(visible(f"Passphrase for “{name}”: "))
    except EOFError:  # Ctrl-D at the prompt: a sentence, not a traceback
        raise PassphraseRequired(
            f"No passphrase was typed for “{name}”, so nothing was signed."
        ) from None


def _run(args: argparse.Namespace) -> ExitCode:
    try:
        disclosure = disclosure_from_args(args)
        signer, created_note = make_signer_for(
            args.identity, args.creator or account_name(), use_timestamp=not args.no_timestamp
        )
        if created_note:
            complain(created_note)
            _first_copy_notice(args.file, disclosure)
        profile = load_profile(args.trust, user_anchor_files=args.trust_anchors)
        result = _export(args, disclosure, signer, profile)
    except ExportCancelled as exc:
        _fail(args, exc)
        return ExitCode.CANCELLED
    except TimestampUnavailable as exc:
        exc.sentence += " To sign without it, run again with --no-timestamp."
        _fail(args, exc)
        return ExitCode.ERROR
    except CredLabelError as exc:
        _fail(args, exc)
        return ExitCode.ERROR
    if args.json:
        say_json(result_to_dict(args.file, result))
    else:
        _print_result(result)
    return ExitCode.OK


def _first_copy_notice(source: Path, disclosure: Disclosure) -> None:
    """Before the very first labeled copy (the identity was just made): what it reveals."""
    try:
        identity = IdentityStore().default()
        media = probe(source)
    except CredLabelError:
        return  # the export itself will say what is wrong
    facts = privacy_facts(
        source,
        media.mime,
        None,
        identity.name if identity else None,
        location_removed=disclosure.remove_location,
    )
    say("Before this first labeled copy, what it will tell anyone who checks it:", err=True)
    say_lines((f"  - {sentence}" for sentence in facts.sentences()), err=True)


def _export(
    args: argparse.Namespace, disclosure: Disclosure, signer: Any, profile: TrustProfile
) -> ExportResult:
    """Run the export in a worker so Ctrl-C can cancel it cleanly."""
    show = _progress_printer() if sys.stderr.isatty() and not args.json else None

    def work(cancel: threading.Event) -> ExportResult:
        return export_labeled_copy(
            args.file,
            disclosure,
            signer,
            dest=args.output,
            profile=profile,
            progress=show,
            cancel=cancel,
            sidecar=args.sidecar,
            overwrite=args.overwrite,
        )

    try:
        result, _cancelled = run_cancellable(work, "credlabel-export")
    finally:
        if show is not None:
            say(err=True)
    return result


def _progress_printer() -> Any:
    def show(progress: ExportProgress) -> None:
        percent = int(progress.fraction * 100)
        say(f"{progress.phase:<10} {percent:3d}%", err=True, start="\r", end="")

    return show


def _fail(args: argparse.Namespace, exc: CredLabelError) -> None:
    if args.json:
        payload = {"schema_version": SCHEMA_VERSION, "file": str(args.file), "error": exc.sentence}
        say_json(payload)
    else:
        complain(exc.sentence)


def _print_result(result: ExportResult) -> None:
    report = result.report
    say(f"Labeled copy: {result.dest}")
    if result.sidecar is not None:
        say(f"Manifest:     {result.sidecar}")
    say(f"State:        {report.state.label}")
    say(f"AI:           {report.ai.sentence}")
    if report.ai.source_manifest and not report.ai.source_is_active:
        say("              (said by an earlier step of the history)")
    say(f"XMP mirror:   {'written' if result.xmp_written else 'not written'}")
    for warning in result.warnings:
        say(f"Warning: {warning}")
    for note in result.notes:
        say(f"Note: {note}")
    if result.privacy is not None:
        say("What the copy reveals about you:")
        for sentence in result.privacy.sentences():
            say(f"  - {sentence}")
        if result.privacy.metadata.has_location and not result.privacy.location_removed:
            say("  To leave the location out, label again with --remove-location.")


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
