"""Start-up: the window's core modules load before PySide6, so PySide6's import hook (which
reads the source of every module imported after it) does not slow the first paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json, sys
import app.gui.launch
from PySide6.support import feature
checked = [name for name in feature.pyside_feature_dict if name.startswith("app.core.")]
print(json.dumps({"checked": checked, "loaded": "app.core.labeling.service" in sys.modules}))
"""


def test_the_core_is_loaded_before_pyside6_when_the_window_starts() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["loaded"]
    assert seen["checked"] == []  # no core module went through PySide6's source scan
