"""A file can never drive the terminal: every file-derived string the CLI prints is inert.

The fixture is a really signed picture whose manifest (tool name, title, creator, app) and
signing certificate carry terminal escapes — cursor-up plus a fake "State: Trusted", clear
screen, a window-title OSC, hidden text, a C1 CSI, bidi overrides, zero-width characters,
a newline — and then has one picture byte changed, so its true state is Invalid. Each
command runs in a real process, on pipes and on a real pseudo-terminal; no byte that a
terminal would obey may come out, the escapes must be shown, and the State line must
still say Invalid.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from app.core.terminal_text import json_text, visible
from tests.conftest import ROOT
from tests.helpers.signing import IPTC, created_manifest, make_jpeg, make_test_chain, sign_file

FAKE_STATE = "\x1b[5A\r  State:         Trusted"
TOOL = f"Fill{FAKE_STATE}"
TITLE = "\x1b[2J\x1b]0;pwned\x07holiday"
CREATOR = "\x1b[8mhidden\x1b[28m \u202eevil\u202c\nState: Trusted"
APP = "Cam\x9b31mera\u2066x\u2069\u200b"
ORG = "Evil\x1b[31m Org\u202e"
# What a terminal would obey: C0 controls but newline/CR/tab of our own layout, DEL, C1,
# and format characters (bidi overrides and isolates, zero-width).
ALLOWED_CONTROLS = set("\n\r")


def acting(text: str) -> list[str]:
    return [
        c
        for c in text
        if c not in ALLOWED_CONTROLS and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
    ]


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Path]:
    """A signed picture full of escapes, and a copy with one picture byte changed."""
    keys = tmp_path / "keys"
    keys.mkdir()
    chain, key, _root = make_test_chain(keys, org=ORG)
    action = {
        "action": "c2pa.created",
        "softwareAgent": {"name": TOOL},
        "digitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia",
    }
    manifest = {
        "claim_generator_info": [{"name": APP, "version": "1"}],
        "title": TITLE,
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": [action]}},
            {
                "label": "stds.schema-org.CreativeWork",
                "data": {"@type": "CreativeWork", "author": [{"name": CREATOR}]},
            },
        ],
    }
    signed = tmp_path / "signed.jpg"
    picture = make_jpeg(tmp_path / "plain.jpg", (160, 120))
    part = make_jpeg(tmp_path / "part.jpg", color="red")
    _sign_with_ingredient(picture, signed, chain, key, manifest, part=part)
    data = bytearray(signed.read_bytes())
    data[-40] ^= 0xFF  # a byte of the picture (scan data, before the end marker)
    tampered = tmp_path / "tampered.jpg"
    tampered.write_bytes(bytes(data))
    plain = tmp_path / "plain.cr.jpg"
    sign_file(tmp_path / "plain.jpg", plain, chain, key, created_manifest("plain"))
    return {"signed": signed, "tampered": tampered, "plain": plain, "key": keys}


def _sign_with_ingredient(
    src: Path, dst: Path, chain: bytes, key: bytes, manifest: dict[str, Any], *, part: Path
) -> None:
    """Sign `src` with the real library, `part` as an ingredient titled TITLE."""
    import c2pa

    info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, key, None)
    builder = c2pa.Builder(json.dumps(manifest))
    with part.open("rb") as stream:
        ingredient = {"title": TITLE, "relationship": "componentOf"}
        builder.add_ingredient(json.dumps(ingredient), "image/jpeg", stream)
    with src.open("rb") as source, dst.open("wb") as dest:
        builder.sign(c2pa.Signer.from_info(info), "image/jpeg", source, dest)


def run_piped(*args: str) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, cwd=ROOT, check=False
    )
    return run.returncode, (run.stdout + run.stderr).decode("utf-8")


def run_on_pty(*args: str) -> tuple[int, str]:
    """Run `python -m app ARGS` with a real pseudo-terminal as stdin/stdout/stderr."""
    argv = [sys.executable, "-m", "app", *args]
    pid, master = pty.fork()
    if pid == 0:  # the child: exec at once
        os.chdir(ROOT)
        os.execvpe(argv[0], argv, os.environ)
    chunks: list[bytes] = []
    while True:
        readable, _, _ = select.select([master], [], [], 60)
        if not readable:
            os.kill(pid, 9)
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child has gone and closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    os.close(master)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8")


def assert_inert(output: str) -> None:
    assert acting(output) == [], output
    assert "\\x1b[5A" in output  # shown, not obeyed


def state_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.lstrip().startswith("State:")]


@pytest.mark.parametrize("runner", [run_piped, run_on_pty], ids=["pipes", "pty"])
def test_inspect_shows_escapes_and_the_true_state(hostile: dict[str, Path], runner) -> None:
    code, out = runner("inspect", str(hostile["tampered"]), "--tree", "--certs", "--detailed")
    assert code == 4, out  # invalid
    assert_inert(out)
    assert state_lines(out) == ["State:         ✖ Tampered: the content changed after signing"]
    assert "\\x1b[8mhidden" in out
    assert "\\x1b[2J\\x1b]0;pwned\\x07holiday [componentOf]" in out  # the history tree
    assert "\\u202eevil\\u202c\\nState: Trusted" in out  # the newline too: one field, one line
    assert "Cam\\x9b31mera\\u2066x\\u2069\\u200b" in out
    assert "Evil\\x1b[31m Org\\u202e" in out  # the certificate subject is file data too


@pytest.mark.parametrize("runner", [run_piped, run_on_pty], ids=["pipes", "pty"])
def test_diff_and_label_are_inert(hostile: dict[str, Path], runner, tmp_path: Path) -> None:
    code, out = runner("diff", str(hostile["plain"]), str(hostile["tampered"]))
    assert code == 1, out
    assert_inert(out)
    named = tmp_path / "evil\x1b[2J\u202ename.jpg"  # a file name is file data as well
    named.write_bytes(hostile["signed"].read_bytes())
    code, out = runner("label", str(named), "--trust", "none", "--ai", "partial")
    assert code == 0, out
    assert acting(out) == [], out
    assert "evil\\x1b[2J\\u202ename.cr.jpg" in out


def test_batch_and_inspect_errors_are_inert(hostile: dict[str, Path], tmp_path: Path) -> None:
    named = tmp_path / "bad\x1b[2J\x07name.jpg"
    named.write_bytes(b"not a picture at all")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out = run_on_pty("batch", str(named), "--out-dir", str(out_dir), "--trust", "none")
    assert code == 1, out
    assert acting(out) == [], out
    assert "bad\\x1b[2J\\x07name.jpg" in out
    code, out = run_on_pty("inspect", str(named))
    assert acting(out) == [], out
    assert "bad\\x1b[2J\\x07name.jpg" in out


def test_identity_names_from_certificates_are_inert(hostile: dict[str, Path]) -> None:
    keys = hostile["key"]
    code, out = run_on_pty(
        "identity", "import", "--chain", str(keys / "chain.pem"), "--key", str(keys / "key.pem"),
        "--no-passphrase", "--name", "Ann\x1b[2J\u202eLee",
    )  # fmt: skip
    assert code == 0, out
    assert acting(out) == [], out
    assert "Evil\\x1b[31m Org\\u202e" in out and "Ann\\x1b[2J\\u202eLee" in out
    code, out = run_on_pty("identity", "list")
    assert code == 0 and acting(out) == [], out
    assert "Ann\\x1b[2J\\u202eLee" in out


def test_json_output_stays_escaped_and_parses(hostile: dict[str, Path], tmp_path: Path) -> None:
    for args in (
        ["inspect", "--json", str(hostile["tampered"])],
        ["diff", "--json", str(hostile["plain"]), str(hostile["tampered"])],
    ):
        run = subprocess.run(
            [sys.executable, "-m", "app", *args], capture_output=True, cwd=ROOT, check=False
        )
        text = run.stdout.decode("utf-8")
        assert acting(text) == [], text
        assert "\\u001b[5A" in text
        json.loads(text)  # still the same JSON to a parser
    data = json.loads(run_piped("inspect", "--json", str(hostile["tampered"]))[1])
    manifest = next(iter(data["files"][0]["manifests"].values()))
    assert manifest["title"] == TITLE  # the data itself is unchanged, only written safely


def test_visible_and_json_text() -> None:
    assert visible("plain text, café → ok") == "plain text, café → ok"
    assert visible("a\x1b[2Jb\tc\nd\x7f\x9b\u202e\u200b\U000e0041") == (
        "a\\x1b[2Jb\\tc\\nd\\x7f\\x9b\\u202e\\u200b\\U000e0041"
    )
    assert visible(os.fsdecode(b"bad\xffname")) == "bad\\xffname"  # undecodable byte
    text = json_text({"t": "x\x1b\x9b\u202e\U000e0041 café"})
    assert acting(text) == [] and "café" in text
    assert json.loads(text) == {"t": "x\x1b\x9b\u202e\U000e0041 café"}
