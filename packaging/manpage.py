"""Write credlabel(1), the man page, from the CLI's own argument parser (troff, man macros).

    .venv/bin/python packaging/manpage.py > credlabel.1      # or: packaging/build.py --deb

The page is generated, never edited by hand, so it always lists the options the program
really accepts: each subcommand's usage line, its arguments and options with their help
text, then the exit codes (from app.cli.exitcodes) and the folders the program uses.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.cli.exitcodes import ExitCode  # noqa: E402
from app.cli.main import build_parser  # noqa: E402
from app.core.about import __version__  # noqa: E402

EXIT_MEANINGS = {
    ExitCode.OK: "success; for inspect: the file carries valid Content Credentials",
    ExitCode.ERROR: "could not do it (unreadable file, failed export, bad identity)",
    ExitCode.USAGE: "wrong arguments",
    ExitCode.NO_CREDENTIALS: "inspect: the file carries no Content Credentials",
    ExitCode.INVALID: "inspect: the credentials are invalid or the file was tampered with",
    ExitCode.COULD_NOT_READ: "inspect: the credentials could not be read",
    ExitCode.CANCELLED: "cancelled with Ctrl-C",
}

FILES = (
    ("~/.config/CredLabel/settings.json", "settings"),
    ("~/.local/share/CredLabel/identities/", "signing identities (private keys, owner-only)"),
    ("~/.local/state/CredLabel/log/credlabel.log", "the log"),
    ("~/.cache/CredLabel/", "the cache"),
)


def escape(text: str) -> str:
    """Text safe in a troff line: backslashes and hyphens escaped, no leading control dot."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def _usage(parser: argparse.ArgumentParser) -> str:
    # argparse wraps usage to the terminal width; the page wants one logical line.
    return " ".join(parser.format_usage().removeprefix("usage: ").split())


def _option_lines(parser: argparse.ArgumentParser) -> list[str]:
    lines: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
            continue  # -h is everywhere; the commands get their own sections
        if action.help in (None, argparse.SUPPRESS) and not action.option_strings:
            continue  # an undocumented positional is already in the usage line
        if action.option_strings:
            names = ", ".join(action.option_strings)
            metavar = action.metavar or (action.choices and "{" + ",".join(action.choices) + "}")
            if action.nargs != 0 and not isinstance(metavar, tuple):
                names += f" {metavar or action.dest.upper()}"
        else:
            names = str(action.metavar or action.dest)
        lines += [".TP", f"\\fB{escape(names)}\\fR", escape(_help_text(action))]
    return lines


def _help_text(action: argparse.Action) -> str:
    text = (action.help or "").replace("%(default)s", str(action.default))
    return text.replace("%(prog)s", "credlabel")


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            return [(name, helps.get(name, ""), sub) for name, sub in action.choices.items()]
    return []


def render(parser: argparse.ArgumentParser, version: str, date: datetime.date) -> str:
    """The whole man page for `parser` as troff source."""
    out = [
        f'.TH CREDLABEL 1 "{date.isoformat()}" "CredLabel {version}" "User Commands"',
        ".SH NAME",
        "credlabel \\- see, disclose and sign Content Credentials (C2PA)",
        ".SH SYNOPSIS",
        f"\\fBcredlabel\\fR [\\fIFILE\\fR ...]\n.br\n{escape(_usage(parser))}",
        ".SH DESCRIPTION",
        escape(parser.description or ""),
        "Given only file names, \\fBcredlabel\\fR opens them in the window.",
        "The original file is never modified: exports are new, signed copies.",
        ".SH OPTIONS",
        ".TP",
        "\\fB\\-h\\fR, \\fB\\-\\-help\\fR",
        "show the usage of credlabel, or of a command (credlabel COMMAND \\-\\-help)",
        *_option_lines(parser),
        ".SH COMMANDS",
    ]
    for name, summary, sub in _subcommands(parser):
        out += [".SS " + escape(name), escape(summary.rstrip(".") + "."), ".PP"]
        out += [f"\\fB{escape(_usage(sub))}\\fR"]
        if sub.description:
            out += [".PP", escape(sub.description)]
        out += _option_lines(sub)
    out += [".SH EXIT STATUS"]
    for code, meaning in EXIT_MEANINGS.items():
        out += [".TP", f"\\fB{int(code)}\\fR", escape(meaning)]
    out += [".SH FILES"]
    for path, meaning in FILES:
        out += [".TP", f"\\fI{escape(path)}\\fR", escape(meaning)]
    out += [
        ".SH ENVIRONMENT",
        ".TP",
        "\\fBCREDLABEL_HOME\\fR",
        "keep settings, identities, log and cache under this one folder instead",
    ]
    return "\n".join(out) + "\n"


def main() -> int:
    sys.stdout.write(render(build_parser(), __version__, datetime.date.today()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
