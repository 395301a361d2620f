"""The task helper: results and errors arrive on the GUI thread; stale results are dropped."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from app.gui.tasks import TaskRunner


def test_result_is_delivered_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    seen: list[tuple[object, bool, bool]] = []
    gui_thread = QApplication.instance().thread()  # type: ignore[union-attr]

    def work() -> int:
        assert QThread.currentThread() is not gui_thread
        return 42

    runner.run(work, lambda v: seen.append((v, QThread.currentThread() is gui_thread, True)))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, True, True)]
    assert not runner.busy
    runner.shutdown()


def test_exception_reaches_the_error_callback(qtbot) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def fail() -> None:
        raise ValueError("broken file")

    runner.run(fail, lambda _v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "broken file"
    runner.shutdown()


def test_a_stale_result_for_a_previous_file_is_dropped(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    shown: list[str] = []

    def old_file() -> str:
        release.wait(10)
        return "old file"

    runner.run(old_file, shown.append, channel="report")
    runner.run(lambda: "new file", shown.append, channel="report")
    qtbot.waitUntil(lambda: shown == ["new file"])
    release.set()
    with qtbot.waitSignal(runner.idle, timeout=5000):
        pass
    assert shown == ["new file"]
    runner.shutdown()


def test_when_idle_waits_for_chained_work(qtbot) -> None:
    runner = TaskRunner()
    order: list[str] = []
    gate = threading.Event()

    def first_done(_v: object) -> None:
        order.append("first")
        runner.run(lambda: gate.wait(10), lambda _v: order.append("second"))

    runner.run(lambda: None, first_done)
    runner.when_idle(lambda: order.append("idle"))
    qtbot.waitUntil(lambda: "first" in order)
    assert "idle" not in order
    gate.set()
    qtbot.waitUntil(lambda: "idle" in order)
    assert order == ["first", "second", "idle"]
    runner.shutdown()


def test_progress_from_a_worker_reaches_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    values: list[int] = []
    gui_thread = QApplication.instance().thread()  # type: ignore[union-attr]
    threads: list[bool] = []

    def target(value: object) -> None:
        threads.append(QThread.currentThread() is gui_thread)
        values.append(int(value))  # type: ignore[call-overload]

    hook = runner.progress_callback(target)

    def work() -> None:
        for i in range(100):
            hook(i)

    runner.run(work, lambda _v: None, export=True)
    qtbot.waitUntil(lambda: len(values) == 100)
    assert values == list(range(100))
    assert all(threads)
    hook.close()
    hook(999)  # after close: dropped
    qtbot.wait(20)
    assert values[-1] == 99
    runner.shutdown()
