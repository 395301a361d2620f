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

from app.core.i18n import current_language, set_language, speaking
from app.core.paths import user_folders
from app.core.reading.credentials import read_file
from app.core.reading.trust import DEFAULT_PROFILE, load_profile
from app.core.reports.bundle_choices import choices_lines
from app.core.reports.json_report import report_to_dict
from app.core.reports.support_bundle import BundleError, read_bundle, write_bundle
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file

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
    "choices.json",
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
    assert profile["public_lists"] == []


def test_trust_profile_names_the_public_lists_in_force(creator: dict[str, Any], tmp_path) -> None:
    out = write_bundle(creator["signed"], tmp_path / "b.zip", profile=load_profile(DEFAULT_PROFILE))
    profile = json.loads(_texts(out)["trust_profile.json"])
    lists = {item["key"]: item for item in profile["public_lists"]}
    assert lists["c2pa"]["count"] == 30 and lists["c2pa"]["next_update"].startswith("2027-08-05")
    assert not lists["interim-anchors"]["updated"]
    assert len(profile["anchors"]) == 1  # only this computer's root is listed by fingerprint


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


DISPLAY_NAMES = {
    "al": "Al Bundy",
    "id": "Ida Dee",
    "e": "E Ekstrom",
    "json": "Jason Son",
    "true": "True Believer",
}


@pytest.fixture(params=sorted(DISPLAY_NAMES))
def short_login(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """A machine whose login name is a short common word (`al`, `id`, `e`, `json`,
    `true`): a file the user signed with their own identity, a second identity, recent
    files and a log that names them all."""
    import getpass

    from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
    from app.core.labeling.export import export_labeled_copy
    from app.core.signing import identity_files as identity_store
    from app.core.signing.identity_store import IdentityStore
    from app.core.signing.signer import make_signer

    login = request.param
    display = DISPLAY_NAMES[login]
    home = tmp_path / "home" / login
    (home / "Pictures").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(getpass, "getuser", lambda: login)
    monkeypatch.setattr(identity_store, "account_name", lambda: display)
    store = IdentityStore()
    mine = store.create_local(display)
    other = store.create_local("Peggy Wanker")
    source = make_jpeg(home / "Pictures" / f"{login} holiday.jpg")
    disclosure = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool.parse("Fill"),))
    signed = export_labeled_copy(source, disclosure, make_signer(mine, store=store)).dest
    secret = home / "Documents" / "Secret plans.jpg"
    folders = user_folders().ensure()
    folders.settings_file.write_text(
        json.dumps(
            {
                "recent_files": [str(signed), str(secret)],
                "last_folder": str(secret.parent),
                "default_identity": mine.id,
                "extra_trust_anchors": [str(home / "roots" / f"{login}.pem")],
                "output_pattern": "{stem}.cr{ext}",
            }
        ),
        encoding="utf-8",
    )
    folders.log_file.write_text(
        f"INFO opened {signed}\nINFO opened {secret}\n"
        f"INFO signer ready for identity {mine.id} (ES256, {mine.fingerprint})\n"
        f"INFO created local signing identity {other.id}\n"
        f"INFO hello {display}, {other.name}\n"
        "INFO state valid_untrusted, timestamp: True, application/json, id=3, e.g. fine\n",
        encoding="utf-8",
    )
    return {
        "login": login, "display": display, "home": home, "signed": signed,
        "mine": mine, "other": other,
    }  # fmt: skip


def test_short_login_names_redact_as_whole_tokens_and_reopen_the_same(
    short_login: dict[str, Any], tmp_path: Path
) -> None:
    login, signed = short_login["login"], short_login["signed"]
    profile = load_profile("local")
    out = write_bundle(signed, tmp_path / "b.zip", profile=profile)
    original = read_file(signed, profile)
    view = read_bundle(out)
    rebuilt = view.report
    # The report support sees is the creator's: state, verdict, codes, signer.
    assert rebuilt.state == original.state
    assert rebuilt.ai == original.ai
    assert [s.code for s in rebuilt.status] == [s.code for s in original.status]
    assert rebuilt.active is not None and original.active is not None
    assert rebuilt.active.signature == original.active.signature
    theirs, ours = report_to_dict(original), report_to_dict(rebuilt)
    assert ours.pop("file") == "~/Pictures/<user> holiday.cr.jpg"
    theirs.pop("file")
    assert _without_thumbnails(ours) == _without_thumbnails(theirs)
    texts = _texts(out)
    assert json.loads(texts["summary.json"])["state"] == "trusted"
    log = texts["log.txt"]
    # Our own words and the library's survive, even those the login name hides in.
    assert "state valid_untrusted, timestamp: True, application/json, id=3, e.g. fine" in log
    assert "INFO opened ~/Pictures/<user> holiday.cr.jpg" in log
    assert "INFO opened <recent file>" in log
    assert "identity <identity> (ES256" in log
    assert "hello <identity>, <identity>" in log  # the display name is an identity name too
    everything = "\n".join(texts.values())
    assert str(short_login["home"]) not in everything
    assert "Secret plans" not in everything
    assert "Peggy" not in everything and short_login["other"].id not in everything
    assert short_login["mine"].id not in everything
    for name in ("log.txt", "settings.json", "trust_profile.json", "manifest.json"):
        assert short_login["display"] not in texts[name], name
        assert f"/{login}/" not in texts[name] and f"{login} holiday" not in texts[name]


