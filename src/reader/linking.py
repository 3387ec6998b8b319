"""Link sentences from different sources that make the same statement, and flag discrepancies.

1. Every body sentence is prepared once for the matcher, with its figures masked
   so that "85%" and "more than half" do not decide whether two sentences say
   the same thing.
2. Candidate pairs come from an inverted index of content-word keys (rare keys
   only): each sentence keeps the partners with which it shares the most key
   weight (ledes and same-figure pairs first), so the pairs scored
   grow with the number of sentences, not with all pairs. Clustering and
   refinement only visit groups that linked pairs connect.
   Every candidate pair's score is first bounded from above for the whole story at once
   (:mod:`reader.batch_bounds`, numpy); only pairs whose bound may reach the threshold
   are scored, so the result is the same as scoring them all.
3. Candidates scoring at or above the matcher's threshold are merged greedily,
   best first, into claims holding at most one sentence per source; a merge must
   keep the average score across the two groups at or above the threshold, so
   chains of weak links do not glue unrelated statements together.
4. Quotes of one speaker reported by two sources are aligned sentence by
   sentence: a sentence left between two linked sentences (or before or after
   them) pairs with the sentence in the same slot of the other report, which
   catches reworded quotes ("aren't frontline officers" for "are not bobbies on
   the beat").
5. Each claim is checked for figures that differ and for quoted words that
   differ.
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise, repeat
from typing import TYPE_CHECKING

from reader import figures as figure_rules
from reader import similarity
from reader.gc_pause import gc_paused
from reader.model import Claim, Discrepancy, Figure, Quote, Sentence, Source

if TYPE_CHECKING:
    import numpy as np

SLOT_MIN_SCORE = 0.05
MERGE_FLOOR = 0.2  # the least average score between two groups that may merge
LEDE_BONUS = 0.3  # the first sentences of articles about one story report its main event
FIGURE_BONUS = 0.3  # both sentences state the same specific figure
OPPOSITE_MIN_RATIO = 0.7  # statements this alike that differ by a negation say opposite things
SAME_QUOTE_RATIO = 0.35  # quoted words this alike are one quote, reworded
REFINE_BASELINE = 0.3  # pairs scoring above this pull a unit towards a group
MAX_POSTING = 400
CANDIDATES_PER_UNIT = 20  # partners kept per sentence, by shared rare-word weight
MAX_MATCH_CHARS = 2000


@dataclass(slots=True)
class _Unit:
    """One sentence as the linker sees it."""

    key: str
    source_index: int
    source: Source
    sentence: Sentence
    prepared: similarity.Prepared
    variants: tuple[tuple[similarity.Prepared, similarity.Prepared | None], ...]
    figures: tuple[Figure, ...]
    quote: Quote | None
    in_quote: bool
    quoted_text: str
    lede: bool


def _figures_in(source: Source, sentence: Sentence) -> tuple[Figure, ...]:
    return tuple(f for f in source.figures if f.start >= sentence.start and f.end <= sentence.end)


def _quote_of(source: Source, sentence: Sentence) -> tuple[Quote | None, bool, str]:
    """The quote overlapping the sentence most, whether it covers most of the sentence, and
    the quoted words inside the sentence."""
    best: Quote | None = None
    best_overlap = 0
    pieces: list[str] = []
    for quote in source.quotes:
        lo, hi = max(quote.start, sentence.start), min(quote.end, sentence.end)
        if hi > lo:
            pieces.append(source.text[lo:hi])
            if hi - lo > best_overlap:
                best, best_overlap = quote, hi - lo
    length = max(1, sentence.end - sentence.start)
    return best, best is not None and best_overlap * 2 >= length, " ".join(pieces)


_CUE = (
    r"(?:said|says|say|claimed|claims|claim|argued|argues|argue|added|adds|announced|announces|"
    r"insisted|insists|warned|warns|stated|states|explained|explains|told\s+[^,:;]{1,40}?|"
    r"(?:is|was)\s+quoted\s+(?:in\s+[^,:;]{1,40}?\s+)?as\s+saying)"
)
# Characters that change length when lowered (İ) or that re.IGNORECASE takes for an ASCII
# letter (ı, ſ and the Kelvin sign K; no other character does either).
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


class _Caseless:
    """A case-insensitive pattern whose letters are all lower-case ASCII.

    ``re.IGNORECASE`` tries each letter both ways at every position. On a text without
    :data:`_FOLDS_TO_ASCII`, the case-sensitive pattern run on ``text.lower()`` (same length,
    each character lowered alone, classes such as ``\\s`` and ``\\w`` unchanged) matches at the
    same offsets, two to five times faster; on other texts the case-insensitive one runs.
    """

    def __init__(self, pattern: str) -> None:
        self.caseless = re.compile(pattern, re.IGNORECASE)
        self.lowered = re.compile(pattern)

    def on(self, text: str) -> tuple[re.Pattern[str], str]:
        """The pattern to use and the text to run it on (same offsets as ``text``)."""
        lowered = _lowered(text)
        return (self.caseless, text) if lowered is None else (self.lowered, lowered)


@lru_cache(maxsize=8)
def _lowered(text: str) -> str | None:
    """``text.lower()``, or None when a :class:`_Caseless` pattern may not use it."""
    return None if _FOLDS_TO_ASCII.search(text) else text.lower()


_LEADING_ATTRIBUTION = _Caseless(r"^[^,:;\"“”]{2,80}?\s+" + _CUE + r"(?:\s+that)?\s*[:,]?\s+(?=\S)")
_TRAILING_ATTRIBUTION = _Caseless(
    r",?\s*[\"”]?,?\s+(?:the\s+|a\s+)?[^,;:]{2,40}?\s+" + _CUE + r"\.?\s*$"
)
# Every attribution above holds one of these words: a sentence without one near its start
# (or end) cannot match the costly patterns there, so they are not tried.
_CUE_WORD = _Caseless(
    r"said|says|say|claim|argue|add|announce|insist|warn|state|explain|told|quoted"
)
_CUE_REACH = 200  # more than any attribution pattern spans
_MARKS = "\"“”‘’'«» "
_SUBJECT_START = (
    r"(?:it|they|he|she|we|i|this|that|these|those|there|the|a|an|its|their|his|her|our|"
    r"[0-9])"
)
_CLAUSE_BREAK = re.compile(
    r";\s+|,?\s+but\s+(?=\w)|,\s+(?:while|whereas)\s+(?=\w)|,\s+and\s+(?=" + _SUBJECT_START + r")",
    re.IGNORECASE,
)
_ASIDE_OPEN = re.compile(
    r",\s+(?:which|who|whom|whose|including|such\s+as|particularly|especially|"
    r"depending\s+on|according\s+to)\b",
    re.IGNORECASE,
)
# A comma followed by one of these resumes the main clause after an aside.
_RESUME = re.compile(
    r",\s+(?:have|has|had|will|would|can|could|may|might|must|shall|should|is|are|was|were|"
    r"do|does|did|said|says|told|[a-z]+ed)\b"
)


def _without_asides(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Kept pieces of ``text[start:end]`` once non-restrictive clauses are left out.

    An aside opens with ", which", ", who", ", including" and the like, and closes at a comma
    after which the main clause resumes with a verb (", have voted"), or at the sentence end.
    """
    pieces: list[tuple[int, int]] = []
    cursor = start
    position = start
    while True:
        opened = _ASIDE_OPEN.search(text, position, end)
        if not opened:
            break
        resumed = _RESUME.search(text, opened.end(), end)
        pieces.append((cursor, opened.start()))
        if resumed:
            cursor = resumed.start() + 1
            position = resumed.start() + 1
        else:
            tail = end
            while tail > opened.start() and text[tail - 1] in ".!?":
                tail -= 1
            cursor = position = end if tail == end else tail
            break
    pieces.append((cursor, end))
    kept = [(s, e) for s, e in pieces if e > s and text[s:e].strip()]
    if sum(e - s for s, e in kept) < 25:
        return [(start, end)]
    return kept


