"""Fetching URLs from the local fixture server: limits, failures as one line each."""

from __future__ import annotations

import socket

import pytest

from reader import __version__
from reader.fetch import USER_AGENT, Fetched, canonical_url, fetch, is_url, is_web_url
from reader.model import LoadProblem

# Fetches that should succeed get a generous timeout so a loaded machine cannot fail them.
FAST = 10.0


def test_fetches_a_page_with_a_clear_user_agent(web):
    result = fetch(web.url("/pages/courier_parking.html"), timeout=FAST)
    assert isinstance(result, Fetched)
    assert result.content_type == "text/html"
    assert b"Northfield parking charges" in result.data
    path, headers = web.requests[-1]
    assert path == "/pages/courier_parking.html"
    assert headers["User-Agent"] == USER_AGENT == f"reader/{__version__} (+terminal news reader)"


def test_charset_comes_from_the_header(web):
    result = fetch(web.url("/feeds/courier_local.rss"), timeout=FAST)
    assert isinstance(result, Fetched)
    assert (result.content_type, result.charset) == ("application/rss+xml", "utf-8")


def test_follows_up_to_five_redirects(web):
    result = fetch(web.url("/redirect/4"), timeout=FAST)
    assert isinstance(result, Fetched)
    assert result.final_url == web.url("/pages/courier_parking.html")
    assert result.url == web.url("/redirect/4")


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/redirect/5", "too many redirects (more than 5)"),
        ("/loop", "too many redirects (more than 5)"),
        ("/to-ftp", "redirected to a URL that is not http or https: ftp://127.0.0.1/file.txt"),
        ("/missing/page", "HTTP 404 Not Found"),
        ("/server-error", "HTTP 500 Internal Server Error"),
        ("/slow", "timed out after 0.5 s"),
        ("/trickle", "timed out after 0.5 s"),
    ],
)
def test_failures_are_one_line_reasons(web, path, reason):
    url = web.url(path)
    timeout = 0.5 if "timed out" in reason else FAST
    assert fetch(url, timeout=timeout) == LoadProblem(url, reason)


def test_size_cap(web):
    url = web.url("/huge")
    assert fetch(url, timeout=FAST, max_bytes=100_000) == LoadProblem(
        url, "too large (over 100,000 bytes)"
    )


def test_size_cap_without_content_length(web):
    # The trickle endpoint claims 100000 bytes; the cap applies to what arrives as well.
    url = web.url("/trickle")
    problem = fetch(url, timeout=FAST, max_bytes=10)
    assert problem == LoadProblem(url, "too large (over 10 bytes)")


def test_connection_refused_on_a_closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    assert fetch(url, timeout=FAST) == LoadProblem(url, "connection refused")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://127.0.0.1/file.txt", "only http and https URLs are read, not ftp:"),
        ("file:///etc/passwd", "only http and https URLs are read, not file:"),
        ("http://", "not a valid http or https URL"),
        ("http://[::1", "not a valid http or https URL"),
    ],
)
def test_only_http_and_https(url, reason):
    assert fetch(url, timeout=FAST) == LoadProblem(url, reason)


def test_url_helpers():
    assert is_url("https://example.org/a") and is_url("ftp://x") and not is_url("dir/a.html")
    assert is_web_url("HTTPS://Example.org/a") and not is_web_url("ftp://x/")
    assert (
        canonical_url("HTTP://News.Example.org/a/b?utm_source=rss&id=3&fbclid=x#top")
        == "http://news.example.org/a/b?id=3"
    )
    assert canonical_url("https://example.org") == "https://example.org/"


def test_no_test_can_reach_another_address():
    # The autouse guard in conftest refuses any host but loopback before a lookup or a
    # connection. 0.0.0.0 is refused by the guard, yet would stay on this machine without it.
    with pytest.raises(AssertionError, match=r"tried to look up '0\.0\.0\.0'"):
        fetch("http://0.0.0.0:9/", timeout=FAST)
    with pytest.raises(AssertionError, match="tried to connect"), socket.socket() as sock:
        sock.connect(("0.0.0.0", 9))
