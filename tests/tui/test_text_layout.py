"""Making untrusted text visible, and wrapping it by offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.tui.safe_text import clip, one_line, visible
from reader.tui.widgets.reading_pane import wrap_lines


def test_escape_and_other_controls_become_visible_symbols() -> None:
    text = "a\x1b[31mb\x07c\rd\x9be\x7ff\tg\nh\u202ei"
    shown = visible(text)
    assert shown == "a␛[31mb␇c␍d\ufffde␡f g\nh\ufffdi"
    assert one_line(text) == shown.replace("\n", " ")


@given(st.text())
def test_visible_keeps_offsets_and_leaves_no_controls(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text)
    assert all(c == "\n" or (ord(c) >= 32 and not 0x7F <= ord(c) < 0xA0) for c in shown)
    assert "\n" not in one_line(text)


def test_clip_shortens_with_an_ellipsis() -> None:
    assert clip("Council   votes\nto close", 12) == "Council vot…"
    assert clip("short", 12) == "short"
    assert clip("anything", 0) == ""


def test_wrap_breaks_at_spaces_within_width() -> None:
    text = "The city council voted on Tuesday to close four branches."
    lines = wrap_lines(text, 0, len(text), 20)
    assert [text[s:e] for s, e in lines] == [
        "The city council",
        "voted on Tuesday to",
        "close four branches.",
    ]


def test_wrap_folds_words_longer_than_the_width() -> None:
    text = "a supercalifragilistic word"
    assert [text[s:e] for s, e in wrap_lines(text, 0, len(text), 8)] == [
        "a",
        "supercal",
        "ifragili",
        "stic",
        "word",
    ]


def test_wrap_leaves_room_for_notes_after_words() -> None:
    text = "one two three"
    # A three-cell note after "two" (offset 7) pushes "three" to the next line.
    assert [text[s:e] for s, e in wrap_lines(text, 0, len(text), 11, {7: 3})] == [
        "one two",
        "three",
    ]


@given(st.text(max_size=300), st.integers(min_value=1, max_value=40))
def test_wrap_covers_every_word_in_order_and_fits(text: str, width: int) -> None:
    text = visible(text).replace("\n", " ")
    lines = wrap_lines(text, 0, len(text), width)
    previous = 0
    for start, end in lines:
        assert previous <= start < end <= len(text)
        assert cell_len(text[start:end]) <= max(width, 2) or end - start == 1
        previous = end
    covered = "".join(text[s:e] for s, e in lines)
    assert "".join(covered.split()) == "".join(text.split())
