"""Timestamp servers that are mistyped, silent or broken: a sentence that names the server
and offers signing without it, never a traceback and never a 30 s wait for nothing."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.core.errors import IdentityError, TimestampUnavailable
from app.core.signing import signer as signer_module
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer
from tests.helpers.signing import make_jpeg

BAD_URLS = [
    "htp:/x",
    "http://",
    "http://time stamp.example/tsa",
    "http://tsa.example:99999/",
    "http://tsa.example:port/",
    "http://ann:secret@tsa.example/",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_set_timestamp_refuses_a_malformed_address(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = IdentityStore()
    identity = store.create_local("Typo Stamp")
    meta = store.folder / identity.id / "identity.json"
    before = meta.read_bytes()
    assert main(["identity", "set-timestamp", identity.id, url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("credlabel: ") and "Traceback" not in err
    assert "address" in err and "secret" not in err
    assert meta.read_bytes() == before


@pytest.mark.parametrize("url", ["http://tsa.example:99999/", "http://ann:secret@127.0.0.1:9/"])
def test_a_hand_edited_malformed_address_is_a_sentence_at_signing(url: str) -> None:
    store = IdentityStore()
    identity = store.create_local("Edited Stamp")
    meta = store.folder / identity.id / "identity.json"
    data = json.loads(meta.read_text())
    data["timestamp_url"] = url
    meta.write_text(json.dumps(data))
    with pytest.raises(TimestampUnavailable) as caught:
        make_signer(identity.id, store=store)
    assert "address" in caught.value.sentence and "secret" not in caught.value.sentence
    assert make_signer(identity.id, store=store, use_timestamp=False) is not None


def test_good_addresses_are_kept() -> None:
    store = IdentityStore()
    identity = store.create_local("Fine Stamp")
    for url in ("http://timestamp.digicert.com", "https://freetsa.org/tsr", "http://[::1]:8080/"):
        assert store.set_timestamp_url(identity.id, url).timestamp_url == url
    with pytest.raises(IdentityError):
        store.set_timestamp_url(identity.id, "ftp://tsa.example/")


@contextmanager
def silent_server() -> Iterator[str]:
    """A loopback server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/tsa"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


@pytest.mark.allow_local_network
def test_a_server_that_never_answers_stops_signing_with_a_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(signer_module, "ANSWER_SECONDS", 0.5)  # the product waits 7 s
    store = IdentityStore()
    identity = store.create_local("Silent Stamp")
    with silent_server() as url:
        identity = store.set_timestamp_url(identity.id, url)
        with pytest.raises(TimestampUnavailable) as caught:
            make_signer(identity, store=store)
    sentence = caught.value.sentence
    assert url in sentence and "did not answer" in sentence
    assert "sign without a timestamp" in sentence


class _AnswersOnlyGet(http.server.BaseHTTPRequestHandler):
    """Looks alive (answers the liveness GET) but drops every timestamp request."""

    def do_GET(self) -> None:
        self.send_response(405)
        self.end_headers()

    def do_POST(self) -> None:
        self.close_connection = True  # hang up without a response

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.allow_local_network
def test_a_server_that_drops_the_request_names_itself_and_offers_no_timestamp(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _AnswersOnlyGet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    photo = make_jpeg(tmp_path / "photo.jpg")
    out = tmp_path / "out.jpg"
    try:
        store = IdentityStore()
        identity, _ = store.ensure_default("Dropped Stamp")
        url = f"http://127.0.0.1:{server.server_port}/tsa"
        store.set_timestamp_url(identity.id, url)
        code = main(["label", str(photo), "--ai", "none", "-o", str(out)])
    finally:
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    assert code == 1
    assert url in err and "--no-timestamp" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["label", str(photo), "--ai", "none", "-o", str(out), "--no-timestamp"]) == 0
