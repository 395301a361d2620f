"""`credlabel trust show` and `trust update`: the lists, their dates, and replacing them from
a folder or a loopback HTTP(S) server (never the internet), atomically and only with files
that parse. The out-of-date sentence is said once by `inspect`."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.reading import trust_lists
from app.core.reading.trust_lists import TrustListError
from app.core.reading.trust_update import check_url
from app.core.resources import resource_path
from tests.helpers.cli import cli_in_process, run_cli
from tests.helpers.list_server import serving
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file

PUBLISHED = {  # bundled name → published name
    "C2PA-TRUST-LIST.pem": "trust-list/C2PA-TRUST-LIST.pem",
    "C2PA-TRUST-LIST.json": "trust-list/C2PA-TRUST-LIST.json",
    "C2PA-TSA-TRUST-LIST.pem": "trust-list/C2PA-TSA-TRUST-LIST.pem",
    "C2PA-TSA-TRUST-LIST.json": "trust-list/C2PA-TSA-TRUST-LIST.json",
    "interim-anchors.pem": "trust/anchors.pem",
    "interim-allowed.pem": "trust/allowed.pem",
    "interim-store.cfg": "trust/store.cfg",
}


def _published_tree(root: Path, anchors: bytes | None = None) -> Path:
    """The lists laid out as they are published; `anchors` replaces the interim anchors."""
    for bundled, published in PUBLISHED.items():
        target = root / published
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(resource_path("trust", bundled), target)
    if anchors is not None:
        (root / "trust" / "anchors.pem").write_bytes(anchors)
    return root


def _signed(tmp_path: Path) -> tuple[Path, bytes]:
    chain, key, root = make_test_chain(tmp_path)
    out = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), out, chain, key, created_manifest("mine"))
    return out, root


def _trust_source(path: Path) -> tuple[str, str | None]:
    entry = json.loads(run_cli("inspect", "--json", path).stdout)["files"][0]
    return entry["state"], entry["trust_source"]


def test_show_names_the_lists_and_their_dates() -> None:
    result = run_cli("trust", "show")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "C2PA Trust List\n  30 certificates\n  Issued:       2026-08-05" in out
    assert "Next update:  2027-08-05" in out
    assert "Interim trust list: known issuers" in out and "18 certificates" in out
    assert "contentcredentials.org/trust/anchors.pem" in out
    data = json.loads(run_cli("trust", "show", "--json").stdout)
    official = data["lists"][0]
    assert (official["key"], official["count"], official["updated"]) == ("c2pa", 30, False)
    assert official["next_update"].startswith("2027-08-05")


def test_update_from_a_folder_is_used_by_inspect(tmp_path: Path) -> None:
    signed, root = _signed(tmp_path)
    assert _trust_source(signed) == ("valid_untrusted", None)
    folder = _published_tree(tmp_path / "lists", anchors=root) / "trust"
    result = run_cli("trust", "update", folder)
    assert result.returncode == 0, result.stderr
    assert "Interim trust list: known issuers (used by the Verify site): 1" in result.stdout
    assert _trust_source(signed) == ("trusted", "interim_trust_list")
    shown = json.loads(run_cli("trust", "show", "--json").stdout)["lists"]
    interim = next(item for item in shown if item["key"] == "interim-anchors")
    assert interim["updated"] and interim["from"] == str(folder)
    # The bundled copy is untouched: the fallback stays.
    assert resource_path("trust", "interim-anchors.pem").read_bytes().count(b"BEGIN") == 18


def test_a_broken_file_replaces_nothing(tmp_path: Path) -> None:
    folder = _published_tree(tmp_path / "lists") / "trust"
    (folder / "allowed.pem").write_text("<html>502 Bad Gateway</html>")
    result = run_cli("trust", "update", folder)
    assert result.returncode == 1
    assert "is not a list of certificates" in result.stderr
    assert "The lists in use were not changed." in result.stderr
    assert "Traceback" not in result.stderr
    assert not (trust_lists.updated_folder() / "interim-anchors.pem").exists()


def test_update_needs_a_folder_or_download() -> None:
    result = run_cli("trust", "update")
    assert result.returncode == 1 and "--download" in result.stderr


@pytest.mark.allow_local_network
def test_download_over_loopback_https(tmp_path: Path, capfd, monkeypatch) -> None:
    signed, root = _signed(tmp_path)
    tree = _published_tree(tmp_path / "site", anchors=root)
    tls = tmp_path / "tls"
    tls.mkdir()
    with serving(tree, tls_folder=tls) as (base, ca):
        monkeypatch.setenv("SSL_CERT_FILE", str(ca))
        run = cli_in_process(
            capfd,
            "trust",
            "update",
            "--download",
            "--official-url",
            base + "trust-list",
            "--interim-url",
            base + "trust/",
        )
    assert run.code == 0, run.err
    assert f"Updated from {base}trust-list/, {base}trust/" in run.out
    lists = {item.spec.key: item for item in trust_lists.load_lists()}
    assert lists["interim-anchors"].updated and lists["interim-anchors"].count == 1
    assert lists["c2pa"].next_update == datetime(2027, 8, 5, 0, 11, 39, tzinfo=UTC)
    assert _trust_source(signed) == ("trusted", "interim_trust_list")


@pytest.mark.allow_local_network
def test_download_refuses_a_server_it_cannot_verify(tmp_path: Path, capfd) -> None:
    tls = tmp_path / "tls"
    tls.mkdir()
    with serving(_published_tree(tmp_path / "site"), tls_folder=tls) as (base, _ca):
        run = cli_in_process(
            capfd, "trust", "update", "--download", "--official-url", base + "trust-list/"
        )
    assert run.code == 1
    assert "could not be downloaded" in run.err and "CERTIFICATE_VERIFY_FAILED" in run.err
    assert not trust_lists.updated_folder().exists()


@pytest.mark.allow_local_network
def test_download_over_loopback_http_and_a_missing_file(tmp_path: Path, capfd) -> None:
    tree = _published_tree(tmp_path / "site")
    (tree / "trust" / "store.cfg").unlink()
    with serving(tree) as (base, _):
        args = ["--official-url", base + "trust-list/", "--interim-url", base + "trust/"]
        run = cli_in_process(capfd, "trust", "update", "--download", *args)
        assert run.code == 1 and "404" in run.err
        (tree / "trust" / "store.cfg").write_text("// only a comment\n")
        run = cli_in_process(capfd, "trust", "update", "--download", *args)
        assert run.code == 1 and "names no signing purpose" in run.err
    assert not trust_lists.updated_folder().exists()


def test_only_https_or_loopback_http_is_allowed() -> None:
    check_url("https://contentcredentials.org/trust/anchors.pem")
    check_url("http://127.0.0.1:8000/trust/anchors.pem")
    for url in ("http://contentcredentials.org/trust/anchors.pem", "file:///etc/passwd"):
        with pytest.raises(TrustListError, match="HTTPS only"):
            check_url(url)


def test_inspect_says_once_that_the_lists_are_out_of_date(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    signed, _ = _signed(tmp_path)
    run = cli_in_process(capsys, "inspect", signed, signed)
    assert "out of date" not in run.err
    monkeypatch.setattr(trust_lists, "now_utc", lambda: datetime(2027, 9, 1, tzinfo=UTC))
    run = cli_in_process(capsys, "inspect", "--json", signed, signed)
    assert run.code == 0
    assert run.err.count("The trust lists are out of date") == 1
    assert "2027-08-05" in run.err
    assert json.loads(run.out)["files"][0]["state"] == "valid_untrusted"  # nothing blocked
