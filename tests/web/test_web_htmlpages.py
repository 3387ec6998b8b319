"""HTML pages: article text, link lines, metadata, outlet, and bad HTML as one-line reasons."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOLD, PAGES
from reader.htmlpages import (
    MAX_ELEMENTS,
    Page,
    extract_page,
    fragment_lines,
    fragment_text,
    pick_outlet,
)


def _article(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


STORY = (
    "<p>The county council agreed on Monday to close three of its eleven libraries after a "
    "consultation that drew more than 5,000 responses from residents.</p>"
    "<p>Council leader Sarah Booth said the decision had been the hardest of her career and "
    "that the remaining libraries would open for longer hours on Saturdays.</p>"
    "<p>Campaigners said they would ask for a judicial review of the consultation, which they "
    "described as rushed and badly publicised in the affected villages.</p>"
)


@pytest.mark.parametrize("gold_path", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem)
def test_fixture_pages_metadata(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    html = (PAGES / gold["page"]).read_bytes().decode("utf-8", "replace")
    page = extract_page(html)
    assert isinstance(page, Page)
    assert (page.title, page.outlet, page.byline, page.date) == (
        gold["title"],
        gold["outlet"],
        gold["byline"],
        gold["date"],
    )


def test_link_lines_are_left_out_and_recorded():
    body = (
        STORY
        + '<p><strong>READ MORE:</strong> <a href="/x">Town hall to be sold off</a></p>'
        + '<p>Related: <a href="/y">Bin collections move to fortnightly</a></p>'
        + '<p>She said the <a href="/report">council report</a> would be published on Friday '
        "alongside the full consultation results.</p>"
    )
    page = extract_page(_article(body))
    assert isinstance(page, Page)
    assert "Town hall to be sold off" not in page.text
    assert "Bin collections" not in page.text
    assert "She said the council report would be published on Friday" in page.text
    assert [(r.reason, r.text) for r in page.removed] == [
        ("link to another story", "READ MORE: Town hall to be sold off"),
        ("link to another story", "Related: Bin collections move to fortnightly"),
    ]


def test_subheadings_become_markdown_headings():
    body = (
        STORY[: STORY.index("<p>Campaigners")]
        + "<h2>What happens next</h2>"
        + STORY[STORY.index("<p>Campaigners") :]
    )
    page = extract_page(_article(body))
    assert isinstance(page, Page)
    assert "## What happens next" in page.text.splitlines()


def test_outlet_falls_back_to_the_host_name():
    page = extract_page(_article(STORY), url="https://www.countynews.example/a/libraries")
    assert isinstance(page, Page)
    assert page.outlet == "countynews.example"
    assert page.url == "https://www.countynews.example/a/libraries"


@pytest.mark.parametrize(
    ("kwargs", "outlet"),
    [
        (dict(sitename="The Courier", hostname="courier.example"), "The Courier"),
        (dict(sitename="courier.example", hostname="courier.example"), "courier.example"),
        (
            dict(
                sitename=None,
                hostname="x.example",
                html_title="Libraries to close | The Post",
                headline="Libraries to close",
            ),
            "The Post",
        ),
        (
            # The tail is not an outlet when the rest is not the headline.
            dict(
                sitename=None,
                hostname="x.example",
                html_title="Weather - Sunny spells",
                headline="Libraries to close",
            ),
            "x.example",
        ),
        (dict(sitename=None, hostname="www.x.example"), "x.example"),
        (dict(sitename=None, hostname=None), None),
    ],
)
def test_pick_outlet(kwargs, outlet):
    base = dict(sitename=None, hostname=None, html_title=None, headline=None)
    assert pick_outlet(**{**base, **kwargs}) == outlet


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("", "empty page"),
        ("   \n ", "empty page"),
        ("just some words, no markup at all", "no HTML markup in the file"),
        (
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "no article text found in the page",
        ),
        (
            "<html><head><script>var x = 1;</script></head></html>",
            "no article text found in the page",
        ),
    ],
)
def test_pages_without_an_article_give_one_line_reasons(markup, reason):
    assert extract_page(markup) == reason


def test_malformed_html_still_reads():
    # Unclosed paragraphs and bold, stray closing tags, unquoted attributes, no </body>.
    broken = (
        "<html><body><div class=story id=main><p>The county council agreed on Monday to close "
        "three of its eleven libraries after a consultation that drew more than 5,000 responses"
        "<b>.<p>Council leader Sarah Booth said the decision had been the hardest of her career "
        "and that the remaining libraries would open for longer hours</i> on Saturdays.</span>"
        "<p>Campaigners said they would ask for a judicial review of the consultation, which "
        "they described as rushed and badly publicised in the villages.<td></table></div>"
    )
    page = extract_page(broken)
    assert isinstance(page, Page)
    assert "close three of its eleven libraries" in page.text
    assert "longer hours on Saturdays." in page.text
    assert "judicial review" in page.text


def test_fragment_lines_keep_blocks_and_drop_link_lines():
    lines, removed = fragment_lines(
        "<p>First <em>paragraph</em>.</p><script>track()</script><h3>Next steps</h3>"
        "<ul><li>One point.</li><li>Another point.</li></ul>"
        '<p><a href="/more">Continue reading</a></p>'
    )
    assert lines == ["First paragraph.", "### Next steps", "One point.", "Another point."]
    assert [r.text for r in removed] == ["Continue reading"]
    assert fragment_text("<b>Bold</b> &amp; <i>plain</i>") == "Bold & plain"


_PIECES = [
    *"<>/=\"' &;#abcdeiklmnoprstuvy\n\t\u00e9\u202e\x00\ud7ff",
    *("<p>", "</p>", "<div>", "<a href='x'>", "</a>", "<h1>", "<!--", "-->", "<script>"),
    *("<title>", "&amp;", "&#0;", "<br>", "<table>", "<td>", "<?xml version='1.0'?>"),
]
html_text = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=200).map("".join),
    st.text(max_size=300).map(lambda t: f"<html><body><p>{t}</p></body></html>"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_text)
def test_extract_never_raises_on_hostile_markup(markup):
    result = extract_page(markup, url="http://127.0.0.1/x")
    assert isinstance(result, Page | str)
    if isinstance(result, str):
        assert "\n" not in result
    lines, _ = fragment_lines(markup)
    assert all("\n" not in line for line in lines)


def test_pages_with_too_many_elements_are_refused_quickly():
    markup = "<html><body>" + "<a href='/x'>link</a> " * (MAX_ELEMENTS + 1) + "</body></html>"
    assert extract_page(markup) == "page too complex to read (over 25,000 HTML elements)"
