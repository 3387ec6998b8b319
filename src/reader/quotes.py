"""Direct quotes and who said them.

``extract_quotes`` finds words inside quote marks in an article's cleaned text and
attributes each to a speaker. The rules are general news-writing conventions:

* Marks: straight and curly, double and single, mixed within one quote, and the
  two apostrophes '' some papers use. Whether a mark opens or closes is decided by
  what flanks it, so “...\" and ”...” work; a quote in the other style nests inside.
* Extent: a quote never leaves its paragraph, except that a paragraph which opens
  a quote without closing it continues into the next paragraph when that one
  opens with a quote mark (the news convention for multi-paragraph quotes).
* Not quotes: apostrophes, a single quoted word, Title Case names ('The A Word'),
  short phrases being named ("so-called", "known as", "a formula called ..."),
  and single marks unless they enclose several words and balance.
* Speakers: the reporting clause next to the quote (“...,” said X / X said: “...”
  / “...” ― X), the subject of the reporting verb for quoted fragments,
  "according to X", the subject of a clause ending in "adding:" or "as saying:",
  a ", X said." closing the sentence, a previous sentence or paragraph that
  introduces the speaker; pronouns and bare surnames resolve to the sentence's
  subject, earlier speakers and names; a quote without a clause of its own takes
  the speaker of the quote before it in the paragraph, or of the previous
  paragraph's quote when it opens its paragraph.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from reader.model import Quote
from reader.speech import (
    NameIndex,
    Token,
    clean_name,
    cue_at,
    first_np,
    is_aux,
    is_boundary,
    is_cue,
    is_inverted_cue,
    is_participle,
    is_person_noun,
    is_pronoun,
    is_word,
    np_backward,
    np_forward,
    person_run,
    resolvable_pronoun,
    role_phrase,
    stops_np,
    subject_before,
    tokenize,
    word_set,
)

_OPEN, _CLOSE, _EITHER = 1, 2, 3
_DOUBLE = {'"': _EITHER, "＂": _EITHER, "“": _OPEN, "„": _OPEN, "‟": _OPEN, "«": _OPEN,
           "”": _CLOSE, "»": _CLOSE}  # fmt: skip
_SINGLE = {"'": _EITHER, "‘": _OPEN, "‚": _OPEN, "‹": _OPEN, "’": _CLOSE, "›": _CLOSE}
# Two apostrophes are a straight double mark (NYT style); three also close a nested single.
_DOUBLE_RE = re.compile("'''|''|[" + "".join(_DOUBLE) + "]")
_SINGLE_RE = re.compile("[" + "".join(_SINGLE) + "]")
_MARKS = frozenset(_DOUBLE) | frozenset(_SINGLE)
_OPEN_PRECEDERS = frozenset("([{<—–-/…:") | _MARKS
_CLOSE_FOLLOWERS = frozenset(".,;:!?)]}>—–-…/*") | _MARKS
_ELISIONS = word_set("til em n cause bout tis twas round nuff kay cos cuz s d ll re ve m t ol")
_CLAUSE_END = frozenset(",!?…—–-")
_NAMES_FOR = word_set(
    "named titled entitled so-called nicknamed word term phrase slogan hashtag headline motto "
    "banner label moniker nickname"
)
_NAMING_VERBS = word_set("called dubbed branded labelled labeled termed tagged billed")
_SMALL_WORDS = word_set(
    "a an the of and or in on at to for with by from vs de la le du von van & is"
)
_MAX_BEFORE = 400
_MAX_AFTER = 300
_TIGHT_TAIL = 6


@dataclass
class _Span:
    """A stretch between quote marks, possibly over several paragraphs."""

    start: int
    end: int
    first_par: int
    last_par: int
    closed: bool
    single: bool


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, whitespace trimmed: the paragraphs of raw
    text that puts one paragraph on each line (with or without blank lines between)."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def _clean_paragraphs(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    size = len(text)
    spans = sorted((max(0, min(s, size)), max(0, min(e, size))) for s, e in paragraphs)
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            start = out[-1][1]
        if start < end:
            out.append((start, end))
    return out


def _flanks(text: str, i: int, lo: int, hi: int, size: int = 1) -> tuple[bool, bool]:
    """(can open, can close) for the mark ``text[i:i+size]`` from the characters beside it."""
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + size] if i + size < hi else ""
    can_open = (
        bool(nxt) and not nxt.isspace() and (not prev or prev.isspace() or prev in _OPEN_PRECEDERS)
    )
    can_close = (
        bool(prev) and not prev.isspace() and (not nxt or nxt.isspace() or nxt in _CLOSE_FOLLOWERS)
    )
    return can_open, can_close


def _role(text: str, i: int, lo: int, hi: int, default: int, size: int = 1) -> int:
    can_open, can_close = _flanks(text, i, lo, hi, size)
    if can_open and not can_close:
        return _OPEN
    if can_close and not can_open:
        return _CLOSE
    return default


def _scan_double(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed double-quoted spans in ``[lo, hi)`` and the start of one left open."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    nested = False  # a quote of the other style inside: "He said “no” to me"
    for match in _DOUBLE_RE.finditer(text, lo, hi):
        i, size = match.start(), len(match.group())
        role = _role(text, i, lo, hi, _DOUBLE.get(match.group(), _EITHER), size)
        if open_at is None:
            if role != _CLOSE:
                open_at, nested = i, False
            continue
        other_style = _is_straight(text[i]) != _is_straight(text[open_at])
        if nested:
            if role != _OPEN and other_style:
                nested = False
            elif role != _OPEN:
                pairs.append((open_at, i + size))
                open_at, nested = None, False
        elif role == _OPEN and other_style:
            nested = True
        elif role != _OPEN:
            pairs.append((open_at, i + size))
            open_at = None
        else:
            open_at = i
    return pairs, open_at


def _is_straight(mark: str) -> bool:
    return mark in "\"＂'"


def _is_elision(text: str, i: int, hi: int) -> bool:
    """Whether the mark at ``i`` starts an elided word ('til, ’90s, 'em)."""
    j = i + 1
    if j < hi and text[j].isdigit():
        return True
    k = j
    while k < hi and k - j < 6 and text[k].isalpha():
        k += 1
    word = text[j:k].lower()
    return word in _ELISIONS and (k >= hi or not text[k].isalpha())


def _is_possessive(text: str, i: int, hi: int) -> bool:
    """Whether the mark at ``i`` is a plural possessive (the workers’ union)."""
    if i == 0 or text[i - 1] not in "sSzZ":
        return False
    j = i + 1
    if j >= hi or text[j] != " ":
        return False
    return j + 1 < hi and (text[j + 1].islower() or text[j + 1].isdigit())


def _scan_single(
    text: str, lo: int, hi: int, blocked: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], int | None]:
    """Balanced single-quoted spans in ``[lo, hi)``, ignoring marks inside ``blocked``."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    b = bisect_right(blocked, (lo, len(text) + 1)) - 1 if blocked else 0
    b = max(b, 0)
    for match in _SINGLE_RE.finditer(text, lo, hi):
        i = match.start()
        while b < len(blocked) and blocked[b][1] <= i:
            b += 1
        if b < len(blocked) and blocked[b][0] <= i:
            continue
        ch = text[i]
        if ch == "'" and (text[i - 1 : i] == "'" or text[i + 1 : i + 2] == "'"):
            continue  # half of a '' double mark
        can_open, can_close = _flanks(text, i, lo, hi)
        opener = ch in "‘‚‹'" and can_open and not can_close and not _is_elision(text, i, hi)
        closer = ch in "’›'" and can_close and not can_open and not _is_possessive(text, i, hi)
        if open_at is None:
            if opener:
                open_at = i
        elif closer:
            pairs.append((open_at, i + 1))
            open_at = None
        elif opener:
            open_at = i
    return pairs, open_at


