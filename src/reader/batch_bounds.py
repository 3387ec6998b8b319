"""Upper bounds of many matcher scores at once, so that most candidate pairs skip scoring.

:func:`similarity.score_at_least` rejects most form pairs, but it does so one pair at a
time in Python (a dozen set operations, two loops, list building), and that overhead is
most of linking's cost. :func:`upper_bounds` computes, for a whole story's form pairs at
once, a number that is never below the pair's score, with numpy and rapidfuzz's
``process.cpdist``:

- every feature of ``similarity._unsoftened`` and the two trigram features exactly (up to
  float rounding, covered by :data:`MARGIN`): set intersections as sums of lookups into a
  per-story boolean membership table (forms x items), the longest gaps as the longest runs
  of misses, ``ratio`` and the LCS of the base sequences (bases as one character each)
  element-wise in C;
- the four soft features bounded from above: a term of one sentence is counted as soft
  whenever the other has a term with the same first four letters and not this term (the
  exact rule also wants that other term to be missing from the first sentence), and the
  features are maximised over the resulting box of soft counts and weights;
- ``token_set`` and ``antonym_clash`` at the most they can add (nothing: their weights
  are negative), as in ``similarity.score_at_least``.

A pair whose bound is below what it needs is provably below it, so callers may skip it;
every other pair is scored by the exact code, so results do not change.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from reader import similarity
from reader.similarity import Prepared

MARGIN = 1e-6
"""Logits added to every bound: float sums taken in another order than the exact code's."""

_W = dict(zip(similarity.FEATURES, similarity._WEIGHTS, strict=True))
_SURROGATES = 0xD800


def _char(index: int) -> str:
    """One distinct character per vocabulary index (skipping the surrogate block)."""
    return chr(index if index < _SURROGATES else index + 0x800)


class _Lists:
    """One list of item numbers per form (CSR), and which forms hold which item."""

    def __init__(self, lists: Sequence[Sequence[int]], width: int) -> None:
        forms = len(lists)
        self.lens = np.fromiter(map(len, lists), dtype=np.int64, count=forms)
        self.offsets = np.zeros(forms + 1, dtype=np.int64)
        np.cumsum(self.lens, out=self.offsets[1:])
        self.items = np.fromiter(
            itertools.chain.from_iterable(lists), dtype=np.int64, count=int(self.offsets[-1])
        )
        self.member = np.zeros((forms, max(width, 1)), dtype=bool)
        self.member[np.repeat(np.arange(forms), self.lens), self.items] = True


class _Ragged:
    """The items of the forms ``a[k]`` of many pairs, flattened in order, pair by pair."""

    def __init__(self, lists: _Lists, a: np.ndarray) -> None:
        self.lens = lens = lists.lens[a]
        self.starts = np.cumsum(lens) - lens
        total = int(lens.sum())
        self.owner = np.repeat(np.arange(len(a)), lens)
        positions = np.arange(total) + np.repeat(lists.offsets[a] - self.starts, lens)
        self.positions = positions
        self.items = lists.items[positions]

    def count(self, hits: np.ndarray) -> np.ndarray:
        return np.bincount(self.owner[hits], minlength=len(self.lens))

    def total(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.owner, weights=values, minlength=len(self.lens))

    def longest_miss_run(self, hits: np.ndarray) -> np.ndarray:
        """Per pair, the longest run of consecutive items that are not hits."""
        misses = ~hits
        seen = np.cumsum(misses)
        # At each hit, and at each pair's first item, the run count restarts from here.
        restart = np.where(hits, seen, 0)
        nonempty = self.lens > 0
        firsts = self.starts[nonempty]
        restart[firsts] = seen[firsts] - misses[firsts]
        runs = seen - np.maximum.accumulate(restart)
        out = np.zeros(len(self.lens), dtype=np.int64)
        if len(firsts):
            out[nonempty] = np.maximum.reduceat(runs, firsts)
        return out


class _Vocabulary(dict[str, int]):
    def ids(self, items: Iterable[str]) -> list[int]:
        setdefault = self.setdefault
        return [setdefault(item, len(self)) for item in items]


