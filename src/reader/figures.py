"""Figures a story states, found in cleaned article text.

A figure's span covers its hedge, the number, and the words that say what is
measured: "Some 2,400 civilian workers", "at least four days per week",
"between 60% and 100%", "more than half", "£5m". Figures never overlap and come
in text order.

What counts, and as which kind
------------------------------
* percent: a number with "%", "per cent", "percent" or "pc" (unit "%");
  "percentage points" gives unit "pp".
* share: fractions and proportions with no digits: "half", "a third",
  "two-thirds", "one in five", "nine out of ten", "the majority" (50..100),
  "a minority" (0..50). Unit "%", value in percent. A fraction word counts only
  when "of", a determiner (for "half"), a verb or the end of the clause follows,
  so "a third time" and "the second half" are not shares.
* money: a currency sign or code before the number ("£5m", "$2.5 billion",
  "US$3", "EUR 100") or a currency word after it ("5 million pounds", "20
  dollars", "50p"); unit is the ISO code, "/year" etc. appended for "£300 a
  week"; value scaled ("£5m" = 5,000,000).
* age: "45-year-old", "45 years old", "aged 45", "aged between 18 and 24",
  "in her 40s" (40..49), "Jane Smith, 45," (name, comma, number, comma).
* frequency: a count per period: "three days a week", "at least four days per
  week", "twice a month" (unit "days/week", "times/month").
* duration: a number with a time unit: "six months", "for three years", "a
  48-hour strike" (unit the plural time word).
* count: any other number; unit is the counted noun phrase that follows, up to
  four words ending at a plural-looking or collective noun ("civilian workers",
  "staff", "staff members"), cut at function words; None when no such noun
  follows. In a hyphen compound the unit is the joined word ("a 15-member
  committee" -> "member"). "half a million people" is a count of 500,000.
* range: two numbers joined by "-", "to", "between ... and" or "or", lower
  first, for percent, money and counts (unit as for the pair). Ranges of
  frequencies, durations and ages keep their own kind with low < high.
  "from A to B" after a verb of change ("rose from 2,400 to 3,000") is two
  figures, not a range.

Numbers may be digits ("2,400", "1.5", "2bn", "1.5 million") or words
("twenty-five", "three hundred and fifty", "two and a half", "a dozen", "a
million"). Hedges before a figure become the qualifier and widen the bounds:
"more than"/"over"/"at least"/"a minimum of"/"as few as" -> [v, open],
"up to"/"as many as"/"fewer than"/"under" -> [0, v], "nearly"/"almost"/"just
under" -> [0.9v, v], "around"/"about"/"some"/"roughly" -> [0.9v, 1.1v], "just
over" -> [v, 1.1v]. Open bounds are ``math.inf``, or the natural ceiling: 100 for
percent and share, 7 for days/week, 24 for hours/day. "over" is not read as a
hedge before a duration ("over three years" means during).

What is not a figure
--------------------
* A bare written "one" with no unit ("one worker said", "no one"): pronoun or
  determiner use. "one day a week", "one in five", "one-third" are figures.
* Years: a 4-digit 1900-2099 without a comma (edited copy writes counts as
  "2,000"), unless a counted noun follows and a hedge or "of" counts it ("a
  poll of 2047 voters", "more than 2000 people"); so "the 2016 elections" and
  "Sept. 11, 2001 attacks" are years. 1000-1899 after a year preposition ("since
  1848"). A year never starts a range with a non-year ("in 2014 to $557m").
  Year spans "2020-2024", "2024-25" and dates like "2024-12-11".
* Dates: a day number (1-31) next to a capitalised month name ("11 December",
  "Dec. 11"), and any number with "/" inside ("11/12/2024", "24/7").
* Times: "10:30", "10am", "10 a.m.", "10 o'clock", "1500 GMT".
* Phone numbers: a digit group with a leading zero ("0800", "020"), after "+",
  a bracketed area code, or three or more bare digit groups in a row; the whole
  run is skipped. Emergency numbers 999/911/112/111/101 next to a telephony word
  ("999 call handlers", "call 999").
* Ordinals ("1st", "21st century"; written ordinals are never numbers except as
  fraction denominators) and decades ("1990s").
* Codes: digits glued to letters on either side ("COVID-19", "G7", "M25", "PS5",
  "5G", "4x4"), except the suffixes %, pc, p, k, m, bn, tn (and k/m/b only with
  a currency or before a counted noun), so measurements glued to units ("5km")
  are skipped too.
* References: a number after a label word ("Article 50", "Section 3", "page 4",
  "No. 10", "#1") or after any capitalised word that is not an ordinary function
  word or hedge ("Windows 11", "Apollo 11"), and a capitalised written number
  mid-sentence ("the Big Three", "Channel Four"). Percentages and money are
  exempt ("Labour 35%"). Street addresses ("10 Downing Street").
* Versions "3.5.1", scores "3-1" (a dash pair whose first number is not lower),
  vague amounts ("thousands of", "dozens", "several hundred").
* List markers: "1)" and a bare number opening a line or sentence before a
  capitalised word with no counted noun ("1 Donald Trump.").

Comparing figures
-----------------
``comparable`` groups percent, share and %-ranges as shares of a whole; money by
currency and period; frequencies by unit; all durations; all ages; counts whose
head nouns match (crudely singularised) or are both words for people (staff,
workers, members ...). A count with no noun is comparable with a counted figure
only when both state the same number, so it can confirm but never contradict.
``same_figure`` compares the stated numbers (shares within half a point,
durations converted between days/weeks/hours and months/years) and refuses
hedges that point opposite ways ("at least 4" vs "up to 4") and range vs single.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

from reader.model import Figure, FigureKind
from reader.numbers import (
    FRACTIONS,
    GLUED_SCALES,
    NUMBER_STARTS,
    SCALES,
    UNITS,
    parse_digits,
    parse_number_words,
)

__all__ = ["comparable", "describe", "extract_figures", "same_figure"]

_TOKEN_RE = re.compile(r"([0-9]+(?:[.,:/][0-9]+)*)|([^\W\d_]+(?:['’][^\W\d_]+)*)|(\S)")
_KIND_OF_GROUP = {1: "n", 2: "w", 3: "s", None: "s"}
_LASTINDEX = attrgetter("lastindex")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_DASHES = frozenset("-‐‑–")
_INF = math.inf
_APPROX = 0.1

_FUNCTION = _words("""
    a about above across after afterwards again against ago ahead all almost along already also
    although always am among amongst an and another any anyone anything are around as at away
    back be became because become becomes been before behind being below beside besides between
    beyond both but by can cannot could did do does doing done down during each either else
    enough especially even ever every except few fewer for from further had has have having he
    hence her here hers herself him himself his how however i if in including inside instead into
    is it its itself just last least less like many may maybe me meanwhile might mine more
    moreover most mostly much must my myself namely near nearly neither never nevertheless next
    no nor not now of off often on once one only onto or other others otherwise our ours
    ourselves out outside over overall own per perhaps plus rather really roughly same several
    shall she should since so some still such than that the their theirs them themselves then
    there thereby therefore these they this those though through throughout thus till to together
    too toward towards under unless unlike until up upon us very via was we well were what
    whatever when whenever where whereas whether which while who whoever whole whom whose why
    will with within without would yet you your yours yourself
    says said say saying told tells tell added adds according remains remained seems seemed
    appears appeared means meant shows showed suggests suggested goes went comes came makes made
    takes took gets got looks looked needs needed wants wanted includes included
    """)
_HEDGES: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): direction
    for direction, phrases in {
        "min": "more than|over|above|in excess of|upwards of|well over|well above|at least|"
        "a minimum of|no fewer than|no less than|not less than|as few as|as little as|as low as",
        "over": "just over|just above|slightly more than|a little over",
        "max": "up to|as many as|as much as|as high as|at most|a maximum of|no more than|"
        "not more than|fewer than|less than|under|below",
        "near": "nearly|almost|close to|just under|just below|just shy of|slightly less than",
        "approx": "around|about|some|roughly|approximately|an estimated|estimated|circa|"
        "in the region of|of around|of about",
    }.items()
    for phrase in phrases.split("|")
}
_MAX_HEDGE = max(len(h) for h in _HEDGES)
_HEDGE_LAST_WORDS = frozenset(h[-1] for h in _HEDGES)
# Capitalised words that may stand before a number without making it a name or reference.
_ORDINARY = (
    _FUNCTION
    | {w for h in _HEDGES for w in h}
    | _words(
        "only exactly precisely fully barely merely top total another estimated approximately "
        "today yesterday currently altogether"
    )
)
_LABELS = _words(
    "article section clause chapter paragraph page pages schedule appendix annex room flight "
    "route platform gate terminal junction version tier grade category episode season series "
    "volume vol phase band bus number articles sections clauses chapters paragraphs junctions "
    "platforms gates rooms part parts"
)
_LABEL_ABBREVIATIONS = _words("no nos art sec fig para p pp vol ch pt v")
_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_TIME_ZONES = _words("GMT BST UTC CET CEST EST EDT PST PDT ET PT CT CST CDT MST")
_EMERGENCY = frozenset({"999", "911", "112", "111", "101"})
_TELEPHONY_AFTER = _words(
    "call calls caller callers handler handlers operator operators line lines service services "
    "number centre center system dispatcher dispatchers emergency"
)
_TELEPHONY_BEFORE = _words("call calls called calling dial dialled dialed ring rang phone")
_STREETS = _words(
    "street road avenue lane drive square place way close crescent terrace court gardens"
)
_YEAR_PREPOSITIONS = _words(
    "in since by until till from during before after between through throughout early late mid "
    "spring summer autumn fall winter circa year fiscal financial"
)
_CHANGE_VERBS = _words(
    """
    rose rise risen rising rises fell fall fallen falling falls increased increase increases
    increasing decreased decrease decreases decreasing grew grow grown growing grows dropped drop
    drops dropping jumped jump jumps jumping climbed climb climbs climbing soared soar soaring
    plunged plunge plunging cut cuts cutting raised raise raises raising reduced reduce reduces
    reducing lowered lower lowering slashed slash slashing doubled double doubling tripled triple
    halved halve boosted boost went go gone going goes revised revise changed change moved move
    moving shrank shrink shrunk expanded expand extended extend up down declined decline declining
    sank sink slumped slump surged surge tumbled tumble
    """
)
_CURRENCY_SIGNS = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR"}
_DOLLAR_PREFIXES = {
    "US": "USD", "A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "NZ": "NZD", "HK": "HKD",
    "S": "SGD",
}  # fmt: skip
_CURRENCY_CODES = _words("GBP USD EUR JPY AUD CAD CHF CNY INR NZD HKD SGD")
_WORD_STARTS = NUMBER_STARTS | _words("a an half majority minority once twice thrice")
"""Lower-case words :meth:`_Scanner.at` looks at; with :data:`_RAW_STARTS`, every other word
starts no figure."""
_RAW_STARTS = _CURRENCY_CODES | frozenset(_DOLLAR_PREFIXES)
_CURRENCY_WORDS = {
    "dollars": ("USD", 1.0), "dollar": ("USD", 1.0), "euros": ("EUR", 1.0), "euro": ("EUR", 1.0),
    "pence": ("GBP", 0.01), "cents": ("USD", 0.01), "yen": ("JPY", 1.0),
}  # fmt: skip
_SIGN_OF = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹"}
_TIME_UNITS = {
    "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes",
    "hour": "hours", "hours": "hours", "hr": "hours", "hrs": "hours", "day": "days",
    "days": "days", "week": "weeks", "weeks": "weeks", "fortnight": "fortnights",
    "fortnights": "fortnights", "month": "months", "months": "months", "year": "years",
    "years": "years", "yr": "years", "yrs": "years", "decade": "decades", "decades": "decades",
    "century": "centuries", "centuries": "centuries",
}  # fmt: skip
_PERIODS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "night": "night",
    "week": "week", "fortnight": "fortnight", "month": "month", "year": "year", "annum": "year",
}  # fmt: skip
_PER_CAPS = {
    "days/week": 7.0, "days/fortnight": 14.0, "days/month": 31.0, "days/year": 366.0,
    "hours/day": 24.0, "hours/week": 168.0, "weeks/year": 53.0, "months/year": 12.0,
    "nights/week": 7.0,
}  # fmt: skip
_COLLECTIVE = _words(
    "people staff police personnel children men women folk crew workforce cattle sheep deer "
    "fish aircraft livestock clergy infantry youth offspring gentlemen feet teeth geese mice "
    "public"
)
_NOT_PLURALS = _words(
    "news series species means politics economics physics mathematics athletics yes whereas "
    "always perhaps sometimes besides towards afterwards nevertheless"
)
_POSSESSIVES = _words("his her their my our your")
_DETERMINERS = _words("the a an their its his her our my your all these those this that")
_VERBISH = _words(
    "is are was were has have had will would could should may might must can said say says "
    "think thinks thought believe believes want wants support supports oppose opposes agree "
    "agrees vote votes back backs do does did feel feels expect expects plan plans work works "
    "live lives say"
)
_MAJORITY_ADJECTIVES = _words(
    "vast overwhelming large huge big clear slim narrow small tiny substantial significant "
    "sizeable sizable simple absolute comfortable working"
)
_MAJORITY_FOLLOWERS = _words("of in for on at among across against with to")
_NOT_HALF_BEFORE = _words("a an in first second other latter former one")


@dataclass(slots=True)
class _Q:
    """A stated number with what is glued to it: currency, scale, percent sign."""

    first: int
    num: int
    last: int
    raw: float
    scale: float = 1.0
    factor: float = 1.0
    currency: str | None = None
    percent: str | None = None
    written: bool = False
    bare_one: bool = False

    @property
    def value(self) -> float:
        return self.raw * self.scale * self.factor

    @property
    def plain(self) -> bool:
        """Bare digits: no currency, percent, scale or words."""
        return (
            self.currency is None
            and self.percent is None
            and not self.written
            and self.scale == 1.0
            and self.last == self.num
        )


@dataclass(slots=True)
class _Found:
    """A figure being assembled: token bounds and fields."""

    first: int
    last: int
    kind: FigureKind
    value: float
    unit: str | None
    high: float
    qualifier: str | None = None
    direction: str = "exact"
    cap: float = _INF


class _Scanner:
    """One pass over the tokens of a text, left to right."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Column by column with map: a loop appending to five lists costs several times more.
        matches = list(_TOKEN_RE.finditer(text))
        self.kind: list[str] = list(map(_KIND_OF_GROUP.__getitem__, map(_LASTINDEX, matches)))
        self.start: list[int] = list(map(re.Match.start, matches))
        self.end: list[int] = list(map(re.Match.end, matches))
        self.raw: list[str] = list(map(re.Match.group, matches))
        self.low: list[str] = list(map(str.lower, self.raw))
        self.n = len(self.raw)
        self.floor = 0  # first token not yet part of an emitted figure

    # -- token helpers -------------------------------------------------------------------

    def glued(self, i: int) -> bool:
        """Token i touches token i-1."""
        return 0 < i < self.n and self.end[i - 1] == self.start[i]

    def near(self, i: int) -> bool:
        """Token i follows token i-1 on the same line with at most a short gap."""
        if not 0 < i < self.n:
            return False
        left, right = self.end[i - 1], self.start[i]
        if right - left > 3:
            return False
        return left == right or _LINE_BREAKS.isdisjoint(self.text[left:right])

    def spaced(self, i: int) -> bool:
        """``near(i) and not glued(i)``, in one call (the scanner's most frequent question)."""
        if not 0 < i < self.n:
            return False
        left, right = self.end[i - 1], self.start[i]
        if left == right or right - left > 3:
            return False
        return _LINE_BREAKS.isdisjoint(self.text[left:right])

    def word(self, i: int) -> str:
        return self.low[i] if 0 <= i < self.n and self.kind[i] == "w" else ""

    def word_before(self, i: int) -> str:
        """The lower-case word right before token i on the same line, else ""."""
        return self.word(i - 1) if i - 1 >= self.floor and self.near(i) else ""

    def dash_glued(self, i: int) -> bool:
        """Token i is a hyphen touching both neighbours ("three-day")."""
        return 0 < i < self.n - 1 and self.raw[i] in _DASHES and self.glued(i) and self.glued(i + 1)

    def next_word(self, i: int) -> int | None:
        """The word at i when spaced, or at i+1 when i is a joining hyphen; else None."""
        if self.dash_glued(i) and self.kind[i + 1] == "w":
            return i + 1
        if i < self.n and self.kind[i] == "w" and self.spaced(i):
            return i
        return None

    def ends_clause(self, i: int) -> bool:
        """Nothing word-like follows on the same line at token i."""
        if i >= self.n or not self.near(i):
            return True
        return self.kind[i] == "s" and self.raw[i] not in _DASHES and self.raw[i] not in "%$£€"

    def sentence_start(self, i: int) -> bool:
        if i == 0 or not self.near(i):
            return True
        return self.kind[i - 1] == "s" and self.raw[i - 1] in ".!?:;\"“”‘’'(["

    def capitalised(self, i: int) -> bool:
        return any(c.isupper() for c in self.raw[i])

    def month(self, i: int) -> bool:
        return self.kind[i] == "w" and self.raw[i][0].isupper() and self.low[i] in _MONTHS

    # -- driver --------------------------------------------------------------------------

    def starts(self) -> list[int]:
        """The tokens :meth:`at` may find something at (it returns None at every other)."""
        kind, raw, low = self.kind, self.raw, self.low
        return [
            i
            for i in range(self.n)
            if kind[i] == "n"
            or (kind[i] == "s" and raw[i] in _CURRENCY_SIGNS)
            or (kind[i] == "w" and (low[i] in _WORD_STARTS or raw[i] in _RAW_STARTS))
        ]

    def run(self) -> list[Figure]:
        out: list[Figure] = []
        starts = self.starts()
        last = len(starts)
        p = i = 0
        while True:
            # Skip to the next token that can start a figure (most tokens are plain words).
            p = bisect_left(starts, i, p)
            if p == last:
                break
            i = starts[p]
            found = self.at(i)
            if found is None:
                i += 1
            elif isinstance(found, int):
                i = max(found, i + 1)
            else:
                out.append(self.figure(found))
                i = self.floor = found.last + 1
        return out

    def figure(self, f: _Found) -> Figure:
        start, end = self.start[f.first], self.end[f.last]
        low, high = _bounds(f.value, f.high, f.direction, f.cap)
        return Figure(
            start=start,
            end=end,
            text=self.text[start:end],
            kind=f.kind,
            value=f.value,
            unit=f.unit,
            low=low,
            high=high,
            qualifier=f.qualifier,
        )

    def at(self, i: int) -> _Found | int | None:
        """A figure starting at token i, an index to skip to, or None."""
        kind, low = self.kind[i], self.low[i]
        if kind == "n":
            if i + 1 < self.n and self.glued(i + 1) and self.low[i + 1] == "s":
                return self.decade(i)
            return self.in_ratio(i) or self.quantity_figure(i)
        if kind == "s":
            return self.quantity_figure(i) if self.raw[i] in _CURRENCY_SIGNS else None
        if low in ("a", "an"):
            nxt = self.word(i + 1)
            if nxt not in FRACTIONS and nxt not in SCALES and nxt not in ("hundred", "dozen"):
                return None
        if low in NUMBER_STARTS:
            return self.fraction(i) or self.in_ratio(i) or self.quantity_figure(i)
        if low == "half":
            return self.half(i)
        if low in ("majority", "minority"):
            return self.majority(i)
        if low in ("once", "twice", "thrice"):
            return self.times(i)
        if self.raw[i] in _CURRENCY_CODES or self.raw[i] in _DOLLAR_PREFIXES:
            return self.quantity_figure(i)
        return None

    # -- numbers -------------------------------------------------------------------------

    def quantity(self, i: int, joined: bool = False) -> _Q | int | None:
        """The number starting at token i (with currency and scale), a skip index, or None.

        ``joined`` marks the upper end of a range, which may touch the dash before it.
        """
        j, currency = i, None
        raw = self.raw[i]
        if raw in _DOLLAR_PREFIXES and i + 1 < self.n and self.raw[i + 1] == "$":
            if not self.glued(i + 1):
                return None
            currency, j = _DOLLAR_PREFIXES[raw], i + 1
        if self.raw[j] in _CURRENCY_SIGNS:
            currency = currency or _CURRENCY_SIGNS[self.raw[j]]
            j += 1
            if j >= self.n or not (
                self.glued(j) or (self.spaced(j) and self.start[j] - self.end[j - 1] == 1)
            ):
                return None
        elif raw in _CURRENCY_CODES:
            currency, j = raw, i + 1
            if j >= self.n or not self.spaced(j) or self.kind[j] != "n":
                return None
        if j >= self.n:
            return None
        if self.kind[j] == "n":
            return self.digits(i, j, currency, joined)
        if self.kind[j] == "w" and self.low[j] in NUMBER_STARTS:
            return self.words(i, j, currency, joined)
        return None

    def digits(self, first: int, j: int, currency: str | None, joined: bool) -> _Q | int:
        if currency is None and self.glued(j) and not joined:
            before = self.raw[j - 1]
            if self.kind[j - 1] == "w" or before in "#§№@_+":
                return self.skip_run(j)
            joiner = before in _DASHES or before in "./"
            if joiner and j >= 2 and self.glued(j - 1) and self.kind[j - 2] in "wn":
                return j + 1  # "COVID-19", "news/123", the tail of "2024-12-11"
        value = parse_digits(self.raw[j])
        if value is None:
            return self.skip_run(j)
        q = _Q(first, j, j, value, currency=currency)
        k = j + 1
        if k < self.n and self.glued(k):
            suffix = self.low[k]
            if self.kind[k] == "w":
                if suffix in GLUED_SCALES and (
                    suffix not in ("k", "m", "b") or currency or joined or self.noun_phrase(k + 1)
                ):
                    q.scale, q.last = GLUED_SCALES[suffix], k
                elif suffix == "pc" and not currency:
                    q.percent, q.last = "%", k
                elif suffix == "p" and not currency:
                    q.currency, q.factor, q.last = "GBP", 0.01, k
                else:  # ordinals, times, decades, codes, measurements
                    return k + 1
            elif self.raw[k] == "%" and not currency:
                q.percent, q.last = "%", k
        self.decorate(q)
        return q

    def words(self, first: int, j: int, currency: str | None, joined: bool) -> _Q | None:
        if not joined and j >= 2 and self.dash_glued(j - 1) and self.kind[j - 2] == "w":
            return None  # the tail of a compound such as "non-one"
        words: list[str] = []
        index: list[int] = []
        k = j
        while k < self.n and self.kind[k] == "w" and len(words) < 12:
            words.append(self.low[k])
            index.append(k)
            if self.dash_glued(k + 1) and self.kind[k + 2] == "w":
                k += 2
            elif self.spaced(k + 1):
                k += 1
            else:
                break
        parsed = parse_number_words(words)
        if parsed is None:
            return None
        value, used = parsed
        scale = SCALES.get(words[used - 1], 1.0)
        q = _Q(first, j, index[used - 1], value / scale, scale, currency=currency, written=True)
        q.bare_one = used == 1 and words[0] == "one"
        self.decorate(q)
        return q

    def decorate(self, q: _Q) -> None:
        """Extend q over a spaced scale word, a percent sign or word, or a currency word."""
        k = q.last + 1
        if k < self.n and self.spaced(k) and q.scale == 1.0 and not q.written:
            low = self.low[k]
            if low in SCALES or (q.currency and low in ("bn", "mn", "tn")):
                q.scale, q.last = SCALES.get(low) or GLUED_SCALES[low], k
                k += 1
        if q.currency or q.percent or k >= self.n or not self.near(k):
            return
        low = self.low[k]
        nxt = self.word(k + 1) if self.spaced(k + 1) else ""
        if self.raw[k] == "%":
            q.percent, q.last = "%", k
        elif self.dash_glued(k) and self.word(k + 1) in ("dollar", "pound", "euro"):
            q.currency, q.last = _CURRENCY_WORDS.get(self.low[k + 1], ("GBP", 1.0))[0], k + 1
        elif not self.spaced(k):
            return
        elif low == "per" and nxt == "cent":
            q.percent, q.last = "%", k + 1
        elif low == "per" and self.dash_glued(k + 1) and self.word(k + 2) == "cent":
            q.percent, q.last = "%", k + 2
        elif low == "percent" or self.raw[k] == "pc":
            q.percent, q.last = "%", k
        elif low == "percentage" and nxt in ("point", "points"):
            q.percent, q.last = "pp", k + 1
        elif low in _CURRENCY_WORDS:
            q.currency, q.factor = _CURRENCY_WORDS[low]
            q.last = k
        elif low in ("pound", "pounds") and (q.scale > 1 or nxt == "sterling"):
            q.currency, q.last = "GBP", k

    def skip_run(self, j: int) -> int:
        """The index after a run of digit groups (a phone number, date or code) starting at j."""
        k = j + 1
        while k < self.n:
            if self.kind[k] == "n" and self.spaced(k) and self.raw[k].isdigit():
                k += 1
            elif (self.dash_glued(k) and self.kind[k + 1] == "n") or (
                self.raw[k] in ")." and self.glued(k) and k + 1 < self.n and self.kind[k + 1] == "n"
            ):
                k += 2
            else:
                break
        return k

    # -- rejections of bare digits -------------------------------------------------------

    def phone_like(self, j: int) -> bool:
        if j > 0 and self.raw[j - 1] == "+" and self.near(j):
            return True
        if (
            j > 0
            and self.raw[j - 1] == "("
            and self.glued(j)
            and j + 2 < self.n
            and self.raw[j + 1] == ")"
            and self.kind[j + 2] == "n"
            and self.near(j + 2)
        ):
            return True
        if not self.raw[j].isdigit():
            return False
        groups, k = 1, j
        while groups < 3:
            if k + 1 < self.n and self.kind[k + 1] == "n" and self.spaced(k + 1):
                ok, k = self.raw[k + 1].isdigit(), k + 1
            elif self.dash_glued(k + 1) and self.kind[k + 2] == "n":
                ok, k = self.raw[k + 2].isdigit(), k + 2
            else:
                return False
            if not ok:
                return False
            groups += 1
        return True

    def reference_before(self, j: int) -> bool:
        """A label word ("Article", "page", "No.", "#") or a name stands right before j."""
        p = j - 1
        if p < self.floor or not self.near(j):
            return False
        raw, low = self.raw[p], self.low[p]
        if raw in "#§№":
            return True
        if raw == "." and self.glued(p) and self.word(p - 1) in _LABEL_ABBREVIATIONS:
            return p - 1 >= self.floor
        if self.kind[p] != "w":
            return False
        if low in _LABELS:
            return True
        return (
            "," not in self.raw[j]  # names and references are not written "2,400"
            and self.capitalised(p)
            and low not in _ORDINARY
            and low not in _MONTHS
            and raw not in _CURRENCY_CODES
            and not low.endswith(("'s", "’s"))
        )

    def date_before(self, j: int) -> bool:
        p = j - 1
        if p >= 1 and self.raw[p] == "." and self.glued(p):
            p -= 1
        return p >= self.floor and self.near(p + 1) and self.month(p)

    def date_after(self, last: int, value: float) -> bool:
        k = last + 1
        return value <= 31 and k < self.n and self.spaced(k) and self.month(k)

    def time_after(self, last: int) -> bool:
        k = last + 1
        if k >= self.n or not self.spaced(k):
            return False
        raw = self.raw[k]
        if (
            raw.lower() in ("am", "pm")
            or raw in _TIME_ZONES
            or self.low[k] in ("o'clock", "o’clock")
        ):
            return True
        return (
            self.low[k] in ("a", "p")
            and k + 2 < self.n
            and self.raw[k + 1] == "."
            and self.glued(k + 1)
            and self.low[k + 2] == "m"
            and self.glued(k + 2)
        )

    def address_after(self, last: int) -> bool:
        k = last + 1
        for _ in range(3):
            if k >= self.n or not self.spaced(k) or self.kind[k] != "w" or not self.capitalised(k):
                return False
            if self.low[k] in _STREETS:
                return True
            k += 1
        return False

    def reject_plain(self, q: _Q) -> int | None:
        """Where to skip to when bare digits are a phone number, date, time, code or name."""
        j = q.num
        if self.phone_like(j):
            return self.skip_run(j)
        if self.reference_before(j) or self.date_before(j) or self.time_after(j):
            return j + 1
        if self.raw[j] in _EMERGENCY and (
            (self.spaced(j + 1) and self.word(j + 1) in _TELEPHONY_AFTER)
            or self.word_before(j) in _TELEPHONY_BEFORE
        ):
            return j + 1
        if self.address_after(j):
            return j + 1
        bracketed = j > 0 and self.raw[j - 1] == "(" and self.glued(j)
        if j + 1 < self.n and self.raw[j + 1] == ")" and self.glued(j + 1) and not bracketed:
            return j + 2  # a list marker: "1) Unlike Cruz"
        return None

    # -- assembling a numeric figure -----------------------------------------------------

    def quantity_figure(self, i: int) -> _Found | int | None:
        q = self.quantity(i)
        if not isinstance(q, _Q):
            return q
        if q.plain:
            skip = self.reject_plain(q)
            if skip is not None:
                return skip
        elif q.written and not q.currency and not q.percent:
            named = self.capitalised(q.num) and not self.sentence_start(q.num)
            if named or self.reference_before(q.num):
                return q.last + 1
        before = self.word_before(q.first)
        change_at = q.first - 1 if before == "from" else q.first
        partner = self.partner(q, before == "between", self.change_before(change_at))
        if isinstance(partner, int):
            return partner
        b, connector = partner if partner else (None, "")
        end = b or q
        if (q.plain or q.written) and self.date_after(end.last, end.value):
            return end.last + 1
        found = self.tail(q, b)
        if b is not None and (
            (connector == "and" and before == "between") or (connector == "to" and before == "from")
        ):
            found.first -= 1
        if b is None:
            self.hedge(found)
        if self.word_before(found.first) in ("aged", "age", "ages") and found.kind in (
            "count",
            "range",
            "duration",
        ):
            found.first -= 1
            found.kind, found.unit = "age", "years"
        if found.kind == "count" and b is None:
            if q.bare_one:
                return q.last + 1
            if self.year(q, found):
                return q.last + 1
            if found.unit is None and q.plain:
                if self.named_age(q):
                    found.kind, found.unit = "age", "years"
                elif self.sentence_start(q.first) and self.capitalised_after(q.last):
                    return q.last + 1  # a numbered list: "1 Donald Trump. 2 Ted Cruz."
        return found

    def year(self, q: _Q, found: _Found) -> bool:
        """A bare 4-digit count that is really a year.

        1900-2099 is a year unless a counted noun follows and a hedge or "of" counts it ("a
        poll of 2047 voters"); 1000-1899 is a year after a year preposition ("since 1848").
        """
        raw = self.raw[q.num]
        if not (q.plain and len(raw) == 4 and raw.isdigit() and 1000 <= q.raw <= 2099):
            return False
        if q.raw < 1900:
            return found.unit is None and self.word_before(found.first) in _YEAR_PREPOSITIONS
        counted = found.qualifier is not None or self.word_before(found.first) == "of"
        return found.unit is None or not counted

    def capitalised_after(self, last: int) -> bool:
        k = last + 1
        return k < self.n and self.spaced(k) and self.kind[k] == "w" and self.raw[k][0].isupper()

    def change_before(self, i: int) -> bool:
        """A verb of change ("rose", "cut", "up") within three words before token i."""
        for p in range(i - 1, max(self.floor, i - 3) - 1, -1):
            if not self.near(p + 1) or self.kind[p] != "w":
                return False
            if self.low[p] in _CHANGE_VERBS:
                return True
        return False

    def partner(self, q: _Q, between: bool, change: bool) -> tuple[_Q, str] | int | None:
        """The upper number of a range starting with q, a skip index, or None."""
        k = q.last + 1
        if k + 1 >= self.n or not self.near(k):
            return None
        raw, low = self.raw[k], self.low[k]
        if raw in _DASHES:
            if not (self.dash_glued(k) or (self.spaced(k) and self.spaced(k + 1))):
                return None
            connector = "-"
        elif low in ("to", "and", "or") and self.spaced(k) and self.near(k + 1):
            connector = low
        else:
            return None
        if (
            (connector == "and" and not between)
            or (connector == "to" and change)
            or (connector == "or" and (q.currency or q.percent))
        ):
            return None
        b = self.quantity(k + 1, joined=True)
        if not isinstance(b, _Q) or (b.bare_one and q.value >= 1):
            return None
        if q.currency and b.currency and q.currency != b.currency:
            return None
        if (q.percent and b.currency) or (q.currency and b.percent):
            return None
        if q.percent and b.percent and q.percent != b.percent:
            return None
        scale = q.scale
        if q.scale == 1.0 and b.scale > 1.0:
            if q.raw >= b.raw:
                return None  # "in 2014 to $557 million": the scale would cover both
            scale = b.scale
        low_value = q.raw * scale * q.factor
        if not low_value < b.value:
            if connector == "-" and q.plain and b.plain:
                return b.last + 1  # a score ("3-1") or a date piece
            return None
        if _year_like(self.raw[q.num], q):
            if b.plain and len(self.raw[b.num]) in (2, 4):
                return b.last + 1  # "2020-2024", "2024-25", "between 2019 and 2021"
            return None
        q.scale = scale
        q.currency = q.currency or b.currency
        q.factor = q.factor if q.currency == b.currency and q.factor != 1.0 else b.factor
        q.percent = q.percent or b.percent
        b.currency, b.percent = q.currency, q.percent
        return b, connector

    def tail(self, q: _Q, b: _Q | None) -> _Found:
        """Kind, unit and end of the figure whose numbers are q (and b for a range)."""
        end = b or q
        high = b.value if b else q.value
        p = end.last + 1
        ranged: FigureKind = "range"
        if q.percent:
            cap = 100.0 if q.percent == "%" else _INF
            kind: FigureKind = "range" if b else "percent"
            return _Found(q.first, end.last, kind, q.value, q.percent, high, cap=cap)
        if q.currency:
            unit, last = q.currency, end.last
            per = self.per_period(p)
            if per:
                unit, last = f"{unit}/{per[0]}", per[1]
            return _Found(q.first, last, "range" if b else "money", q.value, unit, high)
        age = self.age_tail(p)
        if age is not None:
            return _Found(q.first, age, "age", q.value, "years", high)
        time_unit = self.time_unit(p)
        if time_unit is not None:
            unit, last = time_unit
            per = self.per_period(last + 1)
            if per:
                unit = f"{unit}/{per[0]}"
                return _Found(q.first, per[1], "frequency", q.value, unit, high, cap=_cap(unit))
            return _Found(q.first, last, "duration", q.value, unit, high)
        noun = self.noun_phrase(p)
        if noun is not None:
            unit, last = noun
            per = self.per_period(last + 1)
            if per:
                unit = f"{unit.lower()}/{per[0]}"
                return _Found(q.first, per[1], "frequency", q.value, unit, high, cap=_cap(unit))
            return _Found(q.first, last, ranged if b else "count", q.value, unit, high)
        compound = self.dash_glued(p) and self.kind[p + 1] == "w"
        if compound and not self.capitalised(p + 1) and self.low[p + 1] not in _FUNCTION:
            unit = self.low[p + 1]  # "a 15-member committee", "a two-person race"
            return _Found(q.first, p + 1, ranged if b else "count", q.value, unit, high)
        return _Found(q.first, end.last, ranged if b else "count", q.value, None, high)

    def per_period(self, p: int) -> tuple[str, int] | None:
        """ "a week", "per day", "every month" at token p: (period, last index)."""
        if not (self.word(p) in ("a", "an", "per", "each", "every") and self.spaced(p)):
            return None
        if self.word(p + 1) in _PERIODS and self.spaced(p + 1):
            return _PERIODS[self.low[p + 1]], p + 1
        return None

    def time_unit(self, p: int) -> tuple[str, int] | None:
        k = self.next_word(p)
        if k is None or self.low[k] not in _TIME_UNITS:
            return None
        return _TIME_UNITS[self.low[k]], k

    def age_tail(self, p: int) -> int | None:
        """The last token of "-year-old", "years old" or "years of age" at p."""
        k = self.next_word(p)
        if k is None or self.low[k] not in ("year", "years", "yr", "yrs"):
            return None
        m = self.next_word(k + 1)
        if m is None:
            return None
        if self.low[m] in ("old", "olds"):
            return m
        if self.low[m] == "of" and self.word(m + 1) == "age" and self.spaced(m + 1):
            return m + 1
        return None

    def noun_phrase(self, p: int) -> tuple[str, int] | None:
        """The counted noun phrase at p ("civilian workers"), ending at its head noun."""
        if p >= self.n or self.kind[p] != "w" or not self.spaced(p):
            return None
        k = p
        for _ in range(4):
            if k >= self.n or self.kind[k] != "w" or (k > p and not self.spaced(k)):
                return None
            last = k
            while self.dash_glued(last + 1) and self.kind[last + 2] == "w":
                last += 2
            low = self.low[k]
            if low in _FUNCTION or "'" in low or "’" in low or low in _TIME_UNITS:
                return None
            if _is_head(self.low[last]):
                while self.spaced(last + 1) and self.kind[last + 1] == "w":
                    nxt = self.low[last + 1]
                    if nxt in _FUNCTION or self.capitalised(last + 1) or not _is_head(nxt):
                        break
                    last += 1
                surface = self.text[self.start[p] : self.end[last]]
                return " ".join(surface.split()), last
            if low.endswith("ly") or self.month(k):
                return None
            k = last + 1
        return None

    def named_age(self, q: _Q) -> bool:
        """ "Jane Smith, 45, of Leeds", "the suspect, 27, was": a bare number between commas."""
        j = q.num
        if not (1 <= q.raw <= 110 and q.raw == int(q.raw)) or j < 2:
            return False
        if self.raw[j - 1] != "," or not self.spaced(j) or not self.glued(j - 1):
            return False
        name = j - 2
        if name < self.floor or self.kind[name] != "w":
            return False
        if self.low[name] in _ORDINARY or self.month(name):
            return False
        k = j + 1
        return k < self.n and self.raw[k] in ",)" and self.glued(k)

    def hedge(self, found: _Found) -> None:
        """Extend found over a hedge right before it ("more than", "some", "up to")."""
        first = found.first
        # Every hedge ends with the word right before the figure: most figures have none.
        if first - 1 < self.floor or self.low[first - 1] not in _HEDGE_LAST_WORDS:
            return
        for size in range(_MAX_HEDGE, 0, -1):
            p = first - size
            if p < self.floor:
                continue
            span = range(p, first)
            if not all(self.kind[t] == "w" and self.near(t + 1) for t in span):
                continue
            phrase = tuple(self.low[t] for t in span)
            direction = _HEDGES.get(phrase)
            if direction is None:
                continue
            if phrase == ("over",) and found.kind == "duration":
                return
            found.first, found.qualifier, found.direction = p, " ".join(phrase), direction
            return

    # -- figures without digits ----------------------------------------------------------

    def share(self, first: int, last: int, percent: float) -> _Found:
        found = _Found(first, last, "share", percent, "%", percent, cap=100.0)
        self.hedge(found)
        return found

    def fraction(self, i: int) -> _Found | None:
        """ "a third", "two-thirds", "three quarters of"; "a quarter of a million" is a count."""
        low = self.low[i]
        top = 1 if low in ("a", "an", "one") else UNITS.get(low, 0)
        if not 1 <= top <= 10 or (self.capitalised(i) and not self.sentence_start(i)):
            return None
        k = i + 1
        if self.dash_glued(k) and self.kind[k + 1] == "w":
            k += 1
        elif not (self.spaced(k) and self.kind[k] == "w"):
            return None
        bottom = FRACTIONS.get(self.low[k])
        if bottom is None or (low in ("a", "an") and bottom == 2):
            return None
        f = k + 1
        nxt = self.word(f) if self.spaced(f) else ""
        if nxt == "of" and self.word(f + 1) == "a" and self.word(f + 2) in SCALES:
            value = top / bottom * SCALES[self.low[f + 2]]
            return self.counted(i, f + 2, value)
        if not (nxt in ("of", "majority") or _verbish(nxt) or self.ends_clause(f)):
            return None
        return self.share(i, k, 100.0 * top / bottom)

    def half(self, i: int) -> _Found | None:
        if self.word_before(i) in _NOT_HALF_BEFORE or self.dash_glued(i + 1):
            return None
        f = i + 1
        nxt = self.word(f) if self.spaced(f) else ""
        if nxt in ("a", "an"):
            if self.word(f + 1) in SCALES and self.spaced(f + 1):
                return self.counted(i, f + 1, 0.5 * SCALES[self.low[f + 1]])
            return None
        found = self.share(i, i, 50.0)
        if found.qualifier or nxt == "of" or nxt in _DETERMINERS or _verbish(nxt):
            return found
        return found if self.ends_clause(f) else None

    def counted(self, first: int, last: int, value: float) -> _Found:
        """A count written with a fraction ("half a million people"), or money ("... dollars")."""
        nxt = self.word(last + 1) if self.spaced(last + 1) else ""
        if nxt in _CURRENCY_WORDS or nxt in ("pounds", "pound"):
            code, factor = _CURRENCY_WORDS.get(nxt, ("GBP", 1.0))
            found = _Found(first, last + 1, "money", value * factor, code, value * factor)
        else:
            noun = self.noun_phrase(last + 1)
            unit, end = noun if noun else (None, last)
            found = _Found(first, end, "count", value, unit, value)
        self.hedge(found)
        return found

    def majority(self, i: int) -> _Found | None:
        if self.capitalised(i) and not self.sentence_start(i):
            return None  # "Senate Majority Leader"
        p = i - 1
        while p >= self.floor and self.word(p) in _MAJORITY_ADJECTIVES and self.near(p + 1):
            p -= 1
        if p < self.floor or self.word(p) not in ("the", "a", "an") or not self.near(p + 1):
            return None
        f = i + 1
        nxt = self.word(f) if self.spaced(f) else ""
        if not (nxt in _MAJORITY_FOLLOWERS or _verbish(nxt) or self.ends_clause(f)):
            return None
        direction = "min" if self.low[i] == "majority" else "max"
        return _Found(p, i, "share", 50.0, "%", 50.0, direction=direction, cap=100.0)

    def in_ratio(self, i: int) -> _Found | None:
        """ "one in five", "9 in 10", "nine out of ten", "one in every four"."""
        a = self.quantity(i)
        if not isinstance(a, _Q) or a.currency or a.percent or a.scale != 1.0:
            return None
        k = a.last + 1
        hyphens = self.dash_glued(k) and self.word(k + 1) == "in" and self.dash_glued(k + 2)
        if hyphens:
            k += 3
        elif self.word(k) == "in" and self.spaced(k):
            k += 1
        elif self.word(k) == "out" and self.spaced(k) and self.word(k + 1) == "of":
            k += 2
        else:
            return None
        if self.word(k) == "every" and self.spaced(k):
            k += 1
        if k >= self.n or not (hyphens or self.spaced(k)):
            return None
        b = self.quantity(k, joined=hyphens)
        if not isinstance(b, _Q) or b.currency or b.percent or b.scale != 1.0:
            return None
        if not (1 <= a.value < b.value <= 1000) or a.value != int(a.value):
            return None
        if b.value != int(b.value) or self.time_unit(b.last + 1) is not None:
            return None
        return self.share(i, b.last, 100.0 * a.value / b.value)

    def times(self, i: int) -> _Found | None:
        per = self.per_period(i + 1)
        if per is None:
            return None
        value = float(("once", "twice", "thrice").index(self.low[i]) + 1)
        unit = f"times/{per[0]}"
        found = _Found(i, per[1], "frequency", value, unit, value, cap=_cap(unit))
        self.hedge(found)
        return found

    def decade(self, i: int) -> _Found | int:
        """ "in her 40s", "in their early 20s" are ages; other decades ("1990s") are skipped."""
        raw = self.raw[i]
        if (
            len(raw) == 2
            and raw.isdigit()
            and raw.endswith("0")
            and raw != "00"
            and not self.glued(i)
        ):
            first, p, offset, span, qualifier = i, i - 1, 0, 9, None
            if self.dash_glued(p) and self.word(p - 1) == "mid":
                first, p = p - 1, p - 2
            elif self.word(p) in ("early", "mid", "late") and self.spaced(i):
                first, p = p, p - 1
            if first != i:
                qualifier = self.low[first]
                offset, span = {"early": (0, 3), "mid": (3, 3), "late": (6, 3)}[qualifier]
            if p >= self.floor and self.word(p) in _POSSESSIVES and self.spaced(p + 1):
                low = float(raw) + offset
                return _Found(first, i + 1, "age", low, "years", low + span, qualifier)
        return i + 2


