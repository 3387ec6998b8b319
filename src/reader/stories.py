"""Group articles into stories: one real-world event each.

Two earthquakes are two stories even though their articles share most of their
vocabulary; what tells them apart are names, places, numbers and dates. So:

1. Each article gets a *profile*: weighted terms from its title and body.
   Ordinary words are Snowball stems; capitalised words inside a sentence are
   names (``@name``), numbers are ``#number`` and years ``%year``, and these
   count more. Words in the title and the first sentences (the lede, where the
   event is stated) count more too. A term's weight is its damped frequency
   times its background rarity: the inverse document frequency of the matcher's
   news-sentence table (:func:`reader.matcher_params.idf`), which does not depend on
   how many articles are loaded. An article whose cleaned text holds no body
   sentence is profiled from the blocks cleaning removed.
2. Copies (a wire story reprinted: cosine at least :data:`DUPLICATE`) start as
   one group. Terms that no other loaded article holds are dropped (copies count
   as one article here, so reprints do not make their own words look shared),
   and profiles are normalised: the dot product of two is their cosine.
3. Candidate pairs come from an inverted index over each article's
   :data:`TOP_TERMS` heaviest terms (postings longer than :data:`MAX_POSTING`
   are skipped), never from all pairs.
4. Average-linkage agglomeration over the candidate graph: the two groups with
   the best average similarity across all their members merge first, while that
   average is at least :data:`THRESHOLD`. Averages are exact (a group keeps the
   sum of its members' vectors); candidates only decide which groups are
   compared.
5. A second pass for what average linkage leaves alone: a group of at most
   :data:`SMALL` distinct articles (copies count once) joins the neighbouring
   group of at least :data:`ANCHOR` with the best average similarity, if that is
   at least :data:`ATTACH` and no other such group comes within :data:`MARGIN`
   of it. Two stories of one kind (two earthquakes) are two coherent groups
   whose average can come near :data:`THRESHOLD`; a lone report of one of them,
   with its own angle and words, comes no nearer to its story than that, so
   against an established story a lower bar tells them apart, unless another
   one comes nearly as close (the report could tell either event). Here the
   small group's whole profiles count (the words no other article holds too),
   so a lone report of another event is held back by its own names and places.
   Groups of the first pass never merge with each other here, and each small
   group chooses among them, so the order of groups does not matter.

Most dot products are never computed, without changing a single group: a sketch
of each vector (:func:`_sketches`) rules most pairs out as copies, and an
average that an upper bound (Cauchy-Schwarz, or the sum of two known products
after a merge) puts below the threshold, or that never reaches the top of the
heap, is never made exact (:class:`_Heap`).

The parameters were tuned on ECB+ topics 1-22 (``scripts/fit_stories.py`` fits
:data:`THRESHOLD`, :data:`ATTACH`, :data:`SMALL`, :data:`ANCHOR` and :data:`MARGIN`)
and are reported on topics 23-45 (``benchmarks/scale.py``).
"""

from __future__ import annotations

import heapq
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

from reader import lexicon
from reader.model import Source, Story

THRESHOLD = 0.37
ATTACH = 0.24
SMALL = 2
ANCHOR = 3
MARGIN = 0.85
TOP_TERMS = 10
MAX_POSTING = 50
DUPLICATE = 0.8
LEDE_SENTENCES = 3
LEDE_WEIGHT = 2.0
NAME_WEIGHT = 2.0
NUMBER_WEIGHT = 2.0
YEAR_WEIGHT = 3.0
MAX_TERMS = 150

PARAMS = (
    f"stories/2 t={THRESHOLD} a={ATTACH}/{SMALL}/{ANCHOR}/{MARGIN} k={TOP_TERMS} "
    f"p={MAX_POSTING} l={LEDE_SENTENCES}x{LEDE_WEIGHT} "
    f"n={NAME_WEIGHT} #={NUMBER_WEIGHT} y={YEAR_WEIGHT} m={MAX_TERMS} "
    f"d={DUPLICATE} exact-average"
)
"""Everything that decides the grouping; part of the cache key."""

Profile = Mapping[str, float]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_EXTRA_STOP = """
    said says say told tells according also one two new year years people time last first
    week day just like get got make made
"""
_STOP = lexicon.STOPWORDS | frozenset(_EXTRA_STOP.split())


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # only when articles are read: a cached reopen never stems

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1 << 16)
def _idf(term: str) -> float:
    # Not from reader.similarity, which shares the table: reading never imports the matcher.
    from reader.matcher_params import idf

    return max(idf(term), 0.0)


