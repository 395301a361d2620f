"""The signer's refusals speak the chosen language (#18, part 3); the technical details
(the exception text) stay as the library gave them."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from app.core.errors import TimestampUnavailable
from app.core.i18n import set_language
from app.core.signing.signer import check_timestamp_server


@pytest.fixture
def german() -> Iterator[None]:
    set_language("de")
    yield
    set_language("en")


@pytest.mark.allow_local_network
def test_an_unreachable_timestamp_server_is_explained_in_german(german: None) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with pytest.raises(TimestampUnavailable) as refused:
        check_timestamp_server(url, timeout=2, answer_timeout=2)
    assert refused.value.sentence == (
        f"Der Zeitstempelserver {url} ist nicht erreichbar. Prüfen Sie die Netzwerkverbindung "
        "oder signieren Sie ohne Zeitstempel (die Datei gilt dann als ungültig, sobald das "
        "Zertifikat abläuft)."
    )
    assert "Error" in refused.value.details  # the library's own words, untranslated
