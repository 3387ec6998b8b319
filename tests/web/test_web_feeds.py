"""RSS and Atom: entries become articles; feeds that are not feeds say so in one line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FEEDS
from reader.feeds import Feed, looks_like_feed, parse_feed


def test_rss_entries_with_full_content():
    feed = parse_feed((FEEDS / "courier_local.rss").read_bytes(), "courier_local.rss")
    assert isinstance(feed, Feed)
    assert feed.title == "The Northfield Courier"
    first, second = feed.entries
    # Tracking parameters are dropped so the path (and the source id) is stable.
    assert first.path == "http://reader.test/news/local/parking-charges-rise-buses-4417"
    assert first.full and second.full
    page = first.page
    assert (page.title, page.byline, page.date, page.outlet) == (
        "Northfield parking charges to rise 12% to save rural buses",
        "Priya Shah",
        "2024-03-12",
        "The Northfield Courier",
    )
    assert page.text.splitlines()[0].startswith("Drivers in Northfield will pay 12% more")
    assert "trackView" not in page.text
    assert {(r.reason, r.text.split(":")[0]) for r in page.removed} == {
        ("link to another story", "Read more"),
        (
            "feed footer",
            "The post Northfield parking charges to rise 12% to save rural buses "
            "appeared first on The Northfield Courier.",
        ),
    }


def test_atom_entries_with_summaries_only():
    feed = parse_feed((FEEDS / "valley_news.atom").read_bytes(), "valley_news.atom")
    assert isinstance(feed, Feed)
    assert [e.full for e in feed.entries] == [False, False, False]
    assert [e.link for e in feed.entries] == [
        "http://reader.test/pages/valleyradio_parking.html",
        "http://reader.test/pages/herald_parking.html",
        "http://reader.test/missing/spring-fair",
    ]
    first = feed.entries[0].page
    assert first.byline == "Sam Okafor" and first.date == "2024-03-13"
    assert first.text.startswith("It's going to cost more to park")
    assert "Continue reading" not in first.text


def test_entries_without_links_are_named_after_the_feed():
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Parish news</title>'
        b"<item><title>Hall repairs</title><description>The village hall roof will be repaired "
        b"in May.</description></item>"
        b"<item><title>Hall repairs</title><guid>p-2</guid><description>The fete is on 6 July."
        b"</description></item></channel></rss>"
    )
    feed = parse_feed(data, "feeds/parish.rss")
    assert isinstance(feed, Feed)
    assert [e.path for e in feed.entries] == [
        "feeds/parish.rss#1-hall-repairs",
        "feeds/parish.rss#2-p-2",
    ]


def test_truncated_feed_keeps_the_entries_it_has():
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>'
        b"<item><title>A</title><link>http://reader.test/a</link>"
        b"<description>The bridge reopens on Friday after repairs.</description></item><item><ti"
    )
    feed = parse_feed(data, "x.rss")
    assert isinstance(feed, Feed)
    assert feed.entries[0].page.text == "The bridge reopens on Friday after repairs."


def test_too_many_entries_are_noted():
    items = b"".join(
        b"<item><title>T%d</title><link>http://reader.test/%d</link><description>Story %d."
        b"</description></item>" % (n, n, n)
        for n in range(5)
    )
    data = b'<?xml version="1.0"?><rss version="2.0"><channel>' + items + b"</channel></rss>"
    feed = parse_feed(data, "x.rss", max_entries=3)
    assert isinstance(feed, Feed)
    assert len(feed.entries) == 3
    assert feed.note == "more than 3 entries; the rest skipped"


def test_feeds_that_are_not_feeds():
    assert parse_feed(b"Service temporarily unavailable.", "a.rss") == (
        "not an RSS or Atom feed (not well-formed XML: syntax error)"
    )
    html = b"<html><body><p>Hello<br></p></body></html>"
    assert parse_feed(html, "a.xml").startswith("not an RSS or Atom feed (not well-formed XML: ")
    sitemap = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://reader.test/</loc></url></urlset>"
    )
    assert parse_feed(sitemap, "sitemap.xml") == "XML but not an RSS or Atom feed"
    empty_channel = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>X</title></channel></rss>'
    )
    assert parse_feed(empty_channel, "a.rss") == "feed has no entries"
    assert parse_feed(b"  ", "a.rss") == "empty file"


def test_a_file_name_in_the_bytes_is_never_opened(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes((FEEDS / "courier_local.rss").read_bytes())
    assert isinstance(parse_feed(str(secret).encode(), "a.rss"), str)


def test_looks_like_feed():
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<rss version="2.0">')
    assert looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert not looks_like_feed(b"<!doctype html><html>")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_parse_never_raises(data):
    result = parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><item>' + data, "x")
    assert isinstance(result, Feed | str)
    if isinstance(result, str):
        assert "\n" not in result
