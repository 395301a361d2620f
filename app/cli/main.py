"""Entry point of `credlabel` and `python -m app`.

No arguments (or a file path) opens the window; a subcommand runs the CLI on the core.
Each subcommand lives in its own module with `register(subparsers)`; the parser's
`handler` returns an `ExitCode`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence

from app.cli.exitcodes import ExitCode
from app.cli.output import complain, say
from app.core.cleanup import clean_up_after_crashes
from app.core.errors import CredLabelError
from app.core.i18n import (
    UnknownLanguageError,
    _,
    check_language,
    choose_language,
    for_terminal,
    set_language,
)
from app.core.logsetup import LEVELS, setup_logging
from app.core.settings import load_settings
from app.core.terminal_text import visible

log = logging.getLogger(__name__)

# Opens the window on files; given by `app.start` (the CLI never imports the window itself).
WindowOpener = Callable[..., int]

# Modules under app.cli that add a subcommand. Each has `register(subparsers)`.
# A run imports only the module of the command it runs (`inspect` never loads the signing
# and labeling code); `--help`, the man page and an unknown word see them all.
COMMAND_MODULES: dict[str, str] = {
    "inspect": "inspect_cmd",
    "label": "label_cmd",
    "identity": "identity_cmd",
    "diff": "diff_cmd",
    "tamper": "tamper_cmd",
    "report": "report_cmd",
    "batch": "batch_cmd",
    "trust": "trust_cmd",
}
COMMANDS = frozenset({*COMMAND_MODULES, "gui"})


def _qt_runtime_version() -> str | None:
    try:
        from PySide6 import QtCore
    except ImportError:
        return None
    return str(QtCore.qVersion())


class _VersionAction(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=_("show versions and exit"))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from app.core.versions import version_text

        for line in version_text(_qt_runtime_version()).splitlines():
            say(line)
        parser.exit(0)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `command`, only that command's module is imported."""
    parser = argparse.ArgumentParser(
        prog="credlabel",
        description=_(
            "See, disclose and sign Content Credentials (C2PA). "
            "Without a command, opens the window."
        ),
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--log-level", choices=LEVELS, default="warning", help=_("messages shown on stderr")
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help=_(
            "the language to speak (de, fr, es, pt_BR, ja, ko, id, hi, ar, en); "
            "may come after the command too"
        ),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    _register_gui(subparsers)
    if command == "gui":
        names: list[str] = []  # the window needs no other command's module
    elif command in COMMAND_MODULES:
        names = [command]
    else:
        names = list(COMMAND_MODULES)
    for name in names:
        importlib.import_module(f"app.cli.{COMMAND_MODULES[name]}").register(subparsers)
    return parser


def _register_gui(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gui = subparsers.add_parser("gui", help=_("open the window (the default)"))
    gui.add_argument("files", nargs="*", help=_("files to open"))
    gui.add_argument("--sample", action="store_true", help=_("open the bundled sample file"))
    gui.add_argument(
        "--self-test",
        metavar="PNG",
        help=_("open the file(s), save a screenshot of the window to PNG and quit"),
    )
    gui.set_defaults(handler=_run_gui)


def _run_gui(args: argparse.Namespace) -> ExitCode:
    opener: WindowOpener | None = args.open_window
    if opener is None:
        complain(_("the window is not available here: start CredLabel with `credlabel`."))
        return ExitCode.ERROR
    if no_display():
        complain(
            _(
                "the window needs a graphical desktop, and none was found (DISPLAY and "
                "WAYLAND_DISPLAY are not set). In a terminal, use the commands instead: "
                "credlabel --help lists them."
            )
        )
        return ExitCode.ERROR
    return ExitCode(opener(args.files, sample=args.sample, self_test=args.self_test))


def _asked_language(argv: list[str]) -> str | None:
    """`--lang CODE` (before the command or after it); checked, so a typo is named."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return check_language(arg.split("=", 1)[1])
        if arg == "--lang" and i + 1 < len(argv):
            return check_language(argv[i + 1])
    return None


def _without_language(argv: list[str]) -> list[str]:
    """`argv` without `--lang CODE`, which any command accepts (it was applied already)."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--":
            return out + argv[i:]
        if arg.startswith("--lang="):
            continue
        if arg == "--lang":
            skip = True
            continue
        out.append(arg)
    return out


def no_display() -> bool:
    """On Linux, no desktop to show a window on (Qt would abort with a message about plugins)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _command_of(argv: list[str]) -> str | None:
    """The command word of a normalised command line (None: help or version only)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--log-level":
            skip = True
        elif arg in COMMANDS:
            return arg
        elif not arg.startswith("-"):
            return None
    return None


def _normalise(argv: list[str], commands: set[str]) -> list[str]:
    """`credlabel [--sample] [FILE...]` means `credlabel gui [--sample] [FILE...]`."""
    global_opts: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-h", "--help", "--version") or arg in commands:
            return argv
        if arg == "--log-level":
            global_opts += argv[i : i + 2]
            i += 2
        elif arg.startswith(("--log-level=", "--lang=")):
            global_opts.append(arg)
            i += 1
        elif arg == "--lang":
            global_opts += argv[i : i + 2]
            i += 2
        else:
            break
    return [*global_opts, "gui", *argv[i:]]


def mistyped_command(argv: list[str], commands: set[str]) -> str | None:
    """The sentence for `credlabel trsut`: a bare word that is neither a command nor a file.

    Without this, an unknown word would open the window on a file of that name.
    """
    words = [arg for arg in argv if not arg.startswith("-")]
    if not words or words[0] in commands:
        return None
    word = words[0]
    if os.path.lexists(word) or os.sep in word or "." in word:
        return None  # a file name (existing or not): the window says what is wrong with it
    import difflib  # only for a mistyped word (~1 ms at every start otherwise)

    close = difflib.get_close_matches(word, sorted(commands), n=1)
    sentence = _("there is no command or file named “{word}”.").format(word=visible(word))
    if close:
        sentence += " " + _("Did you mean “{command}”?").format(command=close[0])
    return (
        sentence
        + " "
        + _("Commands: {commands} (credlabel --help says what each does).").format(
            commands=", ".join(sorted(commands))
        )
    )


def main(argv: Sequence[str] | None = None, *, open_window: WindowOpener | None = None) -> int:
    """Run the command line; `open_window` is how `gui` (or no command) opens the window."""
    try:
        return _main(argv, open_window)
    except BrokenPipeError:
        # `credlabel ... | head` closed our stdout early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitCode.OK)


def _main(argv: Sequence[str] | None, open_window: WindowOpener | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        set_language(choose_language(_asked_language(args_list), load_settings().settings.language))
    except UnknownLanguageError as exc:
        complain(str(exc))
        return int(ExitCode.USAGE)
    args_list = _without_language(args_list)
    normalised = _normalise(args_list, set(COMMANDS))
    if normalised != args_list:  # no command given: the rest are files for the window
        mistake = mistyped_command(normalised[normalised.index("gui") + 1 :], set(COMMANDS))
        if mistake is not None:
            complain(mistake)
            return int(ExitCode.USAGE)
    command = _command_of(normalised)
    if command != "gui":  # the window lays Arabic out itself, with its direction marks
        for_terminal()
    parser = build_parser(command)
    args = parser.parse_args(normalised)
    args.open_window = open_window
    setup_logging(args.log_level)
    _inert_console_log()
    try:
        clean_up_after_crashes()  # temp files of exports killed mid-way (app.core.cleanup)
        return int(args.handler(args))
    except CredLabelError as exc:
        complain(exc.sentence)
        log.debug("details: %s", exc.details)
        return int(ExitCode.ERROR)
    except KeyboardInterrupt:
        complain(_("cancelled"))
        return int(ExitCode.CANCELLED)
    except EOFError:  # stdin closed at a prompt (Ctrl-D, or input from an empty pipe)
        complain(_("stopped: the input ended before an answer was typed."))
        return int(ExitCode.ERROR)
    except BrokenPipeError:
        raise  # handled by main()
    except Exception as exc:  # a sentence, never a traceback; the details go to the log
        log.debug("unexpected failure", exc_info=True)
        complain(_("could not finish: {problem}").format(problem=exc))
        return int(ExitCode.ERROR)


class _InertFormatter(logging.Formatter):
    """Log lines on the terminal quote file names and library messages: show their
    control characters as escapes, line by line (a traceback keeps its own lines)."""

    def format(self, record: logging.LogRecord) -> str:
        return "\n".join(visible(line) for line in super().format(record).split("\n"))


def _inert_console_log() -> None:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(
            handler, logging.FileHandler
        ):
            fmt = handler.formatter._fmt if handler.formatter else None
            handler.setFormatter(_InertFormatter(fmt))
