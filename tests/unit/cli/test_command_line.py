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


def test_inspect_loads_only_its_own_command() -> None:
    """`credlabel inspect` imports neither the labeling nor the signing code (it did, via
    every other command's module, which cost it about half its run time)."""
    import subprocess
    import sys

    from app.core.resources import AI_LABELED_SAMPLE, resource_path
    from tests.conftest import ROOT

    code = (
        "import sys\n"
        "from app.start import main\n"
        f"code = main(['inspect', {str(resource_path('samples', AI_LABELED_SAMPLE))!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('app.core.labeling', "
        "'app.core.signing', 'app.cli.label_cmd', 'app.cli.batch_cmd')))\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "LOADED []" in done.stdout, done.stdout[-500:] + done.stderr[-500:]
