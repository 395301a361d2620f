"""Start-up probe: `python -m bench.startup app|bare` prints the wall-clock time of the first
paint of the main window, then quits. The parent notes the time before starting the process.

- app:  what `credlabel` does (`app.gui.launch`, imported before PySide6 as `credlabel`
        imports it: the application, `MainWindow`, show)
- bare: a bare PySide6 `QMainWindow` (the floor: interpreter, Qt, one window)
- bare-qt: the same window given one value of Qt's namespace (a central label's
        alignment). PySide6 makes all of that namespace's enum types (~90) on the first use
        of any `Qt.*` value, which any real window pays and a bare one does not.

Both run with bytecode, as an installed app has it (a wheel, .deb or bundle ships or writes
.pyc, just as PySide6 and the standard library have theirs). A checkout run with
PYTHONDONTWRITEBYTECODE=1 would otherwise compile the app's source on every start while
PySide6 loads compiled: `with_bytecode` gives both sides the same private, compiled cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


ROOT = Path(__file__).resolve().parent.parent


def with_bytecode(
    env: dict[str, str], cache: Path, warm: list[list[str]] | None = None
) -> dict[str, str]:
    """`env` reading bytecode from `cache` (PYTHONPYCACHEPREFIX), filled for both probes: the
    app's and the probes' source compiled into it, then one run of each probe allowed to write
    the bytecode of what else it loads there (the standard library and PySide6, whose own
    __pycache__ the prefix hides). Reads work with PYTHONDONTWRITEBYTECODE=1, which stays as
    `env` has it for the timed runs: both sides then load the same way, from compiled code.
    `warm`: the commands to run once writing (default: the two start-up probes)."""
    cached = {**env, "PYTHONPYCACHEPREFIX": str(cache)}
    compile_argv = [sys.executable, "-m", "compileall", "-q", "app", "bench"]
    subprocess.run(compile_argv, env=cached, cwd=ROOT, check=True, capture_output=True)
    writing = {k: v for k, v in cached.items() if k != "PYTHONDONTWRITEBYTECODE"}
    kinds = ("app", "bare", "bare-qt")
    probes = [[sys.executable, "-m", "bench.startup", kind] for kind in kinds]
    for argv in warm or probes:
        subprocess.run(argv, env=writing, cwd=ROOT, check=True, capture_output=True)
    return cached


def watcher() -> Any:
    """An event filter that prints the time of the first Paint event and quits."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not hasattr(self, "seen"):
                self.seen = time.time()
                print(f"{self.seen:.6f}", flush=True)
                QTimer.singleShot(0, QApplication.quit)
            return False

    return FirstPaint()


def main(kind: str) -> int:
    if kind == "app":
        # The order `credlabel` has: its launcher first, PySide6 through it; the window's
        # module is imported by `create_window`, as `credlabel` does.
        from app.gui.launch import _application, create_window

        qapp = _application()
        from PySide6.QtWidgets import QMainWindow  # loaded by the launcher already

        seen = watcher()
        # The filter goes on before show(), as early as the window exists.
        original_show = QMainWindow.show

        def show_watched(window: QMainWindow) -> None:
            window.installEventFilter(seen)
            original_show(window)

        QMainWindow.show = show_watched  # type: ignore[method-assign]
        window: Any = create_window([])
    else:
        from PySide6.QtWidgets import QApplication, QMainWindow

        qapp = QApplication(sys.argv[:1])
        seen = watcher()
        window = QMainWindow()
        if kind == "bare-qt":
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QLabel

            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            window.setCentralWidget(label)
        window.installEventFilter(seen)
        window.resize(1200, 780)
        window.show()
    code = qapp.exec()
    del window
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
