"""The language CredLabel speaks: one gettext catalog for the core, the CLI and the window.

Every sentence a person reads goes through `_()` (or `N_()` where it is defined before the
language is known, translated where it is shown). Catalog sources live in
`resources/locale/<code>.po`; the build compiles them into `app/locale/<code>/LC_MESSAGES/
credlabel.mo` (packaging/hatch_i18n.py for the wheel and editable installs, packaging/build.py
for the bundle). Which language: `--lang CODE` first, then Preferences › Language, then the
system locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); English when none of them is shipped.

What never changes with the language: JSON keys and codes (`state`, `ai.kind`,
`invalid_kind`, validation codes), file names, URLs.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOMAIN = "credlabel"
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """One language CredLabel ships: its code, its own name, and its writing direction."""

    code: str  # gettext code: "de", "pt_BR"
    name: str  # in the language itself, as the Preferences list shows it
    right_to_left: bool = False

    @property
    def tag(self) -> str:
        """BCP 47 tag for HTML `lang` and Qt: "pt-BR"."""
        return self.code.replace("_", "-")


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English"),
        Language("de", "Deutsch"),
        Language("fr", "Français"),
        Language("es", "Español"),
        Language("pt_BR", "Português (Brasil)"),
        Language("ja", "日本語"),
        Language("ko", "한국어"),
        Language("id", "Bahasa Indonesia"),
        Language("hi", "हिन्दी"),
        Language("ar", "العربية", right_to_left=True),
    )
}

# A language asked for by its family only ("pt", "pt_PT") gets the variant we ship.
_FAMILIES = {"pt": "pt_BR"}
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def locale_dir() -> Path:
    """Where the compiled catalogs are (`app/locale`)."""
    return _PACKAGE_DIR / "locale"


def shipped(code: str | None) -> str | None:
    """The shipped language for `code` ("de_DE.UTF-8" → "de", "pt" → "pt_BR"), or None."""
    if not code:
        return None
    code = code.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if code in ("C", "POSIX"):
        return None
    if code in LANGUAGES:
        return code
    family = code.split("_", 1)[0].lower()
    region = code[len(family) + 1 :].upper()
    candidate = f"{family}_{region}" if region else family
    if candidate in LANGUAGES:
        return candidate
    if family in LANGUAGES:
        return family
    return _FAMILIES.get(family)


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The first shipped language the environment asks for, in gettext's order."""
    env = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        value = env.get(name, "")
        if not value:
            continue
        # LANGUAGE is a priority list ("fr:de"); the others hold one locale.
        for part in value.split(":") if name == "LANGUAGE" else [value]:
            found = shipped(part)
            if found:
                return found
        if name != "LANGUAGE":
            return None  # the first locale variable set decides (as gettext does)
    return None


def choose_language(
    asked: str | None = None,
    preference: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """`--lang` beats Preferences beats the system; English when none is shipped."""
    for candidate in (asked, preference):
        found = shipped(candidate)
        if found:
            return found
    return system_language(environ) or SOURCE_LANGUAGE


class UnknownLanguageError(ValueError):
    """`--lang` named a language CredLabel does not ship."""

    def __init__(self, code: str) -> None:
        names = ", ".join(f"{c} ({lang.name})" for c, lang in LANGUAGES.items())
        super().__init__(
            _("CredLabel does not speak “{code}”. Languages: {names}.").format(
                code=code, names=names
            )
        )


def check_language(code: str) -> str:
    """The shipped code for `code`, or UnknownLanguageError with the list of languages."""
    found = shipped(code)
    if found is None:
        raise UnknownLanguageError(code)
    return found


class _State:
    """The catalog in use (module-level so `_()` stays a plain function)."""

    code = SOURCE_LANGUAGE
    translations: gettext.NullTranslations = gettext.NullTranslations()
    on_terminal = False  # `for_terminal()`: the CLI's sentences lose their direction marks


# Left-to-right and right-to-left marks keep "-o" or ".pdf" in order inside an Arabic
# sentence in the window; a terminal lays text out left to right and would show them as
# escapes (`app.core.terminal_text`), so the CLI speaks without them.
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")


def without_direction_marks(text: str) -> str:
    """`text` without left-to-right, right-to-left and Arabic letter marks."""
    return text.translate(_DIRECTION_MARKS)


def for_terminal() -> None:
    """Speak for a terminal from now on (the CLI): no direction marks in sentences."""
    _State.on_terminal = True


def set_language(code: str) -> Language:
    """Speak `code` from now on (catalog missing: English, never an error)."""
    found = shipped(code) or SOURCE_LANGUAGE
    if found == SOURCE_LANGUAGE:
        _State.translations = gettext.NullTranslations()
    else:
        _State.translations = gettext.translation(
            DOMAIN, localedir=str(locale_dir()), languages=[found], fallback=True
        )
    _State.code = found
    return LANGUAGES[found]


def current_language() -> Language:
    return LANGUAGES[_State.code]


@contextmanager
def speaking(code: str) -> Iterator[Language]:
    """Speak `code` inside the block, then the language spoken before (a support bundle's
    English text beside the creator's)."""
    before = (_State.code, _State.translations)
    try:
        yield set_language(code)
    finally:
        _State.code, _State.translations = before


def catalog_installed(code: str) -> bool:
    """Whether the compiled catalog of `code` is part of this installation."""
    compiled = locale_dir() / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    return code == SOURCE_LANGUAGE or compiled.is_file()


def _(message: str) -> str:
    """`message` in the current language."""
    text = _State.translations.gettext(message)
    return without_direction_marks(text) if _State.on_terminal else text


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language's plural rules."""
    text = _State.translations.ngettext(singular, plural, count)
    return without_direction_marks(text) if _State.on_terminal else text


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it yet (constants defined at
    import time); translate it with `_()` where it is shown."""
    return message
