"""The preferences dialog: identities with a default, trust profile, output naming."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from app.core.i18n import LANGUAGES
from app.core.settings import Settings, load_settings
from app.core.signing.identity_store import IdentityStore
from app.gui.main_window import MainWindow
from app.gui.preferences_dialog import PreferencesDialog
from app.gui.services import CoreServices
from app.gui.translation import restart, restart_command
from tests.conftest import ROOT
from tests.helpers.gui_stubs import StubDialogs


def test_preferences_change_default_identity_trust_and_naming(qtbot) -> None:
    """The real identity store (in this test's own user folders)."""
    store = IdentityStore()
    alice = store.create_local("Alice")
    bob = store.create_local("Bob")
    dialogs = StubDialogs()
    dialog = PreferencesDialog(Settings(), CoreServices(), dialogs, parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    texts = [dialog.identities.item(i).text() for i in range(dialog.identities.count())]
    assert texts == ["Alice (local)  — default", "Bob (local)"]
    dialog.identities.setCurrentRow(1)
    dialog.make_default.click()
    default = store.default()
    assert default is not None and default.id == bob.id
    assert dialog.identities.item(1).text() == "Bob (local)  — default"
    dialog.identities.setCurrentRow(1)
    dialog.timestamp.setText("http://tsa.example.test")
    dialog.timestamp.editingFinished.emit()
    assert store.get(bob.id).timestamp_url == "http://tsa.example.test"
    assert store.get(alice.id).timestamp_url is None
    dialog.profile.setCurrentIndex(dialog.profile.findData("c2pa-test"))
    dialog.pattern.setText("{stem}-labeled{ext}")
    assert dialog.example.text() == "photo.jpg → photo-labeled.jpg"
    result = dialog.result_settings()
    assert result.trust_profile == "c2pa-test"
    assert result.output_pattern == "{stem}-labeled{ext}"
    assert result.default_identity == bob.id
    assert dialog.trust_changed
    assert dialogs.errors == []


def test_the_creator_name_preference_is_stated_in_preferences(qtbot) -> None:
    dialog = PreferencesDialog(Settings(), CoreServices(), StubDialogs(), parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.creator_name.text() == ""
    assert dialog.result_settings().creator_name is None  # nothing offered unless stated
    dialog.creator_name.setText("  Grace Hopper ")
    assert dialog.result_settings().creator_name == "Grace Hopper"


def test_the_language_list_names_each_language_in_itself_after_system_default(qtbot) -> None:
    dialog = PreferencesDialog(Settings(), CoreServices(), StubDialogs(), parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    names = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert names[0] == "System default (English)"  # the tests' environment is English
    assert names[1:] == [language.name for language in LANGUAGES.values()]
    assert "Deutsch" in names and "العربية" in names and "日本語" in names
    assert dialog.result_settings().language is None  # nothing chosen: the system's


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_german_chosen_in_preferences_is_saved_and_spoken_at_the_next_start(qtbot) -> None:
    """Through the real window and dialog: choose Deutsch, OK, "Later"; the settings file
    says `de`, and a new CredLabel process (the real start-up) shows German menus although
    its environment asks for English."""
    dialogs = StubDialogs()
    dialogs.confirm_answer = False  # "Later"
    win = MainWindow(dialogs=dialogs)
    qtbot.addWidget(win)

    def choose_german() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog)
        dialog.language.setCurrentIndex(dialog.language.findData("de"))
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, choose_german)
    win.show_preferences()
    assert dialogs.confirm_questions == [
        "CredLabel will speak Deutsch the next time it starts. Restart now? "
        "The file you have open is opened again."
    ]
    assert load_settings().settings.language == "de"
    assert menu_titles(win) == ["&File", "&View", "&Tools", "&Help"]  # this window: unchanged
    win.close()
    shown = next_start_menus()
    assert shown == "&Datei|&Ansicht|&Werkzeuge|&Hilfe"


def menu_titles(win: MainWindow) -> list[str]:
    return [action.text() for action in win.menuBar().actions()]


_NEXT_START = """
from app.cli.main import main

def show(files, **options):
    from PySide6.QtWidgets import QApplication
    from app.gui.main_window import MainWindow
    app = QApplication([])
    win = MainWindow()
    print("|".join(action.text() for action in win.menuBar().actions()))
    win.close()
    return 0

raise SystemExit(main(["gui"], open_window=show))
"""


def next_start_menus() -> str:
    """The menu titles of a window started the way `credlabel` starts it, in a new process
    (same user folders: this test's CREDLABEL_HOME; LANGUAGE=en from tests/conftest.py)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _NEXT_START],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_restart_now_is_offered_only_when_the_language_changes(qtbot) -> None:
    dialogs = StubDialogs()
    dialogs.confirm_answer = True  # "Restart now"
    dialog = PreferencesDialog(Settings(), CoreServices(), dialogs, parent=None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))  # what it speaks now
    dialog.accept()
    assert dialogs.confirm_questions == [] and not dialog.restart_now
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    dialog.accept()
    assert "العربية" in dialogs.confirm_questions[0]
    assert dialog.restart_now


def test_the_restart_opens_the_window_again_on_the_same_file_without_lang() -> None:
    program, arguments = restart_command([Path("/photos/cat.jpg")])
    assert program == sys.executable
    assert arguments == ["-m", "app", "gui", "/photos/cat.jpg"]


class _Busy(QWidget):
    """A window that refuses to close (as the main window does while the user keeps an
    unfinished label)."""

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


def test_no_restart_when_the_window_stays_open(qtbot) -> None:
    busy = _Busy()
    qtbot.addWidget(busy)
    busy.show()
    assert restart(busy, [Path("photo.jpg")]) is False
    assert busy.isVisible()
