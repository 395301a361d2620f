"""A screenshot test per main screen, on a real X display at 1024×700 (a classroom
projector): every text whole and the key lines of each screen inside the window.

Screens: the start, each state on real corpus files (Trusted, signer not recognized,
invalid certificate, tampered, no credentials, could not read), the disclosure tab, the
export result, What viewers show, the compare window, the user guide, and every tab of
Preferences in German, Japanese and Arabic (right to left). Each screen is also
saved as a PNG under pytest's temporary folder for a person to look at. Runs under Xvfb from
tests/integration/test_window_smoke.py (marked x11); skipped on the offscreen platform, whose
fonts and window frames are not a desktop's.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from app.core.i18n import set_language
from app.core.labeling.disclosure import AiUse
from app.core.model import ValidationState
from app.core.resources import plain_sample
from app.core.settings import Settings
from app.core.signing.identity_store import IdentityStore
from app.gui.main_window import TAB_DISCLOSURE, TAB_VIEWERS, MainWindow
from app.gui.preferences_dialog import PreferencesDialog
from app.gui.services import CoreServices
from app.gui.translation import apply_language
from tests.helpers.gui_stubs import StubDialogs
from tests.helpers.text_fit import cut_texts
from tests.helpers.window import open_and_wait, wait_idle

pytestmark = [
    pytest.mark.x11,
    pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise"),
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb",
        reason="screens are judged on a real X display (tests/integration/"
        "test_window_smoke.py runs this file under Xvfb)",
    ),
]

SIZE = (1024, 700)
TIMEOUT = 60_000


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    win = MainWindow(dialogs=StubDialogs())
    qtbot.addWidget(win)
    win.resize(*SIZE)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.runner.shutdown()


def inside(widget: QWidget, window: QWidget) -> bool:
    """Whether all of `widget` is drawn within `window`."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


def check_screen(window: QWidget, name: str, key: list[QWidget], shots: Path) -> None:
    window.grab().save(str(shots / f"{name}.png"))
    assert (window.width(), window.height()) == SIZE, f"{name}: the window grew"
    assert cut_texts(window, leave_out=("historyTree",)) == [], name
    for widget in key:
        assert widget.isVisible(), f"{name}: {widget.objectName()} is not shown"
        assert inside(widget, window), f"{name}: {widget.objectName()} is outside the window"


def key_lines(win: MainWindow, *, badge: bool = True) -> list[QWidget]:
    """What must always be in view: the AI choice and Export (and, on the Credentials tab,
    the state badge)."""
    bar = win.labeling_bar
    always: list[QWidget] = [*bar.buttons.values(), win.export_flow.bar.export_button]
    return [win.credentials.card.badge, *always] if badge else always


@pytest.fixture
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screens")


STATES = [
    ("trusted", "rs_cai.jpg", ValidationState.TRUSTED),
    ("not-recognized", "ms_cards_trusted.jpg", ValidationState.VALID_UNTRUSTED),
    ("invalid-certificate", "ms_cards_expired_without_timestamp.jpg", ValidationState.INVALID),
    ("tampered", "pt_adobe-20220124-E-dat-CA.jpg", ValidationState.INVALID),
    (
        "could-not-read",
        "js_PirateShip_save_credentials_to_cloud.jpg",
        ValidationState.COULD_NOT_READ,
    ),
]


def test_the_start_screen_fits(window, shots) -> None:
    check_screen(
        window, "start", [window.labeling_bar, window.export_flow.bar.export_button], shots
    )


@pytest.mark.corpus
@pytest.mark.parametrize("screen", STATES, ids=[s[0] for s in STATES])
def test_each_state_on_a_real_file_fits(qtbot, window, shots, corpus_file, screen) -> None:
    name, file, state = screen
    open_and_wait(qtbot, window, corpus_file(file))
    assert window.report is not None and window.report.state is state
    check_screen(window, name, key_lines(window), shots)


def test_no_credentials_disclosure_and_export_result_fit(qtbot, window, shots, tmp_path) -> None:
    source = Path(shutil.copy(plain_sample(), tmp_path / "holiday.jpg"))
    open_and_wait(qtbot, window, source)
    check_screen(window, "no-credentials", key_lines(window), shots)
    window.tabs.setCurrentIndex(TAB_DISCLOSURE)
    window.disclosure.set_ai_use(AiUse.PARTIAL)
    window.disclosure.add_tool("Adobe Firefly")
    wait_idle(qtbot, window)
    check_screen(window, "disclose", key_lines(window, badge=False), shots)
    window.dialogs.save_answers.append(tmp_path / "holiday.cr.jpg")
    window.actions_.export.trigger()
    qtbot.waitUntil(lambda: not window.export_flow.running, timeout=TIMEOUT)
    assert window.export_flow.last_result is not None
    bar = window.export_flow.bar
    check_screen(window, "exported", [bar.status, bar.export_button], shots)
    window.tabs.setCurrentIndex(TAB_VIEWERS)
    check_screen(window, "viewers", key_lines(window, badge=False), shots)


def test_the_compare_window_and_the_guide_fit(qtbot, window, shots) -> None:
    sample = plain_sample()
    window.workshop.show_comparison(sample, sample, "What was done to it")
    compare = window.workshop.compare_window
    assert compare is not None
    qtbot.waitUntil(lambda: compare.result is not None, timeout=TIMEOUT)
    compare.grab().save(str(shots / "compare.png"))
    assert cut_texts(compare) == []
    screen = compare.screen().availableGeometry()
    assert screen.contains(compare.frameGeometry())
    window.actions_.guide.trigger()
    guide = window.help_window
    assert guide is not None
    guide.grab().save(str(shots / "guide.png"))
    assert cut_texts(guide) == [] and screen.contains(guide.frameGeometry())


@pytest.fixture
def speak(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """`speak(code)`: the window speaks `code` from now on (English again afterwards)."""

    def choose(code: str) -> None:
        set_language(code)
        apply_language(qapp)

    yield choose
    choose("en")


@pytest.mark.parametrize("code", ["de", "ja", "ar"])
def test_every_tab_of_preferences_fits_in_german_japanese_and_arabic(
    qtbot, speak, window, shots, code
) -> None:
    speak(code)
    IdentityStore().create_local("Alice")
    dialog = PreferencesDialog(Settings(), CoreServices(), StubDialogs(), window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert (dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft) == (code == "ar")
    screen = dialog.screen().availableGeometry()
    ok = dialog.findChild(QDialogButtonBox)
    assert ok is not None
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        wait_idle(qtbot, window)
        dialog.grab().save(str(shots / f"preferences-{code}-{index}.png"))
        where = f"{code} {dialog.tabs.tabText(index)}"
        assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1], where
        assert screen.contains(dialog.frameGeometry()), where
        assert cut_texts(dialog) == [], where
        assert inside(ok, dialog), where
    dialog.close()
