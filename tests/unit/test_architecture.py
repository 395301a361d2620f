"""The architecture, checked on the source: front ends that never import each other, a core
without Qt, no module over 500 lines, no cycles between packages, no module looked up by
name in the window. Each rule also runs on a small planted tree so it is seen to fail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import architecture as rules

APP = ROOT / "app"


def test_the_front_ends_never_import_each_other() -> None:
    assert rules.front_end_crossings(APP) == []


def test_only_the_start_module_knows_both_front_ends() -> None:
    graph = rules.package_graph(APP)
    knows_both = sorted(unit for unit, uses in graph.items() if {"app.cli", "app.gui"} <= uses)
    assert knows_both == ["app.start"]


def test_the_core_imports_no_qt() -> None:
    assert rules.qt_in_core(APP) == []


def test_no_module_is_over_500_lines() -> None:
    assert rules.long_modules(APP) == []


def test_the_packages_import_each_other_without_cycles() -> None:
    assert rules.package_cycles(APP) == []


def test_the_graph_has_every_package_of_the_layout() -> None:
    # Guards the checker: a layout it failed to see would make the cycle test pass vacuously.
    units = set(rules.package_graph(APP))
    expected = {"app.core", "app.cli", "app.gui", "app.printing", "app.start"}
    expected |= {f"app.core.{sub}" for sub in ("media", "reading", "signing", "labeling")}
    assert expected <= units
    assert "app.core" in rules.package_graph(APP)["app.core.labeling"]


def test_the_window_looks_up_no_module_by_name() -> None:
    assert rules.name_lookups(APP, "gui") == []


# -- each rule on a planted tree --------------------------------------------------------------


def plant(root: Path, files: dict[str, str]) -> Path:
    """A package tree under `root/app` from {relative path: source}; folders get __init__."""
    app = root / "app"
    for relative, source in files.items():
        path = app / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    for folder in [app, *(p for p in app.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return app


CLEAN = {
    "start.py": "from app.cli import main\nfrom app.gui import window\n",
    "cli/main.py": "from app.core.labeling import export\nfrom app.core import errors\n",
    "gui/window.py": "from PySide6.QtWidgets import QWidget\nfrom ..core.labeling import export\n",
    "core/errors.py": "class Failure(Exception):\n    pass\n",
    "core/labeling/export.py": "from app.core.errors import Failure\nimport app\n",
    "core/media/probe.py": "from app.core import errors\n",
}

Checker = Callable[[Path], list[str]]
PLANTED: list[tuple[str, Checker, dict[str, str], str]] = [
    (
        "cli imports gui",
        rules.front_end_crossings,
        {"cli/main.py": "def run():\n    from app.gui.window import QWidget\n"},
        "app/cli/main.py:2 (app.cli) imports app.gui.window",
    ),
    (
        "gui imports cli, relatively",
        rules.front_end_crossings,
        {"gui/window.py": "from ..cli import main\n"},
        "app/gui/window.py:1 (app.gui) imports app.cli",
    ),
    (
        "Qt in a core subpackage",
        rules.qt_in_core,
        {"core/media/probe.py": "from PySide6.QtGui import QImage\n"},
        "app/core/media/probe.py:1 imports PySide6.QtGui",
    ),
    (
        "shiboken in the core",
        rules.qt_in_core,
        {"core/errors.py": "import shiboken6\n"},
        "app/core/errors.py:1 imports shiboken6",
    ),
    (
        "a long module",
        rules.long_modules,
        {"core/media/probe.py": "x = 1\n" * 501},
        "app/core/media/probe.py has 501 lines (limit 500)",
    ),
    (
        "core basics import a subpackage that imports them",
        rules.package_cycles,
        {"core/errors.py": "from app.core.labeling.export import Failure\n"},
        "app.core → app.core.labeling → app.core",
    ),
    (
        "a three-package cycle through the printing package",
        rules.package_cycles,
        {
            "core/media/probe.py": "from app.printing import pdf\n",
            "printing/pdf.py": "from app.core.labeling import export\n",
            "core/labeling/export.py": "from app.core.media.probe import x\n",
        },
        "app.core.labeling → app.core.media → app.printing → app.core.labeling",
    ),
    (
        "the window looks a module up by name",
        lambda app: rules.name_lookups(app, "gui"),
        {"gui/services.py": "import importlib\nm = importlib.import_module('app.core.x')\n"},
        "app/gui/services.py:2 calls importlib.import_module",
    ),
    (
        "the window uses __import__",
        lambda app: rules.name_lookups(app, "gui"),
        {"gui/services.py": "m = __import__('app.core.x')\n"},
        "app/gui/services.py:1 calls __import__",
    ),
    (
        "the window hides import_module behind a bare name",
        lambda app: rules.name_lookups(app, "gui"),
        {"gui/services.py": "from importlib import import_module\n"},
        "app/gui/services.py:1 imports it",
    ),
]


@pytest.mark.parametrize(
    ("checker", "changes", "expected"),
    [pytest.param(c, f, e, id=name) for name, c, f, e in PLANTED],
)
def test_each_rule_finds_a_planted_violation(
    tmp_path: Path, checker: Checker, changes: dict[str, str], expected: str
) -> None:
    assert checker(plant(tmp_path / "clean", CLEAN)) == []
    assert expected in checker(plant(tmp_path / "planted", {**CLEAN, **changes}))


def test_the_clean_plant_has_the_expected_graph(tmp_path: Path) -> None:
    graph = rules.package_graph(plant(tmp_path, CLEAN))
    assert graph["app.start"] == {"app.cli", "app.gui"}
    assert graph["app.cli"] == {"app.core", "app.core.labeling"}
    assert graph["app.gui"] == {"app.core.labeling"}
    assert graph["app.core.labeling"] == {"app.core"}  # `import app` is its parent, no edge
    assert graph["app.core"] == set()


# -- the test tree ------------------------------------------------------------------------------

TESTS = ROOT / "tests"


def test_no_test_module_imports_another() -> None:
    assert rules.imports_of_test_modules(TESTS) == []


def test_no_import_error_in_our_own_code_becomes_a_skip() -> None:
    assert rules.own_importorskips(TESTS) == []


def plant_tests(root: Path, files: dict[str, str]) -> Path:
    tests = root / "tests"
    for relative, source in {"helpers/cli.py": "X = 1\n", **files}.items():
        path = tests / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    for folder in [tests, *(p for p in tests.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return tests


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"unit/test_b.py": "from tests.unit.test_a import helper\n"},
            "tests/unit/test_b.py:1 imports tests.unit.test_a",
            id="absolute",
        ),
        pytest.param(
            {"unit/test_b.py": "def f():\n    from .test_a import helper\n"},
            "tests/unit/test_b.py:2 imports tests.unit.test_a",
            id="relative, inside a function",
        ),
        pytest.param(
            {"helpers/cli.py": "from tests.unit import test_a\n"},
            "tests/helpers/cli.py:1 imports tests.unit.test_a",
            id="a helper leaning on a test module",
        ),
    ],
)
def test_an_import_from_a_test_module_is_found(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    base = {"unit/test_a.py": "def helper():\n    pass\n", "unit/test_b.py": "import os\n"}
    clean = plant_tests(tmp_path / "clean", base)
    assert rules.imports_of_test_modules(clean) == []
    planted = plant_tests(tmp_path / "planted", {**base, **files})
    assert expected in rules.imports_of_test_modules(planted)


# The planted sources spell the call in pieces, so a search of the suite for skipped
# imports of our own code finds only real ones.
_SKIP = "importor" + "skip"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        (f'import pytest\npytest.{_SKIP}("app.core.media.probe")\n', True),
        (f'from pytest import {_SKIP}\n{_SKIP}("tests.helpers.cli")\n', True),
        (f"import pytest\nname = 'app'\npytest.{_SKIP}(name)\n", True),
        (f'import pytest\npytest.{_SKIP}("keyring")\n', False),  # a third-party extra
    ],
)
def test_importorskip_of_our_own_code_is_found(tmp_path: Path, source: str, found: bool) -> None:
    tests = plant_tests(tmp_path, {"unit/test_a.py": source})
    assert bool(rules.own_importorskips(tests)) is found
