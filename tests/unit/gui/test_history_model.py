"""The history tree model: checked by qtmodeltester on hand-made and real reports."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPixmap

from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from app.gui.history_model import Column, HistoryModel, HistoryRole, build_history
from tests.conftest import corpus_records
from tests.helpers.gui_reports import report_in_state


def test_model_passes_qtmodeltester_and_shows_the_tree(qapp, qtmodeltester) -> None:
    model = HistoryModel()
    model.set_history(build_history(report_in_state(ValidationState.VALID_UNTRUSTED)))
    qtmodeltester.check(model, force_py=True)
    root = model.index(0, 0)
    assert model.rowCount() == 1
    assert model.data(root) == "final.jpg"
    assert model.data(root, HistoryRole.STATE) is ValidationState.VALID_UNTRUSTED
    assert isinstance(model.data(root, Qt.ItemDataRole.DecorationRole), QPixmap)
    assert model.rowCount(root) == 2
    child = model.index(0, 0, root)
    assert model.data(child) == "draft.jpg"
    assert model.data(child, HistoryRole.STATE) is ValidationState.INVALID
    assert model.data(child, HistoryRole.RELATIONSHIP) == "componentOf"
    assert "Changed." in model.data(child, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, Column.APP, root)) == "Camera 1"
    assert model.data(model.index(0, 0, child)) == "camera.jpg"
    assert model.parent(model.index(0, 0, child)) == child
    assert model.data(model.index(1, Column.STATE, root)) == "No Content Credentials"


def test_a_file_without_credentials_has_an_empty_tree(qapp, qtmodeltester) -> None:
    model = HistoryModel()
    model.set_history(build_history(report_in_state(ValidationState.NO_CREDENTIALS)))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount(QModelIndex()) == 0


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name", ["pt_adobe-20220124-CACAICAICICA.jpg", "ms_DALL-E_cloud_surfing_puppy.webp"]
)
def test_real_histories_pass_qtmodeltester(qapp, corpus_file, qtmodeltester, name: str) -> None:
    report = read_file(corpus_file(name))
    record = next(r for r in corpus_records() if r["filename"] == name)
    model = HistoryModel()
    model.set_history(build_history(report))
    qtmodeltester.check(model, force_py=True)
    root = model.index(0, 0)
    assert model.rowCount(root) == record["num_ingredients"]