def _lead(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _trail(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _opens_clause(text: str, span: _Span, par_start: int) -> bool:
    """Whether an unclosed quote starts where a quotation would: paragraph or sentence
    start, or after a colon, comma or reporting verb."""
    i = span.start
    if _lead(text, par_start, i) == i:
        return True
    tokens = tokenize(text, max(par_start, i - 60), i)
    if not tokens:
        return True
    last = tokens[-1][0]
    return last in ":,.!?" or is_cue(last) or is_participle(last)


def _chain(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    single: bool,
    blocked: Sequence[tuple[int, int]] = (),
) -> list[_Span]:
    """Quoted spans, joining a quote left open into a next paragraph that opens with a mark."""
    spans: list[_Span] = []
    pending: _Span | None = None

    def settle(span: _Span) -> None:
        if span.first_par != span.last_par or _opens_clause(
            text, span, paragraphs[span.first_par][0]
        ):
            spans.append(span)

    for idx, (ps, pe) in enumerate(paragraphs):
        if single:
            pairs, unclosed = _scan_single(text, ps, pe, blocked)
        else:
            pairs, unclosed = _scan_double(text, ps, pe)
        lead = _lead(text, ps, pe)
        if pending is not None:
            if pairs and pairs[0][0] == lead:
                pending.end, pending.last_par, pending.closed = pairs[0][1], idx, True
                spans.append(pending)
                pairs = pairs[1:]
                pending = None
            elif unclosed == lead and not pairs:
                pending.end, pending.last_par = _trail(text, ps, pe), idx
                unclosed = None
            else:
                settle(pending)
                pending = None
        spans.extend(_Span(s, e, idx, idx, True, single) for s, e in pairs)
        if unclosed is not None:
            pending = _Span(unclosed, _trail(text, ps, pe), idx, idx, False, single)
            if single and not _opens_clause(text, pending, ps):
                pending = None
    if pending is not None:
        settle(pending)
    return spans


def _mark_size(text: str, start: int, end: int) -> int:
    """The length of the mark that opens (at ``start``) or closes (ending at ``end``) a span."""
    for size in (3, 2):
        if text.startswith("'" * size, start if end < 0 else end - size):
            return size
    return 1


def _interior(text: str, span: _Span) -> str:
    start = span.start + _mark_size(text, span.start, -1)
    if not span.closed:
        return text[start : span.end]
    return text[start : max(start, span.end - _mark_size(text, -1, span.end))]


def _words(interior: str) -> list[str]:
    return [w for w in interior.split() if any(c.isalnum() for c in w)]


def _is_title(words: Sequence[str], interior: str) -> bool:
    """A Title Case name such as 'The A Word' or “Saturday Night Live”."""
    if len(words) > 8 or interior.rstrip()[-1:] in ".!?":
        return False
    content = [w.strip("\"'“”‘’()[],.:;!?") for w in words]
    content = [w for w in content if w and w.lower() not in _SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def _after_naming_word(text: str, span: _Span, par_start: int) -> bool:
    """Whether the quote is a name being given: "the so-called “gig economy”", "a formula
    called the “chained CPI”" (but not "he called it “an evil act”")."""
    window = tokenize(text, max(par_start, span.start - 80), span.start)
    tokens = [t for t in window if is_word(t[0])]
    while tokens and tokens[-1][0].lower() in ("a", "an", "the"):
        tokens.pop()
    if not tokens:
        return False
    words = [t[0].lower() for t in tokens]
    if words[-2:] == ["known", "as"] or words[-1] in _NAMES_FOR:
        return True
    if words[-1] not in _NAMING_VERBS:
        return False
    k = len(tokens) - 2
    while k >= 0 and is_aux(tokens[k][0]):
        k -= 1
    if k < 0:
        return True
    prev = tokens[k][0]
    speaker_before = (
        is_pronoun(prev) or prev in ("who", "what", "which") or prev[:1].isupper()
    ) or is_person_noun(prev)
    return not speaker_before


def _merge(doubles: list[_Span], singles: list[_Span]) -> list[_Span]:
    """Both kinds in text order; a double quote nested in a single one goes."""
    singles.sort(key=lambda s: s.start)
    kept: list[_Span] = []
    s = 0
    for span in sorted(doubles, key=lambda d: d.start):
        while s < len(singles) and singles[s].end <= span.start:
            s += 1
        if s < len(singles) and singles[s].start <= span.start < singles[s].end:
            continue
        kept.append(span)
    kept.extend(singles)
    kept.sort(key=lambda k: k.start)
    return kept


def _clause_end(text: str, span: _Span) -> str:
    """'comma' or 'clause' when the quote ends a clause (“...,” / “...?”), 'stop' after a
    full stop, else ''."""
    interior = _interior(text, span).rstrip().rstrip("'’\"”")
    after = text[span.end : span.end + 1] if span.closed else ""
    if interior[-1:] == "," or after == ",":
        return "comma"
    if interior[-1:] in _CLAUSE_END or after in ("—", "–"):
        return "clause"
    if interior[-1:] == ".":
        return "stop"
    return ""


def _sentence_before(tokens: list[Token]) -> list[Token]:
    for k in range(len(tokens) - 1, -1, -1):
        if is_boundary(tokens, k):
            return tokens[k + 1 :]
    return tokens


def _sentence_after(tokens: list[Token]) -> list[Token]:
    for k, tok in enumerate(tokens):
        if tok[0] in _MARKS:
            return tokens[:k]
        if is_boundary(tokens, k):
            return tokens[:k]
    return tokens


_DASHES = frozenset("—–-―")
_SENTENCE_STOPS = frozenset(".!?;:")


def _skip_lead(tokens: list[Token]) -> int:
    i = 0
    while i < len(tokens) and (tokens[i][0] == "," or tokens[i][0] in _DASHES):
        i += 1
    return i


def _according_to(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The source after "according to" at ``k``, looking through "a report by X"."""
    found = np_forward(tokens, k + 2)
    if found is None or (
        found[1] - found[0] < 2 and tokens[found[0]][0].lower() in _POSSESSIVE_PRONOUNS
    ):
        return None  # "according to his," but not "according to his physician"
    if found[1] + 1 < len(tokens) and tokens[found[1]][0] == "by":
        return np_forward(tokens, found[1] + 1) or found
    return found


_NOT_OPENERS = word_set("in on at of for with by from as like than to about after before")


def _np_then_cue(tokens: list[Token], i: int, limit: int) -> tuple[tuple[int, int], int] | None:
    """A subject starting at ``i`` and the reporting verb after it: (phrase, verb index)."""
    for k in range(i + 1, min(len(tokens), i + limit)):
        word = tokens[k][0]
        if word in ";:" or word in _MARKS:
            return None
        if cue_at(tokens, k) or word in ("read", "reads"):
            found = subject_before(tokens, k, i)
            head = np_forward(tokens, i, k)
            if tokens[k - 1][0] == "," and head is not None and tokens[head[1]][0] == ",":
                found = head  # “...,” Cecelia Purner, 67, a retired teacher in Allentown, said
            if found is None:
                return None
            opener = tokens[i][0].lower()
            determined = opener in ("the", "a", "an")
            if (
                found[0] > i
                and not (opener.endswith("ing") or opener in _NOT_OPENERS)
                and all(
                    is_word(t[0])
                    and (not stops_np(t[0], suffixes=False) or (determined and t[0] == "and"))
                    for t in tokens[i : found[0]]
                )
            ):
                # "a Democratic staffer in the room wondered", "the senator and candidate said"
                found = (i, found[1])
            aside = found[0] > i and tokens[found[0] - 1][0] == ","
            if found[0] > i and not aside:
                return None  # “...,” when Clinton blasted him: not a reporting clause
            return found, k
    return None


def _after_subject(
    tokens: list[Token], ending: str, runs_into_quote: bool = False, unreported: bool = True
) -> tuple[int, int] | None:
    """The speaker in a reporting clause right after a quote: “...,” said X / X said /
    “...” ― X. ``runs_into_quote``: the clause leads into another quote rather than
    ending its sentence; ``unreported``: no reporting verb leads up to the quote in its
    sentence (else a closing dash credit is the article's, not the quote's)."""
    i = _skip_lead(tokens)
    if i >= len(tokens):
        return None
    if ending == "stop" and runs_into_quote:
        return None  # “...” The candidate added, “...”: a new sentence for the next quote
    first = tokens[i][0]
    if i > 0 and tokens[i - 1][0] in _DASHES and not runs_into_quote and unreported:
        # “...” ― Stephanie Egan: a dash and a name closing the paragraph.
        found = np_forward(tokens, i)
        if found is not None and found[1] >= len(tokens) - 1 and tokens[i][0][:1].isupper():
            return found
    found: tuple[int, int] | None = None
    tail_from = len(tokens)
    if is_inverted_cue(first):
        found = np_forward(tokens, i + 1)
        if found is not None:
            tail_from = found[1]
            if tail_from < len(tokens) and tokens[tail_from][0] == ":":
                return None
    elif first == "according" and i + 1 < len(tokens) and tokens[i + 1][0] == "to":
        found = _according_to(tokens, i)
    elif first == "as" and (pair := _np_then_cue(tokens, i + 1, 8)) is not None:
        found, tail_from = pair[0], pair[1] + 1  # “...” as Cruz said on Monday
    elif pair := _np_then_cue(tokens, i, 26):
        found, tail_from = pair[0], pair[1] + 1
        if ending == "stop" and any(t[0] == ":" for t in tokens[tail_from : tail_from + 2]):
            return None  # “...” The candidate added: “...” introduces the next quote
    elif ending in ("comma", "clause"):
        # “...,” Bennett shot back. / “...?” Hannity pressed.
        found = np_forward(tokens, i)
        if found is None or not (is_pronoun(tokens[i][0]) or person_run(tokens, *found)):
            return None
        nxt = tokens[found[1]][0] if found[1] < len(tokens) else ""
        if not nxt[:1].islower() or stops_np(nxt, suffixes=False):
            return None
        tail_from = found[1] + 1
        if ending == "clause" and len(tokens) - tail_from > 3:
            return None
    if found is None:
        return None
    if not ending and not is_inverted_cue(first):
        tail = tokens[tail_from:]
        if found[0] != i or (tail and tail[0][0] != "," and len(tail) > 4):
            return None  # a fragment mid-sentence: "the "death tax" repeal Smith backed"
    if (
        ending == "stop"
        and len(tokens) - tail_from > _TIGHT_TAIL
        and not (unreported and _circumstance(tokens[tail_from:]))
    ):
        return None
    return found


_CIRCUMSTANCE_LEADS = word_set(
    "after before in on at during while when from to outside inside following earlier later"
)


def _circumstance(tail: list[Token]) -> bool:
    """Whether the words after a reporting verb only say when, where or to whom it was said
    ("... Sweeny said after an event in Edison on Wednesday.")."""
    return (
        bool(tail)
        and tail[0][0].lower() in _CIRCUMSTANCE_LEADS
        and len(tail) <= 16
        and not any(
            t[0].lower() == "that" or t[0] in _MARKS or cue_at(tail, m) for m, t in enumerate(tail)
        )
    )


def _sentence_end_subject(tokens: list[Token]) -> tuple[int, int] | None:
    """A speaker named at the end of the sentence: "..., Rendell added." / "..., says X"."""
    for p in range(len(tokens) - 2, -1, -1):
        if tokens[p][0] != ",":
            continue
        i = p + 1
        while i < len(tokens) - 1 and tokens[i][0] in _MARKS:
            i += 1  # ... in ''The 40-Year-Old Virgin,'' Mr. Oppenheim noted.
        word = tokens[i][0]
        if is_inverted_cue(word):
            found = np_forward(tokens, i + 1)
            if found is not None and _is_adverb(tokens[found[0]][0]):
                return None  # ", said matter-of-factly as ..."
            return found
        if word == "according" and i + 1 < len(tokens) and tokens[i + 1][0] == "to":
            return _according_to(tokens, i)
        pair = _np_then_cue(tokens, i, 10)
        if pair is not None:
            tail = tokens[pair[1] + 1 :]
            # ", she said, referencing the bank's drive to “cross-sell”": an aside ends it.
            cut = next((m for m, t in enumerate(tail) if t[0] == "," or t[0] in _MARKS), None)
            tail = tail[:cut]
            if len(tail) <= 12 and not any(
                t[0] == "that" or cue_at(tail, m) for m, t in enumerate(tail)
            ):
                return pair[0]
    return None


def _cue_subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The speaker of the reporting verb at ``k``: its subject, or the phrase after it
    when the clause is inverted (", said Smith, “...”")."""
    found = subject_before(tokens, k)
    if found is None and k > 0 and tokens[k - 1][0] in ("and", "but"):
        return first_np(tokens, 0, k - 1, need_verb=False)  # "X challenged ..., and said"
    inverted = k == 0 or tokens[k - 1][0] in ",—–-" or tokens[k - 1][0] in _MARKS
    if found is None and inverted and is_inverted_cue(tokens[k][0]):
        found = np_forward(tokens, k + 1)
        if found is not None and found[1] < len(tokens) and tokens[found[1]][0] not in ",.:;":
            return None  # ", said his boss was ...": not an inverted clause
    return found


_LEADS_ACTOR = word_set("of by with")


def _participle_subject(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """Who is "adding:" or "saying": a name right before the participle ("footage of
    Hillary Clinton asking"), else the subject of the clause ("A spokesman said ...,
    adding:"), else that of an earlier reporting verb."""
    j = k - 1
    while j > 0 and _is_adverb(tokens[j][0]):
        j -= 1  # "with Trump reportedly yelling:"
    if j >= 0 and is_word(tokens[j][0]):
        found = np_backward(tokens, j)
        run = person_run(tokens, *found) if found is not None else None
        after_of = found is not None and found[0] > 0 and tokens[found[0] - 1][0] in _LEADS_ACTOR
        if run is not None and (run[1] - run[0] > 1 or after_of):
            return found  # "footage of Trump saying"
    found = first_np(tokens, 0, k, need_verb=False)
    if found is not None:
        return found
    for k2 in range(k - 1, -1, -1):
        if cue_at(tokens, k2) and (found := _cue_subject(tokens, k2)) is not None:
            return found
    return None


def _before_subject(tokens: list[Token]) -> tuple[int, int] | None:
    """The speaker of a reporting verb leading up to a quote in the same sentence."""
    for k in range(len(tokens) - 1, -1, -1):
        word = tokens[k][0]
        if word.lower() == "according" and k + 1 < len(tokens) and tokens[k + 1][0] == "to":
            found = _according_to(tokens, k)
            if found is not None:
                return found
        if cue_at(tokens, k):
            found = _cue_subject(tokens, k)
            if found is not None:
                return found
        elif is_participle(word) or (is_cue(word) and k > 0 and tokens[k - 1][0] == "to"):
            return _participle_subject(tokens, k)  # "adding:", "interrupted me to announce,"
    if (
        len(tokens) > 2
        and tokens[0][0][:1].isupper()
        and is_inverted_cue(tokens[0][0].lower())
        and tokens[1][0][:1].isupper()
    ):
        return np_forward(tokens, 1)  # Said Dorothy Poynter, a neighbour, “...”
    if tokens and tokens[-1][0] == ":":
        if len(tokens) > 1 and tokens[-2][0][:1].isupper():
            return np_backward(tokens, len(tokens) - 2)
        return first_np(tokens, 0, len(tokens) - 1, need_verb=False)
    return None


_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
_SPEECH_NOUNS = word_set(
    "warning warnings comment comments remark remarks claim claims promise promises pledge vow "
    "assertion assertions assumption suggestion insistence description words statement "
    "statements argument message plea demand threat boast admission prediction accusation "
    "charge quip retort reply response slogan tweet tweets characterization declaration "
    "complaint observation insults attack attacks criticism dismissal denial phrase term "
    "dictum motto mantra refrain catchphrase"
)


_INTRODUCERS = frozenset({"that", ",", ":", "was", "is", "by", "—", "–", "-", "--", "of"})


def _introduces(tokens: list[Token], k: int) -> bool:
    """Whether the words from ``k`` lead a noun of speech into its quote: nothing, "that",
    a colon, or a short phrase of time or place and then "that" ("his statement on
    Wednesday that")."""
    if k >= len(tokens) or tokens[k][0].lower() in _INTRODUCERS:
        return True
    if tokens[k][0].lower() not in ("on", "in", "at", "during", "from", "about", "to", "last"):
        return False
    return any(t[0].lower() in ("that", ":") for t in tokens[k + 1 : k + 7])


def _possessor(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """The owner named by the possessive at ``k`` ("Romney’s", "his"), if it is one."""
    word = tokens[k][0]
    low = word.lower().replace("’", "'")
    if low in _POSSESSIVE_PRONOUNS:
        return (k, k + 1)
    if (low.endswith("'s") or low.endswith("s'")) and word[:1].isupper():
        return np_backward(tokens, k)
    return None


def _speech_noun_owner(
    before: list[Token], after: list[Token]
) -> tuple[list[Token], tuple[int, int]] | None:
    """Whose words a quote is when a noun of speech introduces it: "his warning that Britain
    would go to the “back of the queue”", "Romney’s “47 percent” comment", "the suggestion
    by Smith that ..."."""
    if before and after and after[0][0].lower() in _SPEECH_NOUNS:
        found = _possessor(before, len(before) - 1)
        if found is not None:
            return before, found
    for k in range(len(before) - 1, max(0, len(before) - 12) - 1, -1):
        if before[k][0].lower() not in _SPEECH_NOUNS or not before[k][0][:1].islower():
            continue
        if not _introduces(before, k + 1):
            continue  # "treating Clinton's remark first as a compliment": not introducing it
        for j in (k - 1, k - 2):
            if j >= 0 and (found := _possessor(before, j)) is not None:
                return before, found
        if k + 2 < len(before) and before[k + 1][0] == "by":
            found = np_forward(before, k + 2)
            if found is not None:
                return before, found
        if k >= 2 and before[k - 1][0].lower() == "the" and before[k - 2][0][:1].islower():
            found = subject_before(before, k - 2)  # "When Trump used the words, “...”"
            if found is not None:
                return before, found
        return None
    return None


def _clause_subject(tokens: list[Token]) -> tuple[int, int] | None:
    """The subject of the sentence a quoted fragment sits in, when no reporting verb names
    one ("Clinton supports “appropriate pay raises”")."""
    cue_seen = any(cue_at(tokens, k) for k in range(len(tokens)))
    return first_np(tokens, 0, len(tokens), need_verb=not cue_seen)


def _previous_sentence_subject(tokens: list[Token]) -> tuple[list[Token], tuple[int, int]] | None:
    """For a quote that opens a sentence: the speaker of the previous sentence's reporting
    verb ("Dianne Bystrom agreed." / "X called him a master. “He showed ...”")."""
    if not tokens or not is_boundary(tokens, len(tokens) - 1):
        return None
    start = 0
    for k in range(len(tokens) - 2, -1, -1):
        if is_boundary(tokens, k) or tokens[k][0] in _MARKS:
            start = k + 1
            break
    sentence = tokens[start:-1]
    found = _before_subject(sentence)
    if found is None:
        # "Sen. Bernie Sanders (Vt.), who lost ..., identified young voters' exhaustion as a
        # reason. “The younger people ...”": a named person leading the sentence before.
        head = first_np(sentence, 0, len(sentence), need_verb=True)
        if head is not None and head[0] == 0 and person_run(sentence, *head) is not None:
            found = head
    return (sentence, found) if found is not None else None


def _cue_near_end(tokens: list[Token]) -> bool:
    """Whether one of the two words before the last token is a reporting verb ("she
    said, “...”")."""
    return any(cue_at(tokens, k) for k in range(max(0, len(tokens) - 3), len(tokens) - 1))


def _is_adverb(word: str) -> bool:
    return word[:1].islower() and word.endswith("ly")


def _what_called(before: list[Token]) -> bool:
    """Whether the quote is the name someone gives: "under what Mr. Hedge called “...”"."""
    if len(before) < 3 or not cue_at(before, len(before) - 1):
        return False
    return any(t[0].lower() == "what" for t in before[-7:-2])


def _is_partial(text: str, span: _Span, before: list[Token]) -> bool:
    """Whether the quote is a fragment inside a reported sentence."""
    interior = _interior(text, span).lstrip(" \t\n.…-–—[(")
    capital = interior[:1].isupper() or interior[:1].isdigit()
    if not before:
        return False
    last = before[-1][0]
    if last == ":":
        return False
    if last == ",":
        near = before[-5:-1]
        return not capital and not any(is_cue(t[0]) or is_participle(t[0]) for t in near)
    if is_cue(last) or is_participle(last) or last in "—–(":
        return not capital
    return True


@dataclass
class _Speaker:
    name: str | None
    start: int | None
    end: int | None
    person: bool = False
    weak: bool = False  # a guess from the sentence's subject, not from a reporting clause


class _Attributor:
    """Walks the quotes in order, keeping the speakers seen so far for coreference."""

    def __init__(self, text: str, paragraphs: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.paragraphs = paragraphs
        self.names = NameIndex(text)
        self.latest: dict[bool, str] = {}  # latest speaker; under True, latest person
        self.by_surname: dict[str, str] = {}  # "heathcote" -> "Fran Heathcote"

    def _resolve(
        self, tokens: list[Token], found: tuple[int, int], context: list[Token] | None = None
    ) -> _Speaker:
        """The speaker named by the phrase ``tokens[found]``; a pronoun goes to the subject
        earlier in its sentence, then of ``context`` (the sentence before the quote), then
        the latest speaker."""
        a, b = found
        first = tokens[a]
        pronoun = _POSSESSIVE_PRONOUNS.get(first[0].lower(), first[0])
        if b - a == 1 and is_pronoun(pronoun):
            name = None
            person = pronoun.lower()[:2] in ("he", "sh")
            if resolvable_pronoun(pronoun):
                name = (
                    self._subject_name(tokens, a, person)
                    or (context is not None and self._subject_name(context, len(context), person))
                    or self._latest(person)
                    or self.names.last_person(first[1])
                )
            return _Speaker(name or None, first[1], first[2], person)
        return self._name(tokens, a, b)

    def _name(self, tokens: list[Token], a: int, b: int) -> _Speaker:
        """The speaker a noun phrase names."""
        run = person_run(tokens, a, b)
        if run is not None:
            ra, rb = run
            start, end = tokens[ra][1], tokens[rb - 1][2]
            name = clean_name(self.text[start:end])
            if rb - ra == 1:
                name = self._full_name(name, start) or name
            return _Speaker(name, start, end, True)
        ra, rb = role_phrase(tokens, a, b)
        name = clean_name(self.text[tokens[ra][1] : tokens[rb - 1][2]])
        person = any(is_person_noun(t[0]) for t in tokens[ra:rb])
        return _Speaker(name, tokens[a][1], tokens[b - 1][2], person)

    def _subject_name(self, tokens: list[Token], end: int, person: bool) -> str | None:
        found = first_np(tokens, 0, end, need_verb=False)
        if found is None or is_pronoun(tokens[found[0]][0]):
            return None
        speaker = self._name(tokens, *found)
        return speaker.name if speaker.person or not person else None

    def _latest(self, person: bool) -> str | None:
        return self.latest.get(person)

    def _full_name(self, surname: str, before: int) -> str | None:
        return self.by_surname.get(surname.lower()) or self.names.full_name(surname, before)

    def _remember(self, speaker: _Speaker) -> None:
        if not speaker.name:
            return
        self.latest[False] = speaker.name
        if speaker.person:
            self.latest[True] = speaker.name
            words = speaker.name.split()
            if len(words) > 1:
                self.by_surname[words[-1].lower()] = speaker.name

    def _intro_paragraph(self, par: int, whole: bool) -> _Speaker | None:
        """A speaker introduced by the previous paragraph: one ending with a colon ("Cruz
        continued:") or, for a paragraph that is all quote, one whose last sentence
        reports speech ("Howard continued his scathing remarks.")."""
        if par == 0:
            return None
        ps, pe = self.paragraphs[par - 1]
        end = _trail(self.text, ps, pe)
        if end <= ps or (self.text[end - 1] != ":" and not whole):
            return None
        tokens = tokenize(self.text, max(ps, end - _MAX_BEFORE), end)
        if tokens and tokens[-1][0] in ".!?" and whole:
            tokens = tokens[:-1]
        if any(t[0] in _MARKS for t in tokens[-3:]):
            return None
        tokens = _sentence_before(tokens)
        found = _before_subject(tokens)
        return self._resolve(tokens, found) if found is not None else None

    def run(self, spans: list[_Span]) -> list[Quote]:
        text = self.text
        quotes: list[Quote] = []
        previous: _Speaker | None = None
        previous_par = -1
        kept_end = -1
        closing: set[int] = set()  # quotes credited by a reporting clause right after them
        guessed: set[int] = set()
        for idx, span in enumerate(spans):
            words = _words(_interior(text, span))
            if not words or (span.single and len(words) < 2):
                continue
            ps0 = self.paragraphs[span.first_par][0]
            hi = self.paragraphs[span.last_par][1]
            if idx + 1 < len(spans) and spans[idx + 1].first_par == span.last_par:
                hi = min(hi, spans[idx + 1].start)
            window = tokenize(text, span.end, min(hi, span.end + _MAX_AFTER))
            after = _sentence_after(window)
            runs_into_quote = (
                window[len(after)][0] in _MARKS
                if len(after) < len(window)
                else idx + 1 < len(spans) and hi == spans[idx + 1].start
            )
            ending = _clause_end(text, span)
            lead = tokenize(text, max(ps0, kept_end, span.start - _MAX_BEFORE), span.start)
            before = _sentence_before(lead)
            reported = _before_subject(before) if before else None
            unreported = reported is None and not any(cue_at(before, k) for k in range(len(before)))
            after_found = _after_subject(after, ending, runs_into_quote, unreported)
            if not self._keep(span, words, after_found is not None):
                continue
            if (
                reported is not None
                and after_found is not None
                and (
                    (
                        ending != "comma"
                        and (
                            before[-1][0] == ":" or (before[-1][0] == "," and _cue_near_end(before))
                        )
                    )
                    or _what_called(before)
                )
            ):
                # Clinton responded: “...?” Her critics cited it. / “...,” she said, “...”
                # She did support workers who demanded ...: the introduction names the speaker.
                speaker = self._resolve(before, reported)
            elif after_found is not None:
                speaker = self._resolve(after, after_found, before)
                closing.add(len(quotes))
            else:
                inherited = None
                if previous is not None and (
                    previous_par == span.first_par
                    or (not lead and previous_par == span.first_par - 1)
                ):
                    inherited = previous
                speaker = self._speaker_around(
                    span, lead, before, after, ending, inherited, reported
                )
            self._remember(speaker)
            if (speaker.weak or speaker.name is None) and ending in ("", "comma"):
                guessed.add(len(quotes))
            quotes.append(
                Quote(
                    start=span.start,
                    end=span.end,
                    text=text[span.start : span.end],
                    speaker=speaker.name,
                    speaker_start=speaker.start,
                    speaker_end=speaker.end,
                    partial=_is_partial(text, span, before),
                )
            )
            previous = speaker if speaker.name or speaker.start is not None else None
            previous_par = span.last_par
            kept_end = span.end
        return self._share_closing(quotes, closing, guessed)

    def _share_closing(
        self, quotes: list[Quote], closing: set[int], guessed: set[int]
    ) -> list[Quote]:
        """Credit a quote whose speaker was only guessed with the reporting clause that closes
        the next quote of the same sentence: Guns are “a crisis” and “a scourge,” Dean said."""
        for i in range(len(quotes) - 2, -1, -1):
            nxt = quotes[i + 1]
            if i not in guessed or i + 1 not in closing:
                continue
            gap = self.text[quotes[i].end : nxt.start]
            between = tokenize(gap)
            if "\n" in gap or len(between) > 6 or any(t[0] in _SENTENCE_STOPS for t in between):
                continue
            quotes[i] = dataclasses.replace(
                quotes[i],
                speaker=nxt.speaker,
                speaker_start=nxt.speaker_start,
                speaker_end=nxt.speaker_end,
            )
        return quotes

    def _speaker_around(
        self,
        span: _Span,
        lead: list[Token],
        before: list[Token],
        after: list[Token],
        ending: str,
        inherited: _Speaker | None,
        reported: tuple[int, int] | None,
    ) -> _Speaker:
        """The speaker of a quote with no reporting clause right after it, from the most
        to the least telling evidence; ``reported`` is the subject of a reporting verb
        leading up to it in ``before`` (:func:`_before_subject`)."""
        if reported is not None:
            return self._resolve(before, reported)
        if inherited is not None and lead and len(before) == len(lead) and self._after_quote(lead):
            return inherited  # a second fragment in the sentence of the first
        if ending in ("", "comma"):
            rest = self._rest_of_sentence(span)
            if (found := _sentence_end_subject(rest)) is not None:
                return self._resolve(rest, found)
        if not before and (pair := _previous_sentence_subject(lead)) is not None:
            return self._resolve(*pair)
        if (owned := _speech_noun_owner(before, after)) is not None:
            return self._resolve(*owned)
        if before and (found := _clause_subject(before)) is not None:
            return dataclasses.replace(self._resolve(before, found), weak=True)
        if not after and (byline := self._dash_byline(span.last_par + 1)) is not None:
            return byline
        if inherited is not None:
            return inherited
        if not lead:
            intro = self._intro_paragraph(span.first_par, whole=not after)
            if intro is not None:
                return intro
        return _Speaker(None, None, None)

    def _rest_of_sentence(self, span: _Span) -> list[Token]:
        """The words after a quote up to the end of its sentence, through any later quotes
        ("... carry “weight” and bring “firepower,” a spokesman said")."""
        end = self.paragraphs[span.last_par][1]
        tokens = tokenize(self.text, span.end, min(end, span.end + _MAX_AFTER))
        for k in range(len(tokens)):
            if is_boundary(tokens, k) and not (k > 0 and tokens[k - 1][0] in _MARKS):
                return tokens[:k]
        return tokens

    def _dash_byline(self, par: int) -> _Speaker | None:
        """A speaker credited in a paragraph of its own after the quote: "- Sanders."."""
        if par >= len(self.paragraphs):
            return None
        ps, pe = self.paragraphs[par]
        if pe - ps > 80:
            return None
        tokens = tokenize(self.text, ps, pe)
        if len(tokens) < 2 or tokens[0][0] not in _DASHES or not tokens[1][0][:1].isupper():
            return None
        found = np_forward(tokens, 1)
        if found is None or (found[1] < len(tokens) - 1 and tokens[found[1]][0] != ","):
            return None  # "- Sanders." or "- Michelle Marks, Philadelphia."
        return self._name(tokens, *found)

    def _after_of(self, start: int) -> bool:
        """Whether "of" comes right before ``start`` (a title: "an episode of “...”")."""
        return self.text[max(0, start - 4) : start].rstrip().lower().endswith(" of")

    def _after_quote(self, lead: list[Token]) -> bool:
        """Whether ``lead`` starts right after a quote (not at a paragraph start)."""
        start = lead[0][1]
        prev = self.text[max(0, start - 4) : start].rstrip()
        # “... vote.” He commanded ...: the earlier quote ended its sentence.
        return prev[-1:] in _MARKS and prev[-2:-1] not in (".", "!", "?")

    def _keep(self, span: _Span, words: list[str], attributed: bool) -> bool:
        """Whether a quoted span is a quotation rather than a scare-quoted word or title."""
        if not words:
            return False
        if len(words) == 1:
            return attributed and not span.single
        if span.single and len(words) < 2:
            return False
        par_start = self.paragraphs[span.first_par][0]
        if _is_title(words, _interior(self.text, span)) and (
            not attributed or self._after_of(span.start)
        ):
            return False  # “Saturday Night Live”; an episode of “The Morning Show,” she said
        return not (len(words) <= 4 and _after_naming_word(self.text, span, par_start))


def extract_quotes(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[Quote]:
    """Direct quotes in ``text``, in order.

    ``paragraphs`` are the (start, end) spans of paragraphs; cleaned text joins
    paragraphs with "\\n\\n" and headings are paragraphs too. Each quote's span
    includes its marks; a quote continued over paragraphs spans them all.
    """
    pars = _clean_paragraphs(text, paragraphs)
    if not pars:
        return []
    doubles = _chain(text, pars, single=False)
    blocked = sorted((d.start, d.end) for d in doubles)
    singles = _chain(text, pars, single=True, blocked=blocked)
    return _Attributor(text, pars).run(_merge(doubles, singles))
