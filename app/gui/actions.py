"""The window's actions and menus: one place listing every command with its shortcut."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from app.core.i18n import N_, _

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
    """`text` and `tip` are English (marked with N_): shown translated, while the object
    name stays the English words so tests and support staff find the action in any language."""
    action = QAction(_(text), window)
    action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(_(tip))
    action.setStatusTip(_(tip))
    action.setObjectName(text.replace("&", "").replace("…", "").strip())
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action


def build_actions(window: QMainWindow, slots: dict[str, Callable[[], object]]) -> WindowActions:
    """Create every action, wire it to `slots[name]`, and fill the menu bar."""
    a = WindowActions(
        open=_action(
            window, N_("&Open…"), Key.Open, N_("Open a photo, video or audio file"), slots["open"]
        ),
        export=_action(
            window,
            N_("&Export labeled copy…"),
            "Ctrl+E",
            N_("Sign a labeled copy"),
            slots["export"],
        ),
        cancel_export=_action(
            window,
            N_("&Cancel export"),
            "Ctrl+.",
            N_("Stop the running export"),
            slots["cancel_export"],
        ),
        preferences=_action(
            window,
            N_("&Preferences…"),
            "Ctrl+,",
            N_("Identities, trust, naming"),
            slots["preferences"],
        ),
        quit=_action(window, N_("&Quit"), Key.Quit, N_("Quit CredLabel"), slots["quit"]),
        zoom_in=_action(
            window, N_("Zoom &in"), Key.ZoomIn, N_("Enlarge the preview"), slots["zoom_in"]
        ),
        zoom_out=_action(
            window, N_("Zoom &out"), Key.ZoomOut, N_("Shrink the preview"), slots["zoom_out"]
        ),
        zoom_fit=_action(
            window, N_("&Fit to window"), "Ctrl+0", N_("Fit the preview"), slots["zoom_fit"]
        ),
        show_credentials=_action(
            window, N_("&Credentials"), "Ctrl+1", N_("Show the summary and history"), slots["tab_0"]
        ),
        show_details=_action(
            window, N_("&Details"), "Ctrl+2", N_("Codes, certificates, JSON"), slots["tab_1"]
        ),
        show_disclosure=_action(
            window, N_("Disclose &AI use"), "Ctrl+3", N_("Say how AI was used"), slots["tab_2"]
        ),
        open_sample=_action(
            window,
            N_("Open &sample (AI-labeled)"),
            "Ctrl+Shift+O",
            N_("Open the bundled sample signed as entirely AI-generated"),
            slots["sample"],
        ),
        guide=_action(
            window,
            N_("&User guide"),
            Key.HelpContents,
            N_("What the states mean, how to label, how to run a workshop"),
            slots["guide"],
        ),
        about=_action(window, N_("&About CredLabel"), "Ctrl+F1", N_("Versions"), slots["about"]),
        recent_menu=QMenu(_("Open &recent"), window),
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
            N_("&Compare with…"),
            "Ctrl+Shift+C",
            N_("Compare this file with another"),
            slots["compare"],
        ),
        tamper=_action(
            window,
            N_("&Tamper demo…"),
            "Ctrl+Shift+T",
            N_("Make a tampered copy (the original is never touched) and compare"),
            slots["tamper"],
        ),
        viewers=_action(
            window,
            N_("What &viewers will show"),
            "Ctrl+4",
            N_("What C2PA viewers and platforms show, based on published behaviour"),
            slots["viewers"],
        ),
        save_report=_action(
            window,
            N_("Save &report…"),
            "Ctrl+Shift+R",
            N_("Save a printable report (PDF or HTML)"),
            slots["save_report"],
        ),
        save_bundle=_action(
            window,
            N_("Save support &bundle…"),
            "Ctrl+Shift+B",
            N_("Save a zip for support staff (no keys; home folder hidden)"),
            slots["save_bundle"],
        ),
        open_bundle=_action(
            window,
            N_("Open support b&undle…"),
            "Ctrl+Shift+U",
            N_("See what a creator saw, from their support bundle"),
            slots["open_bundle"],
        ),
        batch=_action(
            window,
            N_("&Batch label…"),
            "Ctrl+Shift+L",
            N_("Label many files with one disclosure"),
            slots["batch"],
        ),
        open_plain_sample=_action(
            window,
            N_("Open sample &without credentials"),
            "Ctrl+Alt+O",
            N_("Open the bundled sample that has no Content Credentials yet"),
            slots["plain_sample"],
        ),
    )


def _fill_menus(window: QMainWindow, a: WindowActions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu(_("&File"))
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
    view_menu = bar.addMenu(_("&View"))
    for action in (a.zoom_in, a.zoom_out, a.zoom_fit):
        view_menu.addAction(action)
    view_menu.addSeparator()
    for action in (a.show_credentials, a.show_details, a.show_disclosure):
        view_menu.addAction(action)
    if w is not None:
        tools_menu = bar.addMenu(_("&Tools"))
        for action in (w.compare, w.tamper, w.viewers):
            tools_menu.addAction(action)
    help_menu = bar.addMenu(_("&Help"))
    help_menu.addAction(a.guide)
    help_menu.addSeparator()
    help_menu.addAction(a.open_sample)
    if w is not None:
        help_menu.addAction(w.open_plain_sample)
        help_menu.addSeparator()
        help_menu.addAction(w.save_bundle)
    help_menu.addAction(a.about)
