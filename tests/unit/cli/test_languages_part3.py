"""The validation-code explanations, signing identities and trust lists speak the user's
language (#18, part 3), while `--json` keys and validation codes never change with it.

Every run here is the real command line in a child process (`python -m app`), on files this
test signs and tampers itself with the project's own tamper demo.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.core.workshop.tamper import TamperKind, make_tampered_copy
from tests.helpers.certificates import build_chain
from tests.helpers.cli import run_cli
from tests.helpers.exports import make_picture
from tests.helpers.signing import created_manifest, make_test_chain, sign_file

CHANGED_PIXELS = "assertion.dataHash.mismatch"


@pytest.fixture(scope="module")
def tampered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our own signed JPEG with one picture byte changed after signing."""
    folder = tmp_path_factory.mktemp("tampered")
    chain, key, _root = make_test_chain(folder)
    plain, signed = folder / "plain.jpg", folder / "signed.jpg"
    make_picture(plain)
    sign_file(plain, signed, chain, key, created_manifest(signed.name))
    return make_tampered_copy(signed, TamperKind.PIXELS, folder / "out").path


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("de", "Die Bild- oder Tondaten wurden nach dem Signieren geändert."),
        ("ja", "画像または音声のデータが署名後に変更されました。"),
        ("en", "The picture or sound data changed after it was signed."),
    ],
)
def test_inspect_explains_the_validation_code_in_the_language(
    tampered: Path, lang: str, sentence: str
) -> None:
    done = run_cli("--lang", lang, "inspect", tampered)
    assert sentence in done.stdout, done.stdout + done.stderr
    assert CHANGED_PIXELS in done.stdout  # the code itself is never translated


def _codes_and_keys(data: Any, parent: str = "") -> Any:
    """Everything a script relies on: keys, codes and states; human sentences left out (the
    AI verdict's `label` too; a manifest's `label` is its identifier and stays)."""
    human = {"explanation", "what_to_do", "state_label", "sentence", "headline", "cause"}
    if parent == "ai":
        human |= {"label"}
    if isinstance(data, dict):
        return {k: _codes_and_keys(v, k) for k, v in data.items() if k not in human}
    if isinstance(data, list):
        return [_codes_and_keys(v, parent) for v in data]
    return data


def test_json_codes_are_the_same_in_every_language(tampered: Path) -> None:
    reports = {}
    for lang in ("en", "de", "ja", "ar"):
        done = run_cli("--lang", lang, "inspect", "--json", tampered)
        reports[lang] = json.loads(done.stdout)
    codes = {failure["code"] for entry in reports["en"]["files"] for failure in _failures(entry)}
    assert CHANGED_PIXELS in codes
    english = _codes_and_keys(reports["en"])
    for lang in ("de", "ja", "ar"):
        assert _codes_and_keys(reports[lang]) == english, lang
    assert reports["de"]["files"][0]["state_label"] == "Ungültig"  # human fields follow
    assert reports["ja"]["files"][0]["ai"]["label"] == "AI の使用の開示なし"
    german = json.dumps(reports["de"], ensure_ascii=False)
    assert "Die Bild- oder Tondaten wurden nach dem Signieren geändert." in german


def _failures(entry: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "code" in node and "explanation" in node:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(entry)
    return found


def test_identity_list_says_a_request_is_waiting_in_german(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = run_cli(
        "identity", "request", "--name", "Jane Doe", "--no-passphrase",
        "-o", tmp_path / "jane.csr", "--json",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    ident = json.loads(made.stdout)["pending"]["id"]
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    listed = run_cli("identity", "list")
    assert ident in listed.stdout
    assert "wartet auf Zertifikat" in listed.stdout, listed.stdout
    assert "angefordert am" in listed.stdout
    # The record a script reads keeps its English status.
    [waiting] = json.loads(run_cli("identity", "list", "--json").stdout)["pending"]
    assert waiting["status"] == "waiting for certificate"


def test_trust_show_speaks_french() -> None:
    done = run_cli("--lang", "fr", "trust", "show")
    assert done.returncode == 0, done.stderr
    assert "30 certificats" in done.stdout, done.stdout
    assert "Prochaine mise à jour :" in done.stdout and "2027-08-05" in done.stdout
    assert "Mettez à jour avec `credlabel trust update --download`" in done.stdout
    helped = run_cli("--lang", "fr", "trust", "update", "--help")
    assert "télécharger depuis les adresses publiées" in helped.stdout
    assert "--download" in helped.stdout


def test_identity_request_says_what_to_do_next_in_german(tmp_path: Path) -> None:
    made = run_cli(
        "--lang", "de", "identity", "request", "--name", "Erika Mustermann",
        "--no-passphrase", "-o", tmp_path / "erika.csr",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Schlüssel und Zertifikatsanforderung" in made.stdout
    assert "(wartet auf Zertifikat)" in made.stdout
    assert "Anforderung (an die CA senden):" in made.stdout
    assert f"{tmp_path / 'erika.csr'}" in made.stdout


def test_a_refused_certificate_is_explained_in_french(tmp_path: Path) -> None:
    chain, key = build_chain(self_signed=True, leaf_ca=True).write(tmp_path)
    done = run_cli("--lang", "fr", "identity", "import", "--chain", chain, "--key", key)
    assert done.returncode == 1
    said = done.stderr + done.stdout
    assert "Le certificat de signature est auto-signé" in said, said
    assert "autorité de certification (CA:TRUE)" in said


def test_the_certificate_verdict_is_given_in_japanese_with_its_codes_kept(tmp_path: Path) -> None:
    chain_file, key_file = build_chain().write(tmp_path / "mine")
    args = ("identity", "check", "--chain", chain_file, "--key", key_file, "--trust", "none")
    done = run_cli("--lang", "ja", *args)
    assert done.returncode == 0, done.stderr
    assert "コピーは「有効、署名者は不明」と表示されます。" in done.stdout, done.stdout
    assert "信頼プロファイル「none」" in done.stdout
    verdict = json.loads(run_cli("--lang", "ja", *args, "--json").stdout)["verdict"]
    assert verdict["outcome"] == "not_recognized" and verdict["test_copy_state"] == "Valid"


def test_completing_an_unknown_request_is_refused_in_german(tmp_path: Path) -> None:
    issued = tmp_path / "issued.pem"
    issued.write_bytes(build_chain().chain_pem)
    done = run_cli("--lang", "de", "identity", "complete", "nobody", "--chain", issued)
    assert done.returncode == 1
    assert "Es gibt keine Zertifikatsanforderung „nobody“" in done.stderr, done.stderr
    assert "`credlabel identity request`" in done.stderr
