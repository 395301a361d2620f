"""Which language CredLabel speaks, and that the catalogs it ships are whole.

The catalogs are compiled by the build (packaging/hatch_i18n.py runs for `pip install -e .`
and for the wheel), so these tests also fail when an installation lacks them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from app.core import i18n
from app.core.i18n import LANGUAGES, _, choose_language, set_language, shipped
from tests.conftest import ROOT
from tests.helpers.cli import run_cli


def catalog_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "packaging" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def speaking() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize(
    ("asked", "preference", "environ", "expected"),
    [
        ("ja", "de", {"LANG": "fr_FR.UTF-8"}, "ja"),  # --lang first
        (None, "de", {"LANG": "fr_FR.UTF-8"}, "de"),  # then Preferences
        (None, None, {"LANG": "fr_FR.UTF-8"}, "fr"),  # then the system
        (None, None, {"LANGUAGE": "xx:ko", "LANG": "fr_FR.UTF-8"}, "ko"),  # LANGUAGE's list
        (None, None, {"LC_ALL": "pt_PT.UTF-8", "LANG": "de_DE"}, "pt_BR"),  # the family's one
        (None, None, {"LANG": "C.UTF-8"}, "en"),
        (None, None, {"LANG": "sv_SE.UTF-8"}, "en"),  # not shipped: English
        (None, None, {}, "en"),
    ],
)
def test_the_language_is_chosen_by_flag_then_preferences_then_the_system(
    asked, preference, environ, expected
) -> None:
    assert choose_language(asked, preference, environ) == expected


def test_codes_are_understood_however_they_are_written() -> None:
    assert shipped("de_DE.UTF-8") == "de"
    assert shipped("pt-BR") == "pt_BR"
    assert shipped("ar_EG") == "ar"
    assert shipped("POSIX") is None


def test_every_shipped_language_has_a_compiled_catalog() -> None:
    for code in LANGUAGES:
        assert i18n.catalog_installed(code), f"{code}: no compiled catalog in {i18n.locale_dir()}"


def test_a_sentence_is_spoken_in_the_chosen_language(speaking: None) -> None:
    set_language("de")
    assert _("Print…") == "Drucken…"
    set_language("ar")
    assert i18n.current_language().right_to_left
    set_language("en")
    assert _("Print…") == "Print…"


def test_every_marked_sentence_is_in_the_template(tmp_path: Path, monkeypatch) -> None:
    tool = catalog_tool()
    committed = {m.id for m in tool._read(tool.TEMPLATE) if m.id}
    monkeypatch.setattr(tool, "SOURCES", tmp_path)
    monkeypatch.setattr(tool, "TEMPLATE", tmp_path / "credlabel.pot")
    extracted = {m.id for m in tool.extract() if m.id}
    missing = sorted(str(m) for m in extracted - committed)
    assert not missing, f"run `python packaging/i18n.py extract` and translate: {missing[:5]}"


def test_a_sentence_marked_inside_an_f_string_reaches_the_template(tmp_path: Path) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "page.py").write_text(
        "from app.core.i18n import _\n\ndef heading() -> str:\n"
        "    return f\"<h2>{_('Why it is invalid')}</h2>\"\n",
        encoding="utf-8",
    )
    found = list(catalog_tool().marked_in_fstrings(folder))
    assert found == [("Why it is invalid", ("app/page.py", 4))]
    template = {m.id for m in catalog_tool()._read(catalog_tool().TEMPLATE) if m.id}
    assert "Why it is invalid" in template  # the report's heading, marked in an f-string


def test_every_shipped_catalog_is_complete_with_the_same_placeholders() -> None:
    assert catalog_tool().check() == []


def test_the_check_finds_a_wrong_placeholder_a_fuzzy_and_a_missing_entry(tmp_path: Path) -> None:
    tool = catalog_tool()
    from babel.messages.catalog import Catalog

    template = Catalog()
    for text in ("Hello {name}.", "Saved {count} files", "Gone"):
        template.add(text)
    po = Catalog(locale="de")
    po.add("Hello {name}.", "Hallo {nom}.")
    po.add("Saved {count} files", "{count} Dateien gespeichert", flags=["fuzzy"])
    path = tmp_path / "de.po"
    from babel.messages.pofile import write_po

    with path.open("wb") as out:
        write_po(out, po)
    found = tool.problems(path, template)
    assert any("placeholders" in p and "Hello" in p for p in found)
    assert any("fuzzy" in p for p in found)
    assert any("not translated" in p and "Gone" in p for p in found)


def test_the_pseudo_locale_is_accented_longer_and_keeps_placeholders() -> None:
    tool = catalog_tool()
    text = "Saved {count} files to %s"
    fake = tool.pseudo(text)
    assert tool.placeholders(fake) == tool.placeholders(text)
    assert len(fake) >= 1.4 * len(text)
    assert "á" in fake or "é" in fake


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--lang", "de", "trsut"], {}, "es gibt keinen Befehl"),
        (["trsut", "--lang=ja"], {}, "という名前のコマンド"),
        (["trsut"], {"LANGUAGE": "", "LANG": "fr_FR.UTF-8"}, "il n’existe aucune commande"),
    ],
)
def test_the_command_line_speaks_the_language_asked_for(
    args, env, expected, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    done = run_cli(*args)
    assert done.returncode == 2
    assert expected in done.stderr, done.stderr


def test_an_unknown_language_is_named_with_the_list() -> None:
    done = run_cli("--lang", "xx", "inspect", "photo.jpg")
    assert done.returncode == 2
    assert "“xx”" in done.stderr and "pt_BR (Português (Brasil))" in done.stderr


def test_a_refused_destination_is_said_in_german_naming_the_file(
    speaking: None, tmp_path: Path
) -> None:
    from app.core import safe_write
    from app.core.errors import WriteError

    set_language("de")
    with pytest.raises(WriteError) as refused:
        safe_write.check_destination(tmp_path, overwrite=False)
    assert str(refused.value) == (
        f"{tmp_path} ist ein Ordner. Wählen Sie einen Dateinamen, unter dem die Datei "
        "gespeichert werden soll."
    )


def test_the_tamper_kinds_are_named_in_the_language(speaking: None) -> None:
    from app.core.workshop.tamper import TamperKind

    set_language("ja")
    assert TamperKind.STRIP.label == "Content Credentials を取り除く"
    set_language("en")
    assert TamperKind.STRIP.label == "Strip the credentials"


def test_report_and_diff_speak_french_but_keep_their_flags() -> None:
    done = run_cli("--lang", "fr", "report", "photo.jpg", "-o", "out.txt")
    assert "Le nom du rapport doit se terminer par .pdf ou .html." in done.stderr
    helped = run_cli("--lang", "fr", "diff", "--help")
    assert "afficher la différence en JSON" in helped.stdout
    assert "--json" in helped.stdout


def test_the_tamper_demo_explains_itself_in_german(tmp_path: Path) -> None:
    from app.core.resources import AI_LABELED_SAMPLE, resource_path

    sample = resource_path("samples", AI_LABELED_SAMPLE)
    out = tmp_path / "stripped.jpg"
    done = run_cli("--lang", "de", "tamper", str(sample), "--kind", "strip", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"{out} geschrieben" in done.stdout
    assert "Die Content Credentials wurden aus der Datei herausgeschnitten" in done.stdout
    assert "Ein Prüfprogramm wird melden: keine Content Credentials" in done.stdout


def test_actions_are_named_in_the_language_not_glued_from_english() -> None:
    """Before, German read "Aktionen: Created mit …": the action names stayed English."""
    from app.core.resources import AI_LABELED_SAMPLE, resource_path

    done = run_cli("--lang", "de", "inspect", resource_path("samples", AI_LABELED_SAMPLE))
    line = next(row for row in done.stdout.splitlines() if "Aktionen" in row)
    assert "Erstellt mit" in line and "Metadaten bearbeitet" in line, line
    assert "Created" not in line and "Edited" not in line, line


def test_hindi_keyboard_accelerators_never_split_a_letter_from_its_marks() -> None:
    """Qt underlines an accelerator by drawing its character apart: on a Devanagari
    letter that carries a nukta or vowel sign (फ़ा, दृ) the mark then sits on a dotted
    circle. Hindi menus take the English letter in brackets instead, as Japanese do."""
    import re

    tool = catalog_tool()
    catalog = tool._read(tool.SOURCES / "hi.po", "hi")
    texts = [m.string for m in catalog if isinstance(m.string, str) and m.string]
    split = [text for text in texts if re.search("&[\u0900-\u097f]", text)]
    assert split == []
    assert catalog.get("&File").string == "फ़ाइल (&F)"
