"""The window in the chosen language: Qt's own dialogs and buttons too, right to left for
Arabic. Our sentences come from the gettext catalog (app.core.i18n); Qt's standard buttons
and dialogs (Cancel, Close, the file dialog) from the `qtbase_*.qm` catalogs Qt ships.
The window is built in one language; another one is spoken from the next start, which
`restart` offers to do at once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from app.core.i18n import Language, current_language


def apply_language(app: QApplication, language: Language | None = None) -> QTranslator | None:
    """Lay `app` out for `language` (default: the current one) and load Qt's catalog for it.
    Returns the installed translator (None: Qt ships none for it, or English)."""
    language = language or current_language()
    QLocale.setDefault(QLocale(language.code))
    direction = (
        Qt.LayoutDirection.RightToLeft if language.right_to_left else Qt.LayoutDirection.LeftToRight
    )
    app.setLayoutDirection(direction)
    old = getattr(app, "_credlabel_translator", None)
    if old is not None:
        app.removeTranslator(old)
        app._credlabel_translator = None  # type: ignore[attr-defined]
    if language.code == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language.code}", folder):
        return None
    app.installTranslator(translator)
    app._credlabel_translator = translator  # type: ignore[attr-defined]
    return translator


def restart_command(files: Sequence[Path] = ()) -> tuple[str, list[str]]:
    """The program and arguments that open the window again on `files`: the bundle's own
    executable, or this Python running `-m app`. No `--lang`: the new choice applies."""
    program = sys.executable
    start = [] if getattr(sys, "frozen", False) else ["-m", "app"]
    return program, [*start, "gui", *(str(f) for f in files)]


def restart(window: QWidget, files: Sequence[Path] = ()) -> bool:
    """Close `window` (it may still ask, e.g. about an unsaved label) and start CredLabel
    again on `files`. False: the window stayed open, nothing was started."""
    if not window.close():
        return False
    from PySide6.QtCore import QProcess  # only here: not set up for Python at every start

    program, arguments = restart_command(files)
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)