_REPORTED = _Caseless(
    r"\b(?:claims?|claimed|says?|said|argues?|argued|insists?|insisted|warns?|warned|"
    r"believes?|believed|reports?|reported)\s+(?:that\s+)?(?=\w)"
)


def _reported(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """What is reported after a reporting verb inside the sentence ("..., a policy the union
    claims disproportionately affects women")."""
    out = []
    pattern, subject = _REPORTED.on(text)
    for match in pattern.finditer(subject, start + 1, end):
        if len(text[match.end() : end].split()) >= 5:
            out.append((match.end(), end))
    return out


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Main clauses of a compound sentence ("X; Y", "X, and Y", "X, but Y"), when each is long."""
    bounds = [start]
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        bounds.extend((match.start(), match.end()))
    bounds.append(end)
    clauses = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    if len(clauses) < 2 or any(len(text[a:b].split()) < 4 for a, b in clauses):
        return []
    return clauses


def statement_core(unit_text: str, quoted: tuple[int, int] | None) -> tuple[int, int]:
    """The part of a sentence that carries its statement, as offsets into it.

    A sentence that is mostly a quote is compared on the quoted words; otherwise a reporting
    wrapper ("The union said that ...", "..., the PCS adds.") is left out. Who says it is
    the quote's speaker, not part of the statement.
    """
    start, end = quoted if quoted else (0, len(unit_text))
    if not quoted:
        cue_word, subject = _CUE_WORD.on(unit_text)
        cue = cue_word.search(subject, 0, _CUE_REACH)
        if cue:
            lead_pattern, subject = _LEADING_ATTRIBUTION.on(unit_text)
            lead = lead_pattern.match(subject)
            if lead and len(unit_text) - lead.end() >= 20:
                start = lead.end()
        # A text within the reach, searched whole without a cue word, has none at its end.
        if (cue or len(unit_text) > _CUE_REACH) and cue_word.search(
            subject, max(start, len(unit_text) - _CUE_REACH)
        ):
            trail_pattern, subject = _TRAILING_ATTRIBUTION.on(unit_text)
            trail = trail_pattern.search(subject, start)
            if trail and trail.start() - start >= 20:
                end = trail.start()
    while start < end and unit_text[start] in _MARKS:
        start += 1
    while end > start and unit_text[end - 1] in _MARKS:
        end -= 1
    return (start, end) if end > start else (0, len(unit_text))


def _assemble(
    surface: str, pieces: list[tuple[int, int]], figs: Sequence[Figure], offset: int
) -> tuple[str, list[tuple[int, int]]]:
    """Join the kept pieces of a sentence; figure spans re-based onto the joined text."""
    parts: list[str] = []
    masked: list[tuple[int, int]] = []
    position = 0
    for start, end in pieces:
        if parts:
            parts.append(" ")
            position += 1
        for fig in figs:
            f_start, f_end = max(fig.start - offset, start), min(fig.end - offset, end)
            if f_end > f_start:
                masked.append((position + f_start - start, position + f_end - start))
        parts.append(surface[start:end])
        position += end - start
    return "".join(parts), masked


Variant = tuple[similarity.Prepared, similarity.Prepared | None]


def _variants(
    surface: str, quoted_span: tuple[int, int] | None, figs: Sequence[Figure], offset: int
) -> tuple[Variant, ...]:
    """The statement's forms (core, without asides, clauses, reported content), each
    prepared with figures masked, and unmasked too when it has figures."""
    core_start, core_end = statement_core(surface, quoted_span)
    core_end = min(core_end, core_start + MAX_MATCH_CHARS)
    variants: list[Variant] = []
    forms = [[(core_start, core_end)], _without_asides(surface, core_start, core_end)]
    forms.extend([clause] for clause in _clauses(surface, core_start, core_end))
    forms.extend([part] for part in _reported(surface, core_start, core_end))
    for pieces in forms:
        core, masked = _assemble(surface, pieces, figs, offset)
        if any(core == v[0].text for v in variants):
            continue
        form = similarity.prepare(core, masked)
        # Unmasked too when the sentence has figures; the same form if none lies in this part.
        variants.append((form, (similarity.prepare(core) if masked else form) if figs else None))
    return tuple(variants)


def build_units(sources: Sequence[Source]) -> list[_Unit]:
    """Prepare every body sentence of every source for matching.

    Sentences with the same words, figures and quote (a reprinted story) share their
    prepared forms, so they are prepared, and scored against others, once.
    """
    units: list[_Unit] = []
    prepared_forms: dict[tuple[object, ...], tuple[Variant, ...]] = {}
    for index, source in enumerate(sources):
        lede_id = next((s.id for s in source.sentences if not s.heading), None)
        for sentence in source.sentences:
            if sentence.heading:
                continue
            surface = source.text[sentence.start : sentence.end]
            figs = _figures_in(source, sentence)
            quote, mostly_quoted, quoted = _quote_of(source, sentence)
            quoted_span = None
            if quote is not None and mostly_quoted:
                quoted_span = (
                    max(quote.start, sentence.start) - sentence.start,
                    min(quote.end, sentence.end) - sentence.start,
                )
            spans = tuple((f.start - sentence.start, f.end - sentence.start) for f in figs)
            memo_key = (surface, spans, quoted_span)
            variants = prepared_forms.get(memo_key)
            if variants is None:
                variants = _variants(surface, quoted_span, figs, sentence.start)
                prepared_forms[memo_key] = variants
            units.append(
                _Unit(
                    key=sentence.id,
                    source_index=index,
                    source=source,
                    sentence=sentence,
                    prepared=variants[0][0],
                    variants=variants,
                    figures=figs,
                    quote=quote,
                    in_quote=mostly_quoted,
                    quoted_text=quoted,
                    lede=sentence.id == lede_id,
                )
            )
    return units


def candidate_pairs(units: Sequence[_Unit]) -> set[tuple[int, int]]:
    """Pairs of units from different sources worth scoring.

    Units sharing a not-too-common key are compared cheaply: the weight (idf) of the keys
    they share over the geometric mean of their total key weights. Each unit keeps its
    :data:`CANDIDATES_PER_UNIT` best partners, pairs of ledes and pairs stating the same
    specific figure first (the scores give them a bonus). So the pairs scored grow with the
    number of units, not with the number of pairs that share a word.

    Computed with numpy over all (pair, shared key) incidences at once, with the same
    floating-point operations in the same order as a plain loop over the keys in sorted
    order (see :func:`_shared_weights`), so the choice of partners does not depend on it.
    """
    import numpy as np  # only imported when linking

    postings: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        for term in unit.prepared.terms:
            postings[term].append(index)
    limit = min(max(MAX_POSTING, len({u.source_index for u in units}) * 4), 4 * MAX_POSTING)
    kept = [t for t in sorted(postings) if 2 <= len(postings[t]) <= limit]
    if not kept:
        return set()
    members = np.fromiter(chain.from_iterable(postings[t] for t in kept), dtype=np.int64, count=-1)
    sizes = np.fromiter((len(postings[t]) for t in kept), dtype=np.int64, count=len(kept))
    weights = np.array([units[postings[t][0]].prepared.weights[t] for t in kept])
    # Every pair of members of one posting, posting by posting (keys in sorted order).
    ends = np.repeat(np.cumsum(sizes), sizes)
    after = ends - np.arange(len(members)) - 1  # members after each one in its posting
    firsts = np.repeat(np.arange(len(members)), after)
    offsets = np.arange(int(after.sum())) - np.repeat(np.cumsum(after) - after, after)
    first, second = members[firsts], members[firsts + 1 + offsets]
    weight = np.repeat(np.repeat(weights, sizes), after)
    sources = np.array([u.source_index for u in units], dtype=np.int64)
    across = sources[first] != sources[second]
    first, second, weight = first[across], second[across], weight[across]
    first, second, shared = _shared_weights(first, second, weight, len(units))
    if not len(first):
        return set()
    term_weight = np.array([u.prepared.term_weight for u in units])
    products = (term_weight[first] * term_weight[second]).tolist()
    # ``** 0.5`` as a float's (libm pow), which sometimes differs from numpy's in the last bit.
    norm = np.array(list(map(pow, products, repeat(0.5))))
    closeness = np.divide(shared, norm, out=np.zeros(len(norm)), where=norm > 0)
    ledes = np.array([u.lede for u in units], dtype=bool)
    # Ledes and same-figure pairs score a bonus: they go first.
    plain = ~(ledes[first] & ledes[second])
    specific = [tuple(f for f in u.figures if _specific(f)) for u in units]
    with_specific = np.array([bool(f) for f in specific], dtype=bool)
    with_figures = np.array([bool(u.figures) for u in units], dtype=bool)
    # Figures of different families are never comparable: a cheap test first.
    families = [frozenset(map(figure_rules._family, u.figures)) for u in units]
    specific_families = [frozenset(map(figure_rules._family, f)) for f in specific]
    for k in np.flatnonzero(plain & with_specific[first] & with_figures[second]).tolist():
        i, j = int(first[k]), int(second[k])
        if specific_families[i].isdisjoint(families[j]):
            continue
        if _share_figure(specific[i], units[j].figures):
            plain[k] = False
    # Each unit's partners in order of (plain, -closeness, partner); the first few stay.
    owner = np.concatenate([first, second])
    partner = np.concatenate([second, first])
    order = _partner_order(owner, partner, np.tile(plain, 2), closeness, len(units))
    owner, partner = owner[order], partner[order]
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    counts = np.diff(np.append(starts, len(owner)))
    rank = np.arange(len(owner)) - np.repeat(starts, counts)
    keep = rank < CANDIDATES_PER_UNIT
    low = np.minimum(owner[keep], partner[keep]).tolist()
    high = np.maximum(owner[keep], partner[keep]).tolist()
    return set(zip(low, high, strict=True))


def _partner_order(
    owner: np.ndarray, partner: np.ndarray, plain: np.ndarray, closeness: np.ndarray, units: int
) -> np.ndarray:
    """``np.lexsort((partner, -closeness (twice), plain, owner))``, from one sort of integer
    keys: closeness enters by its rank among the distinct values, largest first. No two
    entries share an (owner, partner) pair, so the order has no ties to break."""
    import numpy as np

    distinct, rank = np.unique(closeness, return_inverse=True)
    levels = len(distinct)
    if units * units * 2 * levels >= 1 << 62:  # keys would overflow: sort by each in turn
        return np.lexsort((partner, -np.concatenate([closeness, closeness]), plain, owner))
    descending = np.tile(levels - 1 - rank.reshape(-1), 2)
    return np.argsort(((owner * 2 + plain) * levels + descending) * units + partner)


def _shared_weights(
    first: np.ndarray, second: np.ndarray, weight: np.ndarray, units: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct (first, second) pair, the sum of its weights, added one by one in the
    order given (as ``total = total + w`` from 0.0 would), not pairwise."""
    import numpy as np

    key = first * units + second
    order = np.argsort(key, kind="stable")
    key, weight = key[order], weight[order]
    new = np.concatenate(([True], key[1:] != key[:-1])) if len(key) else np.zeros(0, bool)
    starts = np.flatnonzero(new)
    segment = np.cumsum(new) - 1
    rank = np.arange(len(key)) - starts[segment]
    totals = np.zeros(len(starts))
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(int(rank.max(initial=-1)) + 2))
    for lo, hi in pairwise(bounds.tolist()):
        level = by_rank[lo:hi]
        totals[segment[level]] += weight[level]
    pairs = key[starts]
    return pairs // units, pairs % units, totals


