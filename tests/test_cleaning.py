"""Cleaning keeps the story and drops what is not the story, on invented articles and the seeds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import seed_text

from reader.cleaning import clean, normalize, parse_date

INVENTED = """date 2025-03-02 Council approves new cycle lanes after long row

Cyclists ride along the seafront. Photo: Getty Images

By Priya Natarajan and Tom O'Neill

The city council has approved 14 miles of new cycle lanes after a two-year dispute.

Councillor Ann Lee said: "This is a good day for the city."

Related articles

Share this article

Sign up to our free newsletter and support independent journalism. Subscribe now.

Back to News
"""


def texts_of(cleaned):
    return [cleaned.text[s:e] for s, e in cleaned.paragraphs]


def reasons(cleaned):
    return {r.reason for r in cleaned.removed}


def test_invented_article_metadata_and_story():
    cleaned = clean(INVENTED)
    assert cleaned.date == "2025-03-02"
    assert cleaned.title == "Council approves new cycle lanes after long row"
    assert cleaned.byline == "Priya Natarajan and Tom O'Neill"
    assert texts_of(cleaned) == [
        "The city council has approved 14 miles of new cycle lanes after a two-year dispute.",
        'Councillor Ann Lee said: "This is a good day for the city."',
    ]
    assert {
        "photo caption or credit",
        "byline",
        "navigation",
        "donation or subscription banner",
    } <= (reasons(cleaned))


def test_headings_are_kept_as_structure_and_trailing_ads_dropped():
    raw = "\n".join(
        [
            "Flood warnings issued across the north",
            "Flood warnings issued across the north",
            "The Environment Agency issued 40 flood warnings on Sunday after heavy rain.",
            "What happens next",
            "Forecasters expect the rain to ease by Tuesday.",
            "Smith & Daughters Roofing",
            "Worried about your roof? You can call us today for a free quote.",
            "Your home deserves the best care.",
        ]
    )
    cleaned = clean(raw)
    assert cleaned.title == "Flood warnings issued across the north"
    assert texts_of(cleaned) == [
        "The Environment Agency issued 40 flood warnings on Sunday after heavy rain.",
        "What happens next",
        "Forecasters expect the rain to ease by Tuesday.",
    ]
    assert cleaned.headings == frozenset({1})
    assert "repeated title" in reasons(cleaned)


def test_story_that_quotes_you_is_not_an_advert():
    raw = (
        "The minister visited the school on Monday.\n"
        'She told pupils: "You are the future, and your ideas matter to all of us."\n'
        "The visit lasted two hours."
    )
    cleaned = clean(raw)
    assert len(cleaned.paragraphs) == 3
    assert cleaned.removed == ()


def test_comment_box_and_pull_quote():
    raw = (
        "Ministers announced a review of rail fares on Friday.\n\n"
        "Commuters face rising costs\n\n"
        'The transport secretary said: "Fares are too high for commuters, and we will act."\n\n'
        "Leave a comment\n\n"
        "Comments are moderated and will appear once approved."
    )
    cleaned = clean(raw)
    assert texts_of(cleaned) == [
        "Ministers announced a review of rail fares on Friday.",
        "Commuters face rising costs",
        'The transport secretary said: "Fares are too high for commuters, and we will act."',
    ]


def test_pull_quote_copy_is_dropped_and_the_quoted_paragraph_kept():
    raw = (
        "The strike began at dawn.\n"
        "Nurses are exhausted after years of cuts to staffing levels\n"
        'The union leader said: "Nurses are exhausted after years of cuts to staffing levels."\n'
    )
    cleaned = clean(raw)
    assert texts_of(cleaned)[-1].startswith("The union leader said")
    assert [r.reason for r in cleaned.removed] == ["repeated text (pull quote or duplicate)"]


def test_outlet_from_donation_banner_and_wire_dateline():
    banner = (
        "date 2024-05-01 Your support helps The Courier report the news. The Courier is "
        "independent. Donate now or subscribe to our newsletter. Read more\n\n"
        "Storms closed the port for a second day."
    )
    assert clean(banner).outlet == "The Courier"
    wire = "LONDON (Reuters) - Shares fell sharply on Monday as oil prices rose."
    assert clean(wire).outlet == "Reuters"


def test_front_matter():
    raw = (
        "---\ntitle: Bridge reopens\nauthor: Sam Hill\ndate: 3 June 2024\n"
        "site: The Gazette\n---\nThe bridge reopened on Monday."
    )
    cleaned = clean(raw)
    assert (cleaned.title, cleaned.byline, cleaned.date, cleaned.outlet) == (
        "Bridge reopens",
        "Sam Hill",
        "2024-06-03",
        "The Gazette",
    )
    assert cleaned.text == "The bridge reopened on Monday."


def test_parse_date_formats():
    assert parse_date("Published: Wed 11 Dec 2024 10.32 GMT") == "2024-12-11"
    assert parse_date("December 11, 2024") == "2024-12-11"
    assert parse_date("2024-12-11T09:00:00Z") == "2024-12-11"
    assert parse_date("no date here") is None
    assert parse_date("31 February 2024") == "2024-02-31" or parse_date("31 February 2024") is None


def test_normalize_strips_escapes_and_controls():
    raw = (
        "Red \x1b[31malert\x1b[0m\x1b[2J here \x1b]8;;http://x\x07link\x1b]8;;\x07\x00 end\r\nnext"
    )
    assert normalize(raw) == "Red alert here link end\nnext"


# --- the seeds -------------------------------------------------------------------------------


def test_seed_with_date_marker_title_byline_and_caption():
    cleaned = clean(seed_text("001"))
    assert cleaned.date == "2024-12-11"
    assert cleaned.title == "Met Police staff vote to strike amid work from home row"
    assert cleaned.byline == "Emma Soteriou"
    assert texts_of(cleaned)[0] == (
        "Met Police staff have voted to strike amid a row over working from home."
    )
    assert not any("Picture:" in t for t in texts_of(cleaned))


def test_seed_with_repeated_title_headings_and_comment_box():
    cleaned = clean(seed_text("002"))
    assert cleaned.title == "UK Police Threaten To Strike If Can't Work From Home"
    paragraphs = texts_of(cleaned)
    headings = [paragraphs[i] for i in sorted(cleaned.headings)]
    assert headings == [
        "Met Police Staff Vote to Strike Over Work-from-Home Cuts",
        "Strike Could Disrupt Vital Services",
        "Impact of the Policy",
        "Awaiting a Response",
    ]
    assert paragraphs[-1].startswith("As tensions escalate")
    assert not any("Leave a comment" in p or "approved before" in p for p in paragraphs)


def test_seed_with_advert_for_unrelated_business():
    cleaned = clean(seed_text("003"))
    paragraphs = texts_of(cleaned)
    assert paragraphs[-1].startswith("A spokesperson for the Metropolitan Police said")
    assert len(cleaned.removed) == 5
    assert all("legal" not in p for p in paragraphs)


def test_seed_with_donation_banner_names_outlet():
    cleaned = clean(seed_text("004"))
    assert cleaned.outlet == "The Independent"
    assert cleaned.date == "2024-12-11"
    assert cleaned.text.startswith("Civilian staff at the Metropolitan Police")
    assert "donation" not in cleaned.text


def test_seed_pull_quote_removed_but_quote_kept():
    cleaned = clean(seed_text("000"))
    paragraphs = texts_of(cleaned)
    desk = [p for p in paragraphs if "desk-based civilians" in p]
    assert desk == [
        "“They are desk-based civilians who work from home just as productively as if they were in "
        "the office, but without the stress and cost of a daily commute."
    ]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_never_raises_and_spans_are_valid(raw):
    cleaned = clean(raw)
    for start, end in cleaned.paragraphs:
        assert 0 <= start < end <= len(cleaned.text)
        assert cleaned.text[start:end].strip() == cleaned.text[start:end]
    assert "\x1b" not in cleaned.text
    assert clean(raw) == cleaned


def test_reader_appeals_social_follow_and_posted_lines():
    raw = "\n\n".join(
        [
            "Posted 14th March 2024 by the editor",
            "The harbour wall collapsed overnight after a storm surge.",
            "Got a story? Email us at news@example.com",
            "Do you have a story for us? Contact our newsroom.",
            "Follow Coastal News on Facebook and Instagram",
        ]
    )
    cleaned = clean(raw)
    assert texts_of(cleaned) == ["The harbour wall collapsed overnight after a storm surge."]
    assert cleaned.date == "2024-03-14"
    assert cleaned.byline is None  # "the editor" is not a name
    assert [r.reason for r in cleaned.removed].count("appeal to readers") == 3


def test_story_sentences_about_following_and_emails_are_kept():
    raw = (
        "Police said they would follow the suspect's car on the motorway.\n\n"
        "The minister told us the email had been sent in error."
    )
    assert len(clean(raw).paragraphs) == 2


def test_a_story_that_addresses_the_reader_is_not_dropped_as_an_advert():
    one_paragraph = (
        "If you live near the river, you should check the flood map tonight, the Environment "
        "Agency said on Sunday as heavy rain moved north."
    )
    assert texts_of(clean(one_paragraph)) == [one_paragraph]
    long_tail = "The storm hit the coast at dawn.\n\n" + " ".join(
        ["You will remember the floods of 2007, when your street may have been under water."] * 6
    )
    assert len(clean(long_tail).paragraphs) == 2


_OPENINGS = [
    *("by", "By", "BY", "written by", "Words By", "reporting by", "report by", "bye", "", " "),
    *("posted", "Published", "UPDATED", "written", "posteds", "date", "Dated", "last updated"),
    *("first published", "\t", "\u00a0", "\u2003", "ſ", "K"),
]
_PIECES = [
    *(" ", "  ", ":", ",", "on", "Mon", "Tuesday", "12", "3rd", "May", "sept.", "2024"),
    *("2024-05-03", "T10:30", "10:30", "am", "GMT", "John Smith", "and", "&", "van", "Jane"),
    *("|", "—", "staff writer", "by"),
]


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.sampled_from(_OPENINGS), min_size=1, max_size=2).map("".join),
    st.lists(st.sampled_from(_PIECES), max_size=8).map("".join),
)
def test_cheap_start_tests_never_reject_a_long_pattern_match(opening: str, rest: str) -> None:
    """The long patterns are compiled only for blocks their start tests accept: a block the
    start test rejects must not match the long pattern."""
    import re

    from reader import cleaning

    block = opening + rest
    for start, pattern, flags in (
        (cleaning._LEADING_LABEL, cleaning._LEADING_DATE, re.IGNORECASE),
        (cleaning._POSTED_START, cleaning._POSTED_LINE, re.IGNORECASE),
        (cleaning._BYLINE_START, cleaning._BYLINE, 0),
    ):
        if re.compile(pattern, flags).match(block):
            assert start.match(block)
