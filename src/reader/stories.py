"""Group articles into stories: one real-world event each.

Two earthquakes are two stories even though their articles share most of their
vocabulary; what tells them apart are names, places, numbers and dates. So:

1. Each article gets a *profile*: weighted terms from its title and body.
   Ordinary words are Snowball stems; capitalised words inside a sentence are
   names (``@name``), numbers are ``#number`` and years ``%year``, and these
   count more. Words in the title and the first sentences (the lede, where the
   event is stated) count more too. A term's weight is its damped frequency
   times its background rarity: the inverse document frequency of the matcher's
   news-sentence table (:func:`reader.similarity.idf`), which does not depend on
   how many articles are loaded. An article whose cleaned text holds no body
   sentence is profiled from the blocks cleaning removed.
2. Terms that no other loaded article holds are dropped, and profiles are
   normalised, so the dot product of two profiles is their cosine similarity.
3. Candidate pairs come from an inverted index over each article's
   :data:`TOP_TERMS` heaviest terms (postings longer than :data:`MAX_POSTING`
   are skipped), never from all pairs; only candidates get a similarity.
4. Average-linkage agglomeration over the candidate graph (a pair without a
   similarity counts 0): the two groups with the best average similarity
   across all their members merge first, while that average is at least
   :data:`THRESHOLD`.

The parameters were tuned on ECB+ topics 1-22 and are reported on topics 23-45
(``benchmarks/scale.py``).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache

import snowballstemmer

from reader import lexicon, similarity
from reader.model import Source, Story

THRESHOLD = 0.37
TOP_TERMS = 20
MAX_POSTING = 200
LEDE_SENTENCES = 3
LEDE_WEIGHT = 2.0
NAME_WEIGHT = 2.0
NUMBER_WEIGHT = 2.0
YEAR_WEIGHT = 3.0
MAX_TERMS = 400

PARAMS = (
    f"stories/1 t={THRESHOLD} k={TOP_TERMS} p={MAX_POSTING} l={LEDE_SENTENCES}x{LEDE_WEIGHT} "
    f"n={NAME_WEIGHT} #={NUMBER_WEIGHT} y={YEAR_WEIGHT} m={MAX_TERMS}"
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
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=1 << 16)
def _idf(term: str) -> float:
    return max(similarity.idf(term), 0.0)


def _add_terms(counts: Counter[str], text: str, weight: float) -> None:
    """Count the terms of one sentence (or title); its first word is never a name."""
    first = True
    for match in _WORD.finditer(text):
        word = match.group()
        lower = word.lower().replace("’", "'")
        if lower.endswith("'s"):
            lower = lower[:-2]
        if lower in _STOP or (len(lower) < 2 and not lower.isdigit()):
            first = False
            continue
        if lower[0].isdigit():
            number = lower.replace(",", "")
            counts[("%" if _YEAR.fullmatch(number) else "#") + number] += weight
        elif word[0].isupper() and not first:
            counts["@" + lower] += weight
        else:
            counts[_stem(lower)] += weight
        first = False


def profile(source: Source) -> dict[str, float]:
    """Weighted terms of one article (not yet normalised; see the module docs)."""
    counts: Counter[str] = Counter()
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
        kind = term[0]
        if kind == "@":
            boost, key = NAME_WEIGHT, _stem(term[1:])
        elif kind == "#":
            boost, key = NUMBER_WEIGHT, term[1:]
        elif kind == "%":
            boost, key = YEAR_WEIGHT, term[1:]
        else:
            boost, key = 1.0, term
        frequency = 1.0 + math.log(count) if count >= 1 else count
        value = frequency * _idf(key) * boost
        if value > 0:
            weights[term] = round(value, 6)
    if len(weights) > MAX_TERMS:
        kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
        weights = dict(kept)
    return weights


def _vectors(profiles: Sequence[Profile]) -> list[dict[str, float]]:
    """Profiles without the terms no other article holds, scaled to unit length."""
    df: Counter[str] = Counter()
    for prof in profiles:
        df.update(prof.keys())
    vectors = []
    for prof in profiles:
        kept = {t: w for t, w in prof.items() if df[t] >= 2}
        norm = math.sqrt(math.fsum(w * w for w in kept.values()))
        vectors.append({t: w / norm for t, w in kept.items()} if norm else {})
    return vectors


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return math.fsum(w * get(t, 0.0) for t, w in a.items())


def candidate_pairs(vectors: Sequence[Mapping[str, float]]) -> list[tuple[int, int]]:
    """Article pairs that share one of either's heaviest terms (sorted, each once)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        top = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
        for term, _ in top:
            postings[term].append(index)
    pairs: set[tuple[int, int]] = set()
    for posting in postings.values():
        if len(posting) < 2 or len(posting) > MAX_POSTING:
            continue
        for n, i in enumerate(posting):
            for j in posting[n + 1 :]:
                pairs.add((i, j))
    return sorted(pairs)


def group(profiles: Sequence[Profile], *, threshold: float = THRESHOLD) -> list[list[int]]:
    """Indexes of the articles of each story, each list sorted, lists in order of first member."""
    vectors = _vectors(profiles)
    pairs = candidate_pairs(vectors)
    # Sum of similarities across two groups, kept for neighbouring groups only.
    across: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j in pairs:
        value = _dot(vectors[i], vectors[j])
        if value > 0:
            across[i][j] = across[j][i] = value
    members = {i: [i] for i in range(len(profiles))}
    version = dict.fromkeys(members, 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def entry(a: int, b: int) -> tuple[float, int, int, int, int] | None:
        if a > b:
            a, b = b, a
        average = across[a][b] / (len(members[a]) * len(members[b]))
        return (-average, a, b, version[a], version[b]) if average >= threshold else None

    for i, j in pairs:
        if j in across[i] and (item := entry(i, j)) is not None:
            heap.append(item)
    heapq.heapify(heap)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if version.get(a) != version_a or version.get(b) != version_b:
            continue
        members[a].extend(members.pop(b))
        del version[b]
        version[a] += 1
        for other, value in across.pop(b).items():
            if other == a:
                continue
            del across[other][b]
            across[a][other] = across[other][a] = across[a].get(other, 0.0) + value
        across[a].pop(b, None)
        for other in sorted(across[a]):
            if (item := entry(a, other)) is not None:
                heapq.heappush(heap, item)
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


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
