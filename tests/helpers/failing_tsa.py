"""Test helper: loopback timestamp servers that fail in the ways real ones do.

`failing_tsa(kind)` yields the URL of a server on 127.0.0.1 that answers the liveness GET
(so CredLabel's reachability check passes) and then fails every timestamp request:
"500" (an HTTP error), "garbage" (200 with bytes that are no RFC 3161 answer) or "drop"
(hangs up without a response). Tests using it need `@pytest.mark.allow_local_network`.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

KINDS = ("500", "garbage", "drop")


@contextmanager
def failing_tsa(kind: str = "500") -> Iterator[str]:
    """The URL of a timestamp server failing as `kind` says, until the block ends."""
    if kind not in KINDS:
        raise ValueError(f"unknown failure {kind!r}; one of {KINDS}")
    requests: list[int] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(405)
            self.end_headers()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            requests.append(1)
            if kind == "drop":
                self.close_connection = True  # hang up without a response
                return
            if kind == "500":
                self.send_response(500)
                self.end_headers()
                return
            body = b"\x30\x03\x02\x01\x05not a timestamp"
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:  # keep pytest's output clean
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
