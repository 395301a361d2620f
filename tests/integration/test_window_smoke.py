"""The window opens offscreen and, where Xvfb exists, as a real X11 window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.resources import sample_files
from tests.conftest import ROOT


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_window_title_names_the_open_file(qtbot) -> None:
    from app.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "CredLabel"
    sample = sample_files()[0]
    window.open_file(sample)
    # Waits for the read to finish: the title must still name the file once it is shown.
    qtbot.waitUntil(lambda: window.report is not None and not window.runner.busy, timeout=30_000)
    assert window.report is not None and window.report.path == sample
    assert window.windowTitle() == f"CredLabel — {sample.name}"
    window.runner.shutdown()


@pytest.mark.xvfb
def test_real_window_on_xvfb_loads_sample_and_takes_screenshot(tmp_path: Path) -> None:
    if shutil.which("xvfb-run") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb); offscreen tests still ran")
    shot = tmp_path / "window.png"
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "app"]
    cmd += ["gui", "--sample", "--self-test", str(shot)]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    from PIL import Image

    with Image.open(shot) as img:
        assert img.width >= 600
        assert img.height >= 400
        # A real window draws something: not a single flat colour.
        colors = img.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colors is not None
        assert len(colors) > 10