def _verbish(word: str) -> bool:
    return word in _VERBISH or (len(word) > 4 and word.endswith("ed"))


def _is_head(word: str) -> bool:
    """A collective noun or a plural-looking word that can end a counted noun phrase."""
    if word in _COLLECTIVE:
        return True
    if word in _NOT_PLURALS:
        return False
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous", "'s", "’s"))
        and word not in _FUNCTION
        and word not in _VERBISH
    )


def _year_like(raw: str, q: _Q) -> bool:
    return q.plain and len(raw) == 4 and raw.isdigit() and 1900 <= q.raw <= 2099


def _cap(unit: str) -> float:
    return _PER_CAPS.get(unit, _INF)


def _bounds(value: float, high: float, direction: str, cap: float) -> tuple[float, float]:
    """Low and high of what a figure's wording allows."""
    low = value
    if cap < high:
        cap = _INF  # the stated number is already past the natural ceiling
    if direction == "min":
        high = cap
    elif direction == "max":
        low = 0.0
    elif direction == "near":
        low = value * (1 - _APPROX)
    elif direction == "approx":
        low, high = value * (1 - _APPROX), min(cap, high * (1 + _APPROX))
    elif direction == "over":
        high = min(cap, high * (1 + _APPROX))
    return low, high


def extract_figures(text: str) -> list[Figure]:
    """Figures in a cleaned article text, in order, non-overlapping."""
    return _Scanner(text).run()


