"""Figure extraction: hand-written gold on the seeds, invented UK and US sentences, the
comparison helpers, and properties that must hold on any text."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import seed_text

from reader.figures import comparable, describe, extract_figures, same_figure
from reader.model import Figure
from reader.numbers import parse_digits, parse_number_words

KINDS = {"percent", "count", "range", "frequency", "share", "money", "age", "duration"}


def triples(text: str) -> list[tuple[str, str, float]]:
    return [(f.text, f.kind, f.value) for f in extract_figures(text)]


def only(text: str) -> Figure:
    (figure,) = extract_figures(text)
    return figure


def first(text: str) -> Figure:
    return extract_figures(text)[0]


# -- gold on the seeds -------------------------------------------------------------------
# Every figure of the story, judged by reading each seed; (surface, kind, value).

SEED_GOLD: dict[str, list[tuple[str, str, float]]] = {
    "000": [
        ("85%", "percent", 85),
        ("91%", "percent", 91),
        ("Some 2,400 civilian workers", "count", 2400),
        ("between 60% and 100%", "range", 60),
    ],
    "001": [
        ("2,400 civilian staff", "count", 2400),
        ("85%", "percent", 85),
        ("91%", "percent", 91),
        ("three to five days a week", "frequency", 3),
        ("up to two days a week", "frequency", 2),
    ],
    "002": [
        ("85%", "percent", 85),
        ("91%", "percent", 91),
        ("up to 2,400 civilian workers", "count", 2400),
    ],
    "003": [
        ("More than half", "share", 50),
        ("2,400 members", "count", 2400),
        ("around 11,000 civilian staff", "count", 11000),
        ("as few as two days a week", "frequency", 2),
        ("at least four days per week", "frequency", 4),
        ("a minimum of three days a week", "frequency", 3),
        ("nearly 200,000 civil servants", "count", 200000),
        ("up to two days a week", "frequency", 2),
    ],
    "004": [
        ("Around 2,400 staff", "count", 2400),
        ("two days", "duration", 2),
        ("three", "count", 3),
        ("three", "count", 3),
        ("four", "count", 4),
        ("four", "count", 4),
        ("85 per cent", "percent", 85),
        ("91 per cent", "percent", 91),
        ("up to two days a week", "frequency", 2),
    ],
}


@pytest.mark.parametrize("prefix", sorted(SEED_GOLD))
def test_seed_figures_match_gold(prefix):
    assert triples(seed_text(prefix)) == SEED_GOLD[prefix]


def test_seed_details():
    text = seed_text("003")
    by_text = {f.text: f for f in extract_figures(text)}
    half = by_text["More than half"]
    assert (half.low, half.high, half.unit, half.qualifier) == (50, 100, "%", "more than")
    assert by_text["nearly 200,000 civil servants"].unit == "civil servants"
    assert by_text["at least four days per week"].unit == "days/week"
    assert by_text["at least four days per week"].high == 7
    five = {f.text: f for f in extract_figures(seed_text("001"))}["three to five days a week"]
    assert (five.low, five.high, five.unit, five.qualifier) == (3, 5, "days/week", None)
    some = {f.text: f for f in extract_figures(seed_text("000"))}["Some 2,400 civilian workers"]
    assert (some.unit, some.qualifier) == ("civilian workers", "some")


# -- the shapes the issue lists ----------------------------------------------------------

SHAPES = [
    # (sentence, surface, kind, value, unit, qualifier)
    ("Turnout was 85% this time.", "85%", "percent", 85, "%", None),
    ("Turnout was 85 per cent this time.", "85 per cent", "percent", 85, "%", None),
    ("Turnout was 85 percent this time.", "85 percent", "percent", 85, "%", None),
    ("Turnout was 85pc this time.", "85pc", "percent", 85, "%", None),
    ("It rose 2 percentage points.", "2 percentage points", "percent", 2, "pp", None),
    ("The union has 2,400 members.", "2,400 members", "count", 2400, "members", None),
    ("It represents nearly 200,000 civil servants.", "nearly 200,000 civil servants", "count",
     200000, "civil servants", "nearly"),
    ("Around 2,400 staff, who work shifts, agreed.", "Around 2,400 staff", "count", 2400,
     "staff", "around"),
    ("The blaze forced 11,000 out.", "11,000", "count", 11000, None, None),
    ("Twenty-five pupils sat the test.", "Twenty-five pupils", "count", 25, "pupils", None),
    ("She hired three hundred nurses.", "three hundred nurses", "count", 300, "nurses", None),
    ("About 1.5 million people watched.", "About 1.5 million people", "count", 1.5e6, "people",
     "about"),
    ("The fund holds 2bn in reserve.", "2bn", "count", 2e9, None, None),
    ("They want between 60% and 100% of it.", "between 60% and 100%", "range", 60, "%", None),
    ("They want 60-100% of it.", "60-100%", "range", 60, "%", None),
    ("They want from 60% to 100% of it.", "from 60% to 100%", "range", 60, "%", None),
    ("Staff work three to five days a week.", "three to five days a week", "frequency", 3,
     "days/week", None),
    ("Staff work at least four days per week.", "at least four days per week", "frequency", 4,
     "days/week", "at least"),
    ("Staff work a minimum of three days a week.", "a minimum of three days a week", "frequency",
     3, "days/week", "a minimum of"),
    ("Staff may work up to two days a week.", "up to two days a week", "frequency", 2,
     "days/week", "up to"),
    ("Staff may work one day a week at home.", "one day a week", "frequency", 1, "days/week",
     None),
    ("He trains twice a week.", "twice a week", "frequency", 2, "times/week", None),
    ("The trial lasted six months.", "six months", "duration", 6, "months", None),
    ("He was jailed for three years.", "three years", "duration", 3, "years", None),
    ("More than half voted.", "More than half", "share", 50, "%", "more than"),
    ("A third of staff voted.", "A third", "share", 100 / 3, "%", None),
    ("Two-thirds of staff voted.", "Two-thirds", "share", 200 / 3, "%", None),
    ("The majority of staff voted.", "The majority", "share", 50, "%", None),
    ("Almost a quarter of staff voted.", "Almost a quarter", "share", 25, "%", "almost"),
    ("One in five adults smoke.", "One in five", "share", 20, "%", None),
    ("It will cost £5m.", "£5m", "money", 5e6, "GBP", None),
    ("It will cost $2.5 billion.", "$2.5 billion", "money", 2.5e9, "USD", None),
    ("It will cost €100.", "€100", "money", 100, "EUR", None),
    ("It will cost US$3.2bn.", "US$3.2bn", "money", 3.2e9, "USD", None),
    ("It will cost 5 million pounds.", "5 million pounds", "money", 5e6, "GBP", None),
    ("A stamp costs 50p now.", "50p", "money", 0.5, "GBP", None),
    ("Pay is £30,000 a year.", "£30,000 a year", "money", 30000, "GBP/year", None),
    ("A 45-year-old man was held.", "45-year-old", "age", 45, "years", None),
    ("A man aged 45 was held.", "aged 45", "age", 45, "years", None),
    ("Jane Smith, 45, of Leeds, was held.", "45", "age", 45, "years", None),
    ("A man in his 40s was held.", "40s", "age", 40, "years", None),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "surface", "kind", "value", "unit", "qualifier"), SHAPES)
def test_shapes(sentence, surface, kind, value, unit, qualifier):
    figure = only(sentence)
    assert (figure.text, figure.kind, figure.unit, figure.qualifier) == (
        surface,
        kind,
        unit,
        qualifier,
    )
    assert figure.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        ("More than half voted.", 50, 100),
        ("The majority voted.", 50, 100),
        ("A minority voted.", 0, 50),
        ("Half the staff voted.", 50, 50),
        ("Up to 2,400 staff may strike.", 0, 2400),
        ("At least 23 people died.", 23, math.inf),
        ("Nearly 200 people died.", 180, 200),
        ("Around 200 people died.", 180, 220),
        ("Just over 1,000 people applied.", 1000, 1100),
        ("About 95% agreed.", 85.5, 100),
        ("They work at least four days a week.", 4, 7),
        ("They work between 3 and 5 days a week.", 3, 5),
        ("Those aged between 18 and 24 voted.", 18, 24),
        ("A man in his late 40s was held.", 46, 49),
        ("It costs between £5m and £10m.", 5e6, 1e7),
        ("It costs £5-10m.", 5e6, 1e7),
    ],
)
def test_bounds(sentence, low, high):
    figure = only(sentence)
    assert figure.low == pytest.approx(low)
    assert figure.high == pytest.approx(high)


# -- what is not a figure ----------------------------------------------------------------

NOT_FIGURES = [
    "It happened in 2021, and since 2021 nothing changed.",
    "Published 2024-12-11 and updated on 11 December.",
    "The deadline is Dec. 11 or December 11.",
    "The meeting starts at 10:30 and ends at 10am, or 3 p.m. at the latest, or 9 o'clock.",
    "Members include 999 call handlers and you should call 999 in an emergency.",
    "Ring 0800 123 456 or 020 7946 0000 or +44 20 7946 0000 or (555) 123-4567.",
    "For the first time in the 21st century, the 1st and 2nd teams met.",
    "COVID-19 hit the G7, the M25, the A1 and sales of the PS5.",
    "Under Article 50 and Section 3 of the act, see page 4 and No. 10 and #1.",
    "Update to version 3.5.1 of Windows 11 on your iPhone 15.",
    "One worker said no one would go, and one of them left.",
    "He lives at 10 Downing Street.",
    "The 1990s were a decade of change.",
    "The season ran 2024-25 and the 2020-2024 term ended; the score was 3-1.",
    "Shops open 24/7 and the date was 11/12/2024.",
    "It was the second half, a third time, and the first quarter.",
    "Thousands of workers and dozens of officers were there.",
    "The Big Three and Channel Four covered it.",
    "The 5G network reached 4x4 drivers.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_figures(sentence):
    assert triples(sentence) == []


def test_year_with_a_counted_noun_is_a_count():
    assert triples("A survey of 2000 people found it.") == [("2000 people", "count", 2000)]
    assert triples("In 2000 people were surveyed.") == []
    assert triples("The 2021 census found it.") == []


def test_years_inside_other_shapes():
    assert triples("The Sept. 11, 2001 attacks and the 2016 elections.") == []
    assert triples("A poll of 2047 registered voters.") == [
        ("2047 registered voters", "count", 2047)
    ]
    assert triples("The first since 1848.") == []
    assert triples("Revenue rose from $362 million in 2014 to $557 million in 2015.") == [
        ("$362 million", "money", 362e6),
        ("$557 million", "money", 557e6),
    ]


def test_title_case_headline_keeps_grouped_numbers():
    assert triples("Strike Hits 2,400 Workers") == [("2,400 Workers", "count", 2400)]
    assert triples("Apollo 11 Lands") == []


def test_list_markers_are_not_counts():
    assert triples("Rankings:\n1 Donald Trump.\n2 Ted Cruz.") == []
    assert triples("For two reasons: 1) cost and 2) time.") == [("two reasons", "count", 2)]


def test_compounds():
    assert triples("A 15-member committee met.") == [("15-member", "count", 15)]
    assert triples("It is a one-off.") == []
    assert triples("A trillion-dollar law.") == [("A trillion-dollar", "money", 1e12)]
    assert triples("It cost over half a million dollars.") == [
        ("over half a million dollars", "money", 5e5)
    ]
    assert triples("Three-in-five insiders and three-fourths of voters agreed.") == [
        ("Three-in-five", "share", 60),
        ("three-fourths", "share", 75),
    ]
    assert only("Two Forbes staff members left.").unit == "Forbes staff members"


def test_change_is_two_figures_not_a_range():
    assert triples("Turnout rose from 60% to 80%.") == [
        ("60%", "percent", 60),
        ("80%", "percent", 80),
    ]
    assert triples("Staff were cut from 2,400 to 2,000.") == [
        ("2,400", "count", 2400),
        ("2,000", "count", 2000),
    ]


# -- invented articles -------------------------------------------------------------------

UK_ARTICLE = """Rail workers to strike over pay

