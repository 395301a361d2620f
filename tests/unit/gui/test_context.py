"""The window's controllers on the narrow context: they work without a main window and
talk back by signals; the services import the core plainly."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from app.core.reading.credentials import read_file
from app.core.resources import plain_sample
from app.core.settings import Settings, load_settings
from app.gui.context import AppContext, OpenFile
from app.gui.disclosure_panel import DisclosurePanel
from app.gui.export_flow import ExportFlow
from app.gui.services import CoreServices
from app.gui.tasks import TaskRunner
from app.gui.workshop import Workshop
from tests.conftest import ROOT
from tests.helpers.gui_stubs import StubDialogs

GUI = ROOT / "app" / "gui"
TIMEOUT = 60_000


@pytest.fixture
def parts(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)
    context = AppContext(CoreServices(), StubDialogs(), runner, Settings(), parent)
    file = OpenFile(parent)
    yield parent, context, file
    runner.shutdown()


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_controller_knows_the_main_window() -> None:
    """Only the window itself and its launcher import `app.gui.main_window`."""
    users = sorted(
        p.name for p in GUI.glob("*.py") if "app.gui.main_window" in _imported_modules(p)
    )
    assert users == ["launch.py"]


def test_services_import_the_core_by_name_not_by_lookup() -> None:
    source = (GUI / "services.py").read_text()
    assert "importlib" not in _imported_modules(GUI / "services.py")
    assert "getattr(" not in source and "Any" not in source


def test_export_bar_follows_the_open_file_without_a_window(qtbot, parts, tmp_path) -> None:
    parent, context, file = parts
    flow = ExportFlow(context, file, DisclosurePanel(), parent)
    assert not flow.bar.export_button.isEnabled()
    source = Path(shutil.copy(plain_sample(), tmp_path / "photo.jpg"))
    file.opening(source)
    assert not flow.bar.export_button.isEnabled()  # still being read
    file.loaded(read_file(source, None))
    assert flow.bar.export_button.isEnabled()
    assert flow.can_start()


def test_settings_changes_are_saved_and_signalled(qtbot, parts) -> None:
    _parent, context, _file = parts
    changed = Settings(output_pattern="{stem}-labeled{ext}")
    with qtbot.waitSignal(context.settings_changed, timeout=1000):
        context.change_settings(changed)
    assert context.settings.output_pattern == "{stem}-labeled{ext}"
    assert load_settings().settings.output_pattern == "{stem}-labeled{ext}"


def test_workshop_reports_its_status_by_signal(qtbot, parts, tmp_path) -> None:
    parent, context, file = parts
    workshop = Workshop(context, file, parent)
    source = Path(shutil.copy(plain_sample(), tmp_path / "photo.jpg"))
    file.opening(source)
    file.loaded(read_file(source, None))
    dest = tmp_path / "photo-report.html"
    assert isinstance(context.dialogs, StubDialogs)
    context.dialogs.save_answers.append(dest)
    messages: list[str] = []
    workshop.status.connect(lambda message, _ms: messages.append(message))
    workshop.save_report()
    qtbot.waitUntil(lambda: workshop.last_saved is not None, timeout=TIMEOUT)
    assert dest.is_file() and "photo.jpg" in dest.read_text()
    assert messages == [f"Saving the report {dest.name}…", f"Saved {dest.name} in {tmp_path}"]
