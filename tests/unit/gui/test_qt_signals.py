"""Guards the PySide6 pin: 6.12.0 on CPython 3.11 kills the process after a few hundred
emits ("bool_dealloc: deallocating True"). If this regresses, the whole run dies here."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(bool)
    progress = Signal(int, int, str)


def test_tens_of_thousands_of_signal_emits_survive(qapp) -> None:
    emitter = _Emitter()
    seen: list[bool] = []
    totals = [0]
    emitter.changed.connect(seen.append)
    emitter.progress.connect(lambda done, total, phase: totals.__setitem__(0, done))
    for i in range(40_000):
        emitter.changed.emit(i % 2 == 0)
        emitter.progress.emit(i, 40_000, "write")
    assert len(seen) == 40_000
    assert seen[:2] == [True, False]
    assert totals[0] == 39_999
