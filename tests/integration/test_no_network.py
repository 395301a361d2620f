"""The suite-wide network guard really stops sockets, and lets marked tests use loopback;
what reading offline leaves unchecked is explained as such."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkUsedError


def test_a_test_cannot_reach_the_internet() -> None:
    with (
        pytest.raises(NetworkUsedError, match=r"192\.0\.2\.1"),
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
    ):
        sock.connect(("192.0.2.1", 80))


def test_an_unmarked_test_cannot_even_use_loopback() -> None:
    with (
        pytest.raises(NetworkUsedError),
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
    ):
        sock.bind(("127.0.0.1", 0))


@pytest.mark.allow_local_network
def test_marked_test_may_serve_on_loopback() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            conn, _ = server.accept()
            with conn:
                client.sendall(b"ping")
                assert conn.recv(4) == b"ping"


def test_an_identity_that_needs_the_internet_is_explained_as_unchecked_not_tampered(
    corpus_file,
) -> None:
    # Its issuer is a did:web: confirming it needs the issuer's website, which reading never
    # contacts (tests/integration/test_no_network_syscalls.py checks that at the system-call level).
    from app.core.reading.credentials import read_file
    from app.core.reading.trust import load_profile

    report = read_file(corpus_file("rs_adobe_connected_identities.jpg"), load_profile("none"))
    identity = next(s for s in report.status if s.code == "cawg.ica.did_unavailable")
    assert "creator's identity could not be checked offline" in identity.explanation
    assert "does not mean the file was changed" in identity.explanation
    assert "tamper" not in f"{identity.explanation} {identity.what_to_do}".lower()
    assert "online verifier" in identity.what_to_do
