"""`credlabel inspect` prints the whole report in the user's language (#18): the state, why
a file is invalid, who vouches, the AI line and the field names, with the label column lined
up by terminal cells; `LANG` chooses as `--lang` does; the codes stay as the library writes
them. Real command line in a child process, on files this test signs and tampers itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.terminal_text import cell_width
from app.core.workshop.tamper import TamperKind, make_tampered_copy
from tests.conftest import corpus_dir
from tests.helpers.cli import run_cli
from tests.helpers.exports import make_picture
from tests.helpers.signing import created_manifest, make_test_chain, sign_file


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("languages")
    chain, key, _root = make_test_chain(folder)
    plain, signed = folder / "plain.jpg", folder / "signed.jpg"
    make_picture(plain)
    manifest = created_manifest(signed.name, "trainedAlgorithmicMedia", "Gen")
    sign_file(plain, signed, chain, key, manifest)
    tampered = make_tampered_copy(signed, TamperKind.PIXELS, folder / "out").path
    return {"signed": signed, "tampered": tampered, "plain": plain}


# What a German, Arabic or Japanese reader must see: nothing of it is English.
EXPECTED = {
    "de": {
        "signed": ["Zustand:", "? Gültig, Unterzeichner nicht erkannt", "KI:", "Mit KI generiert"],
        "tampered": [
            "✖ Manipuliert: Der Inhalt wurde nach dem Signieren verändert",
            "Warum:",
            "Was tun:",
            "Probleme:",
            "Was Sie tun können:",
        ],
        "plain": ["Keine Content Credentials"],
    },
    "ar": {
        "signed": ["الحالة:", "صالح، الموقِّع غير معروف", "مولَّد بالذكاء الاصطناعي"],
        "tampered": ["تم العبث به: تغيّر المحتوى بعد التوقيع", "السبب:", "المشكلات:"],
        "plain": ["لا توجد Content Credentials"],
    },
    "ja": {
        "signed": ["状態:", "有効、署名者は不明", "AI で生成", "AI ツール:"],
        "tampered": ["改ざん: 署名後にコンテンツが変更されています", "理由:", "対処:"],
        "plain": ["Content Credentials なし"],
    },
}
ENGLISH_LABELS = ("State:", "Why:", "What to do:", "Issued by:", "App or device:", "Problems:")


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_inspect_speaks_the_language(files: dict[str, Path], lang: str) -> None:
    for name, words in EXPECTED[lang].items():
        done = run_cli("--lang", lang, "inspect", files[name])
        assert done.returncode in (0, 3, 4), done.stderr
        for phrase in words:
            assert phrase in done.stdout, f"{lang} {name}: {phrase!r} missing in\n{done.stdout}"
        assert not any(label in done.stdout for label in ENGLISH_LABELS), done.stdout
        assert "assertion.dataHash.mismatch" in done.stdout or name != "tampered"


def test_the_system_locale_chooses_german(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    done = run_cli("inspect", files["tampered"])
    assert "✖ Manipuliert: Der Inhalt wurde nach dem Signieren verändert" in done.stdout


def _value_columns(text: str) -> set[int]:
    """The terminal cell where each field's value starts."""
    columns = set()
    for line in text.splitlines():
        if line.startswith("  ") and not line.startswith("    ") and ": " in line:
            label, _sep, _value = line.partition(": ")
            rest = line[len(label) + 1 :]
            columns.add(cell_width(label) + 1 + (len(rest) - len(rest.lstrip(" "))))
    return columns


@pytest.mark.parametrize("lang", ["en", "ja", "de"])
def test_values_line_up_in_one_column(files: dict[str, Path], lang: str) -> None:
    done = run_cli("--lang", lang, "inspect", files["signed"])
    assert len(_value_columns(done.stdout)) == 1, done.stdout


def test_arabic_dates_carry_no_escaped_direction_marks(files: dict[str, Path]) -> None:
    done = run_cli("--lang", "ar", "inspect", files["signed"])
    assert "\\u200f" not in done.stdout and "\u200f" not in done.stdout, done.stdout


@pytest.mark.parametrize(
    ("name", "lang", "phrase"),
    [
        ("rs_cai.jpg", "de", "Vertrauenswürdig – Aussteller auf der älteren Übergangsliste"),
        ("rs_cai.jpg", "ja", "信頼済み — 発行元は以前の暫定リストにあります"),
        ("ms_cards_expired_without_timestamp.jpg", "ar", "شهادة غير صالحة"),
    ],
)
def test_real_files_read_in_the_language(name: str, lang: str, phrase: str) -> None:
    folder = corpus_dir()
    if folder is None or not (folder / "files" / name).is_file():
        pytest.skip(f"corpus file {name} not here (set CREDLABEL_CORPUS)")
    done = run_cli("--lang", lang, "inspect", folder / "files" / name)
    assert phrase in done.stdout, done.stdout


def test_arabic_sentences_on_a_terminal_show_no_escaped_direction_marks(
    files: dict[str, Path], tmp_path: Path
) -> None:
    # The catalog keeps "-o" and ".pdf" in order with direction marks for the window; a
    # terminal would print them as \u200e escapes.
    done = run_cli("--lang", "ar", "report", files["signed"], "-o", tmp_path / "report.txt")
    assert done.returncode != 0
    assert ".pdf" in done.stderr and "التقرير" in done.stderr, done.stderr
    assert "\\u200e" not in done.stderr and "\u200e" not in done.stderr, done.stderr
