"""The command line itself: a mistyped command and a missing desktop get a sentence.

Before, `credlabel trsut` opened the window on a "file" called trsut, and without a desktop
Qt aborted with a paragraph about platform plugins (exit 134, or 0).
"""

from __future__ import annotations

import pytest

from tests.helpers.cli import run_cli


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [(["trsut"], None), (["inspekt", "photo.jpg"], "inspect"), (["lable"], "label")],
)
def test_a_mistyped_command_is_named_and_nothing_opens(
    typed: list[str], suggested: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)  # a window would abort here
    monkeypatch.delenv("DISPLAY", raising=False)
    done = run_cli(*typed)
    assert done.returncode == 2, done.stderr
    assert f"no command or file named “{typed[0]}”" in done.stderr
    assert "inspect, label" in done.stderr  # the commands there are
    if suggested:
        assert f"Did you mean “{suggested}”?" in done.stderr
    assert "Traceback" not in done.stderr and "plugin" not in done.stderr


def test_without_a_desktop_the_window_says_so_in_one_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    done = run_cli("photo.jpg")
    assert done.returncode == 1
    assert "needs a graphical desktop" in done.stderr
    assert "credlabel --help" in done.stderr
    assert "plugin" not in done.stderr and "Traceback" not in done.stderr