# -- comparing figures -------------------------------------------------------------------

_CURRENCIES = _CURRENCY_CODES | set(_DOLLAR_PREFIXES.values())
_PEOPLE = _words("people person staff worker employee personnel workforce member civilian")
_DURATION_SECONDS = {
    "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800,
    "fortnights": 1209600,
}  # fmt: skip
_DURATION_MONTHS = {"months": 1, "years": 12, "decades": 120, "centuries": 1200}
_CONFLICTS = ({"min", "max"}, {"min", "near"}, {"over", "max"}, {"over", "near"})


def _family(f: Figure) -> str:
    unit = f.unit or ""
    if f.kind in ("percent", "share") or (f.kind == "range" and unit in ("%", "pp")):
        return "pp" if unit == "pp" else "share"
    if f.kind == "money" or (f.kind == "range" and unit.split("/")[0] in _CURRENCIES):
        return f"money:{unit}"
    if f.kind == "frequency":
        return f"frequency:{unit}"
    if f.kind in ("duration", "age"):
        return f.kind
    return "count"


def _head(unit: str) -> str:
    word = unit.split()[-1].lower() if unit.split() else ""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _similar_units(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return a == b
    ha, hb = _head(a), _head(b)
    return ha == hb or (ha in _PEOPLE and hb in _PEOPLE)


def _shape(f: Figure) -> tuple[str, float, float]:
    """How a figure bounds its quantity, and the stated low and high numbers."""
    direction = _HEDGES.get(tuple(f.qualifier.split())) if f.qualifier else None
    if direction:
        return direction, f.value, f.value
    if f.kind == "share" and f.low < f.high:
        return ("min" if f.low == f.value else "max"), f.value, f.value
    if f.low < f.high:
        return "range", f.low, f.high
    return "exact", f.value, f.value


def _in_base(value: float, unit: str | None) -> tuple[str, float]:
    if unit in _DURATION_SECONDS:
        return "s", value * _DURATION_SECONDS[unit]
    if unit in _DURATION_MONTHS:
        return "mo", value * _DURATION_MONTHS[unit]
    return unit or "", value


def comparable(a: Figure, b: Figure) -> bool:
    """True when a and b measure the same kind of thing (both shares of a whole: percent/share;
    both counts of similar units; both frequencies), so a difference between them is a
    discrepancy rather than two unrelated numbers."""
    family = _family(a)
    if family != _family(b):
        return False
    if family != "count":
        return True
    if (a.unit is None) != (b.unit is None):
        # A number with no counted noun may confirm a count but never contradicts one.
        return a.value == b.value
    return _similar_units(a.unit, b.unit)


def same_figure(a: Figure, b: Figure) -> bool:
    """True when a and b state the same quantity (85% == 85 per cent; 2,400 == "Some 2,400";
    not 85% vs more than half)."""
    if not comparable(a, b):
        return False
    da, la, ha = _shape(a)
    db, lb, hb = _shape(b)
    if {da, db} in _CONFLICTS or (da == "range") != (db == "range"):
        return False
    if a.kind == "duration":
        (ua, la), (ub, lb) = _in_base(la, a.unit), _in_base(lb, b.unit)
        (_, ha), (_, hb) = _in_base(ha, a.unit), _in_base(hb, b.unit)
        if ua != ub:
            return False
    tolerance = 0.5 if _family(a) == "share" else 1e-9 * max(1.0, abs(la), abs(lb))
    return abs(la - lb) <= tolerance and abs(ha - hb) <= tolerance


def _number(value: float) -> str:
    if math.isinf(value):
        return "∞"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _amount(value: float) -> str:
    """A number for people: "2,400", "1.5 million", "2 billion"."""
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size and not math.isinf(value):
            return f"{_number(value / size)} {name}"
    return _number(value)


def _money(value: float, unit: str) -> str:
    code, _, per = unit.partition("/")
    sign = _SIGN_OF.get(code)
    if value >= 1e12:
        amount = f"{_number(value / 1e12)}tn"
    elif value >= 1e9:
        amount = f"{_number(value / 1e9)}bn"
    elif value >= 1e6:
        amount = f"{_number(value / 1e6)}m"
    elif sign == "£" and 0 < value < 1:
        return f"{_number(value * 100)}p" + (f"/{per}" if per else "")
    else:
        amount = _number(value) if value == int(value) else f"{value:,.2f}"
    text = f"{sign}{amount}" if sign else f"{amount} {code}"
    return f"{text}/{per}" if per else text


def describe(f: Figure) -> str:
    """Short human wording for messages, e.g. "85%", "more than half", "3-5 days/week"."""
    if f.kind == "share":
        words = " ".join(f.text.split())
        if len(words) > 1 and words[0].isupper() and words[1].islower():
            words = words[0].lower() + words[1:]
        return words
    direction, low, high = _shape(f)
    unit = f.unit or ""
    if f.kind == "money" or unit.split("/")[0] in _CURRENCIES:
        body = _money(low, unit)
        if direction == "range":
            body = f"{body.partition('/')[0]}-{_money(high, unit)}"
    else:
        number = _amount(low) if direction != "range" else f"{_number(low)}-{_amount(high)}"
        if unit in ("%", "pp"):
            body = f"{number}%" if unit == "%" else f"{number} percentage points"
        elif f.kind == "age":
            hedge = f"{f.qualifier} " if direction not in ("exact", "range") else ""
            return f"aged {hedge}{number}"
        elif unit:
            if low == 1 and direction != "range":
                unit = _singular(unit)
            body = f"{number} {unit}"
        else:
            body = number
    return f"{f.qualifier} {body}" if f.qualifier else body


def _singular(unit: str) -> str:
    """ "days/week" -> "day/week", "centuries" -> "century" (for a value of one)."""
    head, slash, rest = unit.partition("/")
    words = head.split()
    if words:
        last = words[-1]
        if last.endswith("ies"):
            words[-1] = last[:-3] + "y"
        elif last.endswith("s") and not last.endswith("ss"):
            words[-1] = last[:-1]
    return " ".join(words) + slash + rest
