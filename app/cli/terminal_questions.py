"""The CLI's answers to the labeling service's questions: flags first, then the terminal.

`TerminalQuestions` implements `app.core.labeling.questions.Questions` for `credlabel label`
and `credlabel batch`. An answer given by a flag (`--passphrase-file`, `--overwrite`,
`--timestamp-optional`, `--remember`) is used without asking. Otherwise, when stdin is a
terminal, the question is a prompt on stderr (stdout stays the result, or pure JSON); when
it is not (a script, a pipe, CI), nothing is guessed: the request stops with a sentence
naming the flag that answers it, or the file is left out with one.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from app.cli.output import complain, say
from app.core.errors import CredLabelError, IdentityError, PassphraseRequired
from app.core.i18n import _
from app.core.labeling.questions import ExistingCopy, Remember
from app.core.terminal_text import visible

PASSPHRASE_ENV = "CREDLABEL_PASSPHRASE"
_CHOICES = {"r": ExistingCopy.REPLACE, "k": ExistingCopy.KEEP_BOTH, "s": ExistingCopy.SKIP}


@dataclass
class TerminalQuestions:
    """Answers from the command's flags, else from the person at the terminal."""

    passphrase_file: Path | None = None
    remember: Remember = Remember.SESSION
    timestamp_optional: bool = False
    interactive: bool | None = None  # None: whether stdin is a terminal
    err: TextIO | None = None  # where prompts go (stderr)

    def __post_init__(self) -> None:
        self._given: str | None = None
        self._given_used = False
        self._for_all: ExistingCopy | None = None

    def __repr__(self) -> str:  # never show a passphrase in logs or tracebacks
        return "TerminalQuestions()"

    @property
    def at_terminal(self) -> bool:
        if self.interactive is not None:
            return self.interactive
        return sys.stdin is not None and sys.stdin.isatty()

    # ------------------------------------------------------------ Questions

    def passphrase(self, identity_name: str, problem: str | None) -> str | None:
        given = self._given_passphrase()
        if given is not None:
            if self._given_used:  # the file's passphrase did not work: never loop on it
                raise IdentityError(problem or _("The passphrase given does not unlock the key."))
            self._given_used = True
            return given
        if not self.at_terminal:
            raise PassphraseRequired(
                _(
                    "The key of “{name}” is protected by a passphrase. Run this in a terminal "
                    "to type it, give it with --passphrase-file (or ${variable}), or remember "
                    "it with `credlabel identity`."
                ).format(name=identity_name, variable=PASSPHRASE_ENV)
            )
        if problem:
            complain(problem)
        try:
            prompt = _("Passphrase for “{name}”: ").format(name=identity_name)
            return getpass.getpass(visible(prompt))
        except EOFError:  # Ctrl-D at the prompt: a sentence, not a traceback
            raise PassphraseRequired(
                _("No passphrase was typed for “{name}”, so nothing was signed.").format(
                    name=identity_name
                )
            ) from None

    def remember_passphrase(self, identity_name: str) -> Remember:
        return self.remember

    def sign_without_timestamp(self, server: str, sentence: str) -> bool:
        if self.timestamp_optional:
            complain(
                _("{reason} Signing without a timestamp (--timestamp-optional).").format(
                    reason=sentence
                )
            )
            return True
        if not self.at_terminal:
            raise CredLabelError(
                _(
                    "{reason} To sign without it, run again with --no-timestamp "
                    "(or --timestamp-optional to sign without one only when the server fails)."
                ).format(reason=sentence)
            )
        complain(sentence)
        # TRANSLATORS: keep [y/N]: the answer is typed as y (or yes), whatever the language.
        answer = self._ask(_("Sign without a timestamp? [y/N] "))
        return answer.strip().lower() in {"y", "yes", _("y"), _("yes")}

    def overwrite(self, dest: Path, free_name: Path) -> ExistingCopy:
        if self._for_all is not None:
            return self._for_all
        if not self.at_terminal:
            return ExistingCopy.SKIP  # the outcome says it exists and names --overwrite
        complain(_("{name} already exists in {folder}.").format(name=dest.name, folder=dest.parent))
        # TRANSLATORS: the answers stay the letters r, k and s, whatever the language.
        prompt = _(
            "[r]eplace it, [k]eep both (the copy becomes {name}), or [s]kip "
            "this file? Capital R/K/S: the same for every file. [s] "
        ).format(name=free_name.name)
        answer = self._ask(prompt).strip()
        choice = _CHOICES.get(answer[:1].lower(), ExistingCopy.SKIP)
        if answer[:1].isupper():
            self._for_all = choice
        return choice

    def tell(self, sentence: str) -> None:
        complain(sentence)

    # ------------------------------------------------------------ helpers

    def _given_passphrase(self) -> str | None:
        """The first line of --passphrase-file, else $CREDLABEL_PASSPHRASE, else None."""
        if self._given is not None:
            return self._given
        if self.passphrase_file is not None:
            try:
                text = self.passphrase_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise IdentityError(
                    _("The passphrase file {path} could not be read.").format(
                        path=self.passphrase_file
                    )
                ) from exc
            line = text.splitlines()[0] if text else ""
            if not line:
                raise IdentityError(
                    _("The passphrase file {path} is empty.").format(path=self.passphrase_file)
                )
            self._given = line
        else:
            self._given = os.environ.get(PASSPHRASE_ENV) or None
        return self._given

    def _ask(self, prompt: str) -> str:
        """One line typed at the terminal; the end of input counts as no answer."""
        out = self.err or sys.stderr
        say(prompt, file=out, end="")
        line = sys.stdin.readline()
        if not line:
            say(file=out)
        return line


def add_signing_arguments(parser: argparse.ArgumentParser) -> None:
    """--identity, --passphrase-file, --remember, --no-timestamp, --timestamp-optional,
    --overwrite: how `label` and `batch` sign, and what they do with taken names."""
    group = parser.add_argument_group(_("how it is signed"))
    group.add_argument("--identity", metavar="ID", help=_("signing identity (default: yours)"))
    group.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="F",
        help=_(
            "the identity's passphrase is the first line of F (or set ${variable}); "
            "otherwise it is asked on the terminal"
        ).format(variable=PASSPHRASE_ENV),
    )
    group.add_argument(
        "--remember",
        choices=[r.value for r in Remember],
        default=Remember.SESSION.value,
        # TRANSLATORS: session, keyring and not are the values typed after --remember.
        help=_(
            "where a typed passphrase is kept: session (default), keyring (also the "
            "system keyring), not"
        ),
    )
    stamp = group.add_mutually_exclusive_group()
    stamp.add_argument(
        "--no-timestamp",
        action="store_true",
        help=_(
            "sign without the identity's timestamp server (the copy then reads as invalid "
            "once the certificate expires)"
        ),
    )
    stamp.add_argument(
        "--timestamp-optional",
        action="store_true",
        help=_(
            "use the timestamp server, but sign without a timestamp when it cannot give "
            "one (said on stderr) instead of asking"
        ),
    )
    group.add_argument(
        "--overwrite",
        action="store_true",
        help=_("replace copies that already exist (otherwise asked on a terminal, else left)"),
    )


def questions_from_args(args: argparse.Namespace) -> TerminalQuestions:
    """The answers the signing options give; the rest is asked on the terminal."""
    return TerminalQuestions(
        passphrase_file=args.passphrase_file,
        remember=Remember(args.remember),
        timestamp_optional=args.timestamp_optional,
    )
