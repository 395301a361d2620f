"""The C2PA/IPTC vocabulary is spelled once (`app.core.vocabulary`) and said in plain words
wherever a term reaches the user."""

from __future__ import annotations

import re
from pathlib import Path

from app.core.media.xmp import write_digital_source_type
from app.core.reading.credentials import read_file
from app.core.reports.viewers import viewer_view
from app.core.vocabulary import (
    ACTION_LABELS,
    ASSERTION_LABELS,
    NO_SOURCE_TYPE_NEEDED,
    SOURCE_TYPE_WORDS,
    action_label,
    iptc_term,
)
from tests.conftest import ROOT
from tests.helpers.signing import make_jpeg

# The reading, reporting and workshop side, both front ends, and the labeling side that
# builds manifests: all name actions and source types from the one module.
READERS = ["app/core/reading", "app/core/reports", "app/core/workshop", "app/core/media"]
READERS += ["app/cli", "app/gui", "app/core/labeling"]


def _quoted_terms(text: str, extra: frozenset[str] = frozenset()) -> set[str]:
    # Source types in camelCase only: "print" or "composite" are common words in code too.
    terms = set(ACTION_LABELS) | {t for t in SOURCE_TYPE_WORDS if t != t.lower()} | extra
    quoted = re.findall(r"[\"']([A-Za-z0-9_.-]+)[\"']", text)
    return {q for q in quoted if q in terms}


def test_each_action_name_and_source_type_is_spelled_in_the_vocabulary_only() -> None:
    spelled = {
        str(path.relative_to(ROOT)): _quoted_terms(path.read_text(encoding="utf-8"))
        for folder in READERS
        for path in (ROOT / folder).rglob("*.py")
    }
    assert {where: terms for where, terms in spelled.items() if terms} == {}


def test_the_labeling_side_spells_no_assertion_label_either() -> None:
    spelled = {
        str(path.relative_to(ROOT)): _quoted_terms(path.read_text(encoding="utf-8"), labels)
        for path in (ROOT / "app/core/labeling").rglob("*.py")
        for labels in [ASSERTION_LABELS | NO_SOURCE_TYPE_NEEDED]
    }
    assert {where: terms for where, terms in spelled.items() if terms} == {}


def test_actions_are_said_in_the_users_words() -> None:
    assert action_label("c2pa.opened") == "Opened an existing file"
    assert action_label("com.example.color_boost") == "Color boost"
    assert iptc_term("https://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture/") == (
        "digitalCapture"
    )


def test_a_non_ai_iptc_term_is_explained_in_plain_words(tmp_path: Path) -> None:
    picture = make_jpeg(tmp_path / "p.jpg")
    write_digital_source_type(picture, "image/jpeg", "digitalCapture")
    note = viewer_view(read_file(picture)).platform_notes[1].text
    assert "digitalCapture (captured by a camera or recorder)" in note
    assert "not an AI source type" in note
