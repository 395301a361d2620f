"""`credlabel label`/`batch` on the labeling service: the Preferences naming pattern, and
the service's questions answered by flags or at a real terminal (a pseudo-terminal)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.cli.exitcodes import ExitCode
from app.cli.main import main
from app.core.reading.credentials import read_file
from app.core.reading.trust import load_profile
from app.core.settings import load_settings, save_settings
from app.core.signing.identity_store import IdentityStore
from tests.conftest import ROOT
from tests.helpers.exports import make_picture
from tests.helpers.failing_tsa import failing_tsa
from tests.helpers.terminal_dialogue import converse


def _pattern(pattern: str) -> None:
    save_settings(replace(load_settings().settings, output_pattern=pattern))


def test_label_and_batch_follow_the_preferences_pattern(tmp_path: Path) -> None:
    _pattern("{stem}-labeled{ext}")
    photo = make_picture(tmp_path / "photo.jpg")
    assert main(["label", str(photo), "--ai", "none"]) == ExitCode.OK
    assert (tmp_path / "photo-labeled.jpg").is_file()
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    sources = [make_picture(tmp_path / d / "a.jpg") for d in ("x", "y")]
    assert main(["batch", *map(str, sources), "--out-dir", str(out), "-j", "1"]) == ExitCode.OK
    assert sorted(p.name for p in out.iterdir()) == ["a-labeled-2.jpg", "a-labeled.jpg"]
    # -o still decides.
    assert main(["label", str(photo), "-o", str(tmp_path / "mine.jpg")]) == ExitCode.OK
    assert (tmp_path / "mine.jpg").is_file()


@pytest.mark.allow_local_network
def test_a_timestamp_server_answering_500_is_a_sentence_without_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = IdentityStore()
    identity, _ = store.ensure_default("Stamp Tester")
    photo = make_picture(tmp_path / "photo.jpg")
    with failing_tsa("500") as url:
        store.set_timestamp_url(identity.id, url)
        code = main(["label", str(photo)])
        err = capsys.readouterr().err
        assert code == ExitCode.ERROR
        assert url in err and "--timestamp-optional" in err and "Library" not in err
        assert not (tmp_path / "photo.cr.jpg").exists()
        assert main(["label", str(photo), "--timestamp-optional"]) == ExitCode.OK
        assert "Signing without a timestamp" in capsys.readouterr().err
    report = read_file(tmp_path / "photo.cr.jpg", load_profile("local"))
    assert report.active is not None and report.active.signature is not None
    assert report.active.signature.time is None


@pytest.mark.allow_local_network
@pytest.mark.parametrize("command", ["label", "batch"])
def test_at_a_terminal_a_failing_timestamp_server_offers_signing_without(
    tmp_path: Path, command: str
) -> None:
    store = IdentityStore()
    identity, _ = store.ensure_default("Stamp Tester")
    photo = make_picture(tmp_path / "photo.jpg")
    out = tmp_path / "out"
    out.mkdir()
    args = [command, str(photo), "--trust", "local"]
    if command == "batch":
        args += ["--out-dir", str(out)]
    copy = (out if command == "batch" else tmp_path) / "photo.cr.jpg"
    with failing_tsa("500") as url:
        store.set_timestamp_url(identity.id, url)
        refused = converse(args, [("Sign without a timestamp? [y/N] ", b"n\n")], cwd=ROOT)
        assert refused.answered == 1, refused.output
        assert refused.code == ExitCode.ERROR and not copy.exists()
        agreed = converse(args, [("Sign without a timestamp? [y/N] ", b"y\n")], cwd=ROOT)
    assert agreed.answered == 1 and agreed.code == ExitCode.OK, agreed.output
    assert url in agreed.output and "Traceback" not in agreed.output
    assert copy.is_file()


def test_at_a_terminal_a_wrong_passphrase_is_asked_again(tmp_path: Path) -> None:
    locked = IdentityStore().create_local("Ann Lee", passphrase="correct horse")
    photo = make_picture(tmp_path / "photo.jpg")
    prompt = "Passphrase for “Ann Lee”: "
    run = converse(
        ["label", str(photo), "--identity", locked.id],
        [(prompt, b"wrong horse\n"), (prompt, b"correct horse\n")],
        cwd=ROOT,
    )
    assert run.answered == 2 and run.code == ExitCode.OK, run.output
    assert "does not unlock" in run.output
    assert (tmp_path / "photo.cr.jpg").is_file()


def test_passphrase_file_unlocks_without_a_terminal(tmp_path: Path) -> None:
    store = IdentityStore()
    locked = store.create_local("Ann Lee", passphrase="correct horse")
    store.forget_passphrase(locked.id)
    secret = tmp_path / "secret.txt"
    secret.write_text("correct horse\n")
    photo = make_picture(tmp_path / "photo.jpg")
    args = ["label", str(photo), "--identity", locked.id, "--passphrase-file", str(secret)]
    assert main(args) == ExitCode.OK


def test_at_a_terminal_a_taken_name_can_keep_both(tmp_path: Path) -> None:
    IdentityStore().ensure_default("Ann Lee")
    photo = make_picture(tmp_path / "photo.jpg")
    (tmp_path / "photo.cr.jpg").write_bytes(b"older")
    run = converse(["label", str(photo)], [("[s] ", b"k\n")], cwd=ROOT)
    assert run.answered == 1 and run.code == ExitCode.OK, run.output
    assert (tmp_path / "photo.cr.jpg").read_bytes() == b"older"
    assert (tmp_path / "photo.cr-2.jpg").is_file()
