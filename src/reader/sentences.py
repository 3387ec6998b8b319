"""Split cleaned paragraphs into sentence spans.

A boundary is sentence-final punctuation (with any closing quote marks or
brackets after it) followed by white space and a capital letter, a digit or an
opening quote mark. Abbreviations ("Mr.", "Gen.", "U.S."), initials ("J. K.")
and decimals ("3.5") are not boundaries. A quote that runs over several
sentences is split into its sentences; the quote span itself comes from the
quote extractor and may cover several sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "rev",
        "hon",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "pres",
        "supt",
        "insp",
        "det",
        "con",
        "pc",
        "dc",
        "ds",
        "dci",
        "no",
        "nos",
        "vs",
        "v",
        "etc",
        "al",
        "approx",
        "est",
        "dept",
        "univ",
        "inc",
        "ltd",
        "co",
        "corp",
        "plc",
        "bros",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "fig",
        "figs",
        "vol",
        "ch",
        "p",
        "pp",
        "ed",
        "eds",
        "op",
        "cf",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "mt",
        "ft",
        "ave",
        "rd",
        "blvd",
    ]
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?[A-Z0-9À-ÖØ-Þ])")
_TOKEN_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(paragraph: str, dot: int) -> bool:
    """True when the '.' at ``dot`` ends an abbreviation or an initial, not a sentence."""
    if paragraph[dot] != ".":
        return False
    match = _TOKEN_BEFORE.search(paragraph, max(0, dot - 100), dot)  # bounded: linear time
    if not match:
        return False
    token = match.group(1)
    bare = token.rstrip(".").lower()
    if bare in ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isupper():
        return True  # an initial: "J. K. Rowling"
    return bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token))  # "U.S", "e.g"


def split_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans within one paragraph, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        first_punct = match.start()
        if _is_abbreviation(paragraph, first_punct):
            continue
        end = match.end()
        spans.append((start, end))
        start = end
    spans.append((start, len(paragraph)))
    result = []
    for s, e in spans:
        while s < e and paragraph[s].isspace():
            s += 1
        while e > s and paragraph[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result


def split_sentences(
    text: str, paragraphs: Sequence[tuple[int, int]], headings: Iterable[int] = ()
) -> list[tuple[int, int, int, bool]]:
    """``(start, end, paragraph_index, is_heading)`` for every sentence of ``text``."""
    heading_set = set(headings)
    out: list[tuple[int, int, int, bool]] = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        if index in heading_set:
            out.append((p_start, p_end, index, True))
            continue
        for s, e in split_paragraph(text[p_start:p_end]):
            out.append((p_start + s, p_start + e, index, False))
    return out