@lru_cache(maxsize=1 << 17)
def _word_terms(word: str) -> tuple[str | None, str | None]:
    """The term one word counts as when it starts its sentence and when it does not (None: it
    does not count)."""
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if lower in _STOP or (len(lower) < 2 and not lower.isdigit()):
        return None, None
    if lower[0].isdigit():
        number = lower.replace(",", "")
        term = ("%" if _YEAR.fullmatch(number) else "#") + number
        return term, term
    stem = _stem(lower)
    return stem, ("@" + lower if word[0].isupper() else stem)


@lru_cache(maxsize=1 << 17)
def _rarity(term: str) -> tuple[float, float]:
    """A term's background rarity and its boost (names, numbers and years count more)."""
    kind = term[0]
    if kind == "@":
        return _idf(_stem(term[1:])), NAME_WEIGHT
    if kind == "#":
        return _idf(term[1:]), NUMBER_WEIGHT
    if kind == "%":
        return _idf(term[1:]), YEAR_WEIGHT
    return _idf(term), 1.0


def _add_terms(counts: dict[str, float], text: str, weight: float) -> None:
    """Count the terms of one sentence (or title); its first word is never a name."""
    words = _WORD.findall(text)
    if not words:
        return
    get = counts.get
    term = _word_terms(words[0])[0]
    if term is not None:
        counts[term] = get(term, 0) + weight
    for word in words[1:]:
        term = _word_terms(word)[1]
        if term is not None:
            counts[term] = get(term, 0) + weight


def profile(source: Source) -> dict[str, float]:
    """Weighted terms of one article (not yet normalised; see the module docs)."""
    counts: dict[str, float] = {}
    if source.title:
        _add_terms(counts, source.title, LEDE_WEIGHT)
    body = 0
    for sentence in source.sentences:
        weight = 1.0
        if not sentence.heading:
            body += 1
            if body <= LEDE_SENTENCES:
                weight = LEDE_WEIGHT
        _add_terms(counts, source.text[sentence.start : sentence.end], weight)
    if not body:
        # Cleaning kept no story (it took all of it for page furniture): what it removed is
        # still the best evidence of what the article is about.
        for block in source.removed:
            for line in block.text.splitlines():
                _add_terms(counts, line, 1.0)
    weights: dict[str, float] = {}
    for term, count in counts.items():
        rarity, boost = _rarity(term)
        frequency = 1.0 + math.log(count) if count >= 1 else count
        value = frequency * rarity * boost
        if value > 0:
            weights[term] = round(value, 6)
    if len(weights) > MAX_TERMS:
        kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
        weights = dict(kept)
    return weights


def _unit(weights: Mapping[str, float]) -> dict[str, float]:
    return _unit_length(weights)[0]


def _unit_length(weights: Mapping[str, float]) -> tuple[dict[str, float], float]:
    """The weights scaled to unit length, and their length."""
    norm = math.sqrt(math.fsum(w * w for w in weights.values()))
    return ({t: w / norm for t, w in weights.items()} if norm else {}), norm


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    # fsum: exact, so the result does not depend on the (hash-seeded) order of the set.
    return math.fsum(a[t] * b[t] for t in a.keys() & b.keys())


def _top_terms(vectors: Sequence[Mapping[str, float]]) -> list[list[str]]:
    """Each vector's :data:`TOP_TERMS` heaviest terms among those another vector holds."""
    df: Counter[str] = Counter()
    for vector in vectors:
        df.update(vector.keys())
    out = []
    for vector in vectors:
        # Heaviest first (a sort in C), then ties at the cut ordered by term: the first
        # TOP_TERMS of all shared terms ordered by (-weight, term).
        chosen: list[tuple[float, str]] = []
        for term in sorted(vector, key=vector.__getitem__, reverse=True):
            if df[term] < 2:
                continue
            weight = vector[term]
            if len(chosen) >= TOP_TERMS and -weight != chosen[-1][0]:
                break
            chosen.append((-weight, term))
        chosen.sort()
        out.append([t for _, t in chosen[:TOP_TERMS]])
    return out


