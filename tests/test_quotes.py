"""Direct quotes and speaker attribution."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import REPO, SEEDS, require_shared

from reader.model import Quote
from reader.quotes import extract_quotes, paragraph_spans


def quotes_of(text: str) -> list[Quote]:
    return extract_quotes(text, paragraph_spans(text))


def by_text(quotes: list[Quote]) -> dict[str, Quote]:
    return {q.text: q for q in quotes}


def mention(text: str, quote: Quote) -> str | None:
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    return text[quote.speaker_start : quote.speaker_end]


RAIL = """Rail workers at Northgate depot have voted to walk out over changes to shift patterns.

RMT regional organiser Amara Okafor said: "Our members have been pushed to breaking point."

"Nobody wants to strike before Christmas," said Okafor. "But the company left us no choice."

She added, “We are still ready to talk, any time, anywhere.”

A Network Rail spokeswoman said: “We are disappointed that the union has chosen this path.

“Contingency plans are in place and we will publish a revised timetable on Friday.”

The union said the new rosters “disproportionately affect” carers and parents.

One driver, who asked not to be named, said, "I haven't seen my kids awake on a weekday."

A spokesman for the operator is quoted in the Evening Standard as saying: “Safety comes first.”

The Department for Transport said it was monitoring events, adding: "Passengers deserve better."
"""


def test_title_and_name_gives_the_person():
    q = quotes_of(RAIL)[0]
    assert q.text == '"Our members have been pushed to breaking point."'
    assert q.speaker == "Amara Okafor"
    assert mention(RAIL, q) == "Amara Okafor"
    assert not q.partial


def test_surname_after_the_quote_resolves_to_the_full_name():
    q = by_text(quotes_of(RAIL))['"Nobody wants to strike before Christmas,"']
    assert q.speaker == "Amara Okafor"
    assert mention(RAIL, q) == "Okafor"


def test_quote_following_an_attributed_one_in_its_paragraph_takes_its_speaker():
    q = by_text(quotes_of(RAIL))['"But the company left us no choice."']
    assert q.speaker == "Amara Okafor"


def test_pronoun_resolves_to_the_previous_speaker():
    q = by_text(quotes_of(RAIL))["“We are still ready to talk, any time, anywhere.”"]
    assert q.speaker == "Amara Okafor"
    assert mention(RAIL, q) == "She"


def test_multi_paragraph_quote_is_one_span_with_the_paragraph_break():
    quotes = quotes_of(RAIL)
    (q,) = [q for q in quotes if q.text.startswith("“We are disappointed")]
    assert q.text.endswith("revised timetable on Friday.”")
    assert "\n\n“Contingency" in q.text
    assert RAIL[q.start : q.end] == q.text
    assert q.speaker == "Network Rail spokeswoman"
    assert mention(RAIL, q) == "A Network Rail spokeswoman"


def test_partial_quote_takes_the_subject_of_the_reporting_verb():
    q = by_text(quotes_of(RAIL))["“disproportionately affect”"]
    assert q.partial
    assert q.speaker == "union"
    assert mention(RAIL, q) == "The union"


def test_appositive_clause_is_skipped():
    q = by_text(quotes_of(RAIL))['"I haven\'t seen my kids awake on a weekday."']
    assert q.speaker == "One driver"


def test_quoted_as_saying_and_adding_take_the_clause_subject():
    found = by_text(quotes_of(RAIL))
    assert found["“Safety comes first.”"].speaker == "spokesman for the operator"
    assert found['"Passengers deserve better."'].speaker == "Department for Transport"


REPORTING = [
    ('According to Dr Lena Morris, "the data simply do not support it."', "Lena Morris"),
    ('Transport minister Lucy Brennan told the BBC: "I urge both sides to talk."', "Lucy Brennan"),
    ('Brennan wrote on Facebook that the strike was "deeply regrettable."', "Brennan"),
    ("“We’re not going anywhere,” Okafor tweeted.", "Okafor"),
    ('The mayor says the plan is "a gamble with people\'s homes."', "mayor"),
    ('"It is a sad day for the town," said councillor Peter Hale.', "Peter Hale"),
    ('"It is a sad day for the town," Peter Hale said.', "Peter Hale"),
    ('"It is a sad day for the town," the charity said in a statement.', "charity"),
    ("“It will never work,” ― Maria Lopez", "Maria Lopez"),
]


@pytest.mark.parametrize(("text", "speaker"), REPORTING)
def test_reporting_patterns(text, speaker):
    (q,) = quotes_of(text)
    assert q.speaker == speaker
    said = mention(text, q)
    assert said is not None and said.endswith(speaker.split()[-1])


SENTENCE_RULES = [
    # A colon after the reporting verb outranks the next sentence's subject.
    (
        'Mayor Ruth Adler, visibly tired, finally answered: "What else could we do?" Her '
        "opponents cited it for weeks.",
        '"What else could we do?"',
        "Ruth Adler",
    ),
    # A sentence that opens with an inverted verb.
    (
        "The bakery reopened on Monday. Said Tom Price, who has run it for 30 years, “We never "
        "thought we would see this day.”",
        None,
        "Tom Price",
    ),
    # Manner-of-speaking verbs after the quote.
    (
        "“This is wonderful!” beamed Anna Kowalski of Leeds, who queued from dawn.",
        None,
        "Anna Kowalski",
    ),
    # A closing dash credit belongs to the article, not to a fragment someone is reported saying.
    (
        'Rajoy said Monday that he would "try to form a government" and insisted his party was '
        '"still the first force in Spain."--Kim Hjelmgaard.',
        '"still the first force in Spain."',
        "Rajoy",
    ),
    # Circumstances after "said" do not break the reporting clause.
    (
        "The plant will close.\n\n“We put a lot of people out of work.” Sweeny said after a "
        "meeting in Edison on Wednesday.",
        None,
        "Sweeny",
    ),
    # A participle's subject with an adverb between.
    (
        "Fans booed, with Coach Daniel Reyes loudly shouting: “Get back to your seats!”",
        None,
        "Daniel Reyes",
    ),
    # A noun of speech names whose words the quote are.
    (
        "Critics pounced on Senator Ada Lind’s warning that the town faced “a decade of decline.”",
        None,
        "Ada Lind",
    ),
    ("The row began with Governor Tom Hale’s “no new taxes” pledge.", None, "Tom Hale"),
    (
        "According to her lawyer, the singer is “devastated” and “will appeal.”",
        "“will appeal.”",
        "her lawyer",
    ),
    (
        '"Troops on the ground" would be wise, Republican candidate Ben Carson said after '
        "the attacks.",
        None,
        "Ben Carson",
    ),
    (
        '"We have warned about this for years," the Ohio senator and Republican candidate '
        "said in a statement.",
        None,
        "Ohio senator and Republican candidate",
    ),
    # The clause that ends the sentence, past later quotes and asides.
    (
        "His backing will carry “a great deal of weight” and bring “grass-roots firepower” to the "
        "race, campaign spokesman Neil Sroka said.",
        "“a great deal of weight”",
        "Neil Sroka",
    ),
    (
        "“Enough,” Warren said. “You squeezed your staff to breaking point” to lift the share "
        "price, she said, referring to the bank’s drive to “cross-sell” accounts.",
        "“You squeezed your staff to breaking point”",
        "Warren",
    ),
    (
        "Labour leads by five points. This is “roughly the lead it has held all month,” reported "
        "Reuters.",
        None,
        "Reuters",
    ),
    # A named person leading the sentence before a quoted sentence of its own.
    (
        "Senator Maria Ortiz, who chairs the committee, singled out the housing budget in her "
        "speech. “Rents have doubled in ten years.”",
        None,
        "Maria Ortiz",
    ),
    (
        "Still, the fact that the race “is a dead heat right now,” as Cruz said on Monday, "
        "matters.",
        None,
        "Cruz",
    ),
    (
        "Senator Ruth Adler defended the plan. She came under fire over her assertion during the "
        "debate that “we are finally where we need to be.”",
        None,
        "Ruth Adler",
    ),
    (
        '"She is the only candidate with the experience to keep us safe," retired Air Force '
        "general Lloyd Newton said.",
        None,
        "Lloyd Newton",
    ),
    (
        "His first job involved “a painful chest-waxing stunt,” long before it was a joke in “The "
        "40-Year-Old Virgin,” Ms. Ortiz noted.",
        "“a painful chest-waxing stunt,”",
        "Ortiz",
    ),
    (
        'Nine in ten were worried about the economy; most said they were "very worried."',
        None,
        "most",
    ),
    (
        "In 2009, under what Mr. Hedge called “the old model,” the club let anyone play for a fee.",
        None,
        "Hedge",
    ),
    (
        "Ms Ortiz often talks about the budget, and she jokingly tells audiences that “money "
        "does grow on trees.”",
        None,
        "Ortiz",
    ),
    # An introductory phrase is not the subject.
    (
        "Besides attacking the mayor, Councillor Ruth Adler insisted the plan did “wonderful "
        "things” for the town.",
        None,
        "Ruth Adler",
    ),
    # A name decoded with the wrong code page is still one name.
    (
        "“Europe must defend itself,” French President FranÃ§ois Hollande said on Friday.",
        None,
        "FranÃ§ois Hollande",
    ),
    # A fragment shares the reporting clause that closes the next quote of its sentence.
    (
        "Guns are “the ultimate public health crisis” and “a national scourge,” Dr Amy Chen told "
        "the conference.",
        "“the ultimate public health crisis”",
        "Amy Chen",
    ),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), SENTENCE_RULES)
def test_speaker_rules_within_a_sentence(text, quote, speaker):
    found = quotes_of(text)
    q = by_text(found)[quote] if quote else found[0]
    assert q.speaker == speaker


def test_continue_is_a_reporting_verb_only_when_it_reports():
    text = (
        "Ms Ortiz said the council would continue “to fight for every library,” and left.\n\n"
        "Ortiz continued her remarks.\n\n“We will not close a single branch.”"
    )
    first, second = quotes_of(text)
    assert first.speaker == "Ortiz"  # not the council, which only "would continue"
    assert second.speaker == "Ortiz"


def test_mixed_marks_and_straight_quotes_decided_by_context():
    text = 'Kim said: “We are ready to go." Then she left. He said "no more talks" were planned.'
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ['“We are ready to go."', '"no more talks"']
    assert quotes[1].partial


def test_nested_quote_of_the_other_style_stays_inside():
    text = 'Ward stated: "The department isn’t about “Equal Justice Under Law” anymore, sadly."'
    (q,) = quotes_of(text)
    assert q.text.startswith('"The department') and q.text.endswith('sadly."')


def test_two_apostrophes_are_a_double_mark():
    text = "''It's nonsense,'' Mr. Trump said by telephone. ''She lies about everything.''"
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["''It's nonsense,''", "''She lies about everything.''"]
    assert {q.speaker for q in quotes} == {"Trump"}


def test_single_marks_count_when_they_clearly_quote():
    text = "'We will not back down,' said union official Priya Shah. 'Not this time, not ever.'"
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["'We will not back down,'", "'Not this time, not ever.'"]
    assert [q.speaker for q in quotes] == ["Priya Shah", "Priya Shah"]


BRITISH = """Unite's general secretary Sharon Graham said the deal was ‘a victory for common sense’.

