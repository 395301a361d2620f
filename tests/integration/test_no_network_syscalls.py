"""Reading never opens a network socket: checked at the system-call level, not only in Python.

The suite's Python guard (`tests/conftest.py`, `no_network`) cannot see what the native c2pa
library does: resolving a CAWG identity's `did:web` issuer made it look up and connect to a
host named in the file. Here the real app runs in a subprocess inside a network namespace of
its own (`unshare -n`: nothing can leave the machine even if a check fails) under
`strace -f`, and the log must show no internet socket (`AF_INET`/`AF_INET6`) being created,
connected or sent to. Unix sockets (D-Bus, X11) are fine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import CORPUS_MISSING, ROOT, corpus_dir
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file

SUBPROCESS_LIMIT_S = 600  # a hang guard, not a timing assertion
CAWG_DID_WEB = "rs_adobe_connected_identities.jpg"  # its identity issuer is a did:web
CAWG_DID_JWK = "rs_cawg_ica_success.jpg"  # an identity that can be checked offline
TRACED_CALLS = "socket,connect,sendto,sendmsg"
# Any traced call whose line names an internet address family (IPv4 or IPv6).
_INTERNET = re.compile(r"\b(socket|connect|sendto|sendmsg)\(.*\bAF_INET6?\b")


@cache
def _namespace_command() -> tuple[str, ...] | None:
    """`unshare -n` (or `-rn` for a user without the right) when it works here."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    for command in ((unshare, "-n"), (unshare, "-r", "-n")):
        probe = subprocess.run([*command, "true"], capture_output=True)
        if probe.returncode == 0:
            return command
    return None


def _requirements() -> tuple[str, ...]:
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (apt-get install strace)")
    namespace = _namespace_command()
    if namespace is None:
        pytest.skip("unshare is missing or may not create a network namespace here")
    probe = subprocess.run([strace, "-o", os.devnull, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"strace may not trace processes here: {probe.stderr.decode()[:200]}")
    return (*namespace, strace)


def traced(log: Path) -> list[str]:
    """The command prefix: a network namespace of its own, strace writing to `log`."""
    *namespace, strace = _requirements()
    return [*namespace, strace, "-f", "-qq", "-e", f"trace={TRACED_CALLS}", "-o", str(log)]


def internet_calls(log: Path) -> list[str]:
    """The lines of an `strace -o` log that create or use an internet socket."""
    return [line for line in log.read_text().splitlines() if _INTERNET.search(line)]


def run_offline(
    args: Sequence[str], folder: Path, name: str
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """`python -m app ARGS` in its own network namespace under strace: (result, bad calls)."""
    log = folder / f"{name}.strace"
    command = [*traced(log), sys.executable, "-m", "app", *args]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        command,
        cwd=folder,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_LIMIT_S,
    )
    assert log.is_file(), result.stderr
    return result, internet_calls(log)


@pytest.fixture
def corpus_files() -> list[Path]:
    folder = corpus_dir()
    if folder is None:
        pytest.skip(CORPUS_MISSING)
    return sorted(p for p in (folder / "files").iterdir() if p.is_file())


@pytest.fixture
def own_fixtures(tmp_path: Path) -> list[Path]:
    """The bundled samples and a file signed here, as the project's tests make them."""
    chain, key, _ = make_test_chain(tmp_path)
    signed = tmp_path / "signed.jpg"
    manifest = created_manifest("signed", "trainedAlgorithmicMedia", "Gen")
    sign_file(make_jpeg(tmp_path / "plain.jpg"), signed, chain, key, manifest)
    samples = sorted((ROOT / "resources" / "samples").glob("*.*"))
    return [*samples, tmp_path / "plain.jpg", signed]


def _cawg_file(corpus_files: list[Path], name: str) -> Path:
    for path in corpus_files:
        if path.name == name:
            return path
    pytest.skip(f"corpus file {name} is absent")


def test_inspecting_every_corpus_file_and_fixture_opens_no_internet_socket(
    corpus_files: list[Path], own_fixtures: list[Path], tmp_path: Path
) -> None:
    files = [*corpus_files, *own_fixtures]
    result, calls = run_offline(["inspect", "--json", *map(str, files)], tmp_path, "inspect")
    assert calls == [], "reading went online:\n" + "\n".join(calls[:20])
    reports = json.loads(result.stdout)["files"]
    assert len(reports) == len(files), result.stderr  # every file was really read


def test_the_offline_identity_is_explained_without_calling_the_file_tampered(
    corpus_files: list[Path], tmp_path: Path
) -> None:
    cawg = _cawg_file(corpus_files, CAWG_DID_WEB)
    result, calls = run_offline(["inspect", "--json", str(cawg)], tmp_path, "identity")
    assert calls == [], "reading the did:web identity went online:\n" + "\n".join(calls)
    status = json.loads(result.stdout)["files"][0]["status"]
    identity = next(s for s in status if s["code"] == "cawg.ica.did_unavailable")
    words = f"{identity['explanation']} {identity['what_to_do']}"
    assert "creator's identity could not be checked offline" in words
    assert "does not mean the file was changed" in words
    assert "tamper" not in words.lower()
    assert "online verifier" in identity["what_to_do"]


def test_a_report_of_the_identity_file_opens_no_internet_socket(
    corpus_files: list[Path], tmp_path: Path
) -> None:
    cawg = _cawg_file(corpus_files, CAWG_DID_WEB)
    out = tmp_path / "report.html"
    result, calls = run_offline(["report", str(cawg), "-o", str(out)], tmp_path, "report")
    assert calls == [], "the report went online:\n" + "\n".join(calls)
    assert out.is_file(), result.stdout + result.stderr
    assert "could not be checked offline" in out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_labeling_files_with_identities_opens_no_internet_socket(
    corpus_files: list[Path], tmp_path: Path
) -> None:
    # No timestamp server is configured: signing, like reading, must stay offline. The
    # did:web file's own credentials fail offline, so CredLabel refuses to label it (after
    # reading it with the Builder too); the did:jwk one is labeled and re-read.
    for name in (CAWG_DID_WEB, CAWG_DID_JWK):
        source = _cawg_file(corpus_files, name)
        out = tmp_path / f"labeled-{name}"
        args = ["label", str(source), "--ai", "partial", "-o", str(out)]
        result, calls = run_offline(args, tmp_path, f"label-{name}")
        assert calls == [], f"labeling {name} went online:\n" + "\n".join(calls)
        assert result.returncode == 0 or "did not pass its check" in result.stderr, result.stderr
    assert (tmp_path / f"labeled-{CAWG_DID_JWK}").is_file()


@pytest.mark.slow
def test_the_window_showing_the_identity_file_opens_no_internet_socket(
    corpus_files: list[Path], tmp_path: Path
) -> None:
    cawg = _cawg_file(corpus_files, CAWG_DID_WEB)
    shot = tmp_path / "window.png"
    result, calls = run_offline(["gui", str(cawg), "--self-test", str(shot)], tmp_path, "gui")
    assert calls == [], "the window went online:\n" + "\n".join(calls)
    assert shot.is_file() and result.returncode == 0, result.stderr


def test_the_strace_check_sees_an_internet_socket(tmp_path: Path) -> None:
    """The check itself can fail: a process that opens a UDP socket is caught (the
    namespace has no route, so the datagram goes nowhere)."""
    log = tmp_path / "probe.strace"
    code = "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()"
    subprocess.run(
        [*traced(log), sys.executable, "-c", code], check=True, timeout=SUBPROCESS_LIMIT_S
    )
    assert len(internet_calls(log)) == 1
