"""One look per validation state: the window's badge, `credlabel inspect` and the HTML report
show each state with the same glyph and words (and the report in the badge's colour), on
real signed, tampered, plain and unreadable files read by the real library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.trust import DEFAULT_PROFILE, load_profile
from app.core.reports.html_report import render_html
from app.core.reports.wording import STATE_STYLES, state_style
from app.gui.credentials_panel import SummaryCard
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file


@pytest.fixture(scope="module")
def state_files(tmp_path_factory: pytest.TempPathFactory) -> dict[ValidationState, Path]:
    folder = tmp_path_factory.mktemp("states")
    chain, key, _ = make_test_chain(folder)
    plain = make_jpeg(folder / "plain.jpg")
    signed = folder / "signed.jpg"
    sign_file(plain, signed, chain, key, created_manifest("s", "trainedAlgorithmicMedia", "Gen"))
    data = bytearray(signed.read_bytes())
    data[-10] ^= 0xFF
    tampered = folder / "tampered.jpg"
    tampered.write_bytes(bytes(data))
    text = folder / "notes.txt"
    text.write_text("just words")
    trusted = folder / "trusted" / "signed.jpg"  # read with the test root trusted
    trusted.parent.mkdir()
    trusted.write_bytes(signed.read_bytes())
    return {
        ValidationState.NO_CREDENTIALS: plain,
        ValidationState.INVALID: tampered,
        ValidationState.VALID_UNTRUSTED: signed,
        ValidationState.TRUSTED: trusted,
        ValidationState.COULD_NOT_READ: text,
    }


def _anchors(state: ValidationState, path: Path) -> list[Path]:
    return [path.parent.parent / "root.pem"] if state is ValidationState.TRUSTED else []


def _cli_state(path: Path, anchors: list[Path], capsys: pytest.CaptureFixture[str]) -> str:
    args = ["inspect", str(path)] + [f"--trust-anchors={a}" for a in anchors]
    main(args)
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if x.lstrip().startswith("State:")]
    return line.split(":", 1)[1].strip()


def _html_state(html: str) -> tuple[str, str]:
    found = re.search(r'<p class="state" style="color:(#[0-9a-f]{6})">([^<]*)</p>', html)
    assert found is not None, html
    return found.group(1), found.group(2)


HEADLINES = {
    ValidationState.NO_CREDENTIALS: "No Content Credentials",
    ValidationState.INVALID: "Tampered: the content changed after signing",
    ValidationState.VALID_UNTRUSTED: "Valid, signer not recognized",
    ValidationState.TRUSTED: "Trusted — issuer you added as a trust anchor",
    ValidationState.COULD_NOT_READ: "Could not read",
}


@pytest.mark.parametrize("state", list(ValidationState), ids=lambda s: s.value)
def test_window_cli_and_report_show_a_state_alike(
    state: ValidationState, state_files, capsys, qtbot
) -> None:
    path = state_files[state]
    anchors = _anchors(state, path)
    report = read_file(path, load_profile(DEFAULT_PROFILE, user_anchor_files=anchors))
    assert report.state is state  # the fixture really is in this state
    look = state_style(state)

    card = SummaryCard()
    qtbot.addWidget(card)
    card.set_report(report)
    badge = card.badge.text()

    shown_cli = _cli_state(path, anchors, capsys)
    colour, shown_html = _html_state(render_html(report, include_thumbnails=False, versions={}))

    # One source of words: the state's glyph, then why it is invalid / who vouches.
    assert badge == shown_cli == shown_html == f"{look.glyph} {HEADLINES[state]}"
    assert card.badge.background == colour == look.colour


def test_each_state_has_its_own_glyph_and_colour() -> None:
    assert len({s.glyph for s in STATE_STYLES.values()}) == len(ValidationState)
    assert len({s.colour for s in STATE_STYLES.values()}) == len(ValidationState)