‘We will keep fighting until every driver gets a fair wage,’ she told the BBC. ‘This is not over.’

The drivers’ union called on the council to act, saying its members’ patience was ‘wearing thin’.

The firm’s boss, Tom Reed, said: ‘We regret the disruption.

‘We remain committed to talks.’
"""


def test_british_single_quotes_with_apostrophes_and_possessives():
    quotes = quotes_of(BRITISH)
    assert [(q.text, q.speaker, q.partial) for q in quotes] == [
        ("‘a victory for common sense’", "Sharon Graham", True),
        ("‘We will keep fighting until every driver gets a fair wage,’", "Sharon Graham", False),
        ("‘This is not over.’", "Sharon Graham", False),
        ("‘wearing thin’", "drivers’ union", True),
        ("‘We regret the disruption.\n\n‘We remain committed to talks.’", "Tom Reed", False),
    ]
    assert mention(BRITISH, quotes[1]) == "she"


def test_scare_quotes_titles_and_apostrophes_are_not_quotes():
    text = (
        "Critics have dubbed the timetable the “Night Tube”. The company’s so-called "
        "“modernisation plan” is known as “Project Dawn”. It’s the workers’ union, not the Met’s "
        "board, that will decide. The documentary 'The Last Train' aired in the ’90s, and the "
        "word “unfair” was used. They danced to rock 'n' roll 'til dawn. A policy called "
        '"blended working" was dropped.'
    )
    assert quotes_of(text) == []


def test_called_with_an_object_is_a_quote():
    text = "Obama visited Orlando after the massacre, which he called “an evil, hateful act.”"
    (q,) = quotes_of(text)
    assert q.partial
    assert q.speaker == "Obama"


def test_unbalanced_mark_does_not_swallow_the_article():
    text = (
        "The report found “serious failings in the way complaints were handled.\n\n"
        "Ministers promised a review.\n\n"
        'Union leader Sam Reed said: "This vindicates everything we have said."'
    )
    quotes = quotes_of(text)
    for q in quotes:
        assert "Ministers promised" not in q.text
    assert quotes[-1].text == '"This vindicates everything we have said."'
    assert quotes[-1].speaker == "Sam Reed"


def test_open_quote_ending_a_paragraph_continues_only_into_a_quoted_paragraph():
    text = 'Reed said: "We will fight this.\n\n"We will win.\n\nThe company declined to comment.'
    (q,) = quotes_of(text)
    assert q.text == text[text.index('"') : text.index("win.") + 4]
    assert q.speaker == "Reed"


def test_quote_without_attribution_continues_the_previous_paragraphs_speaker():
    text = '"First point," said Jo Hart.\n\n"Second point, which matters more."'
    quotes = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Jo Hart", "Jo Hart"]
    assert quotes[1].speaker_start == quotes[0].speaker_start


def test_speaker_introduced_by_the_previous_paragraph():
    text = (
        "Cruz continued:\n\n"
        "“You look at the questions. Are you a comic book villain? Can you do math?”\n\n"
        "Howard continued his scathing remarks.\n\n"
        "“Eight years ago she was the presumed nominee, and a fellow came along.”"
    )
    quotes = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Cruz", "Howard"]


def test_byline_paragraph_after_a_quote():
    text = '"Great speech. She is tested. She is ready."\n\n- Michelle Marks, Philadelphia.'
    (q,) = quotes_of(text)
    assert q.speaker == "Michelle Marks"


def test_triple_apostrophe_closes_a_nested_quote_and_the_quote():
    text = (
        "''I think most voters will not be satisfied with 'We will bomb them,''' "
        "said Senator John McCain of Arizona."
    )
    (q,) = quotes_of(text)
    assert q.text.endswith("bomb them,'''")
    assert q.speaker == "John McCain"


def test_paragraphs_need_not_cover_the_text():
    text = 'Intro.\n\nSmith said: "Inside the paragraph we quote."'
    start = text.index("Smith")
    (q,) = extract_quotes(text, [(start, len(text))])
    assert q.speaker == "Smith"
    assert extract_quotes(text, []) == []
    assert extract_quotes(text, [(5, 2), (-10, 4), (400, 900)]) == []


SEED_EXPECTED = {
    "000": [
        ("“overwhelming support for the action”", "Public and Commercial Services union (PCS)"),
        ("“Our members are not bobbies on the beat.", "Fran Heathcote"),
        ("“Our plans will provide consistency", "spokesperson"),
    ],
    "001": [
        ('"disproportionately impacts"', "union"),
        ('"Our members are not bobbies on the beat.', "Fran Heathcote"),
        ('"We are disappointed the union felt such action was necessary', "Met Police spokesman"),
    ],
    "002": [
        ('"overwhelming support"', "Public and Commercial Services (PCS) union"),
        ("“Our members are not bobbies on the beat,”", "Fran Heathcote"),
        ("“They are desk-based civilians", "Fran Heathcote"),
        ("“It’s time politicians", "Fran Heathcote"),
        ('"This is about more than convenience', "One worker"),
    ],
    "003": [
        ("\"Our members aren't frontline officers.", "Fran Heathcote"),
        ('"We are disappointed by the union', "spokesperson for the Metropolitan Police"),
    ],
    "004": [
        ("“showed the depth of feeling”", "union"),
        ("“Our members are not bobbies on the beat.", "Fran Heathcote"),
        ("“Our policy doesn’t end working from home.", "Metropolitan Police spokesman"),
    ],
}


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_quotes(prefix):
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    text = path.read_text(encoding="utf-8")
    quotes = quotes_of(text)
    got = [(q.text, q.speaker) for q in quotes]
    expected = SEED_EXPECTED[prefix]
    assert len(got) == len(expected)
    for (quote_text, speaker), (start, want) in zip(got, expected, strict=True):
        assert quote_text.startswith(start)
        assert speaker == want
    for q in quotes:
        assert text[q.start : q.end] == q.text
    if prefix in ("000", "001"):
        heathcote = next(q for q in quotes if q.speaker == "Fran Heathcote")
        assert heathcote.text.count("\n") >= 2  # three paragraphs, one quote
        assert heathcote.text.rstrip('”"').endswith("perfectly viable option for many people.")
    if prefix == "004":
        spokesman = quotes[-1]
        assert spokesman.text.count("\n\n") == 2
        assert spokesman.text.endswith("not to take further action.”")
        assert mention(text, spokesman) == "A Metropolitan Police spokesman"
        assert all("The A Word" not in q.text for q in quotes)


MARKY = st.lists(
    st.sampled_from([*"ab Z.,:!?\n'\"“”‘’«»„―—-()", "''", "said", "She", " he ", "\n\n"]),
    max_size=120,
).map("".join)
SPANS = st.lists(st.tuples(st.integers(-5, 320), st.integers(-5, 320)), max_size=8)


def check(text: str, quotes: list[Quote]) -> None:
    last_end = -1
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= last_end
        last_end = q.end
        if q.speaker_start is not None:
            assert q.speaker_end is not None
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
        assert isinstance(q.partial, bool)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), MARKY))
def test_any_text_never_raises_and_spans_hold(text):
    quotes = quotes_of(text)
    check(text, quotes)
    assert quotes_of(text) == quotes


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKY, SPANS)
def test_arbitrary_paragraph_spans_never_raise(text, spans):
    check(text, extract_quotes(text, spans))


def test_long_unbalanced_input_stays_within_paragraphs():
    paragraph = "“" + "word “ and ' more ” " * 2000
    text = "\n\n".join([paragraph] * 20)
    for q in quotes_of(text):
        assert "\n\n" not in q.text or q.text.count("\n\n") < 20


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "quote_benchmark", REPO / "benchmarks" / "quotes.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["quote_benchmark"] = module
    spec.loader.exec_module(module)
    return module


def test_benchmark_gold_reads_quoted_stretches_of_content():
    bench = _benchmark()
    text = 'He said "we will win the vote" and left.'
    attribution = bench.Attribution(source=((0, 2),), content=((8, 30),))
    (gold,) = bench.gold_quotes(text, [attribution])
    assert text[gold.start : gold.end] == '"we will win the vote"'
    assert gold.words == 5


def test_polnear_dev_scores_hold():
    require_shared("polnear")
    score = _benchmark().score("dev")
    assert score.gold > 500
    assert score.gold_found / score.gold >= 0.95
    assert score.predicted_right / score.predicted >= 0.9
    assert score.speaker_right / score.with_source >= 0.88
