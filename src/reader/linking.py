"""Link sentences from different sources that make the same statement, and flag discrepancies.

1. Every body sentence is prepared once for the matcher, with its figures masked
   so that "85%" and "more than half" do not decide whether two sentences say
   the same thing.
2. Candidate pairs come from an inverted index of content-word keys (rare keys
   only), so cost grows with the number of sentences that share words, not with
   all pairs.
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
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from reader import figures as figure_rules
from reader import similarity
from reader.model import Claim, Discrepancy, Figure, Quote, Sentence, Source

SLOT_MIN_SCORE = 0.05
MAX_POSTING = 400
MAX_MATCH_CHARS = 2000


@dataclass(slots=True)
class _Unit:
    """One sentence as the linker sees it."""

    key: str
    source_index: int
    source: Source
    sentence: Sentence
    prepared: similarity.Prepared
    figures: tuple[Figure, ...]
    quote: Quote | None
    quoted_text: str


def _figures_in(source: Source, sentence: Sentence) -> tuple[Figure, ...]:
    return tuple(f for f in source.figures if f.start >= sentence.start and f.end <= sentence.end)


def _quote_of(source: Source, sentence: Sentence) -> tuple[Quote | None, str]:
    """The quote covering most of the sentence, and the quoted words inside the sentence."""
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
    if best is None or best_overlap * 2 < length:
        return None, " ".join(pieces)
    return best, " ".join(pieces)


def build_units(sources: Sequence[Source]) -> list[_Unit]:
    """Prepare every body sentence of every source for matching."""
    units: list[_Unit] = []
    for index, source in enumerate(sources):
        for sentence in source.sentences:
            if sentence.heading:
                continue
            surface = source.text[sentence.start : sentence.end]
            figs = _figures_in(source, sentence)
            masked = [(f.start - sentence.start, f.end - sentence.start) for f in figs]
            if len(surface) > MAX_MATCH_CHARS:
                surface = surface[:MAX_MATCH_CHARS]
                masked = [(s, e) for s, e in masked if e <= MAX_MATCH_CHARS]
            quote, quoted = _quote_of(source, sentence)
            units.append(
                _Unit(
                    key=sentence.id,
                    source_index=index,
                    source=source,
                    sentence=sentence,
                    prepared=similarity.prepare(surface, masked),
                    figures=figs,
                    quote=quote,
                    quoted_text=quoted,
                )
            )
    return units


def candidate_pairs(units: Sequence[_Unit]) -> set[tuple[int, int]]:
    """Pairs of units from different sources that share at least one not-too-common key."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        for term in unit.prepared.terms:
            postings[term].append(index)
    limit = max(MAX_POSTING, len({u.source_index for u in units}) * 4)
    pairs: set[tuple[int, int]] = set()
    for term in sorted(postings):
        posting = postings[term]
        if len(posting) > limit:
            continue
        for i_pos, i in enumerate(posting):
            source_i = units[i].source_index
            for j in posting[i_pos + 1 :]:
                if units[j].source_index != source_i:
                    pairs.add((i, j))
    return pairs


class _Scores:
    """Pair scores, computed on demand and remembered."""

    def __init__(self, units: Sequence[_Unit]) -> None:
        self.units = units
        self.cache: dict[tuple[int, int], float] = {}

    def __call__(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        value = self.cache.get(key)
        if value is None:
            value = similarity.score(self.units[key[0]].prepared, self.units[key[1]].prepared)
            self.cache[key] = value
        return value


def _cluster(
    units: Sequence[_Unit], links: list[tuple[float, int, int]], scores: _Scores
) -> list[list[int]]:
    threshold = similarity.LINK_THRESHOLD
    group_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    for _score, i, j in links:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        if {units[x].source_index for x in a} & {units[y].source_index for y in b}:
            continue
        cross = [scores(x, y) for x in a for y in b]
        if sum(cross) / len(cross) < threshold:
            continue
        for y in b:
            group_of[y] = gi
        a.extend(b)
        del members[gj]
    return [sorted(group) for group in members.values() if len(group) > 1]


def _quote_runs(units: Sequence[_Unit]) -> dict[tuple[int, int], list[int]]:
    """Unit indexes of each quote, in order, keyed by (source index, quote start)."""
    runs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        if unit.quote is not None:
            runs[(unit.source_index, unit.quote.start)].append(index)
    return runs


def _align_quote_slots(
    units: Sequence[_Unit], groups: list[list[int]], scores: _Scores
) -> list[list[int]]:
    """Pair the unlinked sentences that sit in the same slot of two reports of one quote."""
    group_of: dict[int, int] = {}
    for g_index, group in enumerate(groups):
        for unit_index in group:
            group_of[unit_index] = g_index
    runs = list(_quote_runs(units).values())
    new_pairs: list[tuple[int, int]] = []
    for a_pos, run_a in enumerate(runs):
        for run_b in runs[a_pos + 1 :]:
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
                    if (
                        ua not in group_of
                        and ub not in group_of
                        and scores(ua, ub) >= SLOT_MIN_SCORE
                    ):
                        new_pairs.append((ua, ub))
    for ua, ub in new_pairs:
        if ua in group_of or ub in group_of:
            continue
        groups.append(sorted((ua, ub)))
        group_of[ua] = group_of[ub] = len(groups) - 1
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


def quote_words(text: str) -> list[str]:
    """Quoted words compared for rewording: case, punctuation and contractions ignored."""
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    lowered = re.sub(r"\b(can)'t\b", r"\1 not", lowered)
    lowered = re.sub(r"\bwon't\b", "will not", lowered)
    lowered = re.sub(r"\b(it|that|there|what|he|she|who)'s\b", r"\1 is", lowered)
    for short, long in _CONTRACTIONS.items():
        lowered = lowered.replace(short, long)
    return _QUOTE_WORD.findall(lowered)


def _is_excerpt(short: list[str], long: list[str]) -> bool:
    if len(short) > len(long):
        short, long = long, short
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _wording_change(words: list[str], canonical: list[str]) -> str:
    matcher = difflib.SequenceMatcher(a=canonical, b=words, autojunk=False)
    changes = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ours = " ".join(words[b0:b1]) or "(nothing)"
        theirs = " ".join(canonical[a0:a1]) or "(nothing)"
        changes.append(f"“{ours}” for “{theirs}”")
    text = "; ".join(changes)
    return text if len(text) <= 160 else text[:157] + "…"


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
        label = (
            f"{backers} sources quote it"
            if backers != 1
            else f"{canonical_unit.source.label} quotes it"
        )
        detail = f"quotes {_wording_change(words, canonical)} (as {label})"
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


def _speaker(members: Sequence[_Unit]) -> str | None:
    names = Counter(u.quote.speaker for u in members if u.quote and u.quote.speaker)
    if not names:
        return None
    return sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def link(
    sources: Sequence[Source],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Claim, ...]:
    """Claims: groups of sentences from two or more sources that make the same statement."""
    units = build_units(sources)
    scores = _Scores(units)
    pairs = sorted(candidate_pairs(units))
    links: list[tuple[float, int, int]] = []
    total = len(pairs)
    for done, (i, j) in enumerate(pairs, 1):
        value = scores(i, j)
        if value >= similarity.LINK_THRESHOLD:
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
        in_quotes = sum(1 for u in members if u.quote is not None)
        kind = "quote" if in_quotes * 2 > len(members) else "statement"
        discrepancies = _figure_discrepancies(members) + _wording_discrepancies(members)
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
