"""The window's actions and menus: one place listing every command with its shortcut."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = QKeySequence.StandardKey


@dataclass
class WindowActions:
    open: QAction
    export: QAction
    cancel_export: QAction
    preferences: QAction
    quit: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_fit: QAction
    show_credentials: QAction
    show_details: QAction
    show_disclosure: QAction
    open_sample: QAction
    about: QAction
    recent_menu: QMenu


def _action(
    window: QMainWindow,
    text: str,
    shortcut: QKeySequence | Key | str,
    tip: str,
    slot: Callable[[], object],
) -> QAction:
    action = QAction(text, window)
    action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action


def build_actions(window: QMainWindow, slots: dict[str, Callable[[], object]]) -> WindowActions:
    """Create every action, wire it to `slots[name]`, and fill the menu bar."""
    a = WindowActions(
        open=_action(
            window, "&Open…", Key.Open, "Open a photo, video or audio file", slots["open"]
        ),
        export=_action(
            window, "&Export labeled copy…", "Ctrl+E", "Sign a labeled copy", slots["export"]
        ),
        cancel_export=_action(
            window, "&Cancel export", "Ctrl+.", "Stop the running export", slots["cancel_export"]
        ),
        preferences=_action(
            window, "&Preferences…", "Ctrl+,", "Identities, trust, naming", slots["preferences"]
        ),
        quit=_action(window, "&Quit", Key.Quit, "Quit CredLabel", slots["quit"]),
        zoom_in=_action(window, "Zoom &in", Key.ZoomIn, "Enlarge the preview", slots["zoom_in"]),
        zoom_out=_action(window, "Zoom &out", Key.ZoomOut, "Shrink the preview", slots["zoom_out"]),
        zoom_fit=_action(window, "&Fit to window", "Ctrl+0", "Fit the preview", slots["zoom_fit"]),
        show_credentials=_action(
            window, "&Credentials", "Ctrl+1", "Show the summary and history", slots["tab_0"]
        ),
        show_details=_action(
            window, "&Details", "Ctrl+2", "Codes, certificates, JSON", slots["tab_1"]
        ),
        show_disclosure=_action(
            window, "Disclose &AI use", "Ctrl+3", "Say how AI was used", slots["tab_2"]
        ),
        open_sample=_action(
            window, "Open &sample", "Ctrl+Shift+O", "Open a bundled sample", slots["sample"]
        ),
        about=_action(window, "&About CredLabel", Key.HelpContents, "Versions", slots["about"]),
        recent_menu=QMenu("Open &recent", window),
    )
    if a.quit.shortcut().isEmpty():
        a.quit.setShortcut(QKeySequence("Ctrl+Q"))
    if a.about.shortcut().isEmpty():
        a.about.setShortcut(QKeySequence("F1"))
    _fill_menus(window, a)
    return a


def _fill_menus(window: QMainWindow, a: WindowActions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(a.open)
    file_menu.addMenu(a.recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(a.export)
    file_menu.addAction(a.cancel_export)
    file_menu.addSeparator()
    file_menu.addAction(a.preferences)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    view_menu = bar.addMenu("&View")
    for action in (a.zoom_in, a.zoom_out, a.zoom_fit):
        view_menu.addAction(action)
    view_menu.addSeparator()
    for action in (a.show_credentials, a.show_details, a.show_disclosure):
        view_menu.addAction(action)
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a.open_sample)
    help_menu.addAction(a.about)
