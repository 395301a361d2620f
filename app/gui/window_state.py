"""Window geometry and splitter positions, kept apart from the preferences.

Stored with `QSettings` in an INI file inside CredLabel's own config folder
(`user_folders().config / "window.ini"`), never in Qt's default location, so
`CREDLABEL_HOME` isolates it like everything else.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from app.core.paths import private_folder, user_folders

FILE_NAME = "window.ini"


def window_settings() -> QSettings:
    folder = private_folder(user_folders().config)  # owner-only whatever the umask
    return QSettings(str(folder / FILE_NAME), QSettings.Format.IniFormat)


def save_window_state(window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
    store = window_settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    for name, splitter in splitters.items():
        store.setValue(f"splitters/{name}", splitter.saveState())
    store.sync()


def restore_window_state(window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
    """Restore what was saved; False when nothing was (first start: keep the defaults)."""
    store = window_settings()
    geometry = store.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    state = store.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for name, splitter in splitters.items():
        saved = store.value(f"splitters/{name}")
        if isinstance(saved, QByteArray):
            splitter.restoreState(saved)
    return isinstance(geometry, QByteArray)
