"""Word-level differences between two sentences, for display.

``differing_spans(a, b)`` returns the spans of the words in ``a`` and in ``b``
that the other sentence does not share, so a viewer can highlight what one
outlet says differently from another. Comparison ignores case, punctuation
and the style of apostrophes; numbers keep their separators and a trailing
``%`` so "85%" and "85 per cent" differ.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

Span = tuple[int, int]

# A word: letters/digits joined by inner apostrophes, dots or commas ("don't",
# "2,400", "3.5"), with an optional trailing percent sign. Separators are
# non-word characters, so the pattern cannot backtrack catastrophically.
_WORD = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*%?")

# Beyond this many words per side, SequenceMatcher's worst case is too slow;
# fall back to trimming the common prefix and suffix.
_MAX_TOKENS = 2000


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group().casefold().replace("’", "'")) for m in _WORD.finditer(text)
    ]


def _opcodes(left: list[str], right: list[str]) -> list[tuple[int, int, int, int]]:
    """Non-equal regions as (i1, i2, j1, j2) token index ranges."""
    if len(left) <= _MAX_TOKENS and len(right) <= _MAX_TOKENS:
        matcher = SequenceMatcher(None, left, right, autojunk=False)
        return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    prefix = 0
    limit = min(len(left), len(right))
    while prefix < limit and left[prefix] == right[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix and left[len(left) - 1 - suffix] == right[len(right) - 1 - suffix]
    ):
        suffix += 1
    i2, j2 = len(left) - suffix, len(right) - suffix
    if prefix == i2 and prefix == j2:
        return []
    return [(prefix, i2, prefix, j2)]


def differing_spans(a: str, b: str) -> tuple[list[Span], list[Span]]:
    """Spans of the words in ``a`` and in ``b`` that the other sentence lacks.

    Each list is sorted and non-overlapping; a run of adjacent differing words
    becomes one span from the first word's start to the last word's end.
    """
    tokens_a, tokens_b = _tokens(a), _tokens(b)
    spans_a: list[Span] = []
    spans_b: list[Span] = []
    for i1, i2, j1, j2 in _opcodes([t[2] for t in tokens_a], [t[2] for t in tokens_b]):
        if i2 > i1:
            spans_a.append((tokens_a[i1][0], tokens_a[i2 - 1][1]))
        if j2 > j1:
            spans_b.append((tokens_b[j1][0], tokens_b[j2 - 1][1]))
    return spans_a, spans_b
