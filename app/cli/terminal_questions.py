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
                raise IdentityError(problem or "The passphrase given does not unlock the key.")
            self._given_used = True
            return given
        if not self.at_terminal:
            raise PassphraseRequired(
                f"The key of “{identity_name}” is protected by a passphrase. Run this in a "
                f"terminal to type it, give it with --passphrase-file (or ${PASSPHRASE_ENV}), "
                "or remember it with `credlabel identity`."
            )
        if problem:
            complain(problem)
        try:
            return getpass.getpass(visible(f"Passphrase for “{identity_name}”: "))
        except EOFError:  # Ctrl-D at the prompt: a sentence, not a traceback
            raise PassphraseRequired(
                f"No passphrase was typed for “{identity_name}”, so nothing was signed."
            ) from None

    def remember_passphrase(self, identity_name: str) -> Remember:
        return self.remember

    def sign_without_timestamp(self, server: str, sentence: str) -> bool:
        if self.timestamp_optional:
            complain(f"{sentence} Signing without a timestamp (--timestamp-optional).")
            return True
        if not self.at_terminal:
            raise CredLabelError(
                f"{sentence} To sign without it, run again with --no-timestamp "
                "(or --timestamp-optional to sign without one only when the server fails)."
            )
        complain(sentence)
        answer = self._ask("Sign without a timestamp? [y/N] ")
        return answer.strip().lower() in {"y", "yes"}

    def overwrite(self, dest: Path, free_name: Path) -> ExistingCopy:
        if self._for_all is not None:
            return self._for_all
        if not self.at_terminal:
            return ExistingCopy.SKIP  # the outcome says it exists and names --overwrite
        complain(f"{dest.name} already exists in {dest.parent}.")
        prompt = (
            f"[r]eplace it, [k]eep both (the copy becomes {free_name.name}), or [s]kip "
            "this file? Capital R/K/S: the same for every file. [s] "
        )
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
                    f"The passphrase file {self.passphrase_file} could not be read."
                ) from exc
            line = text.splitlines()[0] if text else ""
            if not line:
                raise IdentityError(f"The passphrase file {self.passphrase_file} is empty.")
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
    group = parser.add_argument_group("how it is signed")
    group.add_argument("--identity", metavar="ID", help="signing identity (default: yours)")
    group.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="F",
        help=f"the identity's passphrase is the first line of F (or set ${PASSPHRASE_ENV}); "
        "otherwise it is asked on the terminal",
    )
    group.add_argument(
        "--remember",
        choices=[r.value for r in Remember],
        default=Remember.SESSION.value,
        help="where a typed passphrase is kept: session (default), keyring (also the "
        "system keyring), not",
    )
    stamp = group.add_mutually_exclusive_group()
    stamp.add_argument(
        "--no-timestamp",
        action="store_true",
        help="sign without the identity's timestamp server (the copy then reads as invalid "
        "once the certificate expires)",
    )
    stamp.add_argument(
        "--timestamp-optional",
        action="store_true",
        help="use the timestamp server, but sign without a timestamp when it cannot give "
        "one (said on stderr) instead of asking",
    )
    group.add_argument(
        "--overwrite",
        action="store_true",
        help="replace copies that already exist (otherwise asked on a terminal, else left)",
    )


def questions_from_args(args: argparse.Namespace) -> TerminalQuestions:
    """The answers the signing options give; the rest is asked on the terminal."""
    return TerminalQuestions(
        passphrase_file=args.passphrase_file,
        remember=Remember(args.remember),
        timestamp_optional=args.timestamp_optional,
    )
