"""Private keys stay private: a full labeling run leaves no key material or passphrase in
logs, console output, exception texts, reports, support bundles or any file it writes.

The run goes through the real CLI entry point in this process (so every log record at
DEBUG and every exception is seen): identity create with a passphrase → label a picture
(the passphrase typed at a simulated terminal, once wrongly) → inspect --json → HTML
report → support bundle. Then everything is scanned for: PEM private-key markers, the
passphrase, the key's PKCS#8 body (base64 lines of the stored and the decrypted key), the
DER as hex, and the private number itself. File modes are checked on POSIX.
"""

from __future__ import annotations

import base64
import getpass
import logging
import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.core.paths import user_folders
from app.core.signing.identity_store import IdentityStore
from tests.helpers.cli import cli_in_process
from tests.helpers.signing import make_jpeg

PASSPHRASE = "correct horse battery staple 7431"
WRONG = "not the passphrase 2291"


def _cli(argv: list[str], capfd: pytest.CaptureFixture[str], transcript: list[str]) -> int:
    """One debug-logged run; what it printed joins `transcript`."""
    run = cli_in_process(capfd, "--log-level", "debug", *argv)
    transcript += [run.out, run.err]
    return run.code


@pytest.fixture
def labeling_run(
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[list[str], list[Path]]:
    """(every text the run produced, every file it wrote outside CREDLABEL_HOME)."""
    caplog.set_level(logging.DEBUG)
    transcript: list[str] = []
    secret_file = tmp_path / "passphrase.txt"
    secret_file.write_text(PASSPHRASE + "\n")
    created = ["identity", "create", "--name", "Jane Doe", "--passphrase-file", str(secret_file)]
    assert _cli(created, capfd, transcript) == 0
    secret_file.unlink()  # only the user's own file held it
    store = IdentityStore()
    default = store.default()
    assert default is not None
    store.forget_passphrase(default.id)  # as in a new session: the passphrase must be typed

    photo = make_jpeg(tmp_path / "photo.jpg", size=(320, 240))
    label = ["label", str(photo), "--ai", "partial", "-o", str(tmp_path / "photo.cr.jpg")]
    typed = iter([WRONG, PASSPHRASE])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    # The wrong passphrase first: a sentence, no key, and the question again; then the right one.
    assert _cli(label, capfd, transcript) == 0
    assert "does not unlock" in transcript[-1]
    assert next(typed, None) is None  # both answers were asked for
    copy = tmp_path / "photo.cr.jpg"
    assert copy.is_file()

    assert _cli(["inspect", "--json", "--detailed", "--certs", str(copy)], capfd, transcript) == 0
    report, bundle = tmp_path / "report.html", tmp_path / "bundle.zip"
    assert _cli(["report", str(copy), "-o", str(report)], capfd, transcript) == 0
    assert _cli(["report", str(copy), "--bundle", str(bundle)], capfd, transcript) == 0
    transcript += [caplog.text]
    transcript += [_exception_text(r) for r in caplog.records if r.exc_info]
    return transcript, [copy, report, bundle]


def _exception_text(record: logging.LogRecord) -> str:
    return logging.Formatter().formatException(record.exc_info) if record.exc_info else ""


def _key_file() -> Path:
    (key,) = user_folders().identities.glob("*/key.pem")
    return key


def _secrets() -> dict[str, bytes]:
    """Every form the key may leak in (encrypted and decrypted), plus the passphrase."""
    stored = _key_file().read_bytes()
    key = serialization.load_pem_private_key(stored, PASSPHRASE.encode())
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    found = {
        "PEM private key marker": b"PRIVATE KEY-----",
        "passphrase": PASSPHRASE.encode(),
        "wrong passphrase typed": WRONG.encode(),
        "key DER as hex": der.hex()[16:80].encode(),
        "key DER as base64": base64.b64encode(der)[24:88],
    }
    body = [line for line in stored.splitlines() if line and not line.startswith(b"-----")]
    for index, line in enumerate(body[1:-1]):  # whole 64-character lines of the stored key
        found[f"stored key line {index}"] = line
    if isinstance(key, ec.EllipticCurvePrivateKey):
        scalar = key.private_numbers().private_value
        found["private number (hex)"] = f"{scalar:x}".encode()
        found["private number (decimal)"] = str(scalar).encode()
    return found


def _written_files(extra: list[Path]) -> dict[str, bytes]:
    home = Path(os.environ["CREDLABEL_HOME"])
    files = {str(p): p.read_bytes() for p in home.rglob("*") if p.is_file()}
    for path in extra:
        files[str(path)] = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as bundle:
                for name in bundle.namelist():
                    files[f"{path}!{name}"] = bundle.read(name)
    return files


def test_no_key_material_or_passphrase_anywhere(
    labeling_run: tuple[list[str], list[Path]],
) -> None:
    transcript, outputs = labeling_run
    key_file = str(_key_file())
    secrets = _secrets()
    places = {f"text {i}": t.encode() for i, t in enumerate(transcript)}
    places |= {k: v for k, v in _written_files(outputs).items() if k != key_file}
    assert any(b"does not unlock" in v for v in places.values())  # the wrong one was told
    stored = _key_file().read_bytes()
    lines = [needle for name, needle in secrets.items() if name.startswith("stored key line")]
    assert lines and all(line in stored for line in lines)  # the needles are the real key
    leaks = [
        f"{what} in {where}"
        for where, data in places.items()
        for what, needle in secrets.items()
        if needle and needle in data
    ]
    assert leaks == []


def test_the_key_itself_is_encrypted(labeling_run: tuple[list[str], list[Path]]) -> None:
    stored = _key_file().read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in stored
    with pytest.raises((TypeError, ValueError)):
        serialization.load_pem_private_key(stored, None)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_identity_files_are_owner_only(labeling_run: tuple[list[str], list[Path]]) -> None:
    folders = user_folders()
    assert stat.S_IMODE(folders.data.stat().st_mode) == 0o700
    tree = [folders.identities, *folders.identities.rglob("*")]
    assert _key_file() in tree  # the key itself is among the files checked
    for path in tree:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
