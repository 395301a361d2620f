"""`credlabel inspect FILE...`: show a file's Content Credentials in words or as JSON.

Exit codes (README): 0 valid or trusted, 3 no credentials, 4 invalid, 5 could not read,
1 other error (unreadable path, bad trust profile). With several files the worst wins.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from app.cli.exitcodes import ExitCode
from app.cli.output import Row, aligned, complain, say
from app.cli.trust_args import add_trust_arguments
from app.core.errors import CredLabelError
from app.core.i18n import _
from app.core.model import FileReport, Ingredient, Manifest, ValidationState
from app.core.reading.ai_verdict import verdict_detail
from app.core.reading.credentials import read_file
from app.core.reading.manifest_facts import fact_rows
from app.core.reading.trust import DEFAULT_PROFILE, TrustProfile, load_profile
from app.core.reading.trust_lists import stale_notice
from app.core.reports.wording import (
    ingredient_line,
    invalid_causes,
    issued_on,
    signer_text,
    state_hint,
    state_line,
)
from app.core.terminal_text import cell_width, pad_to_cells

_EXIT = {
    ValidationState.TRUSTED: ExitCode.OK,
    ValidationState.VALID_UNTRUSTED: ExitCode.OK,
    ValidationState.NO_CREDENTIALS: ExitCode.NO_CREDENTIALS,
    ValidationState.INVALID: ExitCode.INVALID,
    ValidationState.COULD_NOT_READ: ExitCode.COULD_NOT_READ,
}
# Worst last: an error beats could-not-read beats invalid beats no credentials beats OK.
_SEVERITY = [
    ExitCode.OK,
    ExitCode.NO_CREDENTIALS,
    ExitCode.INVALID,
    ExitCode.COULD_NOT_READ,
    ExitCode.ERROR,
]
_THUMB_EXT = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "inspect",
        help=_("show the Content Credentials of files"),
        description=_(
            "Show the Content Credentials (C2PA) of each file: state, AI "
            "disclosure, signer, app or device, edits and history."
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--json", action="store_true", help=_("print stable JSON (see README)"))
    parser.add_argument(
        "--detailed", action="store_true", help=_("every status code; raw library JSON with --json")
    )
    parser.add_argument("--tree", action="store_true", help=_("show the history as a tree"))
    add_trust_arguments(parser)
    parser.add_argument(
        "--extract-thumbnails", type=Path, metavar="DIR", help=_("save embedded thumbnails here")
    )
    parser.add_argument("--certs", action="store_true", help=_("show signer certificate details"))
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> ExitCode:
    profile = load_profile(args.trust, user_anchor_files=args.trust_anchors)
    if args.trust == DEFAULT_PROFILE:
        _say_once_if_stale()
    codes: list[ExitCode] = []
    entries: list[dict[str, Any]] = []
    for path in args.files:
        code, entry = _inspect_one(path, profile, args)
        codes.append(code)
        entries.append(entry)
    if args.json:
        from app.core.reports.json_report import SCHEMA_VERSION  # (words need no JSON)

        _write(json.dumps({"schema_version": SCHEMA_VERSION, "files": entries}, indent=2))
    return max(codes, key=_SEVERITY.index)


def _say_once_if_stale() -> None:
    """Old lists still work: say so once on stderr (never in the JSON), then go on."""
    notice = stale_notice()
    if notice:
        say(_("Note: {notice}").format(notice=notice), err=True)


def _write(text: str) -> None:
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # `credlabel inspect --json ... | head`: the reader went away; not an error.
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - replaces the closed pipe


def _inspect_one(
    path: Path, profile: TrustProfile, args: argparse.Namespace
) -> tuple[ExitCode, dict[str, Any]]:
    try:
        # Words show neither thumbnails nor certificate details unless asked (--certs).
        report = read_file(
            path,
            profile,
            detailed=args.detailed,
            certificates=args.json or args.certs,
            thumbnails=args.json or bool(args.extract_thumbnails),
        )
    except CredLabelError as exc:
        from app.core.reports.json_report import SCHEMA_VERSION

        complain(exc.sentence)
        return ExitCode.ERROR, {
            "schema_version": SCHEMA_VERSION,
            "file": str(path),
            "error": exc.sentence,
        }
    if args.extract_thumbnails:
        for saved in _extract_thumbnails(report, args.extract_thumbnails):
            say(_("saved thumbnail {path}").format(path=saved), err=True)
    if not args.json:
        _print_summary(report, args, sys.stdout)
        return _EXIT[report.state], {}  # the JSON is made only when it is printed
    from app.core.reports.json_report import report_to_dict

    return _EXIT[report.state], report_to_dict(report, include_raw=args.detailed)


def _print_summary(report: FileReport, args: argparse.Namespace, out: TextIO) -> None:
    for line in summary_lines(report, detailed=args.detailed, tree=args.tree, certs=args.certs):
        say(line, file=out)  # each line made inert: most of it comes from the file
    say(file=out)


def summary_lines(
    report: FileReport, *, detailed: bool = False, tree: bool = False, certs: bool = False
) -> list[str]:
    """The readable summary of one report, line by line (raw: print them with `say`), in
    the language spoken; the labels line up by terminal cells (wide scripts count two)."""
    return [
        str(report.path),
        *aligned(_summary_rows(report, detailed=detailed, tree=tree, certs=certs)),
    ]


def _summary_rows(report: FileReport, *, detailed: bool, tree: bool, certs: bool) -> list[Row]:
    rows: list[Row] = [(_("State"), state_line(report))]
    for index, cause in enumerate(invalid_causes(report)):
        # The first cause is the State line's headline; others are named.
        why = cause.explanation if index == 0 else f"{cause.headline}. {cause.explanation}"
        rows.append((_("Why") if index == 0 else _("Also"), why))
        rows.append((_("What to do"), cause.what_to_do))
    if report.state is ValidationState.TRUSTED and report.trust_source:
        rows.append((_("Trust"), state_hint(report)))
    if report.problem:
        rows.append((_("Note"), report.problem))
    if report.sidecar:
        rows.append((_("Sidecar"), str(report.sidecar)))
    rows.append((_("AI"), verdict_detail(report.ai)))
    active = report.active
    if active is not None:
        signature = active.signature
        if signature is not None:
            rows.append((_("Issued by"), signer_text(signature)))
            rows.append((_("Issued on"), issued_on(signature)))
        rows.append((_("App or device"), _app_text(active)))
        if report.ai.tools:
            rows.append((_("AI tool"), ", ".join(report.ai.tools)))
        if active.creators:
            rows.append((_("Creator"), ", ".join(active.creators)))
        rows += list(fact_rows(report))
        rows.append((_("Ingredients"), str(len(active.ingredients))))
        if tree and active.ingredients:
            this_file = _("{name} (this file)").format(name=active.title or report.path.name)
            rows += ["  " + _("History:"), f"    {this_file}"]
            rows += list(_tree(active.ingredients, "    "))
        if certs and signature is not None:
            rows += _cert_lines(signature.chain)
    rows += _status_lines(report, detailed)
    return rows


def _app_text(manifest: Manifest) -> str:
    """The friendly name, with the raw string when it says more."""
    raw = manifest.claim_generator
    name = manifest.app_name or raw or _("not recorded")
    return f"{name} ({raw})" if raw and raw != name else name


def _tree(items: tuple[Ingredient, ...], indent: str) -> Iterator[str]:
    for index, item in enumerate(items):
        last = index == len(items) - 1
        yield f"{indent}{'└─' if last else '├─'} {ingredient_line(item)}"
        yield from _tree(item.children, indent + ("   " if last else "│  "))


def _cert_lines(chain: tuple[Any, ...]) -> list[str]:
    title = "  " + _("Certificates:")
    if not chain:
        return [f"{title} {_('not available from the library')}"]
    names = [_("Subject:"), _("Issuer:"), _("Serial:"), _("Valid:")]
    column = max(13, *(cell_width(name) + 1 for name in names))
    lines = [title]
    for cert in chain:
        values = [cert.subject, cert.issuer, cert.serial, f"{cert.not_before} → {cert.not_after}"]
        lines += [f"    {pad_to_cells(n, column)}{v}" for n, v in zip(names, values, strict=True)]
    return lines


def _status_lines(report: FileReport, detailed: bool) -> list[str]:
    shown = [s for s in report.status if detailed or s.kind == "failure"]
    if not shown:
        return []
    lines = ["  " + (_("Checks:") if detailed else _("Problems:"))]
    for status in shown:
        # The kind and the code stay as the library writes them: support staff search them.
        lines.append(f"    - [{status.kind}] {status.code}: {status.explanation}")
        if status.what_to_do and status.kind != "success":
            lines.append("      " + _("What you can do: {advice}").format(advice=status.what_to_do))
    return lines


def _extract_thumbnails(report: FileReport, folder: Path) -> list[Path]:
    """Save each thumbnail as STEM_manifestN[_ingredientM].EXT in `folder`. Never over an
    existing file (two inputs sharing a stem get `-2`, ...) nor over the input itself."""
    from app.core import safe_write

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise safe_write.write_error(exc, folder, "the thumbnails") from exc
    saved = []
    for index, manifest in enumerate(report.manifests.values(), 1):
        pictures = [(f"manifest{index}", manifest.thumbnail, manifest.thumbnail_format)]
        pictures += [
            (f"manifest{index}_ingredient{n}", i.thumbnail, i.thumbnail_format)
            for n, i in enumerate(manifest.ingredients, 1)
        ]
        for name, data, fmt in pictures:
            if data:
                target = folder / f"{report.path.stem}_{name}.{_THUMB_EXT.get(fmt or '', 'bin')}"
                protected = (report.path,)
                saved.append(safe_write.write_new_file(target, data, protected=protected))
    return saved
