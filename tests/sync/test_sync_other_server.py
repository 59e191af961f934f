"""A server that points elsewhere (its principal or calendar home on another host, as
iCloud does) is followed only by the rule of [sync] url: the login never goes in clear."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from exporters.sync.client import CalDAVClient
from exporters.sync.engine import SyncError, SyncTarget
from tests.sync.conftest import serve_in_thread, stop_serving


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with a principal on `elsewhere`; keeps what it was sent."""

    elsewhere = ""
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_PROPFIND(self) -> None:
        self.seen.append((self.path, self.headers.get("Authorization")))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = (
            '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response>'
            f"<d:href>{self.path}</d:href><d:propstat><d:prop><d:current-user-principal>"
            f"<d:href>{self.elsewhere}</d:href></d:current-user-principal></d:prop>"
            "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"
        ).encode()
        self.send_response(207)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve(handler: type[Recorder], host: str) -> tuple[ThreadingHTTPServer, int]:
    server = ThreadingHTTPServer((host, 0), handler)
    serve_in_thread(server)
    return server, server.server_address[1]


@pytest.fixture
def two_servers() -> Iterator[tuple[int, list[tuple[str, str | None]]]]:
    class Ours(Recorder):
        seen: ClassVar[list[tuple[str, str | None]]] = []

    class Theirs(Recorder):
        seen: ClassVar[list[tuple[str, str | None]]] = []

    theirs, their_port = serve(Theirs, "127.0.0.2")  # on this computer, not a name of it
    Ours.elsewhere = f"http://127.0.0.2:{their_port}/steal/"
    ours, our_port = serve(Ours, "127.0.0.1")
    try:
        yield our_port, Theirs.seen
    finally:
        stop_serving(ours)
        stop_serving(theirs)


def test_a_principal_on_another_server_in_clear_is_not_followed(
    two_servers: tuple[int, list[tuple[str, str | None]]],
) -> None:
    port, sent_elsewhere = two_servers
    target = SyncTarget(url=f"http://127.0.0.1:{port}/dav/", username="ana", timeout=5)
    client = CalDAVClient(target, "hunter22")
    try:
        with pytest.raises(SyncError) as caught:
            client.calendar_home()
    finally:
        client.close()
    assert sent_elsewhere == []
    message = str(caught.value)
    assert f"http://127.0.0.1:{port}/" in message and "http://127.0.0.2:" in message
    assert "hunter22" not in message


def test_an_object_path_never_names_another_server() -> None:
    target = SyncTarget(url="https://cloud.example.org/dav/", username="ana")
    client = CalDAVClient(target, "hunter22")
    try:
        assert client.server_url("//evil.example/cal/x.ics") == (
            "https://cloud.example.org/evil.example/cal/x.ics"
        )
        assert client.server_url("/dav/cal/a b.ics") == (
            "https://cloud.example.org/dav/cal/a%20b.ics"
        )
    finally:
        client.close()
