"""`credlabel identity request | complete | check`: from a certificate request to a CA-issued
identity whose labeled copies read Trusted where its root is trusted, and nowhere else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from app.cli.exitcodes import ExitCode
from app.cli.main import main
from app.core.signing.certificate_request import CLAIM_SIGNING
from app.core.signing.identity_store import IdentityStore
from tests.helpers.certificates import TestCA, build_chain
from tests.helpers.cli import run_cli
from tests.helpers.signing import make_jpeg

PASSPHRASE = "quiet-harbour-41"


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.seen: list[str] = []

    def run(self, *args: object) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        self.seen += [out, err]
        return code, out, err

    def json(self, *args: object) -> Any:
        code, out, err = self.run(*args, "--json")
        assert code == ExitCode.OK, err
        return json.loads(out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


def request(cli: Cli, tmp_path: Path, *extra: object) -> tuple[str, Path]:
    csr = tmp_path / "jane.csr"
    made = cli.json(
        "identity", "request", "--name", "Jane Doe", "--organization", "Doe Photo",
        "--email", "jane@example.org", "--country", "DE", "-o", csr, *extra,
    )  # fmt: skip
    return made["pending"]["id"], csr


def test_request_complete_and_a_copy_trusted_only_with_the_root(cli: Cli, tmp_path: Path) -> None:
    ident, csr = request(cli, tmp_path, "--no-passphrase")
    note = (tmp_path / "jane-what-to-send.txt").read_text()
    assert "jane.csr" in note and "1.3.6.1.4.1.62558.2.1" in note and "emailProtection" in note
    assert f"credlabel identity complete {ident}" in note
    code, out, _ = cli.run("identity", "list")
    assert code == ExitCode.OK and ident in out and "waiting for certificate" in out
    [waiting] = cli.json("identity", "list")["pending"]
    assert waiting["id"] == ident and waiting["status"] == "waiting for certificate"

    ca = TestCA.make("Acme Trust")
    issued, root = tmp_path / "issued.pem", tmp_path / "root.pem"
    issued.write_bytes(ca.chain_pem(ca.issue(csr.read_bytes())))
    root.write_bytes(ca.root_pem)
    done = cli.json("identity", "complete", ident, "--chain", issued, "--trust-anchors", root)
    assert done["verdict"]["test_copy_state"] == "Trusted"
    assert done["identity"]["id"] == ident and done["identity"]["is_default"]
    listed = cli.json("identity", "list")
    assert listed["pending"] == [] and [i["id"] for i in listed["identities"]] == [ident]

    photo = make_jpeg(tmp_path / "photo.jpg")
    copy = tmp_path / "photo.cr.jpg"
    code, _, err = cli.run("label", photo, "--ai", "none", "-o", copy, "--trust", "none")
    assert code == ExitCode.OK, err
    code, out, _ = cli.run("inspect", copy, "--trust", "none", "--trust-anchors", root)
    assert code == ExitCode.OK and "Trusted" in out and "not recognized" not in out
    code, out, _ = cli.run("inspect", copy, "--trust", "none")
    assert "signer not recognized" in out
    assert all("PRIVATE KEY" not in text for text in cli.seen)


def test_complete_refuses_a_chain_without_the_eku(cli: Cli, tmp_path: Path) -> None:
    ident, csr = request(cli, tmp_path, "--no-passphrase")
    ca = TestCA.make()
    issued = tmp_path / "issued.pem"
    issued.write_bytes(ca.chain_pem(ca.issue(csr.read_bytes(), eku=[])))
    code, _, err = cli.run("identity", "complete", ident, "--chain", issued)
    assert code == ExitCode.ERROR
    assert "The signing certificate has no extended key usage" in err
    assert "Traceback" not in err
    assert [p["id"] for p in cli.json("identity", "list")["pending"]] == [ident]


def test_complete_refuses_a_chain_for_another_key(cli: Cli, tmp_path: Path) -> None:
    ident, _ = request(cli, tmp_path, "--no-passphrase")
    other = tmp_path / "other.pem"
    other.write_bytes(build_chain(leaf_name="Somebody Else").chain_pem)
    code, _, err = cli.run("identity", "complete", ident, "--chain", other)
    assert code == ExitCode.ERROR
    assert "were not issued for the request “Jane Doe”" in err


def test_check_gives_the_verdict_without_importing(cli: Cli, tmp_path: Path) -> None:
    chain = build_chain(eku=[CLAIM_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION])
    chain_file, key_file = chain.write(tmp_path / "mine")
    root = tmp_path / "root.pem"
    root.write_bytes(chain.root_pem)
    code, out, _ = cli.run("identity", "check", "--chain", chain_file, "--key", key_file,
                           "--trust", "none")  # fmt: skip
    assert code == ExitCode.OK and "signer not recognized" in out
    p12 = tmp_path / "mine.p12"
    p12.write_bytes(chain.pkcs12(None))
    verdict = cli.json("identity", "check", "--pkcs12", p12, "--trust", "none",
                       "--trust-anchors", root)["verdict"]  # fmt: skip
    assert verdict["test_copy_state"] == "Trusted"
    assert IdentityStore().list() == []


def test_check_refuses_a_server_certificate(cli: Cli, tmp_path: Path) -> None:
    chain = build_chain(eku=[ExtendedKeyUsageOID.SERVER_AUTH])
    chain_file, key_file = chain.write(tmp_path / "tls")
    code, out, _ = cli.run("identity", "check", "--chain", chain_file, "--key", key_file)
    assert code == ExitCode.ERROR
    assert "cannot sign Content Credentials" in out and "serverAuth" in out


def test_a_request_with_a_passphrase_needs_it_to_complete(tmp_path: Path) -> None:
    # Real processes: nothing remembered between them, and no terminal to ask on.
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n")
    csr = tmp_path / "jane.csr"
    made = run_cli("identity", "request", "--name", "Jane", "-o", csr,
                   "--passphrase-file", passfile, "--json")  # fmt: skip
    assert made.returncode == 0, made.stderr
    ident = json.loads(made.stdout)["pending"]["id"]
    assert json.loads(made.stdout)["pending"]["encrypted"] is True
    ca = TestCA.make()
    issued = tmp_path / "issued.pem"
    issued.write_bytes(ca.chain_pem(ca.issue(csr.read_bytes())))
    locked = run_cli("identity", "complete", ident, "--chain", issued)
    assert locked.returncode == ExitCode.ERROR and "protected by a passphrase" in locked.stderr
    done = run_cli("identity", "complete", ident, "--chain", issued, "--passphrase-file", passfile)
    assert done.returncode == 0, done.stderr
    assert "Completed signing identity" in done.stdout
    for text in (made.stdout, made.stderr, done.stdout, done.stderr):
        assert PASSPHRASE not in text and "PRIVATE KEY" not in text


def test_a_waiting_request_can_be_deleted(cli: Cli, tmp_path: Path) -> None:
    ident, _ = request(cli, tmp_path, "--no-passphrase")
    code, _, err = cli.run("identity", "delete", ident)
    assert code == ExitCode.ERROR and "Add --yes" in err
    code, out, _ = cli.run("identity", "delete", ident, "--yes")
    assert code == ExitCode.OK and "Deleted the certificate request" in out
    assert cli.json("identity", "list")["pending"] == []


def test_an_existing_csr_file_is_not_replaced(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "jane.csr").write_text("mine")
    code, _, err = cli.run("identity", "request", "--name", "Jane", "-o", tmp_path / "jane.csr",
                           "--no-passphrase")  # fmt: skip
    assert code == ExitCode.ERROR and "Traceback" not in err
    assert (tmp_path / "jane.csr").read_text() == "mine"
    assert cli.json("identity", "list")["pending"] == []  # no key left behind


def test_the_csr_subject_is_what_was_typed(cli: Cli, tmp_path: Path) -> None:
    _, csr = request(cli, tmp_path, "--no-passphrase")
    subject = x509.load_pem_x509_csr(csr.read_bytes()).subject.rfc4514_string()
    assert "CN=Jane Doe" in subject and "O=Doe Photo" in subject and "C=DE" in subject


def test_a_waiting_request_cannot_sign_and_says_why(cli: Cli, tmp_path: Path) -> None:
    ident, _ = request(cli, tmp_path, "--no-passphrase")
    photo = make_jpeg(tmp_path / "photo.jpg")
    code, _, err = cli.run("label", photo, "--ai", "none", "--identity", ident)
    assert code == ExitCode.ERROR
    assert "still waiting for its certificate" in err and f"identity complete {ident}" in err
    assert not (tmp_path / "photo.cr.jpg").exists()


def test_the_request_is_named_after_its_id_by_default(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = cli.json("identity", "request", "--name", "Ana Lima", "--no-passphrase")
    ident = made["pending"]["id"]
    assert Path(made["request_file"]) == tmp_path / f"{ident}.csr"
    assert (tmp_path / f"{ident}.csr").read_bytes().startswith(b"-----BEGIN CERTIFICATE REQUEST")
    assert (tmp_path / f"{ident}-what-to-send.txt").is_file()
