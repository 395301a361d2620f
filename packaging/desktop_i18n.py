"""The menu entry and the AppStream metainfo in every shipped language, from the catalogs.

resources/linux/ holds the English files, the one source. `python packaging/i18n.py
extract` takes their sentences into the template (credlabel.pot) with the window's, so they
are translated in resources/locale/*.po like every other sentence; the build
(packaging/build.py, the tarball and the .deb) writes the installed copies with
`GenericName[de]=…`, `Comment[de]=…`, `Keywords[de]=…` and `<summary xml:lang="de">`,
`<p xml:lang="de">`, `<li xml:lang="de">`, `<keyword xml:lang="de">` next to the English.
"CredLabel", the name, is the same in every language and is not translated.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "resources" / "linux"
APP_ID = "org.credlabel.CredLabel"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
DESKTOP_KEYS = ("GenericName", "Comment", "Keywords")
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_KEYWORDS_NOTE = (
    "TRANSLATORS: search words for the application menu, each followed by a semicolon "
    "(keep the semicolons; add your language's words, C2PA stays)."
)

# A language's lookup: the translation of an English sentence, "" when it has none.
Lookup = Callable[[str], str]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _desktop_entries() -> Iterator[tuple[str, str]]:
    for line in DESKTOP.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and key in DESKTOP_KEYS:
            yield key, value


def _metainfo_elements(root: ET.Element) -> Iterator[tuple[ET.Element, ET.Element]]:
    """(parent, element) for each sentence shown in software centres, in file order."""
    for parent in root.iter():
        for child in list(parent):
            if child.get(_LANG) is not None:
                continue
            summary = parent is root and child.tag == "summary"
            keyword = parent.tag == "keywords" and child.tag == "keyword"
            described = child.tag in ("p", "li") and _in_main_description(root, child)
            if summary or keyword or described:
                yield parent, child


def _in_main_description(root: ET.Element, element: ET.Element) -> bool:
    description = root.find("description")
    return description is not None and any(e is element for e in description.iter())


def messages() -> list[tuple[str, str, str]]:
    """(English sentence, where it is, note for translators) for the catalog template."""
    found: list[tuple[str, str, str]] = []
    desktop = f"resources/linux/{DESKTOP.name}"
    for key, value in _desktop_entries():
        found.append((value, desktop, _KEYWORDS_NOTE if key == "Keywords" else ""))
    metainfo = f"resources/linux/{METAINFO.name}"
    for _parent, element in _metainfo_elements(ET.parse(METAINFO).getroot()):
        found.append((_one_line(element.text), metainfo, ""))
    return found


def write_desktop(dest: Path, languages: Mapping[str, Lookup]) -> Path:
    """The .desktop file with each translatable key followed by its translations."""
    out: list[str] = []
    for line in DESKTOP.read_text(encoding="utf-8").splitlines():
        out.append(line)
        key, sep, value = line.partition("=")
        if not sep or key not in DESKTOP_KEYS:
            continue
        for code, lookup in sorted(languages.items()):
            text = _one_line(lookup(value))
            if not text:
                continue
            if key == "Keywords" and not text.endswith(";"):
                text += ";"
            out.append(f"{key}[{code}]={text}")
    dest.write_text("\n".join(out) + "\n", encoding="utf-8")
    return dest


def write_metainfo(dest: Path, languages: Mapping[str, Lookup]) -> Path:
    """The metainfo with every summary, paragraph, list item and keyword translated."""
    tree = ET.parse(METAINFO)
    for parent, element in list(_metainfo_elements(tree.getroot())):
        english = _one_line(element.text)
        at = list(parent).index(element)
        for code, lookup in sorted(languages.items()):
            text = _one_line(lookup(english))
            if not text:
                continue
            translated = ET.Element(element.tag, {_LANG: code})
            translated.text = text
            translated.tail = element.tail
            at += 1
            parent.insert(at, translated)
    tree.write(dest, encoding="UTF-8", xml_declaration=True)
    with dest.open("a", encoding="utf-8") as stream:
        stream.write("\n")
    return dest


def write_all(applications: Path, metainfo: Path, languages: Mapping[str, Lookup]) -> list[Path]:
    """Both files, translated, into the `share/applications` and `share/metainfo` folders."""
    return [
        write_desktop(applications / DESKTOP.name, languages),
        write_metainfo(metainfo / METAINFO.name, languages),
    ]
