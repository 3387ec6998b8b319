"""Fetch one http(s) URL with a timeout, a size cap and few redirects; failures become one line.

Only ``http`` and ``https`` are fetched, redirects included. Every failure comes
back as a :class:`~reader.model.LoadProblem` naming the URL, never as an exception.
"""

from __future__ import annotations

import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException, HTTPResponse

from reader import __version__
from reader.model import LoadProblem

USER_AGENT = f"reader/{__version__} (+terminal news reader)"
TIMEOUT = 10.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref_src)$", re.I)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched resource: the URL asked for, where it ended up, and its bytes."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    data: bytes


def is_url(text: str) -> bool:
    """Whether a command-line argument is a URL (any scheme) rather than a path."""
    return bool(_URL_SCHEME.match(text))


def is_web_url(text: str) -> bool:
    """Whether ``text`` is an http or https URL with a host."""
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def canonical_url(url: str) -> str:
    """A stable form of a link: lower-case scheme and host, no fragment, no tracking parameters."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        query = [
            (key, value)
            for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(key)
        ]
        netloc = parts.netloc.lower()
    except ValueError:
        return url.strip()
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), netloc, parts.path or "/", urllib.parse.urlencode(query), "")
    )


class _TooManyRedirects(Exception):
    pass


class _BadRedirect(Exception):
    pass


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    def __init__(self, max_redirects: int, deadline: float) -> None:
        super().__init__()
        self.max_redirects = max_redirects
        self.deadline = deadline
        self.count = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        self.count += 1
        if self.count > self.max_redirects:
            raise _TooManyRedirects
        if not is_web_url(newurl):
            raise _BadRedirect(newurl)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        # The next hop is opened with the old request's timeout: shrink it to what is left.
        req.timeout = remaining
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(max_redirects: int, deadline: float) -> urllib.request.OpenerDirector:
    handler = _RedirectHandler(max_redirects, deadline)
    # The default handler's loop detection would cut in before our own count.
    handler.max_repeats = max_redirects + 1
    handler.max_redirections = max_redirects + 1
    return urllib.request.build_opener(handler)


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched | LoadProblem:
    """GET ``url``; the bytes and content type, or a one-line reason it could not be had.

    ``timeout`` bounds the whole fetch (connecting, waiting and reading), not only
    each socket operation, so a server that trickles bytes cannot hold reader up.
    """
    if not is_web_url(url):
        scheme = url.split(":", 1)[0] if is_url(url) else ""
        if scheme and scheme.lower() not in ("http", "https"):
            return LoadProblem(url, f"only http and https URLs are read, not {scheme}:")
        return LoadProblem(url, "not a valid http or https URL")
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html, application/xhtml+xml, application/rss+xml, "
            "application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.1",
            "Accept-Encoding": "identity",
        },
    )
    deadline = time.monotonic() + timeout
    try:
        with _opener(max_redirects, deadline).open(request, timeout=timeout) as response:
            return _read(url, response, deadline, timeout, max_bytes)
    except _TooManyRedirects:
        return LoadProblem(url, f"too many redirects (more than {max_redirects})")
    except _BadRedirect as exc:
        return LoadProblem(url, f"redirected to a URL that is not http or https: {exc}"[:300])
    except urllib.error.HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400 and "not allowed" in str(exc.reason):
            return LoadProblem(url, "redirected to a URL that is not http or https")
        return LoadProblem(url, f"HTTP {exc.code} {_one_line(exc.reason or '')}".strip())
    except urllib.error.URLError as exc:
        return LoadProblem(url, _network_reason(exc.reason, timeout))
    except TimeoutError:
        return LoadProblem(url, _timed_out(timeout))
    except (OSError, HTTPException, ValueError) as exc:
        return LoadProblem(url, _network_reason(exc, timeout))


def _read(
    url: str, response: HTTPResponse, deadline: float, timeout: float, max_bytes: int
) -> Fetched | LoadProblem:
    headers: Message = response.headers
    length = headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        return LoadProblem(url, _too_large(max_bytes))
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            return LoadProblem(url, _timed_out(timeout))
        chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return LoadProblem(url, _too_large(max_bytes))
    content_type = (headers.get_content_type() or "").lower()
    charset = headers.get_content_charset()
    return Fetched(
        url=url,
        final_url=response.geturl() or url,
        content_type=content_type,
        charset=charset,
        data=b"".join(chunks),
    )


def _too_large(max_bytes: int) -> str:
    if max_bytes >= 1024 * 1024:
        return f"too large (over {max_bytes // (1024 * 1024)} MB)"
    return f"too large (over {max_bytes:,} bytes)"


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())[:160]


def _network_reason(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return _timed_out(timeout)
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted ({_one_line(reason.verify_message or reason)})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({_one_line(reason.reason or reason)})"
    if isinstance(reason, HTTPException):
        return f"bad HTTP response ({reason.__class__.__name__})"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    text = _one_line(reason)
    return text or reason.__class__.__name__
