"""`credlabel report FILE -o OUT.pdf|OUT.html [--bundle OUT.zip]`: printable reports and
support bundles.

The format comes from OUT's extension. FILE may also be a support bundle (`.zip` written by
`--bundle`): the report then shows what the creator saw.
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

from app.cli.exitcodes import ExitCode
from app.cli.output import say
from app.cli.trust_args import add_trust_arguments
from app.core.credentials import read_file
from app.core.errors import CredLabelError
from app.core.model import FileReport
from app.core.report_html import render_html
from app.core.support_bundle import read_bundle, write_bundle
from app.core.trust import TrustProfile, load_profile

FORMATS = (".pdf", ".html", ".htm")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a printable report (PDF/HTML) or a support bundle",
        description="Write a printable report of FILE's Content Credentials (format from "
        "the extension of OUT: .pdf or .html) and/or a support bundle (zip). FILE may be a "
        "support bundle, to see what its creator saw.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="OUT.pdf or OUT.html")
    parser.add_argument("--bundle", type=Path, metavar="ZIP", help="write a support bundle")
    parser.add_argument(
        "--no-redact",
        action="store_true",
        help="keep home folder paths, the user name and identity names in the bundle "
        "(recent files are left out either way)",
    )
    parser.add_argument(
        "--no-thumbnails", action="store_true", help="leave pictures out of the report"
    )
    add_trust_arguments(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> ExitCode:
    if args.output is None and args.bundle is None:
        raise CredLabelError("Say what to write: -o OUT.pdf, -o OUT.html or --bundle OUT.zip.")
    for target in (args.output, args.bundle):
        if target is not None and target.absolute() == args.file.absolute():
            raise CredLabelError("Choose another name: the report would replace FILE itself.")
    if args.output is not None and args.output.suffix.lower() not in FORMATS:
        raise CredLabelError("The report name must end in .pdf or .html.")
    profile = load_profile(args.trust, user_anchor_files=args.trust_anchors)
    if args.bundle is not None:
        write_bundle(args.file, args.bundle, profile=profile, redact_home=not args.no_redact)
        say(f"Wrote support bundle {args.bundle}")
    if args.output is not None:
        report, html = _report_html(args.file, profile, thumbnails=not args.no_thumbnails)
        _write_report(html, args.output, report)
        say(f"Wrote report {args.output}")
    return ExitCode.OK


def _report_html(path: Path, profile: TrustProfile, *, thumbnails: bool) -> tuple[FileReport, str]:
    if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        view = read_bundle(path)
        return view.report, view.html()
    report = read_file(path, profile)
    return report, render_html(report, include_thumbnails=thumbnails)


def _write_report(html: str, out: Path, report: FileReport) -> None:
    if out.suffix.lower() == ".pdf":
        from app.gui.report_pdf import write_pdf

        write_pdf(html, out, title=f"Content Credentials report: {report.path.name}")
        return
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise CredLabelError(f"The report could not be written to {out}.", str(exc)) from exc
