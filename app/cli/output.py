"""Every line the CLI prints for people goes through `say`, which makes it inert.

Lines carry file-derived text (titles, tool names, certificate subjects, library messages,
file names): `say` shows any control, bidi or format character in them as an escape
(`app.core.terminal_text.visible`), so a file can never move the cursor, rewrite the State
line or hide text. One call prints one line: our own line breaks are separate calls (or
`say_lines`), and a newline inside a field is shown as `\\n`, never obeyed. JSON goes
through `say_json`, which keeps every string escaped.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TextIO

from app.core.terminal_text import cell_width, json_text, pad_to_cells, visible


def say(
    line: str = "",
    *,
    err: bool = False,
    start: str = "",
    end: str = "\n",
    file: TextIO | None = None,
) -> None:
    """Print one line (stdout, or stderr with `err`). `start` and `end` are ours and
    printed as they are: `start="\\r", end=""` redraws a progress line."""
    stream = file if file is not None else (sys.stderr if err else sys.stdout)
    stream.write(start + visible(line) + end)
    if end != "\n":
        stream.flush()


def say_lines(lines: Iterable[str], *, err: bool = False, file: TextIO | None = None) -> None:
    for line in lines:
        say(line, err=err, file=file)


def complain(sentence: str) -> None:
    """The one-line `credlabel: SENTENCE` on stderr that every failure prints."""
    say(f"credlabel: {sentence}", err=True)


def say_json(data: Any, *, file: TextIO | None = None) -> None:
    """Print `data` as indented JSON, every control or format character escaped."""
    stream = file if file is not None else sys.stdout
    stream.write(json_text(data) + "\n")


LABEL_COLUMN = 15  # terminal cells; wider when a translated label needs it
# A row of a report: a (label, value) field, aligned in one column, or a line of its own.
Row = tuple[str, str] | str


def aligned(rows: Iterable[Row], *, column: int = LABEL_COLUMN, indent: str = "  ") -> list[str]:
    """`Label:  value` lines (after `indent`) with the values in one column, counted in
    terminal cells (a Japanese label's characters take two); a plain string row is kept as
    its own line."""
    rows = list(rows)
    labels = [row[0] for row in rows if isinstance(row, tuple)]
    width = max([column, *(cell_width(label) + 2 for label in labels)])
    return [
        f"{indent}{pad_to_cells(row[0] + ':', width)}{row[1]}" if isinstance(row, tuple) else row
        for row in rows
    ]
