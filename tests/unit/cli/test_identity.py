"""`credlabel identity ...`: works without a terminal, explains failures in one line, and never
prints a private key or a passphrase."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.x509.oid import ExtendedKeyUsageOID

from app.cli.exitcodes import ExitCode
from app.cli.main import main
from app.core.errors import IdentityError
from app.core.paths import user_folders
from app.core.signing import certificates as certs
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer
from tests.conftest import ROOT
from tests.helpers.certificates import build_chain
from tests.helpers.signing import make_jpeg

PASSPHRASE = "maple-lantern-77"


class Outputs:
    """Everything the CLI printed during a test, to scan for secrets at the end."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.seen: list[str] = []

    def run(self, *args: str) -> tuple[int, str, str]:
        return self.run_main("identity", *args)

    def run_main(self, *args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = self.capsys.readouterr()
        self.seen += [out, err]
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, _ = self.run(*args, "--json")
        assert code == ExitCode.OK
        return json.loads(out)

    def assert_no_secrets(self, *secrets: str) -> None:
        text = "\n".join(self.seen)
        assert "PRIVATE KEY" not in text
        for secret in secrets:
            assert secret not in text


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Outputs:
    return Outputs(capsys)


def test_create_list_show_export_delete(cli: Outputs, tmp_path: Path) -> None:
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    code, out, _ = cli.run(
        "create", "--name", "Jane Doe", "--algorithm", "ed25519", "--passphrase-file", str(passfile)
    )
    assert code == ExitCode.OK
    assert "Jane Doe" in out and "20 years" in out and "Trusted on this computer" in out
    [listed] = cli.json("list")["identities"]
    assert listed["name"] == "Jane Doe" and listed["algorithm"] == "Ed25519"
    assert listed["encrypted"] and listed["is_default"] and listed["kind"] == "local"
    shown = cli.json("show", listed["id"])
    assert len(shown["certificates"]) == 2 and shown["problems"] == []
    assert shown["certificates"][0]["subject"].endswith("CN=Jane Doe (CredLabel local identity)")
    assert shown["trust_anchor_here"] is True
    code, out, _ = cli.run("show", listed["id"])
    assert code == ExitCode.OK and "Signing certificate" in out and "Fingerprint" in out
    code, out, _ = cli.run("list")
    assert out.startswith("* ") and listed["id"] in out
    handout = tmp_path / "handout.pem"
    code, out, _ = cli.run("export-chain", listed["id"], "-o", str(handout))
    assert code == ExitCode.OK and handout.read_text().count("BEGIN CERTIFICATE") == 3
    code, _, err = cli.run("delete", listed["id"])  # stdin is not a terminal: no prompt
    assert code == ExitCode.ERROR and "--yes" in err
    code, out, _ = cli.run("delete", listed["id"], "--yes")
    assert code == ExitCode.OK and "no longer read as Trusted" in out
    assert cli.json("list")["identities"] == []
    key_files = [p.read_text() for p in IdentityStore().folder.rglob("key.pem")]
    cli.assert_no_secrets(PASSPHRASE, *(k.splitlines()[2] for k in key_files))


def test_create_takes_the_passphrase_from_the_environment(
    cli: Outputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREDLABEL_PASSPHRASE", PASSPHRASE)
    identity = cli.json("create", "--name", "Env Person")["identity"]
    assert identity["encrypted"] is True
    key_pem = (IdentityStore().folder / identity["id"] / "key.pem").read_text()
    assert key_pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    cli.assert_no_secrets(PASSPHRASE, key_pem.splitlines()[2])


def test_create_without_terminal_never_waits_for_input() -> None:
    """A real process with stdin closed: finishes, no passphrase, exit 0."""
    result = subprocess.run(
        [sys.executable, "-m", "app", "identity", "create", "--name", "Script User"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no passphrase" in result.stdout
    assert "Traceback" not in result.stderr


def test_import_pem_and_pkcs12(cli: Outputs, tmp_path: Path) -> None:
    chain = build_chain()
    chain_path, key_path = chain.write(tmp_path, password=PASSPHRASE)
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE)
    code, out, err = cli.run(
        "import", "--chain", str(chain_path), "--key", str(key_path), "--key-password-file", str(pw)
    )
    assert code == ExitCode.OK, err
    assert "Imported signing identity" in out
    p12 = tmp_path / "me.p12"
    p12.write_bytes(chain.pkcs12(PASSPHRASE))
    imported = cli.json(
        "import", "--pkcs12", str(p12), "--password-file", str(pw), "--name", "From P12"
    )["identity"]
    assert imported["name"] == "From P12" and imported["kind"] == "imported"
    assert len(cli.json("list")["identities"]) == 2
    cli.assert_no_secrets(PASSPHRASE, chain.key_pem().decode().splitlines()[2])


def test_broken_imports_give_one_sentence_each(cli: Outputs, tmp_path: Path) -> None:
    good = build_chain()
    chain_path, key_path = good.write(tmp_path, password=PASSPHRASE)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-password")
    (tmp_path / "expired").mkdir()
    expired_chain, expired_key = build_chain(days=(-400, -30)).write(tmp_path / "expired")
    p12 = tmp_path / "me.p12"
    p12.write_bytes(good.pkcs12(PASSPHRASE))
    attempts = [
        ("import", "--chain", str(chain_path), "--key", str(key_path)),  # no password
        (
            "import",
            "--chain",
            str(chain_path),
            "--key",
            str(key_path),
            "--key-password-file",
            str(wrong),
        ),
        ("import", "--chain", str(expired_chain), "--key", str(expired_key)),
        ("import", "--pkcs12", str(p12), "--password-file", str(wrong)),
        ("import", "--pkcs12", str(chain_path)),
        ("import", "--chain", str(chain_path)),
    ]
    errors = []
    for args in attempts:
        code, _out, err = cli.run(*args)
        assert code == ExitCode.ERROR, args
        assert err.startswith("credlabel: ") and err.count("\n") == 1, err
        assert "Traceback" not in err
        errors.append(err)
    assert len(set(errors)) == len(errors), errors
    assert cli.json("list")["identities"] == []
    cli.assert_no_secrets(PASSPHRASE, "not-the-password")


def test_set_default_set_timestamp_and_unknown_ids(cli: Outputs) -> None:
    first = cli.json("create", "--name", "One")["identity"]
    second = cli.json("create", "--name", "Two")["identity"]
    code, out, _ = cli.run("set-default", second["id"])
    assert code == ExitCode.OK and "Two" in out
    assert IdentityStore().default() is not None
    assert IdentityStore().get(second["id"]).is_default
    code, out, _ = cli.run("set-timestamp", first["id"], "http://tsa.example/")
    assert code == ExitCode.OK and "needs the network" in out
    assert IdentityStore().get(first["id"]).timestamp_url == "http://tsa.example/"
    code, out, _ = cli.run("set-timestamp", first["id"], "--off")
    assert code == ExitCode.OK and IdentityStore().get(first["id"]).timestamp_url is None
    code, _, err = cli.run("show", "nobody-000000")
    assert code == ExitCode.ERROR and "no signing identity" in err
    code, out, _ = cli.run("show", "nobody-000000", "--json")
    assert code == ExitCode.ERROR and "no signing identity" in json.loads(out)["error"]


def test_show_gives_both_fingerprints_and_never_the_key(cli: Outputs) -> None:
    identity = cli.json("create", "--name", "Print Person")["identity"]
    shown = cli.json("show", identity["id"])
    leaf = shown["certificates"][0]
    assert leaf["sha256_fingerprint"] == identity["fingerprint"]
    assert len(leaf["sha1_fingerprint"].split(":")) == 20
    assert leaf["algorithm"] == "ES256" and leaf["not_after"] > leaf["not_before"]
    code, out, _ = cli.run("show", identity["id"])
    assert code == ExitCode.OK and "sha1 fingerprint" in out and "20 years" in out
    key_pem = (IdentityStore().folder / identity["id"] / "key.pem").read_text()
    cli.assert_no_secrets(key_pem.splitlines()[1])


def test_a_damaged_identity_and_a_bare_command_give_sentences(cli: Outputs) -> None:
    identity = cli.json("create", "--name", "Damaged Person")["identity"]
    (IdentityStore().folder / identity["id"] / "chain.pem").unlink()
    code, _, err = cli.run("show", identity["id"])
    assert code == ExitCode.ERROR
    assert err.startswith("credlabel: ") and "damaged" in err and "Traceback" not in err
    code, _, err = cli.run()
    assert code == ExitCode.USAGE and "create" in err


def test_debug_logs_and_output_never_hold_a_key_or_passphrase(cli: Outputs, tmp_path: Path) -> None:
    """create, import and sign (`credlabel label`) at debug level: stdout, stderr and the
    log file name identities and fingerprints, never a key or a passphrase."""
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE)
    debug = ("--log-level", "debug")
    code, _, _ = cli.run_main(
        *debug, "identity", "create", "--name", "Log Person", "--passphrase-file", str(passfile)
    )
    assert code == ExitCode.OK
    chain = build_chain()
    chain_path, key_path = chain.write(tmp_path, password=PASSPHRASE)
    code, _, _ = cli.run_main(
        *debug,
        "identity",
        "import",
        "--chain",
        str(chain_path),
        "--key",
        str(key_path),
        "--key-password-file",
        str(passfile),
    )
    assert code == ExitCode.OK
    photo = make_jpeg(tmp_path / "photo.jpg")
    code, _, err = cli.run_main(*debug, "label", str(photo), "-o", str(tmp_path / "out.jpg"))
    assert code == ExitCode.OK, err
    log_text = user_folders().log_file.read_text(encoding="utf-8")
    assert "signer ready for identity" in log_text  # the log does record the signing
    cli.seen.append(log_text)
    store = IdentityStore()
    secrets = [PASSPHRASE]
    for identity in store.list():
        key = store.load_private_key(identity.id, PASSPHRASE)
        stored = (store.folder / identity.id / "key.pem").read_text()
        secrets += stored.splitlines()[1:-1] + certs.key_pem(key).decode().splitlines()[1:-1]
    cli.assert_no_secrets(*secrets)


class _Later(dt.datetime):
    """The clock 60 days from now: an imported 30-day certificate has expired."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _Later:
        later = dt.datetime.now(tz) + dt.timedelta(days=60)
        return cls.fromtimestamp(later.timestamp(), tz)


# A stand-in for the `datetime` module as the two modules that read the clock import it.
_LATER_CLOCK = SimpleNamespace(datetime=_Later, UTC=dt.UTC, timedelta=dt.timedelta)


def test_a_certificate_that_expired_after_import_is_shown_and_refused(
    cli: Outputs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chain_path, key_path = build_chain(days=(-1, 30)).write(tmp_path)
    identity = cli.json("import", "--chain", str(chain_path), "--key", str(key_path))["identity"]
    code, out, _ = cli.run("list")
    assert code == ExitCode.OK and "expires" in out and "EXPIRED" not in out
    monkeypatch.setattr("app.cli.identity_cmd.dt", _LATER_CLOCK)
    monkeypatch.setattr("app.core.signing.certificate_checks.dt", _LATER_CLOCK)
    code, out, _ = cli.run("list")
    assert "EXPIRED" in out and "cannot sign" in out
    with pytest.raises(IdentityError) as refused:
        make_signer(identity["id"])
    assert "cannot sign" in refused.value.sentence and "expired on" in refused.value.sentence
    code, out, _ = cli.run("show", identity["id"])
    assert "Problem: The signing certificate expired on" in out


def test_a_refused_certificate_lists_every_problem_at_once(cli: Outputs, tmp_path: Path) -> None:
    chain = build_chain(self_signed=True, leaf_ca=True, eku=[ExtendedKeyUsageOID.SERVER_AUTH])
    chain_path, key_path = tmp_path / "self.pem", tmp_path / "self.key"
    chain_path.write_bytes(certs.pem_of(chain.leaf))
    key_path.write_bytes(chain.key_pem())
    code, _, err = cli.run("import", "--chain", str(chain_path), "--key", str(key_path))
    assert code == ExitCode.ERROR
    lines = err.splitlines()
    assert "self-signed" in lines[0]
    assert any("CA:TRUE" in line for line in lines[1:])
    assert any("serverAuth" in line for line in lines[1:])
    assert all(line.startswith("credlabel: Also: ") for line in lines[1:])
    code, out, _ = cli.run("import", "--chain", str(chain_path), "--key", str(key_path), "--json")
    payload = json.loads(out)
    assert "self-signed" in payload["error"] and len(payload["more_problems"]) == len(lines) - 1
