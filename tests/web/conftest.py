"""A local web server for the web tests, and a guard that no test reaches any other address.

The server listens on 127.0.0.1 on a port the system picks, in a thread. It
serves the fixture pages and feeds (``http://reader.test`` inside them becomes
the server's own address) and a few misbehaving endpoints: one that never
answers, one that trickles bytes, 404, a redirect chain and loop, binary data.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = FIXTURES / "pages"
FEEDS = FIXTURES / "feeds"
GOLD = FIXTURES / "gold"
PLACEHOLDER = b"http://reader.test"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
TEXT_ARTICLE = (
    b"Northfield council will review the parking charges in a year, a spokesperson said.\n\n"
    b"The review will look at how many people use the five bus routes.\n"
)


@dataclass
class Server:
    """The running server: its base URL and the requests it has seen (path, headers)."""

    base: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stop = threading.Event()
        self.record: Server | None = None

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """Clients that give up (timeouts) break pipes; that is expected here."""


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", Location=location)

    def do_GET(self) -> None:
        assert self.server.record is not None
        base = self.server.record.base.encode()
        self.server.record.requests.append((self.path, dict(self.headers.items())))
        path = self.path.split("?", 1)[0]
        if path.startswith("/pages/") and (PAGES / path[7:]).is_file():
            self._send(200, (PAGES / path[7:]).read_bytes(), "text/html")
        elif path.startswith("/feeds/") and (FEEDS / path[7:]).is_file():
            data = (FEEDS / path[7:]).read_bytes().replace(PLACEHOLDER, base)
            kind = "application/atom+xml" if path.endswith(".atom") else "application/rss+xml"
            self._send(200, data, kind + "; charset=utf-8")
        elif path == "/text":
            self._send(200, TEXT_ARTICLE, "text/plain; charset=utf-8")
        elif path == "/png":
            self._send(200, PNG, "image/png")
        elif path == "/binary-as-html":
            self._send(200, bytes(range(256)) * 16, "text/html")
        elif path == "/empty":
            self._send(200, b"", "text/html")
        elif path == "/no-article":
            body = b"<html><body><nav><a href='/'>Home</a></nav><form>Log in</form></body></html>"
            self._send(200, body, "text/html; charset=utf-8")
        elif path == "/not-a-feed.xml":
            self._send(200, b"Service temporarily unavailable.", "application/rss+xml")
        elif path == "/huge":
            self._send(200, b"<html><body>" + b"<p>word word word.</p>" * 60_000, "text/html")
        elif path == "/slow":
            self.server.stop.wait(30)  # never answers while the tests run
        elif path == "/trickle":
            self._trickle()
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/redirect/{left - 1}" if left > 0 else "/pages/courier_parking.html"
            self._redirect(target)
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/file.txt")
        elif path == "/server-error":
            self._send(500, b"oops", "text/plain")
        else:
            self._send(404, b"<html><body><h1>Page not found</h1></body></html>", "text/html")

    def _trickle(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body><p>")
        for _ in range(300):  # bounded: at most 30 s, ends at once when the tests stop
            if self.server.stop.wait(0.1):
                return
            try:
                self.wfile.write(b"a")
                self.wfile.flush()
            except OSError:
                return


@pytest.fixture(scope="session")
def web() -> Iterator[Server]:
    """The local fixture server, started once for the session."""
    server = _HTTPServer()
    host, port = server.server_address[:2]
    record = Server(base=f"http://{host}:{port}")
    server.record = record
    thread = threading.Thread(target=server.serve_forever, name="fixture-web", daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that tries to reach an address other than this machine's loopback."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: object) -> None:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise AssertionError(f"a test tried to connect to {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK:
            raise AssertionError(f"a test tried to look up {name!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