def _overlap(shared: np.ndarray, na: np.ndarray, nb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised ``similarity._overlap`` from the intersection and set sizes."""
    both = (na > 0) & (nb > 0)
    pa = np.divide(shared, na, out=np.zeros(len(na)), where=both)
    pb = np.divide(shared, nb, out=np.zeros(len(nb)), where=both)
    neither = ((na == 0) & (nb == 0)).astype(float)
    return np.where(both, np.minimum(pa, pb), neither), np.where(both, np.maximum(pa, pb), neither)


def _ratio_or(num: np.ndarray, den: np.ndarray, default: float) -> np.ndarray:
    """``num / den if den > 0 else default``, element-wise."""
    positive = den > 0
    return np.where(positive, np.divide(num, den, out=np.zeros(len(den)), where=positive), default)


def _most_of_min_max(
    low: float,
    high: float,
    x: tuple[np.ndarray, np.ndarray],
    y: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """The most ``low * min(x, y) + high * max(x, y)`` reaches over the boxes ``x`` x ``y``
    (each a (least, most) pair of arrays).

    The function is linear on each side of the diagonal, so its maximum lies on a corner
    of the box or where the diagonal crosses the box's edge.
    """

    def value(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        return low * np.minimum(u, v) + high * np.maximum(u, v)

    best = np.maximum.reduce([value(u, v) for u in x for v in y])
    lo, hi = np.maximum(x[0], y[0]), np.minimum(x[1], y[1])
    crosses = lo <= hi
    for t in (lo, hi):
        best = np.where(crosses, np.maximum(best, value(t, t)), best)
    return best


def upper_bounds(forms: Sequence[Prepared], a: Sequence[int], b: Sequence[int]) -> np.ndarray:
    """For each k, a number at least ``similarity.score(forms[a[k]], forms[b[k]])``."""
    first, second = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    return _sigmoid(upper_logits(forms, first, second) + MARGIN)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def upper_logits(forms: Sequence[Prepared], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Upper bounds of the pairs' logits (before :data:`MARGIN`)."""
    words, ngrams, prefixes, names, numbers = (_Vocabulary() for _ in range(5))
    word_lists, term_lists, content_lists, base_strings = [], [], [], []
    prefix_of_term, weight_of_term, prefix_lists = [], [], []
    bigram_lists, trigram_lists, name_lists, number_lists = [], [], [], []
    for form in forms:
        word_lists.append(words.ids(form.words))
        terms = list(form.terms)
        term_lists.append(words.ids(terms))
        prefix_of_term.extend(prefixes.ids(t[:4] for t in terms))
        weight_of_term.extend(map(form.weights.__getitem__, terms))
        prefix_lists.append(prefixes.ids(form.prefixes))
        content_lists.append(words.ids(form.content))
        base_strings.append("".join(map(_char, words.ids(form.bases))))
        bigram_lists.append(ngrams.ids(form.bigrams))
        trigram_lists.append(ngrams.ids(form.trigrams))
        name_lists.append(names.ids(form.names))
        number_lists.append(numbers.ids(form.numbers))
    word_sets = _Lists(word_lists, len(words))
    term_sets = _Lists(term_lists, len(words))
    prefix_sets = _Lists(prefix_lists, len(prefixes))
    term_prefixes = np.array(prefix_of_term, dtype=np.int64)
    term_weights = np.array(weight_of_term, dtype=np.float64)

    def scalars(get: Callable[[Prepared], float]) -> np.ndarray:
        return np.array([get(f) for f in forms], dtype=np.float64)

    n_terms = term_sets.lens.astype(np.float64)
    term_weight = scalars(lambda f: f.term_weight)
    length = scalars(lambda f: len(f.bases))
    negated = np.array([f.negated for f in forms], dtype=bool)

    # Terms: shared count and weight, and the soft terms' most count and weight, both ways.
    soft: list[tuple[np.ndarray, np.ndarray]] = []
    for mine, theirs in ((a, b), (b, a)):
        ragged = _Ragged(term_sets, mine)
        other = theirs[ragged.owner]
        shared_hits = term_sets.member[other, ragged.items]
        soft_hits = ~shared_hits & prefix_sets.member[other, term_prefixes[ragged.positions]]
        weights = term_weights[ragged.positions]
        if not soft:
            shared = ragged.count(shared_hits).astype(np.float64)
            shared_weight = ragged.total(np.where(shared_hits, weights, 0.0))
        soft.append((ragged.count(soft_hits), ragged.total(np.where(soft_hits, weights, 0.0))))

    def shared_items(sets: _Lists) -> tuple[np.ndarray, ...]:
        ragged = _Ragged(sets, a)
        hits = sets.member[b[ragged.owner], ragged.items]
        return ragged.count(hits).astype(np.float64), sets.lens[a], sets.lens[b]

    def gap(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
        ragged = _Ragged(content_sets, mine)
        return ragged.longest_miss_run(word_sets.member[theirs[ragged.owner], ragged.items])

    content_sets = _Lists(content_lists, len(words))
    gap_a, gap_b = gap(a, b).astype(np.float64), gap(b, a).astype(np.float64)

    na, nb = n_terms[a], n_terms[b]
    wa, wb = term_weight[a], term_weight[b]
    la, lb = length[a], length[b]
    term_min, term_max = _overlap(shared, na, nb)
    ia, ib = _ratio_or(shared_weight, wa, 1.0), _ratio_or(shared_weight, wb, 1.0)
    miss_a, miss_b = np.maximum(wa - shared_weight, 0.0), np.maximum(wb - shared_weight, 0.0)
    word_shared, words_a, words_b = shared_items(word_sets)
    bigram_shared, bigrams_a, bigrams_b = shared_items(_Lists(bigram_lists, len(ngrams)))
    trigram_shared, trigrams_a, trigrams_b = shared_items(_Lists(trigram_lists, len(ngrams)))
    name_shared, names_a, names_b = shared_items(_Lists(name_lists, len(names)))
    number_shared, numbers_a, numbers_b = shared_items(_Lists(number_lists, len(numbers)))
    long, short = np.maximum(la, lb), np.minimum(la, lb)
    strings = np.array(base_strings, dtype=object)
    lcs = process.cpdist(
        strings[a], strings[b], scorer=LCSseq.similarity, dtype=np.int64
    ).astype(np.float64)
    norms = np.array([f.norm for f in forms], dtype=object)
    ratio = process.cpdist(norms[a], norms[b], scorer=fuzz.ratio, dtype=np.float64) / 100.0
    a_in_b, b_in_a = number_shared == numbers_a, number_shared == numbers_b
    equal_numbers = a_in_b & b_in_a
    names_min, _ = _overlap(name_shared, names_a, names_b)

    values = {
        "term_min": term_min,
        "term_max": term_max,
        "term_idf_min": np.minimum(ia, ib),
        "term_idf_max": np.maximum(ia, ib),
        "lcs_long": _ratio_or(lcs, long, 1.0),
        "lcs_short": _ratio_or(lcs, short, 1.0),
        "ratio": ratio,
        "missing_idf_max": np.log1p(np.maximum(miss_a, miss_b)),
        "missing_idf_min": np.log1p(np.minimum(miss_a, miss_b)),
        "len_diff": _ratio_or(long - short, long, 0.0),
        "len_log_min": np.log1p(short),
        "numbers_none": ((numbers_a == 0) & (numbers_b == 0)).astype(float),
        "numbers_equal": ((numbers_a > 0) & equal_numbers).astype(float),
        "numbers_subset": (~equal_numbers & (a_in_b | b_in_a)).astype(float),
        "numbers_clash": ~(a_in_b | b_in_a),
        "names_min": names_min,
        "names_missing": np.log1p(names_a + names_b - 2 * name_shared),
        "negation_clash": negated[a] != negated[b],
        "gap_max": np.log1p(np.maximum(gap_a, gap_b)),
        "gap_min": np.log1p(np.minimum(gap_a, gap_b)),
        "gap_rel_max": np.maximum(_ratio_or(gap_a, la, 0.0), _ratio_or(gap_b, lb, 0.0)),
        "numbers_missing_max": np.log1p(
            np.maximum(numbers_a - number_shared, numbers_b - number_shared)
        ),
    }
    for name, (shared_n, n_a, n_b) in {
        "word": (word_shared, words_a, words_b),
        "bigram": (bigram_shared, bigrams_a, bigrams_b),
        "trigram": (trigram_shared, trigrams_a, trigrams_b),
    }.items():
        values[f"{name}_min"], values[f"{name}_max"] = _overlap(shared_n, n_a, n_b)
    logit = np.full(len(a), similarity._BIAS + similarity._DEFERRED_MOST)
    for name, value in values.items():
        logit += _W[name] * value

    # Soft features: each ratio lies between its value without soft terms and its value
    # with the most soft terms (and weight) the prefixes allow.
    (count_a, weight_a), (count_b, weight_b) = soft
    soft_a = (_ratio_or(shared, na, 1.0), _ratio_or(shared + count_a, na, 1.0))
    soft_b = (_ratio_or(shared, nb, 1.0), _ratio_or(shared + count_b, nb, 1.0))
    soft_wa = (ia, _ratio_or(shared_weight + weight_a, wa, 1.0))
    soft_wb = (ib, _ratio_or(shared_weight + weight_b, wb, 1.0))
    logit += _most_of_min_max(_W["soft_min"], _W["soft_max"], soft_a, soft_b)
    logit += _most_of_min_max(_W["soft_idf_min"], _W["soft_idf_max"], soft_wa, soft_wb)
    return logit