def test_what_support_does_not_need_is_left_out(
    short_login: dict[str, Any], tmp_path: Path
) -> None:
    out = write_bundle(short_login["signed"], tmp_path / "b.zip", profile=load_profile("local"))
    view = read_bundle(out)
    assert view.settings is not None
    assert "recent_files" not in view.settings and "last_folder" not in view.settings
    assert "default_identity" not in view.settings
    assert view.settings["extra_trust_anchors"] == ["~/roots/<user>.pem"]
    assert view.settings["output_pattern"] == "{stem}.cr{ext}"
    anchors = view.trust_profile["anchors"]
    assert len(anchors) == 2 and all(a["sha256"] for a in anchors)
    assert {a["subject"] for a in anchors} == {"O=<identity>,CN=<identity> (CredLabel local root)"}
    assert all("<identity>" in source for source in view.trust_profile["sources"])
    assert "the recent-file list and last folder" in view.index["left_out"]
    # The signer stays: it is in the file's own credentials, and support needs it.
    assert view.report.active is not None and view.report.active.signature is not None
    assert short_login["display"] in (view.report.active.signature.common_name or "")


def test_the_bundle_records_the_creators_choices(creator: dict[str, Any], tmp_path: Path) -> None:
    user_folders().settings_file.write_text(
        json.dumps({"output_pattern": "{stem}-signed{ext}", "language": "fr"}), encoding="utf-8"
    )
    before = current_language().code
    set_language("fr")  # the creator's window spoke French
    try:
        out = write_bundle(
            creator["signed"],
            tmp_path / "b.zip",
            profile=load_profile("local"),
            disclosure={"ai": "partial", "ai_tools": ["Fill"]},
        )
    finally:
        set_language(before)
    view = read_bundle(out)  # opened by support staff, in their own language and settings
    assert view.choices == {
        "trust_profile": "local",
        "language": "fr",
        "naming_pattern": "{stem}-signed{ext}",
        "disclosure": {"ai": "partial", "ai_tools": ["Fill"]},
    }
    assert choices_lines(view.choices) == [
        "language: fr",
        "copies named {stem}-signed{ext}",
        "AI use chosen: partial",
    ]


def test_the_bundles_manifest_json_is_indented(creator: dict[str, Any], tmp_path: Path) -> None:
    view = read_bundle(write_bundle(creator["signed"], tmp_path / "b.zip", profile=None))
    assert view.report.raw_json is not None
    assert view.report.raw_json.startswith("{\n  ")  # one key a line, as Details shows it


def test_a_german_creators_bundle_carries_the_english_report_too(
    creator: dict[str, Any], tmp_path: Path
) -> None:
    data = bytearray(creator["signed"].read_bytes())
    data[-10] ^= 0xFF  # a picture byte changed: a failed check with an explanation
    tampered = creator["signed"].with_name("changed.jpg")
    tampered.write_bytes(bytes(data))
    with speaking("de"):  # the creator's window spoke German
        out = write_bundle(tampered, tmp_path / "b.zip", profile=load_profile("local"))
    texts = _texts(out)
    german, english = json.loads(texts["summary.json"]), json.loads(texts["summary.en.json"])
    assert german["state"] == english["state"] == "invalid"
    assert german["state_label"] == "Ungültig" and english["state_label"] == "Invalid"
    [mine] = [s for s in german["status"] if s["code"] == "assertion.dataHash.mismatch"]
    [theirs] = [s for s in english["status"] if s["code"] == "assertion.dataHash.mismatch"]
    assert mine["explanation"] == "Die Bild- oder Tondaten wurden nach dem Signieren geändert."
    assert theirs["explanation"] == "The picture or sound data changed after it was signed."
    assert english["headline"].startswith("Tampered")
    assert current_language().code != "de"  # the app speaks its own language again
    assert "summary.en.json" in json.loads(texts["manifest.json"])["members"]
    english_only = write_bundle(tampered, tmp_path / "e.zip", profile=load_profile("local"))
    assert "summary.en.json" not in _texts(english_only)  # English already: said once
