"""Loading web inputs: saved pages, feeds, URLs and mixes of them with text files."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FEEDS, PAGES
from reader.analysis import analyze
from reader.loading import LoadOptions, load
from reader.model import LoadProblem

# Fetches that should succeed get the default timeout, so a loaded machine cannot fail them;
# only the endpoint that never answers meets a short one.
OPTIONS = LoadOptions()
SHORT = LoadOptions(timeout=1.0)


def _by_name(documents):
    return {os.path.basename(d.path.rstrip("/")): d for d in documents}


def test_saved_page_becomes_a_document_with_metadata():
    documents, problems = load([str(PAGES / "courier_parking.html")])
    assert problems == []
    (doc,) = documents
    assert (doc.title, doc.byline, doc.date, doc.outlet) == (
        "Northfield parking charges to rise 12% to save rural buses",
        "Priya Shah",
        "2024-03-12",
        "The Northfield Courier",
    )
    assert doc.encoding == "utf-8"
    assert len(doc.content_hash) == 64


def test_declared_charset_decodes_a_legacy_page():
    documents, _ = load([str(PAGES / "gazette_legacy.html")])
    assert documents[0].encoding == "cp1252"


def test_analysis_uses_page_metadata_and_cleans_the_extracted_text():
    analysis = analyze([str(PAGES / "herald_parking.html")])
    (source,) = analysis.sources
    assert source.id == "herald_parking"
    assert source.outlet == "The Evening Herald"
    assert source.byline == "Owen Pritchard"
    assert source.date == "2024-03-13"
    reasons = {r.reason for r in source.removed}
    # The engine's own cleaning ran on trafilatura's text: newsletter box, pull quote, ad label.
    assert {"donation or subscription banner", "repeated text (pull quote or duplicate)"} <= reasons
    assert "Sign up to the Evening Herald newsletter" not in source.text
    assert source.text.startswith("Furious traders have accused Northfield council")
    for sentence in source.sentences:
        assert source.text[sentence.start : sentence.end].strip()


def test_directory_of_pages_feeds_and_text(tmp_path):
    shutil.copy(PAGES / "courier_parking.html", tmp_path / "courier.html")
    shutil.copy(FEEDS / "valley_news.atom", tmp_path / "valley.atom")
    (tmp_path / "notes.txt").write_text("The council met on Monday to discuss buses.\n")
    # A browser's "save page, complete" folder: assets, never articles.
    assets = tmp_path / "courier_files"
    assets.mkdir()
    (assets / "ad-frame.html").write_text("<html><body><p>Buy now!</p></body></html>")
    documents, problems = load([tmp_path])
    assert problems == []
    paths = sorted(d.path for d in documents)
    assert paths == sorted(
        [
            str(tmp_path / "courier.html"),
            str(tmp_path / "notes.txt"),
            "http://reader.test/pages/valleyradio_parking.html",
            "http://reader.test/pages/herald_parking.html",
            "http://reader.test/missing/spring-fair",
        ]
    )


def test_bad_web_files_give_one_line_reasons_and_the_rest_loads(tmp_path):
    good = tmp_path / "good.html"
    shutil.copy(PAGES / "valleyradio_parking.html", good)
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02PNG" * 200)
    (tmp_path / "nav-only.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body>")
    (tmp_path / "empty.htm").write_text("")
    (tmp_path / "down.rss").write_text("Service temporarily unavailable. Please try later.")
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>http://reader.test/</loc></url></urlset>'
    )
    documents, problems = load([tmp_path])
    assert [os.path.basename(d.path) for d in documents] == ["good.html"]
    reasons = {os.path.basename(p.path): p.reason for p in problems}
    assert reasons == {
        "binary.html": "binary file, not text",
        "down.rss": "not an RSS or Atom feed (not well-formed XML: syntax error)",
        "empty.htm": "empty file",
        "nav-only.html": "no article text found in the page",
        "sitemap.xml": "XML but not an RSS or Atom feed",
    }


def test_html_saved_with_an_xml_suffix_is_read_as_a_page(tmp_path):
    page = tmp_path / "page.xml"
    shutil.copy(PAGES / "dailywire_parking.html", page)
    documents, problems = load([page])
    assert problems == []
    assert documents[0].outlet == "Daily Wire UK"


def test_urls_pages_feeds_and_text(web):
    urls = [
        web.url("/pages/dailywire_parking.html"),
        web.url("/feeds/courier_local.rss"),
        web.url("/text"),
    ]
    documents, problems = load(urls, options=OPTIONS)
    assert problems == []
    by_path = {d.path: d for d in documents}
    assert by_path[urls[0]].outlet == "Daily Wire UK"
    assert by_path[urls[2]].text.startswith("Northfield council will review")
    feed_paths = sorted(p for p in by_path if p.startswith(web.url("/news/")))
    assert feed_paths == [
        web.url("/news/local/market-street-roadworks-4388"),
        web.url("/news/local/parking-charges-rise-buses-4417"),
    ]


def test_outlet_from_the_title_before_the_host_name(web):
    documents, _ = load([web.url("/pages/gazette_legacy.html")], options=OPTIONS)
    # The <title> "Harwood Gazette - Bus routes saved" names the outlet; the host comes last.
    assert documents[0].outlet == "Harwood Gazette"
    assert documents[0].title == "Bus routes saved - for now"


def test_a_url_that_times_out_is_not_fatal(web, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("The council met on Monday to discuss the five bus routes.\n")
    documents, problems = load([web.url("/slow"), notes], options=SHORT)
    assert [d.path for d in documents] == [str(notes)]
    assert problems == [LoadProblem(web.url("/slow"), "timed out after 1 s")]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing/page.html", "HTTP 404 Not Found"),
        ("/png", "not a web page or feed (image/png)"),
        ("/binary-as-html", "binary content, not a web page or feed"),
        ("/empty", "empty response"),
        ("/no-article", "no article text found in the page"),
        ("/not-a-feed.xml", "not an RSS or Atom feed (not well-formed XML: syntax error)"),
    ],
)
def test_url_failures_are_one_line_and_not_fatal(web, path, reason):
    good = web.url("/pages/courier_parking.html")
    documents, problems = load([web.url(path), good], options=OPTIONS)
    assert [d.path for d in documents] == [good]
    assert problems == [LoadProblem(web.url(path), reason)]


def test_other_schemes_are_refused():
    documents, problems = load(["ftp://127.0.0.1/a.txt"])
    assert documents == []
    assert problems == [
        LoadProblem("ftp://127.0.0.1/a.txt", "only http and https URLs are read, not ftp:")
    ]


def test_feed_summaries_without_fetch_links(web):
    documents, problems = load([web.url("/feeds/valley_news.atom")], options=OPTIONS)
    assert problems == []
    assert len(documents) == 3
    assert not any(path.startswith("/pages/") for path, _ in web.requests[-1:])
    texts = {d.path.rsplit("/", 1)[1]: d.text for d in documents}
    assert "Lakeland Buses" not in texts["valleyradio_parking.html"]  # only the summary


def test_fetch_links_reads_the_linked_pages(web):
    options = LoadOptions(fetch_links=True)
    documents, problems = load([web.url("/feeds/valley_news.atom")], options=options)
    assert problems == [
        LoadProblem(web.url("/missing/spring-fair"), "HTTP 404 Not Found; kept the feed's summary")
    ]
    by_name = _by_name(documents)
    valley = by_name["valleyradio_parking.html"]
    assert "Lakeland Buses said the five routes carried around 3,000 passengers" in valley.text
    # The page's own metadata wins; the feed's fills gaps.
    assert valley.outlet == "Valley Radio"
    assert valley.byline == "Sam Okafor"
    assert valley.path == web.url("/pages/valleyradio_parking.html")
    # The 404 link keeps the feed's summary and says so (above).
    assert "The spring fair returns" in by_name["spring-fair"].text


def test_same_article_twice_loads_once(web):
    url = web.url("/pages/courier_parking.html")
    documents, _ = load([url, url], options=OPTIONS)
    assert [d.path for d in documents] == [url]


def test_source_ids_from_urls_are_stable(web):
    urls = [web.url("/feeds/courier_local.rss"), web.url("/pages/herald_parking.html")]
    first = analyze(urls, options=OPTIONS)
    second = analyze(list(reversed(urls)), options=OPTIONS)
    assert [s.id for s in first.sources] == [s.id for s in second.sources]
    assert [s.id for s in first.sources] == [
        "market-street-roadworks-4388",
        "parking-charges-rise-buses-4417",
        "herald_parking",
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.binary(max_size=400),
    st.sampled_from([".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".feed"]),
)
def test_any_bytes_as_a_web_file_load_or_give_one_line(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(data)
        documents, problems = load([path])
    assert len(documents) + len(problems) >= 1
    assert all("\n" not in p.reason and p.reason for p in problems)
