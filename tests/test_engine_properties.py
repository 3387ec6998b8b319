"""Properties of the whole engine on arbitrary and realistic text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.analysis import analyze_documents, build_source
from reader.contract import to_dict
from reader.loading import Document
from reader.model import Analysis

NEWSY = st.lists(
    st.sampled_from(
        [
            "The council voted 7-2 to approve the plan.",
            'Mayor Jo Park said: "We will build 2,000 homes by 2030."',
            "More than half of residents opposed it, a survey found.",
            "“It’s a disgrace,” said Park.",
            "By Sam Lee",
            "Picture: PA",
            "Around 85 per cent of members backed strike action.",
            "\n\n",
            "\n",
            "“Unclosed quote runs on",
            "[bold]markup[/bold] and \x1b[31mANSI\x1b[0m",
        ]
    ),
    max_size=20,
).map(" ".join)


def check_spans(source):
    text = source.text
    for sentence in source.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
    for figure in source.figures:
        assert text[figure.start : figure.end] == figure.text
    for quote in source.quotes:
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None:
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text)


def doc(text: str, path: str = "a.txt") -> Document:
    return Document(path=path, text=text, encoding="utf-8", content_hash=str(hash(text)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), NEWSY))
def test_any_text_never_raises_and_spans_hold(text):
    source = build_source(doc(text), "s")
    check_spans(source)
    assert build_source(doc(text), "s") == source


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NEWSY, min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_claims_do_not_depend_on_input_order(texts, rnd):
    documents = [doc(t, f"{n}.txt") for n, t in enumerate(texts)]
    shuffled = list(documents)
    rnd.shuffle(shuffled)
    first = Analysis(*analyze_documents(documents))
    second = Analysis(*analyze_documents(shuffled))
    assert to_dict(first) == to_dict(second)
    for claim in first.claims:
        sources = [sid.rsplit(":", 1)[0] for sid in claim.sentences]
        assert len(sources) == len(set(sources)) >= 2