def _candidates(tops: Sequence[Sequence[str]]) -> dict[tuple[int, int], int]:
    """Pairs sharing a top term held in at most :data:`MAX_POSTING` top lists, with the
    number of top terms they share."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, terms in enumerate(tops):
        for term in terms:
            postings[term].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for posting in postings.values():
        if 2 <= len(posting) <= MAX_POSTING:
            shared.update(combinations(posting, 2))  # postings are in index order: i < j
    return shared


def candidate_pairs(vectors: Sequence[Mapping[str, float]]) -> list[tuple[int, int]]:
    """Article pairs that share one of either's heaviest terms (sorted, each once)."""
    return sorted(_candidates(_top_terms(vectors)))


_MARGIN = 1e-9
"""How far above a group pair's average an approximate one is put (see :class:`_Heap`)."""
_ABOVE = 1.0 + 1e-9
"""A factor that lifts a value known to within rounding above what it could really be."""
SKETCH = 128
"""Buckets of terms in a sketch (see :func:`_sketches`)."""


def _sketches(vectors: Sequence[Mapping[str, float]]) -> list[tuple[float, ...]]:
    """For each vector, the length of its part in each of :data:`SKETCH` buckets of terms.

    Two vectors are at least as far apart as their sketches (per bucket, the difference of
    two lengths is at most the length of the difference), and sketches are compared in one
    call (``math.dist``) without looking terms up: most candidate pairs are too far apart to
    be copies, which their sketches show at a fraction of the cost of their dot product.
    """
    buckets: dict[str, int] = {}
    out = []
    for vector in vectors:
        squares = [0.0] * SKETCH
        for term, weight in vector.items():
            bucket = buckets.get(term)
            if bucket is None:
                bucket = buckets[term] = zlib.crc32(term.encode()) % SKETCH
            squares[bucket] += weight * weight
        out.append(tuple(map(math.sqrt, squares)))
    return out


