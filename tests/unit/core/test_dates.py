"""One date format everywhere, in the reader's language: the card's "Issued on", the
certificate dates in Details, the date a photo was taken, the report's header."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from app.core.dates import when_text
from app.core.i18n import current_language, set_language
from app.core.model import ValidationState
from app.core.reports.wording import issued_on
from app.gui.details_view import _date as details_date
from tests.helpers.gui_reports import report_in_state


@pytest.fixture
def german() -> Iterator[None]:
    before = current_language().code
    set_language("de")
    yield
    set_language(before)


def test_iso_text_exif_text_and_datetimes_read_the_same() -> None:
    moment = datetime(2023, 2, 12, 18, 44, 26, tzinfo=UTC)
    expected = when_text(moment)
    assert when_text("2023-02-12T18:44:26Z") == expected
    assert when_text("2023-02-12T18:44:26+00:00") == expected
    assert when_text("2023:02:12 18:44:26") == expected  # EXIF's own way
    assert when_text(moment.replace(tzinfo=None)) == expected  # naive means UTC
    assert expected.endswith(" UTC") and "2023" in expected


def test_the_card_and_details_write_dates_alike(german) -> None:
    report = report_in_state(ValidationState.TRUSTED)
    assert report.active is not None and report.active.signature is not None
    assert issued_on(report.active.signature) == "02.01.2025, 03:04:05 UTC"
    assert details_date(datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)) == "02.01.2025, 03:04:05 UTC"


def test_text_that_is_no_date_is_shown_as_written() -> None:
    assert when_text("sometime in spring") == "sometime in spring"
    assert when_text(None) == "—"


def test_the_viewers_card_writes_the_signing_time_like_the_summary_card(corpus_file) -> None:
    from app.core.reading.credentials import read_file
    from app.core.reports.viewers import viewer_view
    from app.gui.viewers_panel import card_html

    report = read_file(corpus_file("rs_ocsp.jpg"))
    assert report.active is not None
    shown = issued_on(report.active.signature)
    assert f"<b>Issued on:</b> {shown}" in card_html(viewer_view(report))
