"""Upper bounds of many matcher scores at once, so that most candidate pairs skip scoring.

:func:`similarity.score_at_least` rejects most form pairs, but it does so one pair at a
time in Python (a dozen set operations, two loops, list building), and that overhead is
most of linking's cost. :func:`upper_bounds` computes, for a whole story's form pairs at
once, a number that is never below the pair's score, with numpy and rapidfuzz's
``process.cpdist``:

- every feature of ``similarity._unsoftened`` exactly (up to float rounding, covered by
  :data:`MARGIN`): set intersections as sums of lookups into a per-story boolean
  membership table (forms x items), the longest gaps as the longest runs of misses,
  ``ratio`` and the LCS of the base sequences (bases as one character each) element-wise
  in C;
- the four soft features bounded from above: a term of one sentence is counted as soft
  whenever the other has a term with the same first four letters and not this term (the
  exact rule also wants that other term to be missing from the first sentence), and the
  features are maximised over the resulting box of soft counts and weights;
- the two trigram features, ``token_set`` and ``antonym_clash`` at the most they can add
  (nothing: their weights are negative), as in ``similarity.score_at_least``.

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
DENSE_CELLS = 1 << 24
"""Forms x items up to which membership is a boolean table (16 MB); above, sorted keys."""
_SURROGATES = 0xD800


def _char(index: int) -> str:
    """One distinct character per vocabulary index (skipping the surrogate block)."""
    return chr(index if index < _SURROGATES else index + 0x800)


class _Lists:
    """One list of item numbers per form (CSR), and which forms hold which item."""

    def __init__(self, lens: np.ndarray, items: np.ndarray, width: int) -> None:
        forms = len(lens)
        self.lens = lens
        self.offsets = np.zeros(forms + 1, dtype=np.int64)
        np.cumsum(lens, out=self.offsets[1:])
        self.items = items
        self.width = width = max(width, 1)
        owners = np.repeat(np.arange(forms), lens)
        if forms * width <= DENSE_CELLS:
            self.table: np.ndarray | None = np.zeros((forms, width), dtype=bool)
            self.table[owners, items] = True
        else:  # a long story: sorted (form, item) keys instead of a forms x items table
            self.table = None
            self.keys = np.sort(owners * width + items)

    def holds(self, forms: np.ndarray, items: np.ndarray) -> np.ndarray:
        """Whether each ``forms[k]`` holds ``items[k]``."""
        if self.table is not None:
            return self.table[forms, items]
        if not len(self.keys):
            return np.zeros(len(forms), dtype=bool)
        wanted = forms.astype(np.int64) * self.width + items
        found = np.searchsorted(self.keys, wanted)
        return self.keys[np.minimum(found, len(self.keys) - 1)] == wanted

    @classmethod
    def of(cls, sets: Sequence[Iterable[str]]) -> _Lists:
        """Numbered items of each of the given sets of strings."""
        numbers = {item: n for n, item in enumerate(dict.fromkeys(itertools.chain(*sets)))}
        lens = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
        items = np.fromiter(
            itertools.chain.from_iterable(map(numbers.__getitem__, s) for s in sets),
            dtype=np.int64,
            count=int(lens.sum()),
        )
        return cls(lens, items, len(numbers))

    def common(self) -> _Lists:
        """The same lists without the items no other form holds (they are never shared)."""
        owners = np.repeat(np.arange(len(self.lens)), self.lens)
        keep = np.bincount(self.items, minlength=self.width)[self.items] >= 2
        common = object.__new__(_Lists)
        common.lens = np.bincount(owners[keep], minlength=len(self.lens))
        common.offsets = np.zeros(len(self.lens) + 1, dtype=np.int64)
        np.cumsum(common.lens, out=common.offsets[1:])
        common.items = self.items[keep]
        common.width, common.table = self.width, self.table
        if self.table is None:
            common.keys = self.keys
        return common

    @classmethod
    def sets(cls, owners: np.ndarray, items: np.ndarray, forms: int, width: int) -> _Lists:
        """The distinct items of each form, from (owner form, item) pairs."""
        keys = np.sort(owners * max(width, 1) + items)
        if len(keys) > 1:
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        owners, items = np.divmod(keys, max(width, 1))
        return cls(np.bincount(owners, minlength=forms), items, width)


class _Ragged:
    """The items of the forms ``a[k]`` of many pairs, flattened in order, pair by pair."""

    def __init__(self, lists: _Lists, a: np.ndarray) -> None:
        # int32 throughout: a story's items number far fewer than 2**31, and the passes
        # below move half the bytes.
        self.lens = lens = lists.lens[a].astype(np.int32)
        self.starts = np.cumsum(lens, dtype=np.int32) - lens
        total = int(lens.sum())
        self.owner = np.repeat(np.arange(len(a), dtype=np.int32), lens)
        shift = (lists.offsets[a] - self.starts).astype(np.int32)
        positions = np.arange(total, dtype=np.int32) + np.repeat(shift, lens)
        self.positions = positions
        self.items = lists.items[positions]

    def count(self, hits: np.ndarray) -> np.ndarray:
        """Per pair, how many of its items are hits."""
        return self._sums(hits.view(np.int8), np.int32)

    def total(self, values: np.ndarray) -> np.ndarray:
        """Per pair, the sum of its items' values."""
        return self._sums(values, np.float64)

    def _sums(self, values: np.ndarray, dtype: type) -> np.ndarray:
        out = np.zeros(len(self.lens), dtype=dtype)
        nonempty = self.lens > 0
        if nonempty.any():
            out[nonempty] = np.add.reduceat(values, self.starts[nonempty], dtype=dtype)
        return out

    def longest_miss_run(self, hits: np.ndarray) -> np.ndarray:
        """Per pair, the longest run of consecutive items that are not hits."""
        misses = ~hits
        seen = np.cumsum(misses, dtype=np.int32)
        # At each hit, and at each pair's first item, the run count restarts from here.
        restart = np.where(hits, seen, 0)
        nonempty = self.lens > 0
        firsts = self.starts[nonempty]
        restart[firsts] = seen[firsts] - misses[firsts]
        runs = seen - np.maximum.accumulate(restart)
        out = np.zeros(len(self.lens), dtype=np.int32)
        if len(firsts):
            out[nonempty] = np.maximum.reduceat(runs, firsts)
        return out


