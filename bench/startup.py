"""Start-up probe: `python -m bench.startup app|bare` prints the wall-clock time of the first
paint of the main window, then quits. The parent notes the time before starting the process.

- app:  what `credlabel` does (`app.gui.launch`, imported before PySide6 as `credlabel`
        imports it: the application, `MainWindow`, show)
- bare: a bare PySide6 `QMainWindow` (the floor: interpreter, Qt, one window)
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
        # The order `credlabel` has: its launcher first, PySide6 through it.
        from app.gui.launch import _application, create_window
        from app.gui.main_window import MainWindow

        qapp = _application()
        seen = watcher()
        # The filter goes on before show(), as early as the window exists.
        original_show = MainWindow.show

        def show_watched(window: MainWindow) -> None:
            window.installEventFilter(seen)
            original_show(window)

        MainWindow.show = show_watched  # type: ignore[method-assign]
        window: Any = create_window([])
    else:
        from PySide6.QtWidgets import QApplication, QMainWindow

        qapp = QApplication(sys.argv[:1])
        seen = watcher()
        window = QMainWindow()
        window.installEventFilter(seen)
        window.resize(1200, 780)
        window.show()
    code = qapp.exec()
    del window
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