def _copies(
    raw: Sequence[Mapping[str, float]],
    pairs: Iterable[tuple[int, int]],
    cosines: dict[tuple[int, int], float] | None = None,
    distances: dict[tuple[int, int], float] | None = None,
) -> list[int]:
    """For each article, the first article of its set of copies (the same wire story
    reprinted: candidate pairs with a cosine of at least :data:`DUPLICATE`). When given,
    ``distances`` receives the distance of every pair's sketches and ``cosines`` the cosine
    of every pair whose sketches are close enough for it to be a copy."""
    parent = list(range(len(raw)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    sketches = _sketches(raw)
    # Unit vectors: |a - b|^2 = 2 - 2 cos. Margins: the vectors' lengths are 1 to within
    # rounding.
    far = math.sqrt(2 * (1 - DUPLICATE)) + _MARGIN
    ordered = sorted(pairs)
    if not ordered:
        return parent
    firsts, seconds = zip(*ordered, strict=True)
    near = map(sketches.__getitem__, firsts), map(sketches.__getitem__, seconds)
    apart = list(map(math.dist, *near))  # all in C
    if distances is not None:
        distances.update(zip(ordered, apart, strict=True))
    for (i, j), distance in zip(ordered, apart, strict=True):
        if distance > far:
            continue
        cosine = _dot(raw[i], raw[j])
        if cosines is not None:
            cosines[i, j] = cosine
        if cosine >= DUPLICATE:
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(len(raw))]


def _vectors(
    profiles: Sequence[Profile], copies: Sequence[int]
) -> list[tuple[dict[str, float], float]]:
    """Unit-length profiles without the terms that only one article and its copies hold (so
    reprints do not make their own words look shared), with their length before scaling."""
    members: dict[int, list[int]] = defaultdict(list)
    for index, owner in enumerate(copies):
        members[owner].append(index)
    holders: Counter[str] = Counter()  # owners holding each term
    for group in members.values():
        if len(group) == 1:
            holders.update(profiles[group[0]].keys())
        else:
            holders.update(set().union(*(profiles[i].keys() for i in group)))
    return [_unit_length({t: w for t, w in p.items() if holders[t] >= 2}) for p in profiles]


class _Heap:
    """Candidate merges (group pairs with their versions), best average first.

    After a merge the dot product of the new group with a group both old ones neighboured is
    the sum of the two dot products already known. That sum is not what the exact product of
    the summed vector gives (each summed weight was rounded), but every weight is positive,
    so it is within a relative 1e-15 per merge of it. It goes in at :data:`_MARGIN` above
    (ahead of anything it could really be), marked inexact; popped, it is computed exactly
    and pushed again. An exact pair popped is therefore the best of all pairs, the merge an
    agglomeration computing every average exactly would make, and the exact average is
    computed only for the few pairs that come to the top of the heap.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.items: list[tuple[float, int, int, int, int, bool]] = []

    def push(self, average: float, a: int, b: int, va: int, vb: int, *, exact: bool) -> None:
        if exact:
            if average >= self.threshold:
                heapq.heappush(self.items, (-average, a, b, va, vb, True))
        elif average + _MARGIN >= self.threshold:
            heapq.heappush(self.items, (-(average + _MARGIN), a, b, va, vb, False))

    def pop(self) -> tuple[int, int, int, int, bool] | None:
        """The best pair: groups a < b, their versions, and whether its average was exact."""
        if not self.items:
            return None
        _, a, b, va, vb, exact = heapq.heappop(self.items)
        return a, b, va, vb, exact


def group(
    profiles: Sequence[Profile],
    *,
    threshold: float = THRESHOLD,
    attach: float | None = ATTACH,
) -> list[list[int]]:
    """Indexes of the articles of each story, each list sorted, lists in order of first member.

    Copies start as one group. Average linkage with exact averages (:func:`_agglomerate`);
    then groups of at most :data:`SMALL` distinct articles join their nearest group of at
    least :data:`ANCHOR` when the average is at least ``attach`` and no other comes within
    :data:`MARGIN` of it (:func:`_attach`; None: no second pass).
    """
    groups = _agglomerate(profiles, threshold)
    members = groups.members if attach is None else _attach(groups, attach)
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


@dataclass(frozen=True)
class _Groups:
    """Groups after average linkage, by id (their first article): members, the sum of their
    vectors, an upper bound of its length, the groups that candidate pairs connect them to;
    and each article's first copy and whole profile at unit length."""

    members: dict[int, list[int]]
    sums: dict[int, dict[str, float]]
    norms: dict[int, float]
    neighbours: dict[int, set[int]]
    copies: Sequence[int]
    whole: Sequence[Mapping[str, float]]


def _agglomerate(profiles: Sequence[Profile], threshold: float) -> _Groups:
    """Average linkage with exact averages: a group keeps the sum of its members' vectors, so
    the average similarity across two groups is one dot product."""
    raw, raw_lengths = zip(*map(_unit_length, profiles), strict=True) if profiles else ((), ())
    pairs = sorted(_candidates(_top_terms(raw)))
    cosines: dict[tuple[int, int], float] = {}
    distances: dict[tuple[int, int], float] = {}
    copies = _copies(raw, pairs, cosines, distances)
    vectors, lengths = zip(*_vectors(profiles, copies), strict=True) if profiles else ((), ())
    members: dict[int, list[int]] = defaultdict(list)
    sums: dict[int, dict[str, float]] = {}
    for index, (owner, vector) in enumerate(zip(copies, vectors, strict=True)):
        members[owner].append(index)
        into = sums.get(owner)
        if into is None:
            sums[owner] = dict(vector)  # 0.0 + weight is weight
            continue
        for term, weight in vector.items():
            into[term] = into.get(term, 0.0) + weight
    version = dict.fromkeys(members, 0)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, j in pairs:
        a, b = copies[i], copies[j]
        if a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    # For every two neighbouring groups, the dot product of their sums: exact, or after merges
    # the sum of two such parts (see _Heap), or only an upper bound of it (bound[pair]).
    dots: dict[tuple[int, int], float] = {}
    bound: set[tuple[int, int]] = set()
    # An upper bound of each group's sum's length, for Cauchy-Schwarz: a dot product is at most
    # the product of the lengths.
    # A single article's vector has length 1 (or 0) to within rounding.
    norms = {
        g: _ABOVE * (math.sqrt(math.fsum(w * w for w in sums[g].values())) if n > 1 else 1.0)
        for g, n in ((g, len(members[g])) for g in sums)
    }

    def exact(a: int, b: int) -> float:
        """The average similarity across groups a < b, exactly; its dot product is kept."""
        dots[a, b] = dot = _dot(sums[a], sums[b])
        bound.discard((a, b))
        return dot / (len(members[a]) * len(members[b]))

    heap = _Heap(threshold)
    for a in sorted(neighbours):
        for b in sorted(neighbours[a]):
            if a > b:
                continue
            if len(members[a]) == 1 and len(members[b]) == 1 and lengths[a] and lengths[b]:
                # Two single articles: their vectors are their raw profiles (whose cosine
                # _copies found) without terms neither shares, scaled: the product follows
                # from the cosine to within rounding.
                scale = (raw_lengths[a] / lengths[a]) * (raw_lengths[b] / lengths[b])
                cosine = cosines.get((a, b))
                if cosine is not None:
                    dots[a, b] = dot = cosine * scale
                    heap.push(dot, a, b, version[a], version[b], exact=False)
                    continue
                # Only a ceiling from the sketches (unit vectors: cos = 1 - |a - b|^2 / 2): in
                # the heap (if it could reach the threshold) as inexact.
                distance = distances[a, b]
                ceiling = (1 - distance * distance / 2 + _MARGIN) * scale * _ABOVE
                dots[a, b] = ceiling
                bound.add((a, b))
                heap.push(ceiling, a, b, version[a], version[b], exact=False)
                continue
            heap.push(exact(a, b), a, b, version[a], version[b], exact=True)
    while (best := heap.pop()) is not None:
        a, b, version_a, version_b, is_exact = best
        if version.get(a) != version_a or version.get(b) != version_b:
            continue
        if not is_exact:
            heap.push(exact(a, b), a, b, version_a, version_b, exact=True)
            continue
        into, other = sums[a], sums.pop(b)
        if len(into) < len(other):  # add the smaller to the larger (addition commutes)
            into, other = other, into
            sums[a] = into
        for term, weight in other.items():
            into[term] = into.get(term, 0.0) + weight
        members[a].extend(members.pop(b))
        del version[b]
        version[a] += 1
        old_a, old_b = neighbours[a], neighbours.pop(b)
        old_a.discard(b)
        old_b.discard(a)
        for n in old_b:
            near = neighbours[n]
            near.discard(b)
            near.add(a)
        # What is known of b's dot product with each of its neighbours: the value (exact or
        # nearly), or an upper bound of it.
        from_b: dict[int, float] = {}
        bounded_b: set[int] = set()
        for n in old_b:
            key = (b, n) if b < n else (n, b)
            from_b[n] = dots.pop(key)
            if key in bound:
                bound.discard(key)
                bounded_b.add(n)
        joined = old_a | old_b
        neighbours[a] = joined
        norm_a, norm_b = norms[a], norms.pop(b)
        # |a + b|^2 = |a|^2 + |b|^2 + 2 a.b, with a.b exact (the pair just popped).
        norms[a] = _ABOVE * math.sqrt(norm_a * norm_a + norm_b * norm_b + 2 * dots.pop((a, b)))
        size_a = len(members[a])
        for n in sorted(joined):
            key = (a, n) if a < n else (n, a)
            size = size_a * len(members[n])
            in_a = n in old_a
            part_b = from_b.get(n)
            if in_a and part_b is not None and key not in bound and n not in bounded_b:
                # Both parts known: their sum is the new dot product to within rounding.
                dots[key] = dot = dots[key] + part_b
                heap.push(dot / size, *key, version[key[0]], version[key[1]], exact=False)
                continue
            # Cauchy-Schwarz for a part not known: a dot product is at most |a| |n|.
            if not in_a:
                most = norm_a * norms[n]
            else:
                most = dots[key] if key in bound else dots[key] * _ABOVE
            if part_b is None:
                most += norm_b * norms[n]
            else:
                most += part_b if n in bounded_b else part_b * _ABOVE
            most *= _ABOVE
            if most < threshold * size:  # so the average is below the threshold
                dots[key] = most
                bound.add(key)
                continue
            heap.push(exact(*key), *key, version[key[0]], version[key[1]], exact=True)
    return _Groups(dict(members), sums, norms, dict(neighbours), copies, raw)


def _attach(
    groups: _Groups,
    attach: float,
    small: int = SMALL,
    anchor: int = ANCHOR,
    margin: float = MARGIN,
) -> dict[int, list[int]]:
    """The second pass: each group of at most ``small`` distinct articles (copies count
    once) joins the neighbouring group of at least ``anchor`` distinct articles with the
    best average similarity, if that is at least ``attach`` and the next best such group's
    is at most ``margin`` times it. The groups' members after it (``groups`` is left as it
    was).

    Average linkage keeps apart two coherent groups of one kind of event whose averages come
    near the threshold; a lone article, with its own angle and words, comes no nearer to the
    story it belongs to than they do to each other. Against an established story a lower
    bar tells the two apart, when no other established story comes nearly as close (then
    the article could tell either event, and it stays alone). Every small group chooses
    among the groups of the first pass (none joins another small one), so the result does
    not depend on the order of groups.
    """
    members, sums, norms = groups.members, groups.sums, groups.norms
    distinct = {g: len({groups.copies[i] for i in m}) for g, m in members.items()}
    out = {g: list(m) for g, m in members.items()}
    for lone in sorted(g for g, n in distinct.items() if n <= small):
        size = len(members[lone])
        # The small group's whole profiles: the words no other article holds (left out of
        # its vectors) count against it here. A lone report of another event keeps its own
        # names, places and figures; without them it would be all shared words of its kind.
        whole: dict[str, float] = {}
        for index in members[lone]:
            for term, weight in groups.whole[index].items():
                whole[term] = whole.get(term, 0.0) + weight
        length = _ABOVE * math.sqrt(math.fsum(w * w for w in whole.values()))
        best, second, target = 0.0, 0.0, -1
        for other in sorted(groups.neighbours.get(lone, ())):
            if distinct[other] < anchor:
                continue
            scale = size * len(members[other])
            # Cauchy-Schwarz: an average is at most |a| |b| / (sizes). One below margin times
            # the best so far (or the bar) can be neither the best nor a close second.
            if length * norms[other] < margin * max(best, attach) * scale:
                continue
            average = _dot(whole, sums[other]) / scale
            if average > best:
                best, second, target = average, best, other
            elif average > second:
                second = average
        if target >= 0 and best >= attach and second <= margin * best:
            out[target].extend(out.pop(lone))
    return out


TITLE_CANDIDATES = 30


def story_title(sources: Sequence[Source], profiles: Sequence[Profile]) -> str:
    """The story's name: of the members' titles (the first :data:`TITLE_CANDIDATES`), the one
    whose words the other members hold most; else the first body sentence."""
    titled = [(n, s.title) for n, s in enumerate(sources) if s.title and s.title.strip()]
    titled = titled[:TITLE_CANDIDATES]
    if len(titled) == 1:
        return titled[0][1]
    if titled:
        words: dict[int, set[str]] = {}
        for n, title in titled:
            counts: Counter[str] = Counter()
            _add_terms(counts, title, 1.0)
            words[n] = set(counts)
        vocabulary = set().union(*words.values())
        holders: Counter[str] = Counter()
        for prof in profiles:
            holders.update(t for t in vocabulary if t in prof)

        def support(item: tuple[int, str]) -> float:
            own = words[item[0]]
            held = sum(holders[t] - (t in profiles[item[0]]) for t in own)
            return held / math.sqrt(1 + len(own))

        return max(titled, key=lambda item: (support(item), -item[0]))[1]
    for source in sources:
        for sentence in source.sentences:
            if not sentence.heading:
                return source.text[sentence.start : sentence.end]
    return "Untitled story"


def story_titles(
    sources: Sequence[Source], profiles: Sequence[Profile], groups: Sequence[Sequence[int]]
) -> list[str]:
    """A title for each group of source indexes."""
    return [
        story_title([sources[i] for i in members], [profiles[i] for i in members])
        for members in groups
    ]


def make_stories(
    sources: Sequence[Source], groups: Sequence[Sequence[int]], titles: Sequence[str]
) -> tuple[Story, ...]:
    """Stories for index groups (sorted, in order of first member, as :func:`group` gives
    them), numbered ``story-1``, ``story-2``, ... in that order."""
    return tuple(
        Story(
            id=f"story-{number}",
            title=title,
            sources=tuple(sources[i].id for i in members),
        )
        for number, (members, title) in enumerate(zip(groups, titles, strict=True), 1)
    )


def find_stories(sources: Sequence[Source]) -> tuple[Story, ...]:
    """Group sources into stories (profiles computed here)."""
    profiles = [profile(s) for s in sources]
    groups = group(profiles)
    return make_stories(sources, groups, story_titles(sources, profiles, groups))
