"""The window's actions and menus: one place listing every command with its shortcut."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = QKeySequence.StandardKey


@dataclass
class WorkshopActions:
    """Compare, tamper demo, viewers, reports, support bundles, batch labeling, samples."""

    compare: QAction
    tamper: QAction
    viewers: QAction
    save_report: QAction
    save_bundle: QAction
    open_bundle: QAction
    batch: QAction
    open_plain_sample: QAction


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
    guide: QAction
    about: QAction
    recent_menu: QMenu
    workshop: WorkshopActions | None = None  # the Tools menu and its File/Help entries


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
    action.setObjectName(text.replace("&", "").replace("…", "").strip())
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
            window,
            "Open &sample (AI-labeled)",
            "Ctrl+Shift+O",
            "Open the bundled sample signed as entirely AI-generated",
            slots["sample"],
        ),
        guide=_action(
            window,
            "&User guide",
            Key.HelpContents,
            "What the states mean, how to label, how to run a workshop",
            slots["guide"],
        ),
        about=_action(window, "&About CredLabel", "Ctrl+F1", "Versions", slots["about"]),
        recent_menu=QMenu("Open &recent", window),
    )
    if a.quit.shortcut().isEmpty():
        a.quit.setShortcut(QKeySequence("Ctrl+Q"))
    if a.guide.shortcut().isEmpty():
        a.guide.setShortcut(QKeySequence("F1"))
    if "compare" in slots:
        a.workshop = _workshop_actions(window, slots)
    _fill_menus(window, a)
    return a


def _workshop_actions(
    window: QMainWindow, slots: dict[str, Callable[[], object]]
) -> WorkshopActions:
    return WorkshopActions(
        compare=_action(
            window,
            "&Compare with…",
            "Ctrl+Shift+C",
            "Compare this file with another",
            slots["compare"],
        ),
        tamper=_action(
            window,
            "&Tamper demo…",
            "Ctrl+Shift+T",
            "Make a tampered copy (the original is never touched) and compare",
            slots["tamper"],
        ),
        viewers=_action(
            window,
            "What &viewers will show",
            "Ctrl+4",
            "What C2PA viewers and platforms show, based on published behaviour",
            slots["viewers"],
        ),
        save_report=_action(
            window,
            "Save &report…",
            "Ctrl+Shift+R",
            "Save a printable report (PDF or HTML)",
            slots["save_report"],
        ),
        save_bundle=_action(
            window,
            "Save support &bundle…",
            "Ctrl+Shift+B",
            "Save a zip for support staff (no keys; home folder hidden)",
            slots["save_bundle"],
        ),
        open_bundle=_action(
            window,
            "Open support b&undle…",
            "Ctrl+Shift+U",
            "See what a creator saw, from their support bundle",
            slots["open_bundle"],
        ),
        batch=_action(
            window,
            "&Batch label…",
            "Ctrl+Shift+L",
            "Label many files with one disclosure",
            slots["batch"],
        ),
        open_plain_sample=_action(
            window,
            "Open sample &without credentials",
            "Ctrl+Alt+O",
            "Open the bundled sample that has no Content Credentials yet",
            slots["plain_sample"],
        ),
    )


def _fill_menus(window: QMainWindow, a: WindowActions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(a.open)
    file_menu.addMenu(a.recent_menu)
    file_menu.addSeparator()
    w = a.workshop
    if w is not None:
        file_menu.addAction(w.open_bundle)
    file_menu.addSeparator()
    file_menu.addAction(a.export)
    file_menu.addAction(a.cancel_export)
    if w is not None:
        file_menu.addAction(w.batch)
        file_menu.addAction(w.save_report)
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
    if w is not None:
        tools_menu = bar.addMenu("&Tools")
        for action in (w.compare, w.tamper, w.viewers):
            tools_menu.addAction(action)
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a.guide)
    help_menu.addSeparator()
    help_menu.addAction(a.open_sample)
    if w is not None:
        help_menu.addAction(w.open_plain_sample)
        help_menu.addSeparator()
        help_menu.addAction(w.save_bundle)
    help_menu.addAction(a.about)
