"""Numbers written in digits ("2,400", "1.5") or in words ("twenty-five", "three hundred").

Pure helpers for figure extraction: they read already-split tokens and never
look at offsets. Anything that is not clearly a number gives ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Scale letters written straight after digits: "£5m", "2bn", "40k".
GLUED_SCALES: dict[str, float] = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
# Denominator words of fractions: "a third", "two-thirds", "three quarters".
FRACTIONS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
# Words that can open a written number ("a" only before a scale: "a million").
NUMBER_STARTS: frozenset[str] = frozenset(UNITS) | frozenset(TENS) | {"a", "an"}

MAX_DIGITS = 15
MAX_DECIMALS = 6


def parse_digits(token: str) -> float | None:
    """The value of a digit token such as "2,400", "1.5" or "85".

    Gives ``None`` for shapes that are not plain quantities: times ("10:30"),
    slashed dates or ratios ("24/7"), versions ("3.5.1"), odd digit grouping
    ("12,34"), leading zeros ("007", "0800") and implausibly long digit runs.
    """
    if not token or ":" in token or "/" in token or token.count(".") > 1:
        return None
    head, dot, frac = token.partition(".")
    if dot and (not frac or "," in frac or len(frac) > MAX_DECIMALS):
        return None
    if "," in head:
        groups = head.split(",")
        if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            return None
        head = "".join(groups)
    if not head.isascii() or not head.isdigit() or len(head) > MAX_DIGITS:
        return None
    if len(head) > 1 and head.startswith("0"):
        return None
    if frac and not (frac.isascii() and frac.isdigit()):
        return None
    return float(f"{head}.{frac}" if frac else head)


def parse_number_words(words: Sequence[str]) -> tuple[float, int] | None:
    """Read a written number from the start of ``words`` (lower-case, one word each).

    Returns ``(value, words_used)`` for the longest number found, e.g.
    ``["twenty", "five", "people"]`` -> ``(25.0, 2)``, ``["three", "hundred",
    "and", "fifty"]`` -> ``(350.0, 4)``, ``["two", "and", "a", "half"]`` ->
    ``(2.5, 4)``, ``["a", "million"]`` -> ``(1e6, 2)``. "a" alone is no number.
    """
    total = 0.0
    group = 0.0
    last = ""  # kind of the previous word: unit, tens, hundred, scale, dozen, a
    used = 0
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in ("a", "an") and i == 0:
            if nxt not in SCALES and nxt not in ("hundred", "dozen"):
                return None
            group, last = 1.0, "a"
        elif word in UNITS:
            value = UNITS[word]
            if last in ("", "hundred", "scale", "and") or (last == "tens" and 0 < value < 10):
                group += value
            else:
                break
            last = "unit"
        elif word in TENS:
            if last not in ("", "hundred", "scale", "and"):
                break
            group += TENS[word]
            last = "tens"
        elif word == "hundred":
            if last not in ("unit", "tens", "a") or (group % 100 == 0 and group >= 100):
                break
            group *= 100
            last = "hundred"
        elif word == "dozen":
            if last not in ("unit", "a"):
                break
            group *= 12
            last = "dozen"
        elif word in SCALES:
            if last not in ("unit", "tens", "hundred", "a", "dozen", "half") or group <= 0:
                break
            total += group * SCALES[word]
            group = 0.0
            last = "scale"
        elif word == "and" and last in ("unit", "tens", "dozen") and nxt == "a":
            if i + 2 < len(words) and words[i + 2] == "half":
                group += 0.5
                last = "half"
                i += 3
                used = i
                continue
            break
        elif word == "and" and last in ("hundred", "scale") and (nxt in UNITS or nxt in TENS):
            last = "and"
            i += 1
            continue
        else:
            break
        i += 1
        if last != "a":
            used = i
    if used == 0:
        return None
    return total + group, used