Around 40,000 rail workers will walk out for 48 hours next week after 71% of RMT members
backed action on a turnout of 60 per cent.

The union said more than half of its members earn less than £35,000 a year, and that
Network Rail had offered a 4.5% rise worth about £1,500 a year.

A Network Rail spokesman said: "We have offered staff four days a week in the office at most."

Some 3,000 services, roughly a fifth of the timetable, will run between 7.30am and 6.30pm.
"""

UK_GOLD = [
    ("Around 40,000 rail workers", "count", 40000),
    ("48 hours", "duration", 48),
    ("71%", "percent", 71),
    ("60 per cent", "percent", 60),
    ("more than half", "share", 50),
    ("less than £35,000 a year", "money", 35000),
    ("4.5%", "percent", 4.5),
    ("about £1,500 a year", "money", 1500),
    ("four days a week", "frequency", 4),
    ("Some 3,000 services", "count", 3000),
    ("roughly a fifth", "share", 20),
]

US_ARTICLE = """WASHINGTON (AP) — The Senate voted 52-48 on Tuesday to approve a $1.2 trillion
spending bill.

About 40 percent of Americans, or roughly 130 million people, live in counties with unhealthy
air, the report found. The storm killed at least 23 people and left 1.2 million homes without
power.

Police said the suspect, 27, was arrested at 3:45 p.m. near Interstate 95. Unemployment fell to
3.7% in November from 3.9% in October.

