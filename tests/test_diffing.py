"""Word-level differences used to highlight what two outlets say differently."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.diffing import differing_spans


def surfaces(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_identical_sentences_have_no_differences() -> None:
    text = "PCS said 85% of its members backed strike action."
    assert differing_spans(text, text) == ([], [])


def test_case_punctuation_and_apostrophes_do_not_count() -> None:
    a = "It doesn't have to go ahead, and we urge our staff."
    b = "it doesn’t have to go ahead and we urge our staff"
    assert differing_spans(a, b) == ([], [])


def test_differing_figure_is_highlighted_on_both_sides() -> None:
    a = "More than half of the 2,400 members supported the action."
    b = "85% of the 2,400 members supported the action."
    spans_a, spans_b = differing_spans(a, b)
    assert surfaces(a, spans_a) == ["More than half"]
    assert surfaces(b, spans_b) == ["85%"]


def test_percent_sign_and_per_cent_differ() -> None:
    spans_a, spans_b = differing_spans("85% voted", "85 per cent voted")
    assert surfaces("85% voted", spans_a) == ["85%"]
    assert surfaces("85 per cent voted", spans_b) == ["85 per cent"]


def test_insertion_only_marks_the_longer_sentence() -> None:
    a = "Staff have voted to strike."
    b = "Staff have voted to strike for the first time."
    spans_a, spans_b = differing_spans(a, b)
    assert spans_a == []
    assert surfaces(b, spans_b) == ["for the first time"]


def test_separate_changes_give_separate_spans() -> None:
    a = "Our members are not bobbies on the beat today."
    b = "Our members aren't frontline officers on the beat now."
    spans_a, spans_b = differing_spans(a, b)
    assert surfaces(a, spans_a) == ["are not bobbies", "today"]
    assert surfaces(b, spans_b) == ["aren't frontline officers", "now"]


def test_very_long_inputs_use_linear_fallback() -> None:
    words = " ".join(f"w{i}" for i in range(5000))
    a = f"start {words} alpha end"
    b = f"start {words} beta end"
    spans_a, spans_b = differing_spans(a, b)
    assert surfaces(a, spans_a) == ["alpha"]
    assert surfaces(b, spans_b) == ["beta"]


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end
        previous_end = end


@given(st.text(), st.text())
def test_any_unicode_gives_valid_sorted_spans(a: str, b: str) -> None:
    spans_a, spans_b = differing_spans(a, b)
    _check_spans(a, spans_a)
    _check_spans(b, spans_b)


@given(
    st.lists(st.sampled_from(["the", "85%", "union", "said", "Half", "2,400", "é"]), max_size=12),
    st.lists(st.sampled_from(["the", "85%", "union", "said", "half", "2,400", "ß"]), max_size=12),
)
def test_words_outside_spans_are_the_same_in_both(words_a: list[str], words_b: list[str]) -> None:
    a, b = " ".join(words_a), " ".join(words_b)
    spans_a, spans_b = differing_spans(a, b)

    def outside(text: str, spans: list[tuple[int, int]]) -> list[str]:
        kept = list(text)
        for start, end in spans:
            kept[start:end] = [" "] * (end - start)
        return "".join(kept).casefold().split()

    assert outside(a, spans_a) == outside(b, spans_b)
