"""Support bundles: the expected members, no key material, no home path or user name, and
a bundle opens again as the report the creator saw."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.core.credentials import read_file
from app.core.paths import user_folders
from app.core.report_json import report_to_dict
from app.core.support_bundle import BundleError, read_bundle, write_bundle
from app.core.trust import load_profile
from tests.helpers_signing import created_manifest, make_jpeg, make_test_chain, sign_file

USER = "alicecreator"
EXPECTED = {
    "manifest.json",
    "summary.json",
    "detailed.json",
    "validation.json",
    "media.json",
    "versions.json",
    "trust_profile.json",
    "settings.json",
    "log.txt",
    "report.html",
}


@pytest.fixture
def creator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A creator's machine: a home named after the user, a local identity (with its private
    key), settings, a log that (wrongly) holds a key, and a signed picture in Pictures."""
    home = tmp_path / "home" / USER
    (home / "Pictures").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for name in ("USER", "LOGNAME", "USERNAME", "LNAME"):
        monkeypatch.setenv(name, USER)
    folders = user_folders().ensure()
    identity = folders.identities / "me"
    identity.mkdir(parents=True)
    chain, key, root = make_test_chain(identity)
    signed = home / "Pictures" / f"{USER} holiday.jpg"
    manifest = created_manifest("holiday", "compositeWithTrainedAlgorithmicMedia", "Fill")
    sign_file(make_jpeg(tmp_path / "plain.jpg"), signed, chain, key, manifest)
    folders.settings_file.write_text(
        json.dumps({"recent_files": [str(signed)], "passphrase": "hunter2-secret"}),
        encoding="utf-8",
    )
    folders.log_file.write_text(
        f"INFO opened {signed}\nDEBUG oops {key.decode()}\nINFO done\n", encoding="utf-8"
    )
    return {"home": home, "signed": signed, "key": key, "root": root}


def _texts(bundle: Path) -> dict[str, str]:
    with zipfile.ZipFile(bundle) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist()}


def _key_lines(key_pem: bytes) -> list[str]:
    return [line for line in key_pem.decode().splitlines() if line and "-----" not in line]


def test_bundle_members_and_no_secrets(creator: dict[str, Any], tmp_path: Path) -> None:
    out = write_bundle(creator["signed"], tmp_path / "b.zip", profile=load_profile("local"))
    texts = _texts(out)
    assert set(texts) == EXPECTED
    everything = "\n".join(texts.values())
    assert "PRIVATE KEY" not in everything
    for line in _key_lines(creator["key"]):
        assert line not in everything
    assert "hunter2-secret" not in everything
    assert str(creator["home"]) not in everything
    assert USER not in everything.lower()
    summary = json.loads(texts["summary.json"])
    assert summary["file"] == "~/Pictures/<user> holiday.jpg"
    assert summary["state"] == "trusted"  # the local profile trusts the identity's root
    assert "<private key removed>" in texts["log.txt"]
    assert "INFO done" in texts["log.txt"]


def test_trust_profile_has_fingerprints_not_certificates(
    creator: dict[str, Any], tmp_path: Path
) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    out = write_bundle(creator["signed"], tmp_path / "b.zip", profile=load_profile("local"))
    profile = json.loads(_texts(out)["trust_profile.json"])
    root = x509.load_pem_x509_certificate(creator["root"])
    assert profile["anchors"] == [
        {
            "subject": root.subject.rfc4514_string(),
            "sha256": root.fingerprint(hashes.SHA256()).hex(":"),
        }
    ]
    assert "BEGIN CERTIFICATE" not in json.dumps(profile)
    assert profile["sources"] and all(s.endswith("root.pem") for s in profile["sources"])


def _without_thumbnails(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_thumbnails(v) for k, v in value.items() if k != "thumbnail"}
    if isinstance(value, list):
        return [_without_thumbnails(v) for v in value]
    return value


def test_bundle_opens_as_the_report_the_creator_saw(
    creator: dict[str, Any], tmp_path: Path
) -> None:
    profile = load_profile("local")
    out = write_bundle(creator["signed"], tmp_path / "b.zip", profile=profile)
    view = read_bundle(out)
    original = report_to_dict(read_file(creator["signed"], profile))
    rebuilt = report_to_dict(view.report)
    original["file"] = rebuilt["file"]  # redacted in the bundle
    assert _without_thumbnails(rebuilt) == _without_thumbnails(original)
    assert view.report.ai.tools == ("Fill",)
    assert view.index["redacted"] is True
    assert view.versions["c2pa-rs"]
    assert view.settings is not None and view.settings["passphrase"] == "<removed>"
    assert "Contains AI-generated elements" in view.html()
    assert view.report.raw_json is not None  # the library's own view came back too


def test_no_redaction_when_asked(creator: dict[str, Any], tmp_path: Path) -> None:
    out = write_bundle(
        creator["signed"], tmp_path / "b.zip", profile=load_profile("none"), redact_home=False
    )
    texts = _texts(out)
    assert str(creator["signed"]) in texts["summary.json"]
    assert "PRIVATE KEY" not in "\n".join(texts.values())  # keys go whatever is asked


def test_bundle_of_a_corpus_file(corpus_file, tmp_path: Path) -> None:
    out = write_bundle(
        corpus_file("pt_adobe-20220124-E-dat-CA.jpg"), tmp_path / "b.zip", profile=None
    )
    view = read_bundle(out)
    assert view.report.state.value == "invalid"
    codes = {s["code"] for s in view.validation["status"]}
    assert "assertion.dataHash.mismatch" in codes
    assert view.validation["validation_results"]["activeManifest"]["failure"]
    assert "settings.json" not in _texts(out)  # no settings file on this machine


def test_not_a_bundle(tmp_path: Path) -> None:
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(BundleError, match="not a CredLabel support bundle"):
        read_bundle(other)
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK not really")
    with pytest.raises(BundleError, match="not a CredLabel support bundle"):
        read_bundle(junk)


def test_report_cli_bundle(creator: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "case.zip"
    run = subprocess.run(
        [sys.executable, "-m", "app", "report", str(creator["signed"]), "--bundle", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert set(_texts(out)) == EXPECTED
    html = tmp_path / "seen.html"
    again = subprocess.run(
        [sys.executable, "-m", "app", "report", str(out), "-o", str(html)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert "Contains AI-generated elements" in html.read_text(encoding="utf-8")
