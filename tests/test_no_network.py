"""The suite-wide network guard really stops sockets, and lets marked tests use loopback."""

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
