"""`credlabel report FILE -o OUT.pdf|OUT.html [--bundle OUT.zip]`: printable reports and
support bundles.

The format comes from OUT's extension. FILE may also be a support bundle (`.zip` written by
`--bundle`): the report then shows what the creator saw. Neither OUT nor ZIP may be FILE
(by any route) or, without --overwrite, an existing file (`app.core.safe_write`).
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

from app.cli.exitcodes import ExitCode
from app.cli.output import say
from app.cli.trust_args import add_trust_arguments
from app.core import safe_write
from app.core.errors import CredLabelError, DestinationIsOriginal
from app.core.i18n import _
from app.core.model import FileReport
from app.core.reading.credentials import read_file
from app.core.reading.trust import TrustProfile, load_profile
from app.core.reports.html_report import render_html
from app.core.reports.support_bundle import read_bundle, write_bundle

FORMATS = (".pdf", ".html", ".htm")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help=_("write a printable report (PDF/HTML) or a support bundle"),
        description=_(
            "Write a printable report of FILE's Content Credentials (format from the "
            "extension of OUT: .pdf or .html) and/or a support bundle (zip). FILE may be a "
            "support bundle, to see what its creator saw."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help=_("OUT.pdf or OUT.html"))
    parser.add_argument("--bundle", type=Path, metavar="ZIP", help=_("write a support bundle"))
    parser.add_argument(
        "--overwrite", action="store_true", help=_("replace OUT or ZIP if it exists")
    )
    parser.add_argument(
        "--no-redact",
        action="store_true",
        help=_(
            "keep home folder paths, the user name and identity names in the bundle "
            "(recent files are left out either way)"
        ),
    )
    parser.add_argument(
        "--no-thumbnails", action="store_true", help=_("leave pictures out of the report")
    )
    add_trust_arguments(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> ExitCode:
    if args.output is None and args.bundle is None:
        raise CredLabelError(_("Say what to write: -o OUT.pdf, -o OUT.html or --bundle OUT.zip."))
    if args.output is not None and args.output.suffix.lower() not in FORMATS:
        raise CredLabelError(_("The report name must end in .pdf or .html."))
    _check_targets(args)
    profile = load_profile(args.trust, user_anchor_files=args.trust_anchors)
    if args.bundle is not None:
        write_bundle(
            args.file,
            args.bundle,
            profile=profile,
            redact_home=not args.no_redact,
            overwrite=args.overwrite,
        )
        say(_("Wrote support bundle {path}").format(path=args.bundle))
    if args.output is not None:
        report, html = _report_html(args.file, profile, thumbnails=not args.no_thumbnails)
        _write_report(html, args.output, report, args)
        say(_("Wrote report {path}").format(path=args.output))
    return ExitCode.OK


def _check_targets(args: argparse.Namespace) -> None:
    """Refuse, before any work, FILE itself by any route (`..`, symbolic links, hard links),
    existing files without --overwrite, and -o and --bundle naming one file."""
    targets = [t for t in (args.output, args.bundle) if t is not None]
    for target in targets:
        safe_write.check_destination(target, overwrite=args.overwrite, protected=(args.file,))
    if len(targets) == 2:
        try:
            safe_write.refuse_protected(args.output, (args.bundle,))
        except DestinationIsOriginal:
            raise CredLabelError(
                _("Choose two names: -o and --bundle name the same file.")
            ) from None


def _report_html(path: Path, profile: TrustProfile, *, thumbnails: bool) -> tuple[FileReport, str]:
    if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        view = read_bundle(path)
        return view.report, view.html()
    report = read_file(path, profile)
    return report, render_html(report, include_thumbnails=thumbnails)


def _write_report(html: str, out: Path, report: FileReport, args: argparse.Namespace) -> None:
    protected = (args.file,)
    if out.suffix.lower() == ".pdf":
        from app.printing.report_pdf import write_pdf

        title = _("Content Credentials report: {name}").format(name=report.path.name)
        write_pdf(html, out, title=title, overwrite=args.overwrite, protected=protected)
        return
    safe_write.write_file(
        out,
        html.encode("utf-8"),
        overwrite=args.overwrite,
        protected=protected,
        what="the report",
    )
