"""Text from a file, made safe to show on a terminal: no character in it can act.

A title, tool name or certificate subject is data written by whoever made the file. On a
terminal, ESC sequences in it could move the cursor and rewrite the State line, clear the
screen, set the window title or hide text; bidi overrides reorder what is read; a newline
fakes a line of our own. `visible(text)` shows every such character as an escape instead
(`\\x1b`, `\\u202e`, `\\n`), so what is printed is what the file says, never what it asks.

The window uses the same rule (`visible` for a file string, `visible_lines` for a label of
several lines): a `\\r` or newline in a tool name must not draw a line of its own there either.

`json_text(data)` is the JSON form: `json.dumps` already escapes C0 controls, and this
escapes the C1 controls, bidi and other format characters that `ensure_ascii=False` would
let through, while keeping other non-ASCII text readable.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

# Characters that end a line on some terminals or editors although they are not controls.
_LINE_BREAKS = frozenset("\u2028\u2029\x85")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
# Lone surrogates stand for undecodable bytes of a file name (os.fsdecode's
# surrogateescape); they cannot even be encoded for output.
_SURROGATE_BYTES = range(0xDC80, 0xDD00)


def acts_on_terminal(char: str) -> bool:
    """True for a character that could do something on a terminal instead of showing:
    controls (C0, DEL, C1), format characters (bidi, zero-width), line separators and
    lone surrogates."""
    if char == " ":
        return False
    return char in _LINE_BREAKS or unicodedata.category(char) in ("Cc", "Cf", "Cs")


def escape_of(char: str) -> str:
    """The escape shown for one character: `\\n`, `\\x1b`, `\\u202e`, `\\U000e0041`."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code in _SURROGATE_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` as one line with every acting character shown as its escape."""
    if text.isprintable() and text.isascii():  # the common case, fast
        return text
    return "".join(escape_of(c) if acts_on_terminal(c) else c for c in text)


def visible_lines(text: str) -> str:
    """`text` with its own line breaks kept and every other acting character (a `\\r`, an
    ESC, a bidi override) shown as its escape: for a widget that shows several lines."""
    return "\n".join(visible(line) for line in text.split("\n"))


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`json.dumps(data)` readable (non-ASCII kept) but with every acting character written
    as a `\\uXXXX` escape, so the JSON is the same to a parser and inert on a terminal."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    # Outside strings json.dumps writes only ASCII punctuation, digits, letters and the
    # indentation newlines; inside strings it has escaped C0 already. So any acting
    # character left is inside a string, where `\\uXXXX` means the same character.
    return "".join(_json_escape(c) if c != "\n" and acts_on_terminal(c) else c for c in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP JSON needs a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


__all__ = ["acts_on_terminal", "escape_of", "json_text", "visible", "visible_lines"]


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes: East Asian wide and full-width characters take
    two, combining marks none (so a Japanese or Hindi label column lines up)."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad_to_cells(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal cells (at least one space)."""
    return text + " " * max(1, width - cell_width(text))