def _specific(fig: Figure) -> bool:
    """A figure precise enough that two sources stating it is evidence of one statement."""
    return fig.kind != "count" or (fig.unit is not None and fig.value >= 10)


def _share_specific_figure(a: Sequence[Figure], b: Sequence[Figure]) -> bool:
    """Does a specific figure of ``a`` state the same as a figure of ``b``?"""
    return _share_figure([f for f in a if _specific(f)], b)


def _share_figure(a: Sequence[Figure], b: Sequence[Figure]) -> bool:
    """Does a figure of ``a`` state the same as a figure of ``b``?"""
    return any(
        figure_rules.comparable(f, g) and figure_rules.same_figure(f, g) for f in a for g in b
    )


class _Scores:
    """Pair scores, computed on demand and remembered."""

    def __init__(self, units: Sequence[_Unit]) -> None:
        self.units = units
        self.cache: dict[tuple[int, int], float] = {}
        # Matcher scores by the prepared forms' identities: units of reprinted sentences
        # share their forms (see build_units), so each pair of forms is scored once.
        self.matched: dict[tuple[int, int], float] = {}
        # Upper bounds of form pairs not scored in full (see ``at_least``).
        self.bounds: dict[tuple[int, int], float] = {}
        # Upper bounds of unit pairs' raw scores (before bonuses), from ``bound_pairs``.
        self.upper: dict[tuple[int, int], float] = {}

    def bound_pairs(self, pairs: Sequence[tuple[int, int]], floor: float) -> list[bool]:
        """Bound the raw scores of many unit pairs at once (see :mod:`reader.batch_bounds`);
        for each pair, whether ``at_least(i, j, floor)`` may be other than None.

        Every form pair of every given unit pair gets an upper bound of its score; a unit
        pair's bound is the most of its form pairs'. A pair whose bound stays below the
        floor even with the bonuses it may get cannot reach it, so the caller need not
        ask. For the others, ``at_least`` drops the pair if its bound is below what it
        needs once its figure bonus is known, and skips the form pairs bounded below that;
        everything else is scored exactly as before, so the results are the same.
        """
        if not pairs:
            return []
        import numpy as np  # only imported when linking

        from reader import batch_bounds

        index: dict[int, int] = {}
        forms: list[similarity.Prepared] = []
        variants: list[list[tuple[int, int]]] = []
        for unit in self.units:
            numbered = []
            for masked, plain in unit.variants:
                ids = []
                for form in (masked, plain):
                    if form is None:
                        ids.append(-1)
                        continue
                    number = index.get(id(form))
                    if number is None:
                        number = index[id(form)] = len(forms)
                        forms.append(form)
                    ids.append(number)
                numbered.append((ids[0], ids[1]))
            variants.append(numbered)
        units = self.units
        ledes = np.array([unit.lede for unit in units], dtype=bool)
        specific = np.array([any(map(_specific, unit.figures)) for unit in units], dtype=bool)
        with_figures = np.array([bool(unit.figures) for unit in units], dtype=bool)
        pair_array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        first, second = pair_array.min(axis=1), pair_array.max(axis=1)
        # The least raw score that, with the most bonus the pair may get, reaches the floor:
        # a figure bonus needs a specific figure in the first unit and a figure in the other.
        least = (
            floor
            - LEDE_BONUS * (ledes[first] & ledes[second])
            - FIGURE_BONUS * (specific[first] & with_figures[second])
            - 1e-9
        )
        best, owners, low, high, bounds = batch_bounds.unit_pair_bounds(
            forms, variants, pairs, least
        )
        hopeful = best >= least
        for number in np.flatnonzero(hopeful).tolist():
            i, j = pairs[number]
            self.upper[(i, j) if i < j else (j, i)] = float(best[number])
        kept = hopeful[owners] & (bounds < floor)
        ids = np.array([id(form) for form in forms], dtype=np.uint64)
        first, second = ids[low[kept]], ids[high[kept]]
        keys = zip(
            np.minimum(first, second).tolist(), np.maximum(first, second).tolist(), strict=True
        )
        self.bounds.update(zip(keys, bounds[kept].tolist(), strict=True))
        return hopeful.tolist()

    def _reaches(self, a: similarity.Prepared, b: similarity.Prepared, floor: float) -> float:
        """The score of two forms if it may reach ``floor``, else a bound below ``floor``."""
        ida, idb = id(a), id(b)
        key = (ida, idb) if ida < idb else (idb, ida)
        value = self.matched.get(key)
        if value is not None:
            return value
        bound = self.bounds.get(key)
        if bound is not None and bound < floor:
            return bound
        value, exact = similarity.score_at_least(a, b, floor)
        if exact:
            self.matched[key] = value
        else:
            self.bounds[key] = value
        return value

    def at_least(self, i: int, j: int, floor: float) -> float | None:
        """``self(i, j)`` if it is at least ``floor``, else None.

        Cheaper than the score itself for most candidate pairs: a pair of forms whose score
        provably stays below what the pair needs is not scored in full (see
        :func:`similarity.score_at_least`), and nothing is remembered as this pair's score,
        so the score asked for later is computed in full.
        """
        key = (i, j) if i < j else (j, i)
        value = self.cache.get(key)
        if value is not None:
            return value if value >= floor else None
        a, b = self.units[key[0]], self.units[key[1]]
        lede = a.lede and b.lede
        upper = self.upper.get(key, 1.0)
        if upper < floor - LEDE_BONUS * lede - FIGURE_BONUS - 1e-9:
            return None  # below the floor even with a figure bonus
        figure = _share_specific_figure(a.figures, b.figures)
        # The least raw score that, with the bonuses, could reach the floor.
        need = floor - LEDE_BONUS * lede - FIGURE_BONUS * figure - 1e-9
        if upper < need:
            return None
        if need <= 0.0:
            value = self(i, j)
            return value if value >= floor else None
        best = 0.0
        reaches = self._reaches
        for masked_a, plain_a in a.variants:
            for masked_b, plain_b in b.variants:
                # Once a form pair reaches ``need``, the others matter only if they beat it.
                value = reaches(masked_a, masked_b, best if best > need else need)
                if value > best:
                    best = value
                if plain_a is not None and plain_b is not None:
                    value = reaches(plain_a, plain_b, best if best > need else need)
                    if value > best:
                        best = value
        if best < need:
            return None
        # Every form pair below ``need`` (or below the best then) was left out, so ``best``
        # is the exact maximum.
        value = self._finish(a, b, best, lede, figure)
        self.cache[key] = value
        return value if value >= floor else None

    @staticmethod
    def _finish(a: _Unit, b: _Unit, value: float, lede: bool, figure: bool) -> float:
        if lede:
            value = min(1.0, value + LEDE_BONUS)
        if figure:
            value = min(1.0, value + FIGURE_BONUS)
        return value

    def __call__(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        value = self.cache.get(key)
        if value is None:
            a, b = self.units[key[0]], self.units[key[1]]
            value = 0.0
            # The best match between the statement's forms (with and without asides); with
            # figures masked, and unmasked too: equal figures support a link, differing ones
            # must not block it. A form pair whose bound stays below the best so far cannot
            # change the maximum, so it is not scored in full.
            reaches = self._reaches
            for masked_a, plain_a in a.variants:
                for masked_b, plain_b in b.variants:
                    value = max(value, reaches(masked_a, masked_b, value))
                    if plain_a is not None and plain_b is not None:
                        value = max(value, reaches(plain_a, plain_b, value))
            lede = a.lede and b.lede
            value = self._finish(a, b, value, lede, _share_specific_figure(a.figures, b.figures))
            self.cache[key] = value
        return value


def _cluster(
    units: Sequence[_Unit], links: list[tuple[float, int, int]], scores: _Scores
) -> list[list[int]]:
    """Average-linkage agglomeration over linked units, one unit per source in a group.

    Two groups may merge when at least one pair across them is linked; the pair of groups with
    the best average score across all their members merges first, while that average is at
    least ``MERGE_FLOOR``.
    """
    members: dict[int, list[int]] = {}
    group_of: dict[int, int] = {}
    linked: dict[int, set[int]] = defaultdict(set)
    for _score, i, j in links:
        linked[i].add(j)
        linked[j].add(i)
        for unit in (i, j):
            if unit not in group_of:
                group_of[unit] = unit
                members[unit] = [unit]

    def average(a: int, b: int) -> float:
        cross = [scores(x, y) for x in members[a] for y in members[b]]
        return sum(cross) / len(cross)

    def sources(group: int) -> set[int]:
        return {units[x].source_index for x in members[group]}

    def neighbours(group: int) -> set[int]:
        return {group_of[y] for x in members[group] for y in linked[x]} - {group}

    # Candidate merges, best average first (ties: lower group numbers); an entry is stale
    # once either group has changed since it was pushed.
    version = dict.fromkeys(members, 0)
    heap: list[tuple[float, int, int, int, int]] = []
    for group in members:
        for other in neighbours(group):
            if group < other and not sources(group) & sources(other):
                heap.append((-average(group, other), group, other, 0, 0))
    heapq.heapify(heap)
    while heap:
        negative, a, b, version_a, version_b = heapq.heappop(heap)
        if version.get(a) != version_a or version.get(b) != version_b:
            continue
        if -negative < MERGE_FLOOR:
            break
        members[a].extend(members.pop(b))
        del version[b]
        version[a] += 1
        for unit in members[a]:
            group_of[unit] = a
        for other in neighbours(a):
            if not sources(a) & sources(other):
                low, high = min(a, other), max(a, other)
                entry = (-average(low, high), low, high, version[low], version[high])
                heapq.heappush(heap, entry)
    groups = [sorted(group) for group in members.values()]
    return [g for g in _refine(units, groups, scores, linked) if len(g) > 1]


def _refine(
    units: Sequence[_Unit],
    groups: list[list[int]],
    scores: _Scores,
    linked: dict[int, set[int]],
    passes: int = 5,
) -> list[list[int]]:
    """Local search: move a unit to the group where it fits best.

    The fit of a unit to a group is the sum of ``score - REFINE_BASELINE`` over the group's
    members, so a unit leaves a pair it was merged into early for a group that agrees with it
    more as a whole. A unit only moves to a group holding a unit it is linked to, and a group
    never holds two units of one source.
    """
    groups = [list(g) for g in groups]
    group_of = {unit: n for n, group in enumerate(groups) for unit in group}

    def fit(unit: int, group: list[int]) -> float:
        return sum(scores(unit, other) - REFINE_BASELINE for other in group if other != unit)

    for _ in range(passes):
        moved = False
        for unit in sorted(group_of):
            current = group_of[unit]
            best, best_fit = current, fit(unit, groups[current])
            source = units[unit].source_index
            for n in sorted({group_of[o] for o in linked[unit] if o in group_of}):
                group = groups[n]
                if n == current or not group or any(units[o].source_index == source for o in group):
                    continue
                candidate = fit(unit, group)
                if candidate > best_fit + 1e-9:
                    best, best_fit = n, candidate
            if best != current:
                groups[current].remove(unit)
                groups[best].append(unit)
                groups[best].sort()
                group_of[unit] = best
                moved = True
        if not moved:
            break
    return [g for g in groups if g]


def _quote_runs(units: Sequence[_Unit]) -> list[list[int]]:
    """Consecutive quoted sentences of one speaker in one source, in order.

    A speaker's words often come as several quotes in a row ("..." said X. "..."), so a run
    follows the speaker, not the individual pair of quote marks.
    """
    runs: list[list[int]] = []
    previous: tuple[int, str] | None = None
    for index, unit in enumerate(units):
        quote = unit.quote
        if quote is None or quote.partial:
            previous = None
            continue
        key = (unit.source_index, quote.speaker or f"@{quote.start}")
        if key == previous and runs:
            runs[-1].append(index)
        else:
            runs.append([index])
        previous = key
    return runs


def _align_quote_slots(
    units: Sequence[_Unit], groups: list[list[int]], scores: _Scores
) -> list[list[int]]:
    """Pair the unlinked sentences that sit in the same slot of two reports of one quote."""
    group_of: dict[int, int] = {}
    for g_index, group in enumerate(groups):
        for unit_index in group:
            group_of[unit_index] = g_index
    runs = _quote_runs(units)
    runs_in: dict[int, set[int]] = defaultdict(set)
    for r_index, run in enumerate(runs):
        for unit_index in run:
            if unit_index in group_of:
                runs_in[group_of[unit_index]].add(r_index)
    # Only two runs with a member in one group can have an anchor.
    partners: dict[int, set[int]] = defaultdict(set)
    for together in runs_in.values():
        for r_index in together:
            partners[r_index].update(r for r in together if r > r_index)
    new_pairs: list[tuple[int, int]] = []
    for a_pos in sorted(partners):
        run_a = runs[a_pos]
        for b_pos in sorted(partners[a_pos]):
            run_b = runs[b_pos]
            if units[run_a[0]].source_index == units[run_b[0]].source_index:
                continue
            anchors = [
                (ia, ib)
                for ia, ua in enumerate(run_a)
                for ib, ub in enumerate(run_b)
                if ua in group_of and group_of.get(ua) == group_of.get(ub)
            ]
            if not anchors:
                continue
            bounds = [(-1, -1), *sorted(anchors), (len(run_a), len(run_b))]
            for (sa, sb), (ea, eb) in pairwise(bounds):
                gap_a, gap_b = run_a[sa + 1 : ea], run_b[sb + 1 : eb]
                if len(gap_a) == 1 and len(gap_b) == 1:
                    ua, ub = gap_a[0], gap_b[0]
                    loose = ua not in group_of or ub not in group_of
                    if loose and scores(ua, ub) >= SLOT_MIN_SCORE:
                        new_pairs.append((ua, ub))
    for ua, ub in new_pairs:
        if ua in group_of and ub in group_of:
            continue
        if ua not in group_of and ub not in group_of:
            groups.append(sorted((ua, ub)))
            group_of[ua] = group_of[ub] = len(groups) - 1
            continue
        grouped, loose_unit = (ua, ub) if ua in group_of else (ub, ua)
        group = groups[group_of[grouped]]
        if units[loose_unit].source_index not in {units[x].source_index for x in group}:
            group.append(loose_unit)
            group.sort()
            group_of[loose_unit] = group_of[grouped]
    return groups


_CONTRACTIONS = {
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'m": " am",
    "'d": " would",
}
_QUOTE_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_CANNOT = re.compile(r"\bcan't\b")
_WONT = re.compile(r"\bwon't\b")
_PRONOUN_IS = re.compile(r"\b(it|that|there|what|he|she|who)'s\b")


def quote_words(text: str) -> list[str]:
    """Quoted words compared for rewording: case, punctuation and contractions ignored."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    if "'" in lowered:  # every contraction below holds one
        lowered = _CANNOT.sub("can not", lowered)
        lowered = _WONT.sub("will not", lowered)
        lowered = _PRONOUN_IS.sub(r"\1 is", lowered)
        for short, long in _CONTRACTIONS.items():
            lowered = lowered.replace(short, long)
    return _QUOTE_WORD.findall(lowered)


def _is_excerpt(short: list[str], long: list[str]) -> bool:
    if len(short) > len(long):
        short, long = long, short
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _clip(words: list[str], limit: int = 8) -> str:
    if not words:
        return "(nothing)"
    return " ".join(words) if len(words) <= limit else " ".join(words[:limit]) + " …"


def _wording_change(words: list[str], canonical: list[str]) -> str:
    """The first difference as ‘ours’ for ‘theirs’, with a count of any further ones."""
    matcher = difflib.SequenceMatcher(a=canonical, b=words, autojunk=False)
    changes = [
        (words[b0:b1], canonical[a0:a1])
        for tag, a0, a1, b0, b1 in matcher.get_opcodes()
        if tag != "equal"
    ]
    ours, theirs = changes[0]
    if not theirs:
        text = f"adds “{_clip(ours)}”"
    elif not ours:
        text = f"leaves out “{_clip(theirs)}”"
    else:
        text = f"“{_clip(ours)}” for “{_clip(theirs)}”"
    if len(changes) > 1:
        text += f" (+{len(changes) - 1} more change{'s' if len(changes) > 2 else ''})"
    return text


def _wording_discrepancies(members: Sequence[_Unit]) -> list[Discrepancy]:
    quoted = [(u, quote_words(u.quoted_text)) for u in members if u.quoted_text.strip()]
    quoted = [(u, w) for u, w in quoted if len(w) >= 3]
    if len(quoted) < 2:
        return []

    def support(words: list[str]) -> int:
        return sum(1 for _, other in quoted if other == words or _is_excerpt(other, words))

    # The canonical version: quoted (or excerpted) by most members; ties go to reading order.
    canonical_unit, canonical = max(quoted, key=lambda item: support(item[1]))
    backers = support(canonical)
    out = []
    for unit, words in quoted:
        if words == canonical or _is_excerpt(words, canonical):
            continue
        similar = difflib.SequenceMatcher(a=canonical, b=words, autojunk=False).ratio()
        if similar < SAME_QUOTE_RATIO:
            continue  # a different quote within the same statement, not a rewording
        label = (
            f"{backers} sources quote it"
            if backers != 1
            else f"{canonical_unit.source.label} quotes it"
        )
        detail = f"quotes {_wording_change(words, canonical)} (as {label})"
        detail = detail.replace("quotes adds", "adds").replace("quotes leaves out", "leaves out")
        out.append(Discrepancy(unit.key, "wording", detail))
    return out


def _figure_discrepancies(members: Sequence[_Unit]) -> list[Discrepancy]:
    out = []
    for unit in members:
        for fig in unit.figures:
            agree = 0
            disagree: list[Figure] = []
            for other in members:
                if other is unit:
                    continue
                comparable = [g for g in other.figures if figure_rules.comparable(fig, g)]
                if not comparable:
                    continue
                if any(figure_rules.same_figure(fig, g) for g in comparable):
                    agree += 1
                else:
                    disagree.append(comparable[0])
            if disagree and agree + 1 <= len(disagree):
                said = Counter(figure_rules.describe(g) for g in disagree)
                wording, count = sorted(said.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                plural = "sources say" if count != 1 else "source says"
                detail = f"says “{figure_rules.describe(fig)}” where {count} {plural} “{wording}”"
                out.append(Discrepancy(unit.key, "figure", detail))
                break
    return out


_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor"})


@lru_cache(maxsize=4096)
def _statement_words(text: str) -> list[str]:
    """quote_words of a prepared statement (read only: shared between calls)."""
    return quote_words(text)


@lru_cache(maxsize=4096)
def _statement_counts(text: str) -> dict[str, int]:
    """How often each of the statement's words occurs (read only: shared between calls)."""
    return Counter(_statement_words(text))


@lru_cache(maxsize=4096)
def _negates(text: str) -> bool:
    """Does the statement hold a negation word?"""
    return not _NEGATIONS.isdisjoint(_statement_words(text))


def _opposite(a: _Unit, b: _Unit) -> tuple[str, str] | None:
    """The words that make two nearly identical statements say opposite things, if any.

    Only minimal pairs count: most words shared in order, and the difference is a negation
    ("will go ahead" / "will not go ahead") or a short swap of opposite words ("rose" / "fell").
    """
    words_a, words_b = _statement_words(a.prepared.text), _statement_words(b.prepared.text)
    total = len(words_a) + len(words_b)
    if not total or 2.0 * min(len(words_a), len(words_b)) / total < OPPOSITE_MIN_RATIO:
        return None  # the ratio can be no higher than this
    clash = similarity.polarity_clash(a.prepared, b.prepared)
    # A negation-only difference needs a negation word in one of them; a swap, a clash.
    if not clash and not _negates(a.prepared.text) and not _negates(b.prepared.text):
        return None
    # SequenceMatcher.quick_ratio (an upper bound of ratio) from remembered word counts,
    # without building a matcher for the many pairs it rules out.
    counts_a, counts_b = _statement_counts(a.prepared.text), _statement_counts(b.prepared.text)
    matches = sum(min(count, counts_b.get(word, 0)) for word, count in counts_a.items())
    if 2.0 * matches / total < OPPOSITE_MIN_RATIO:
        return None
    # Words one statement holds more often than the other are in a difference whatever the
    # alignment: a short swap needs at most four changed words and a polarity clash, and
    # otherwise only negations may differ. Most near-identical pairs (a reprint with a
    # word dropped) fail both without building a matcher.
    if (total - 2 * matches > 4 or not clash) and (
        any(w not in _NEGATIONS and n > counts_b.get(w, 0) for w, n in counts_a.items())
        or any(w not in _NEGATIONS and n > counts_a.get(w, 0) for w, n in counts_b.items())
    ):
        return None
    matcher = difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False)
    if matcher.ratio() < OPPOSITE_MIN_RATIO:
        return None
    diffs = [
        (words_a[i1:i2], words_b[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    if not diffs:
        return None
    changed = [w for x, y in diffs for w in (*x, *y)]
    negation_only = all(w in _NEGATIONS for w in changed)
    swap = len(changed) <= 4 and clash
    if not (negation_only or swap):
        return None
    _tag, i1, i2, j1, j2 = next(op for op in matcher.get_opcodes() if op[0] != "equal")
    ours = " ".join(words_a[max(0, i1 - 1) : i2 + 1])
    theirs = " ".join(words_b[max(0, j1 - 1) : j2 + 1])
    return ours, theirs


def _opposite_discrepancies(members: Sequence[_Unit]) -> list[Discrepancy]:
    # _opposite reads only the units' prepared forms, which reprinted sentences share
    # (see build_units): each ordered pair of forms is compared once. A claim of a story
    # with many copies of its articles holds the same form many times.
    found: dict[tuple[int, int], tuple[str, str] | None] = {}

    def opposite(a: _Unit, b: _Unit) -> tuple[str, str] | None:
        if a.prepared is b.prepared:
            return None  # the same words: no difference at all
        key = (id(a.prepared), id(b.prepared))
        if key not in found:
            found[key] = _opposite(a, b)
        return found[key]

    out = []
    for unit in members:
        others = [o for o in members if o is not unit]
        clashes = [(o, opposite(unit, o)) for o in others]
        clashes = [(o, c) for o, c in clashes if c is not None]
        if clashes and len(clashes) > len(others) - len(clashes):
            ours, theirs = clashes[0][1]
            count = len(clashes)
            plural = "sources say" if count != 1 else "source says"
            detail = f"says the opposite: “{ours}” where {count} {plural} “{theirs}”"
            out.append(Discrepancy(unit.key, "wording", detail))
    return out


def _speaker(members: Sequence[_Unit]) -> str | None:
    names = Counter(
        u.quote.speaker for u in members if u.quote and not u.quote.partial and u.quote.speaker
    )
    if not names:
        return None
    return sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def link(
    sources: Sequence[Source],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Claim, ...]:
    """Claims: groups of sentences from two or more sources that make the same statement.

    Without cyclic garbage collection: linking makes no reference cycles (reference counting
    frees everything it drops), yet the prepared forms, scores and bounds it keeps by the
    hundred thousand made each collection walk more; paused, the 1,000-article corpus links
    in about 12% less CPU. The collector is back (if it was on) when linking returns.
    """
    with gc_paused():
        return _link(sources, progress)


def _link(
    sources: Sequence[Source], progress: Callable[[int, int], None] | None
) -> tuple[Claim, ...]:
    units = build_units(sources)
    scores = _Scores(units)
    pairs = sorted(candidate_pairs(units))
    hopeful = scores.bound_pairs(pairs, similarity.LINK_THRESHOLD)
    links: list[tuple[float, int, int]] = []
    total = len(pairs)
    for done, ((i, j), may_link) in enumerate(zip(pairs, hopeful, strict=True), 1):
        value = scores.at_least(i, j, similarity.LINK_THRESHOLD) if may_link else None
        if value is not None:
            links.append((value, i, j))
        if progress is not None and done % 2000 == 0:
            progress(done, total)
    links.sort(key=lambda item: (-item[0], item[1], item[2]))
    groups = _cluster(units, links, scores)
    groups = _align_quote_slots(units, groups, scores)
    order = {unit.key: n for n, unit in enumerate(units)}
    groups.sort(key=lambda g: min(order[units[i].key] for i in g))
    claims = []
    for number, group in enumerate(groups, 1):
        members = sorted((units[i] for i in group), key=lambda u: order[u.key])
        in_quotes = sum(1 for u in members if u.quote is not None and not u.quote.partial)
        kind = "quote" if in_quotes * 2 > len(members) else "statement"
        discrepancies = (
            _figure_discrepancies(members)
            + _wording_discrepancies(members)
            + _opposite_discrepancies(members)
        )
        claims.append(
            Claim(
                id=f"c{number}",
                kind=kind,
                sentences=tuple(u.key for u in members),
                discrepancies=tuple(discrepancies),
                speaker=_speaker(members) if kind == "quote" else None,
            )
        )
    if progress is not None:
        progress(total, total)
    return tuple(claims)