def _decode(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(owner string, item number) of every character of the strings, in order."""
    codes = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    codes -= np.where(codes >= _SURROGATES, 0x800, 0)
    lens = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    return np.repeat(np.arange(len(strings)), lens), codes


def _bigram_sets(owners: np.ndarray, items: np.ndarray, forms: int, width: int) -> _Lists:
    """Each form's distinct bigrams of its base sequence, numbered."""
    together = owners[:-1] == owners[1:]
    pairs = np.where(together, items[:-1] * width + items[1:], -1)
    distinct, bigram_ids = np.unique(pairs, return_inverse=True)
    bigram_ids = bigram_ids.reshape(-1)
    return _Lists.sets(owners[:-1][together], bigram_ids[together], forms, len(distinct))


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


def unit_pair_bounds(
    forms: Sequence[Prepared],
    variants: Sequence[Sequence[tuple[int, int]]],
    pairs: Sequence[tuple[int, int]],
    needs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Bounds of the form pairs that unit pairs compare, and of the unit pairs.

    ``variants[u]`` holds unit u's (masked, plain) form numbers (plain -1 when the unit has
    no figures); a unit pair compares every masked form of one with every masked form of
    the other, and the plain forms likewise when both have them (as
    ``linking._Scores.at_least`` does). ``needs`` are the least scores that matter per
    unit pair (see :func:`upper_logits`). Returns each unit pair's most bound, and each
    form pair's owner (unit pair number), lower and higher form number, and bound.
    """
    counts = np.fromiter(map(len, variants), dtype=np.int64, count=len(variants))
    starts = np.cumsum(counts) - counts
    numbers = np.array([v for unit in variants for v in unit], dtype=np.int64).reshape(-1, 2)
    first, second = np.array(pairs, dtype=np.int64).reshape(-1, 2).T
    combinations = counts[first] * counts[second]
    owners = np.repeat(np.arange(len(first)), combinations)
    local = np.arange(int(combinations.sum())) - np.repeat(
        np.cumsum(combinations) - combinations, combinations
    )
    across = counts[second][owners]
    variant_a = starts[first][owners] + local // across
    variant_b = starts[second][owners] + local % across
    plain_a, plain_b = numbers[variant_a, 1], numbers[variant_b, 1]
    plain = (plain_a >= 0) & (plain_b >= 0)
    owners = np.concatenate([owners, owners[plain]])
    a = np.concatenate([numbers[variant_a, 0], plain_a[plain]])
    b = np.concatenate([numbers[variant_b, 0], plain_b[plain]])
    low, high = np.minimum(a, b), np.maximum(a, b)
    # A pair of forms compared by several unit pairs (reprinted sentences) is bounded once.
    _keys, once, again = np.unique(low * len(forms) + high, return_index=True, return_inverse=True)
    again = again.reshape(-1)
    floors = np.full(len(once), np.inf)
    np.minimum.at(floors, again, needs[owners])
    bounds = upper_bounds(forms, low[once], high[once], floors)[again]
    best = np.zeros(len(first))
    np.maximum.at(best, owners, bounds)
    return best, owners, low, high, bounds


def upper_bounds(
    forms: Sequence[Prepared],
    a: Sequence[int],
    b: Sequence[int],
    floors: np.ndarray | None = None,
) -> np.ndarray:
    """For each k, a number at least ``similarity.score(forms[a[k]], forms[b[k]])``."""
    first, second = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    if floors is not None:
        # Only which pairs get an exact ratio depends on these; the bounds hold regardless.
        with np.errstate(divide="ignore", invalid="ignore"):
            logits = np.log(floors) - np.log1p(-floors)
        floors = np.where(floors <= 0.0, -np.inf, np.where(floors >= 1.0, np.inf, logits))
    return _sigmoid(upper_logits(forms, first, second, floors) + MARGIN)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def upper_logits(
    forms: Sequence[Prepared], a: np.ndarray, b: np.ndarray, floors: np.ndarray | None = None
) -> np.ndarray:
    """Upper bounds of the pairs' logits (before :data:`MARGIN`).

    With ``floors`` (a logit per pair, below which its bound need not be tight), ``ratio``
    is computed only for the pairs that may reach their floor with ratio at its most (about
    half of them); the others keep that looser bound.
    """
    forms_n = len(forms)
    # One character per distinct base of the story: each form's bases and content words
    # become strings, decoded below into item numbers all at once.
    vocabulary = dict.fromkeys(itertools.chain.from_iterable(f.bases for f in forms))
    chars = dict(zip(vocabulary, map(_char, range(len(vocabulary))), strict=True))
    width = len(vocabulary)
    encode = chars.__getitem__
    base_strings = ["".join(map(encode, f.bases)) for f in forms]
    content_strings = ["".join(map(encode, f.content)) for f in forms]
    base_owners, base_items = _decode(base_strings)
    content_owners, content_items = _decode(content_strings)
    # A form's words are its distinct bases and its terms its distinct content words: taken
    # from the sequences already numbered (items in another order than the sets', which
    # moves only the rounding of sums that MARGIN covers).
    word_sets = _Lists.sets(base_owners, base_items, forms_n, width)
    term_sets = _Lists.sets(content_owners, content_items, forms_n, width)
    content_sets = _Lists(np.bincount(content_owners, minlength=forms_n), content_items, width)
    weight_of: dict[str, float] = {}
    for form in forms:
        weight_of.update(form.weights)
    word_weights = np.array([weight_of.get(w, 0.0) for w in vocabulary], dtype=np.float64)
    prefixes: dict[str, int] = {}  # each word's first four letters, numbered
    word_prefixes = np.array(
        [prefixes.setdefault(w[:4], len(prefixes)) for w in vocabulary], dtype=np.int64
    )
    prefix_sets = _Lists.sets(
        np.repeat(np.arange(forms_n), term_sets.lens),
        word_prefixes[term_sets.items],
        forms_n,
        len(prefixes),
    )
    term_prefixes = word_prefixes[term_sets.items]
    term_weights = word_weights[term_sets.items]
    bigram_sets = _bigram_sets(base_owners, base_items, forms_n, width)
    name_sets = _Lists.of([f.names for f in forms])
    number_sets = _Lists.of([f.numbers for f in forms])

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
        shared_hits = term_sets.holds(other, ragged.items)
        soft_hits = ~shared_hits & prefix_sets.holds(other, term_prefixes[ragged.positions])
        weights = term_weights[ragged.positions]
        if not soft:
            shared = ragged.count(shared_hits).astype(np.float64)
            shared_weight = ragged.total(np.where(shared_hits, weights, 0.0))
        soft.append((ragged.count(soft_hits), ragged.total(np.where(soft_hits, weights, 0.0))))

    def shared_items(sets: _Lists) -> tuple[np.ndarray, ...]:
        # Items of one form only are left out, but a form paired with itself (one
        # sentence reprinted by two sources) shares all of them.
        ragged = _Ragged(sets.common(), a)
        hits = sets.holds(b[ragged.owner], ragged.items)
        shared = np.where(a == b, sets.lens[a], ragged.count(hits)).astype(np.float64)
        return shared, sets.lens[a], sets.lens[b]

    def gap(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
        ragged = _Ragged(content_sets, mine)
        return ragged.longest_miss_run(word_sets.holds(theirs[ragged.owner], ragged.items))

    gap_a, gap_b = gap(a, b).astype(np.float64), gap(b, a).astype(np.float64)

    na, nb = n_terms[a], n_terms[b]
    wa, wb = term_weight[a], term_weight[b]
    la, lb = length[a], length[b]
    term_min, term_max = _overlap(shared, na, nb)
    ia, ib = _ratio_or(shared_weight, wa, 1.0), _ratio_or(shared_weight, wb, 1.0)
    miss_a, miss_b = np.maximum(wa - shared_weight, 0.0), np.maximum(wb - shared_weight, 0.0)
    word_shared, words_a, words_b = shared_items(word_sets)
    bigram_shared, bigrams_a, bigrams_b = shared_items(bigram_sets)
    name_shared, names_a, names_b = shared_items(name_sets)
    number_shared, numbers_a, numbers_b = shared_items(number_sets)
    long, short = np.maximum(la, lb), np.minimum(la, lb)
    strings = np.array(base_strings, dtype=object)
    lcs = process.cpdist(strings[a], strings[b], scorer=LCSseq.similarity, dtype=np.int64).astype(
        np.float64
    )
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
    }.items():
        values[f"{name}_min"], values[f"{name}_max"] = _overlap(shared_n, n_a, n_b)
    # Trigrams are left out at the most they can add (nothing with today's weights): they
    # cost as much as bigrams and reject about 1% more pairs.
    trigram_most = similarity._most_of_ordered(_W["trigram_min"], _W["trigram_max"])
    logit = np.full(len(a), similarity._BIAS + similarity._DEFERRED_MOST + trigram_most)
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

    # ratio last: what it adds at most decides which pairs need it.
    most = max(0.0, _W["ratio"])
    wanted = slice(None) if floors is None else np.flatnonzero(logit + most + MARGIN >= floors)
    ratio = np.full(len(a), 1.0 if _W["ratio"] > 0 else 0.0)
    norms = np.array([f.norm for f in forms], dtype=object)
    ratio[wanted] = (
        process.cpdist(norms[a[wanted]], norms[b[wanted]], scorer=fuzz.ratio, dtype=np.float64)
        / 100.0
    )
    logit += _W["ratio"] * ratio
    return logit
