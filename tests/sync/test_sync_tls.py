"""The server's certificate is checked unless [sync] verify_tls = false: a self-signed one
stops the run with words saying so (nothing sent past the handshake), and is taken only when
the person said they trust that server."""

from __future__ import annotations

import datetime as dt
import ssl
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from exporters.sync.client import CalDAVClient
from exporters.sync.engine import SyncError, SyncTarget
from tests.sync.conftest import serve_in_thread, stop_serving


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Principal(BaseHTTPRequestHandler):
    logins: ClassVar[list[str | None]] = []

    def do_PROPFIND(self) -> None:  # http.server's naming
        self.logins.append(self.headers.get("Authorization"))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = (
            b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response>'
            b"<d:href>/dav/</d:href><d:propstat><d:prop><d:current-user-principal>"
            b"<d:href>/dav/ana/</d:href></d:current-user-principal></d:prop>"
            b"<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"
        )
        self.send_response(207)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[str]:
    cert, key = self_signed(tmp_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Principal)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    serve_in_thread(server)
    Principal.logins = []
    try:
        yield f"https://localhost:{server.server_address[1]}/dav/"
    finally:
        stop_serving(server)


def home_of(url: str, *, verify_tls: bool) -> str:
    target = SyncTarget(url=url, username="ana", verify_tls=verify_tls, timeout=10)
    client = CalDAVClient(target, "hunter22")
    try:
        return client.calendar_home()
    finally:
        client.close()


def test_a_certificate_nobody_vouches_for_stops_the_run_by_default(https_server: str) -> None:
    assert SyncTarget(url=https_server, username="ana").verify_tls is True
    with pytest.raises(SyncError) as caught:
        home_of(https_server, verify_tls=True)
    assert "certificate" in str(caught.value) and "verify_tls" in str(caught.value)
    assert Principal.logins == []  # the login never went


def test_it_is_taken_when_the_person_said_they_trust_the_server(https_server: str) -> None:
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        assert home_of(https_server, verify_tls=False).endswith("/dav/ana/")
    assert Principal.logins and Principal.logins[0] is not None
    assert [str(w.message) for w in shown] == []  # they chose it: no warning on each run
