"""Sentence splitting on realistic news prose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.sentences import split_paragraph, split_sentences


def split(text):
    return [text[s:e] for s, e in split_paragraph(text)]


def test_abbreviations_numbers_and_initials():
    text = (
        "Mr. Smith paid $3.5 million for the U.S. rights. "
        "Dr. J. K. Adams, of St. Mary's, disagreed. The vote was 2,400 to 1,100."
    )
    assert split(text) == [
        "Mr. Smith paid $3.5 million for the U.S. rights.",
        "Dr. J. K. Adams, of St. Mary's, disagreed.",
        "The vote was 2,400 to 1,100.",
    ]


def test_quotes_spanning_sentences_are_split_at_their_sentences():
    text = 'She said: "We will not give up. We never have." Then she left.'
    assert split(text) == ['She said: "We will not give up.', 'We never have."', "Then she left."]


def test_question_inside_quote_followed_by_lowercase_attribution_is_one_sentence():
    text = '"Why now?" he asked. "Because it matters," said Ms. Ray.'
    assert split(text) == ['"Why now?" he asked.', '"Because it matters," said Ms. Ray.']


def test_headings_are_single_sentences():
    text = "Strike Could Disrupt Services\n\nThe strike began. It ended."
    spans = split_sentences(text, [(0, 29), (31, len(text))], headings=[0])
    assert [(text[s:e], h) for s, e, _, h in spans] == [
        ("Strike Could Disrupt Services", True),
        ("The strike began.", False),
        ("It ended.", False),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_valid_trimmed_spans(text):
    previous_end = 0
    for start, end in split_paragraph(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end
