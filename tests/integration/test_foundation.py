"""The foundation: install layout, versions, user folders, logging, the core/Qt boundary."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import c2pa
import pytest

from app.cli.main import main
from app.core import logsetup, paths, resources
from tests.conftest import ROOT

CORE = ROOT / "app" / "core"


def _core_modules() -> list[str]:
    modules = (p.relative_to(CORE.parent.parent).with_suffix("") for p in CORE.rglob("*.py"))
    return sorted(".".join(m.parts).removesuffix(".__init__") for m in modules)


def test_importing_every_core_module_loads_no_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for m in {_core_modules()!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("launcher", [["-m", "app"], ["-m", "app.cli.main"]])
def test_version_names_every_library(launcher: list[str]) -> None:
    if launcher[-1] == "app.cli.main":
        launcher = ["-c", "import sys; from app.cli.main import main; sys.exit(main())"]
    out = subprocess.run(
        [sys.executable, *launcher, "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines())
    assert lines["c2pa-rs"] == c2pa.sdk_version()
    assert set(lines) >= {"CredLabel", "c2pa-python", "PySide6", "Qt", "Pillow", "PyAV"}


def test_user_folders_follow_the_override(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    folders = paths.user_folders().ensure()
    assert folders.config == tmp_path / "config"
    assert folders.identities.parent == tmp_path / "data"
    assert all(p.is_dir() for p in (folders.config, folders.data, folders.logs, folders.cache))
    if os.name == "posix":
        assert folders.data.stat().st_mode & 0o777 == 0o700


def test_without_override_folders_are_per_user(monkeypatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV)
    folders = paths.user_folders()
    assert "CredLabel" in str(folders.config)
    assert folders.config != folders.data


def test_log_file_receives_messages(isolated_user_folders: Path) -> None:
    logsetup.setup_logging("error")
    try:
        logging.getLogger("credlabel.test").info("hello from the test")
        for handler in logging.getLogger().handlers:
            handler.flush()
        log_file = paths.user_folders().log_file
        assert "hello from the test" in log_file.read_text()
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_credlabel", False):
                logging.getLogger().removeHandler(handler)
                handler.close()


def test_bundled_sample_is_a_real_picture() -> None:
    from PIL import Image

    samples = resources.sample_files()
    assert samples, "no bundled sample"
    with Image.open(samples[0]) as img:
        assert img.width > 100


def test_unknown_option_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["inspect", "photo.jpg", "--no-such-option"])
    assert stop.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_an_unknown_command_is_a_usage_error(capsys) -> None:
    assert main(["inspect-nothing", "--no-such-option"]) == 2
    assert "no command or file named “inspect-nothing”" in capsys.readouterr().err
