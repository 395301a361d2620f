"""The window's first open and first export import nothing of the app on the GUI thread:
what they need is imported in the after-first-paint worker, so the window never freezes
while modules load (an import on the GUI thread stalled the first Export ~35 ms).
Checked in a fresh process, where nothing is imported yet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json, shutil, sys, threading, time
from pathlib import Path
from app.core.labeling.disclosure import AiUse
from app.core.resources import plain_sample
from app.gui import services
from app.gui.launch import _application
from app.gui.main_window import MainWindow
from tests.helpers.gui_stubs import StubDialogs

work = Path(sys.argv[1])
qapp = _application()
dialogs = StubDialogs()
dialogs.ai_answers = [AiUse.NONE]
window = MainWindow(dialogs=dialogs)
window.show()

def wait(done, what):
    end = time.monotonic() + 60
    while not done():
        if time.monotonic() > end:
            raise SystemExit("timed out: " + what)
        qapp.processEvents()
        time.sleep(0.005)

wait(lambda: services.WARMED.is_set() and not window.runner.busy, "start-up work")
on_gui_thread = []

class Spy:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append(name)
        return None

sys.meta_path.insert(0, Spy())
source = Path(shutil.copy(plain_sample(), work / "photo.jpg"))
window.open_file(source)
wait(lambda: window.report is not None and not window.runner.busy, "the open")
dialogs.save_answers.append(work / "labeled.jpg")
window.actions_.export.trigger()
wait(lambda: not window.export_flow.running, "the export")
result = window.export_flow.last_result
print(json.dumps({"imported": on_gui_thread, "errors": dialogs.errors,
                  "exported": result is not None and (work / "labeled.jpg").exists()}))
"""


def test_the_first_open_and_export_import_nothing_of_the_app_on_the_gui_thread(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen",
            "CREDLABEL_HOME": str(tmp_path / "home"),
        },
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["errors"] == []
    assert seen["exported"]
    assert [name for name in seen["imported"] if name.startswith("app.")] == []