Nine in 10 voters said the economy mattered; a majority said inflation was their top concern.
Gas averaged $3.52 a gallon, up 12 cents from a week ago.
"""

US_GOLD = [
    ("$1.2 trillion", "money", 1.2e12),
    ("About 40 percent", "percent", 40),
    ("roughly 130 million people", "count", 1.3e8),
    ("at least 23 people", "count", 23),
    ("1.2 million homes", "count", 1.2e6),
    ("27", "age", 27),
    ("3.7%", "percent", 3.7),
    ("3.9%", "percent", 3.9),
    ("Nine in 10", "share", 90),
    ("a majority", "share", 50),
    ("$3.52", "money", 3.52),
    ("12 cents", "money", 0.12),
]


@pytest.mark.parametrize(("article", "gold"), [(UK_ARTICLE, UK_GOLD), (US_ARTICLE, US_GOLD)])
def test_invented_articles(article, gold):
    got = triples(article)
    assert [(t, k) for t, k, _ in got] == [(t, k) for t, k, _ in gold]
    for (_, _, value), (_, _, expected) in zip(got, gold, strict=True):
        assert value == pytest.approx(expected)


def test_money_ranges_and_scales():
    assert triples("Bids ranged from $3bn-$4bn.") == [("$3bn-$4bn", "range", 3e9)]
    assert only("It cost between £5m and £10m.").unit == "GBP"
    assert triples("A quarter of a million people and half a million homes.") == [
        ("A quarter of a million people", "count", 250000),
        ("half a million homes", "count", 500000),
    ]
    assert triples("Fees of 1,000 euros and 300 dollars.") == [
        ("1,000 euros", "money", 1000),
        ("300 dollars", "money", 300),
    ]


def test_frequency_and_duration_ranges():
    figure = only("Staff come in two or three days a week.")
    assert (figure.kind, figure.low, figure.high, figure.unit) == ("frequency", 2, 3, "days/week")
    figure = only("The works take between 3 and 5 years.")
    assert (figure.kind, figure.low, figure.high) == ("duration", 3, 5)
    figure = only("A 48-hour strike began.")
    assert (figure.text, figure.kind, figure.value, figure.unit) == (
        "48-hour",
        "duration",
        48,
        "hours",
    )
    assert only("Those aged 18-24 voted.").kind == "age"
    assert only("It is for 18-24-year-olds.").text == "18-24-year-olds"


# -- comparison helpers ------------------------------------------------------------------


def test_same_figure():
    assert same_figure(only("It was 85%."), only("It was 85 per cent."))
    assert same_figure(only("It hit 2,400 staff."), only("It hit some 2,400 staff."))
    assert same_figure(only("It hit 2,400 staff."), only("It hit around 2,400 workers."))
    assert same_figure(only("More than half agreed."), only("The majority agreed."))
    assert same_figure(only("Half agreed."), only("It was 50%."))
    assert same_figure(only("It took 2 weeks."), only("It took 14 days."))
    assert same_figure(only("It is 60-100% of it."), only("It is between 60% and 100% of it."))
    assert not same_figure(only("It was 85%."), only("More than half agreed."))
    assert not same_figure(only("At least 2,400 staff."), only("Up to 2,400 staff."))
    assert not same_figure(only("Three days a week."), only("Three to five days a week."))
    assert not same_figure(only("It cost £5m."), only("It cost $5m."))


def test_comparable():
    assert comparable(only("It was 85%."), only("More than half agreed."))
    assert comparable(only("Some 2,400 civilian workers."), only("The 2,400 members."))
    assert comparable(only("Some 2,400 staff."), only("2,400 civilian staff."))
    assert comparable(only("4 days a week."), only("Up to two days a week."))
    assert not comparable(only("4 days a week."), only("Up to two times a month."))
    assert not comparable(only("It was 85%."), only("Some 2,400 staff."))
    assert not comparable(only("Some 2,400 staff."), only("12 states."))
    assert not comparable(only("It cost £5m."), only("It cost $5m."))
    assert not comparable(only("It was 85%."), only("It rose 2 percentage points."))
    # A bare number can confirm a count but never contradicts one.
    assert comparable(only("The union's 2,400 backed it."), only("Some 2,400 staff."))
    assert not comparable(only("They chose three."), only("Some 2,400 staff."))
    assert comparable(only("They chose three."), only("They chose four."))


@pytest.mark.parametrize(
    ("sentence", "wording"),
    [
        ("It was 85 per cent.", "85%"),
        ("More than half agreed.", "more than half"),
        ("Staff work three to five days a week.", "3-5 days/week"),
        ("Staff work up to two days a week.", "up to 2 days/week"),
        ("Staff work one day a week.", "1 day/week"),
        ("Some 2,400 civilian workers.", "some 2,400 civilian workers"),
        ("It cost £5m.", "£5m"),
        ("It cost $2.5 billion.", "$2.5bn"),
        ("It is 60-100% of it.", "60-100%"),
        ("A man aged 45.", "aged 45"),
        ("Roughly 130 million people.", "roughly 130 million people"),
        ("It lasted one year.", "1 year"),
    ],
)
def test_describe(sentence, wording):
    assert describe(only(sentence)) == wording


# -- written and digit numbers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("twenty five people", (25, 2)),
        ("three hundred and fifty", (350, 4)),
        ("two thousand five hundred staff", (2500, 4)),
        ("two and a half years", (2.5, 4)),
        ("a million", (1e6, 2)),
        ("a dozen eggs", (12, 2)),
        ("one", (1, 1)),
        ("a", None),
        ("people", None),
    ],
)
def test_parse_number_words(words, expected):
    assert parse_number_words(words.split()) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("2,400", 2400), ("1.5", 1.5), ("0.5", 0.5), ("1,000.50", 1000.5), ("007", None),
     ("12,34", None), ("3.5.1", None), ("10:30", None), ("24/7", None), ("1" * 20, None)],
)  # fmt: skip
def test_parse_digits(token, expected):
    assert parse_digits(token) == expected


# -- properties --------------------------------------------------------------------------

PIECES = [
    "85", "2,400", "1.5", "0800", "999", "2021", "45", "60", "100", "3", "%", " per cent", "pc",
    "£", "$", "€", "US", "m", "bn", "million", "-", "–", "to", "and", "or", "between", "from",
    "a", "week", "days", "day", "year", "years", "old", "aged", "half", "one", "two", "three",
    "twenty", "hundred", "third", "thirds", "quarter", "of", "in", "out", "majority", "the",
    "more", "than", "up", "at", "least", "some", "around", "nearly", "twice", "per", "s", "th",
    "December", "Article", "call", "staff", "workers", ",", ".", ":", "/", "(", ")", "his", "40",
    "early", "'", "\n", "Smith",
]  # fmt: skip

number_texts = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "  ", "-", "\n"])),
    max_size=40,
).map(lambda parts: "".join(p + sep for p, sep in parts))


def check_invariants(text: str) -> None:
    figures = extract_figures(text)
    end = 0
    for figure in figures:
        assert 0 <= end <= figure.start < figure.end <= len(text)
        assert figure.text == text[figure.start : figure.end]
        assert figure.kind in KINDS
        assert math.isfinite(figure.value)
        assert figure.low <= figure.value <= figure.high
        end = figure.end
        describe(figure)
        assert same_figure(figure, figure)
    assert extract_figures(text) == figures


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_keeps_invariants(text):
    check_invariants(text)


@settings(max_examples=500, deadline=None)
@given(number_texts)
def test_number_heavy_text_keeps_invariants(text):
    check_invariants(text)


def test_figures_do_not_depend_on_distant_text():
    sentence = "Some 2,400 civilian workers backed it, and 85% voted.\n"
    alone = triples(sentence)
    padded = triples("Nothing here.\n" * 50 + sentence + "Also nothing.\n" * 50)
    assert alone == padded


@pytest.mark.parametrize(
    "make",
    [
        lambda rng: "".join(rng.choice("0123456789 ") for _ in range(200_000)),
        lambda rng: "1-" * 100_000,
        lambda rng: "1," * 100_000,
        lambda rng: "1." * 100_000,
        lambda rng: "one in " * 15_000,
        lambda rng: "£" * 200_000,
        lambda rng: "a third of " * 20_000,
        lambda rng: "".join(rng.choice(["85% ", "2,400 staff ", "- ", "to ", "between "])
                            for _ in range(15_000)),
    ],
)  # fmt: skip
def test_long_hostile_texts_finish(make):
    text = make(random.Random(7))
    check_invariants(text[:2000])
    for figure in extract_figures(text):
        assert figure.text == text[figure.start : figure.end]
