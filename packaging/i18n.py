"""CredLabel's message catalogs: extract, update, compile, check, and the pseudo-locale.

    python packaging/i18n.py extract   # app/**.py → resources/locale/credlabel.pot
    python packaging/i18n.py update    # merge the template into every resources/locale/*.po
    python packaging/i18n.py compile   # *.po → app/locale/<code>/LC_MESSAGES/credlabel.mo
    python packaging/i18n.py check     # every shipped catalog complete, nothing fuzzy,
                                       # placeholders the same as the English ones
    python packaging/i18n.py desktop DIR  # the translated .desktop and metainfo into DIR

The template also holds the sentences of the menu entry and the AppStream metainfo
(resources/linux/, see packaging/desktop_i18n.py), so they are translated with the rest.

Sources (`.po`) are kept in git; the compiled `.mo` files are made by the build
(packaging/hatch_i18n.py runs `compile` for the wheel and `pip install -e .`; build.py for
the bundle) and are not kept in git. The pseudo-locale `qps` (accented and about 40 % longer,
with brackets that show where a sentence is cut) is generated, never shipped.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "resources" / "locale"
TEMPLATE = SOURCES / "credlabel.pot"
COMPILED = ROOT / "app" / "locale"
DOMAIN = "credlabel"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PSEUDO = "qps"

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[sdrif]")


def extract() -> Catalog:
    """Every marked message in app/, with where it is used."""
    catalog = Catalog(project="CredLabel", domain=DOMAIN, charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "app"), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(
            message,
            locations=[(f"app/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    for message, where in marked_in_fstrings():  # what Babel's tokenizer cannot see
        if catalog.get(message) is None:
            catalog.add(message, locations=[where])
    for message, where, note in _desktop_module().messages():
        catalog.add(message, locations=[(where, None)], auto_comments=[note] if note else [])
    SOURCES.mkdir(parents=True, exist_ok=True)
    with TEMPLATE.open("wb") as out:
        write_po(out, catalog, width=100, omit_header=False, sort_output=True)
    return catalog


def marked_in_fstrings(folder: Path | None = None) -> Iterator[tuple[str, tuple[str, int]]]:
    """Messages marked inside f-strings (`f"<b>{_('Summary')}</b>"`): on Python 3.11 an
    f-string is one token to Babel's extractor, so its marked messages would be missed."""
    folder = folder or ROOT / "app"
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = f"{folder.name}/{path.relative_to(folder).as_posix()}"
        for joined in (n for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)):
            for call in (n for n in ast.walk(joined) if isinstance(n, ast.Call)):
                if (
                    isinstance(call.func, ast.Name)
                    and call.func.id in ("_", "N_")
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                    and isinstance(call.args[0].value, str)
                ):
                    yield call.args[0].value, (where, call.lineno)


def sources() -> Iterator[Path]:
    """The shipped languages' catalog sources."""
    yield from sorted(p for p in SOURCES.glob("*.po") if p.stem != PSEUDO)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=locale)


def update() -> None:
    """Merge the template into every catalog (new messages empty, gone ones obsolete)."""
    template = _read(TEMPLATE)
    for path in sources():
        catalog = _read(path, path.stem)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as out:
            write_po(out, catalog, width=100, sort_output=True, ignore_obsolete=True)


def compile_all(dest: Path = COMPILED, *, pseudo: bool = False) -> list[Path]:
    """Compile every catalog into `dest/<code>/LC_MESSAGES/credlabel.mo`."""
    written = []
    catalogs = [(p.stem, _read(p, p.stem)) for p in sources()]
    if pseudo:
        catalogs.append((PSEUDO, pseudo_catalog()))
    for code, catalog in catalogs:
        target = dest / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        written.append(target)
    return written


def _desktop_module() -> Any:
    """packaging/desktop_i18n.py (loaded by path: this tool is loaded by path too)."""
    path = Path(__file__).resolve().with_name("desktop_i18n.py")
    spec = importlib.util.spec_from_file_location("credlabel_desktop_i18n", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lookup(catalog: Catalog) -> Callable[[str], str]:
    def find(english: str) -> str:
        message = catalog.get(english)
        string = message.string if message is not None and not message.fuzzy else ""
        return string if isinstance(string, str) else ""

    return find


def desktop_files(applications: Path, metainfo: Path) -> list[Path]:
    """The .desktop file and the metainfo, with every shipped language's translations."""
    languages = {p.stem: _lookup(_read(p, p.stem)) for p in sources()}
    return list(_desktop_module().write_all(applications, metainfo, languages))


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def problems(path: Path, template: Catalog) -> list[str]:
    """What keeps `path` from being shipped: missing, fuzzy or mismatched messages."""
    catalog = _read(path, path.stem)
    found: list[str] = []
    for wanted in template:
        if not wanted.id:
            continue
        message = catalog.get(wanted.id, wanted.context)
        found.extend(_message_problems(path.stem, wanted, message))
    return found


def _message_problems(code: str, wanted: Message, message: Message | None) -> list[str]:
    key = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
    if (
        message is None
        or not message.string
        or (isinstance(message.string, tuple) and not all(message.string))
    ):
        return [f"{code}: not translated: {key!r}"]
    if message.fuzzy:
        return [f"{code}: fuzzy: {key!r}"]
    ids = wanted.id if isinstance(wanted.id, tuple) else (wanted.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    expected = placeholders(ids[-1])
    return [
        f"{code}: placeholders {placeholders(s)} instead of {expected}: {key!r}"
        for s in strings
        if placeholders(s) != expected
    ]


def check() -> list[str]:
    template = _read(TEMPLATE)
    return [problem for path in sources() for problem in problems(path, template)]


# -- pseudo-locale ------------------------------------------------------------------------

_ACCENTED = str.maketrans("aeiouyAEIOUYcnsCNSz", "áéîõüýÅÉÎÕÜÝçñšÇÑŠž")


def pseudo(text: str) -> str:
    """`text` accented and about 40 % longer, placeholders kept, in brackets."""
    parts = _PLACEHOLDER.split(text)
    keep = _PLACEHOLDER.findall(text)
    out = []
    for i, part in enumerate(parts):
        out.append(part.translate(_ACCENTED))
        if i < len(keep):
            out.append(keep[i])
    body = "".join(out)
    padding = "·" * max(1, (len(text) * 2) // 5)
    return f"⟦{body}{padding}⟧"


def pseudo_catalog() -> Catalog:
    template = _read(TEMPLATE)
    catalog = Catalog(locale="en", domain=DOMAIN, charset="utf-8")
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string: str | tuple[str, ...] = tuple(pseudo(s) for s in message.id)
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string, context=message.context)
    return catalog


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        print(f"{len(extract())} messages → {TEMPLATE.relative_to(ROOT)}")
    elif command == "update":
        update()
    elif command == "compile":
        for path in compile_all(pseudo="--pseudo" in argv):
            print(path.relative_to(ROOT))
    elif command == "desktop" and len(argv) == 2:
        for path in desktop_files(Path(argv[1]), Path(argv[1])):
            print(path)
    elif command == "check":
        found = check()
        print("\n".join(found) or "every shipped catalog is complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
