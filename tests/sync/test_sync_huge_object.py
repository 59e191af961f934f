"""An object too large for the XML parser (over 10 MB, as another app may save) does not stop
every run: the objects of its request are read one by one, it is refused with its reason,
its post here kept, and the others are read. Radicale refuses such objects itself, so a
small server of this test's own plays a CalDAV server that keeps them."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from exporters.sync import mapping
from exporters.sync.client import CalDAVClient
from exporters.sync.engine import SyncTarget
from storage import Store
from tests.sync.conftest import serve_in_thread, stop_serving


def calendar_object(uid: str, description: str) -> str:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Elsewhere//EN",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20261120T090000Z",
            "DTSTART:20261124T090000Z",
            f"SUMMARY:[Facebook] {uid}",
            f"DESCRIPTION:{description}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


class Calendar(BaseHTTPRequestHandler):
    """A calendar at /cal/ holding `objects` (name → text): multiget REPORT and GET."""

    objects: ClassVar[dict[str, str]] = {}
    got: ClassVar[list[str]] = []

    def answer(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"1"')
        self.end_headers()
        self.wfile.write(body)

    def do_REPORT(self) -> None:  # http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        responses = "".join(
            f"<d:response><d:href>/cal/{name}</d:href><d:propstat><d:prop>"
            f'<d:getetag>"1"</d:getetag><c:calendar-data>{text}</c:calendar-data></d:prop>'
            "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
            for name, text in self.objects.items()
        )
        body = (
            '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" '
            f'xmlns:c="urn:ietf:params:xml:ns:caldav">{responses}</d:multistatus>'
        )
        self.answer(207, "application/xml; charset=utf-8", body.encode())

    def do_GET(self) -> None:
        self.got.append(self.path)
        text = self.objects.get(self.path.removeprefix("/cal/"))
        if text is None:
            self.answer(404, "text/plain", b"")
        else:
            self.answer(200, "text/calendar; charset=utf-8", text.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def calendar_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Calendar)
    serve_in_thread(server)
    try:
        yield server.server_address[1]
    finally:
        stop_serving(server)


def test_an_object_over_the_parsers_limit_is_refused_alone(
    calendar_server: int, store: Store
) -> None:
    Calendar.objects = {
        "huge.ics": calendar_object("huge-1", "x" * 11_000_000),
        "small.ics": calendar_object("small-1", "A few words"),
    }
    url = f"http://127.0.0.1:{calendar_server}/cal/"
    client = CalDAVClient(SyncTarget(url=url, username="ana", timeout=30), "hunter22")
    try:
        found = client.fetch(url, ["/cal/huge.ics", "/cal/small.ics"])
    finally:
        client.close()
    assert sorted(found) == ["/cal/huge.ics", "/cal/small.ics"]
    huge = mapping.read_resource(found["/cal/huge.ics"][0], store, share_notes=False)
    assert not huge.postable and "too large" in huge.reason and huge.uid == "huge-1"
    small = mapping.read_resource(found["/cal/small.ics"][0], store, share_notes=False)
    assert small.postable and small.master is not None
    assert small.master.body == "A few words"
