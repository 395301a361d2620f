"""The printable report and the "What viewers show" rules speak the user's language (#18):
an Arabic report is a right-to-left page whose codes and paths stay left to right; German
viewers' lines are German. Real reads of files this test signs and tampers itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.i18n import speaking
from app.core.model import FileReport
from app.core.reading.credentials import read_file
from app.core.reports.html_report import render_html
from app.core.reports.viewers import viewer_view
from app.core.workshop.tamper import TamperKind, make_tampered_copy
from tests.helpers.exports import make_picture
from tests.helpers.signing import created_manifest, make_test_chain, sign_file


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    chain, key, _root = make_test_chain(folder)
    plain, signed = folder / "plain.jpg", folder / "signed.jpg"
    make_picture(plain)
    sign_file(plain, signed, chain, key, created_manifest(signed.name, "trainedAlgorithmicMedia"))
    tampered = make_tampered_copy(signed, TamperKind.PIXELS, folder / "out").path
    return {"signed": signed, "tampered": tampered}


def _read(path: Path, lang: str) -> FileReport:
    with speaking(lang):  # the reader explains the checks in the language spoken
        return read_file(path)


def test_an_arabic_report_is_a_right_to_left_page(reports: dict[str, Path]) -> None:
    with speaking("ar"):
        html = render_html(_read(reports["tampered"], "ar"), include_thumbnails=False)
    assert '<html lang="ar" dir="rtl">' in html
    assert "تم العبث به: تغيّر المحتوى بعد التوقيع" in html  # the state, in Arabic
    assert "ما يمكنك فعله:" in html
    assert '<span class="code" dir="ltr">[failure] assertion.dataHash.mismatch</span>' in html
    assert "Content Credentials report" not in html and "What you can do" not in html


def test_an_english_report_stays_left_to_right(reports: dict[str, Path]) -> None:
    html = render_html(read_file(reports["signed"]), include_thumbnails=False)
    assert '<html lang="en" dir="ltr">' in html
    assert "Content Credentials report: signed.jpg" in html


def test_what_viewers_show_in_german(reports: dict[str, Path]) -> None:
    with speaking("de"):
        lines = viewer_view(_read(reports["signed"], "de")).lines()
    text = "\n".join(lines)
    assert lines[0] == "Content Credentials sind vorhanden und unversehrt."
    assert "KI-Zusammenfassung: Dieser Inhalt wurde mit einem KI-Tool generiert." in text
    assert "Vertrauensliste:" in text and "Beruht auf dem veröffentlichten Verhalten" in text
    assert "Hier gilt die Datei als: ? Gültig" not in text  # the headline has no glyph
    assert "Hier gilt die Datei als: Gültig, Unterzeichner nicht erkannt." in text
