"""The preview is the copy's verdict: for every corpus file that can be labeled and every AI
choice, what the window previews equals what reading the real exported copy says."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import CredLabelError
from app.core.labeling.disclosure import AiTool, AiUse, DeclaredEdit, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.labeling.preview import copy_preview
from app.core.model import AiVerdictKind
from app.core.reading.credentials import read_file
from app.core.reports.viewers import active_summary
from tests.conftest import corpus_records
from tests.helpers.exports import Signing, make_picture, make_signing

TOOL = (AiTool("Adobe Firefly", "3"),)
MODES = {
    "none": Disclosure(ai=AiUse.NONE, edits=(DeclaredEdit("cropped"),)),
    "partial": Disclosure(ai=AiUse.PARTIAL, ai_tools=TOOL),
    "full": Disclosure(ai=AiUse.FULL, ai_tools=TOOL, creator="Ada"),
}
SIGNABLE = [r["filename"] for r in corpus_records() if r.get("has_manifest") is not None]


@pytest.fixture(scope="module")
def signing(tmp_path_factory: pytest.TempPathFactory) -> Signing:
    return make_signing(tmp_path_factory.mktemp("keys"))


def copy_says(source: Path, disclosure: Disclosure, signing: Signing, dest: Path):
    result = export_labeled_copy(source, disclosure, signing.signer, dest=dest)
    report = read_file(result.dest)
    assert report.active is not None
    return report.ai, active_summary(report.active)


def test_a_fresh_photo_labeled_no_ai_previews_no_ai(tmp_path: Path, signing: Signing) -> None:
    photo = make_picture(tmp_path / "photo.jpg")
    preview = copy_preview(read_file(photo), MODES["none"])
    verdict, summary = copy_says(photo, MODES["none"], signing, tmp_path / "out.jpg")
    assert preview.verdict.kind is verdict.kind is AiVerdictKind.NONE_DISCLOSED
    assert preview.line == "No AI disclosed"
    assert (preview.summary, preview.summary_tools) == summary == (None, ())


@pytest.mark.slow
@pytest.mark.parametrize("name", SIGNABLE)
def test_preview_equals_the_exported_copy(
    name: str, corpus_file, tmp_path: Path, signing: Signing
) -> None:
    source = corpus_file(name)
    report = read_file(source)
    checked = 0
    for mode, disclosure in MODES.items():
        preview = copy_preview(report, disclosure)
        try:
            verdict, summary = copy_says(
                source, disclosure, signing, tmp_path / f"{mode}{source.suffix}"
            )
        except CredLabelError:
            continue  # this file cannot be labeled this way (type, damage, history rule)
        checked += 1
        assert preview.verdict.kind is verdict.kind, mode
        assert preview.verdict.tools == verdict.tools, mode
        assert (preview.summary, preview.summary_tools) == summary, mode
    if not checked:
        pytest.skip(f"{name} cannot be labeled")
