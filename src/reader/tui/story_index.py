"""Lookups the TUI needs over an :class:`~reader.model.Analysis`.

Nothing here re-derives analysis: it indexes what the engine computed (which
sentences are shared, which differ, where figures and quotes sit) so keys like
``n``, ``d`` and ``o`` can find their target quickly. No Textual import.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from reader.model import Analysis, Claim, Discrepancy, Quote, Source

StopKind = Literal["shared", "quote", "figure"]


@dataclass(frozen=True, slots=True)
class Stop:
    """A highlighted claim in a source that ``n``/``N`` visit."""

    start: int
    end: int
    kinds: tuple[StopKind, ...]

    @property
    def key(self) -> tuple[int, int]:
        """Reading order: by start, the wider span first."""
        return (self.start, -self.end)


@dataclass(frozen=True, slots=True)
class Place:
    """A position in the story: a source and a sentence index in it."""

    source: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Match:
    """A search hit in one source."""

    source: int
    start: int
    end: int


def state_key(source: Source) -> str:
    """How a source is known across runs and analyses: its content hash, else its path."""
    return source.content_hash or source.path


class StoryIndex:
    """Navigation and display lookups over one analysis.

    ``linked`` is false while only the cleaned sources are known: no claims yet.
    """

    def __init__(self, analysis: Analysis, *, linked: bool = True) -> None:
        self.analysis = analysis
        self.linked = linked
        self.sources: tuple[Source, ...] = analysis.sources
        self._position = {source.id: n for n, source in enumerate(self.sources)}
        self._by_key: dict[str, int] = {}
        for n, source in enumerate(self.sources):
            self._by_key.setdefault(state_key(source), n)
        self._starts = {s.id: [sentence.start for sentence in s.sentences] for s in self.sources}
        self._discrepancies: dict[str, list[Discrepancy]] = {}
        for claim in analysis.claims:
            for discrepancy in claim.discrepancies:
                self._discrepancies.setdefault(discrepancy.sentence, []).append(discrepancy)
        self._stops = {source.id: self._build_stops(source) for source in self.sources}
        self.discrepancy_places: tuple[Place, ...] = tuple(
            Place(n, i)
            for n, source in enumerate(self.sources)
            for i, sentence in enumerate(source.sentences)
            if sentence.id in self._discrepancies
        )

    # -- counts -----------------------------------------------------------

    @property
    def claim_count(self) -> int:
        return len(self.analysis.claims)

    @property
    def discrepancy_count(self) -> int:
        return sum(len(claim.discrepancies) for claim in self.analysis.claims)

    @property
    def title(self) -> str:
        """The story: the engine's story title, else the most shared source's title."""
        if self.analysis.stories and self.analysis.stories[0].title:
            return self.analysis.stories[0].title
        titled = [s for s in self.sources if s.title]
        if not titled:
            return self.sources[0].label if self.sources else "No articles"
        best = max(titled, key=lambda s: (self.shared_count(s), -self.index_of(s.id)))
        return best.title or best.label

    @staticmethod
    def headline(source: Source) -> str:
        """The source's title, else its first sentence, else its label."""
        if source.title:
            return source.title
        for sentence in source.sentences:
            if sentence.end > sentence.start:
                return source.text[sentence.start : sentence.end]
        return source.label

    def index_of(self, source_id: str) -> int:
        return self._position[source_id]

    def index_of_key(self, key: str) -> int | None:
        """The position of the source with this :func:`state_key`, if it is here."""
        return self._by_key.get(key)

    def shared_count(self, source: Source) -> int:
        """How many of this source's sentences other sources share."""
        return sum(1 for s in source.sentences if self.analysis.claim_of(s.id) is not None)

    def has_discrepancy(self, source: Source) -> bool:
        return any(s.id in self._discrepancies for s in source.sentences)

    def share_count(self, sentence_id: str) -> int:
        """How many sources make this sentence's statement (0 when unshared)."""
        claim = self.analysis.claim_of(sentence_id)
        if claim is None:
            return 0
        return len({self.analysis.sentence(member)[0].id for member in claim.sentences})

    def discrepancies(self, sentence_id: str) -> list[Discrepancy]:
        return self._discrepancies.get(sentence_id, [])

    def claim_of(self, sentence_id: str) -> Claim | None:
        return self.analysis.claim_of(sentence_id)

    def others(self, sentence_id: str) -> list[str]:
        """The other members of this sentence's claim, in source order."""
        claim = self.analysis.claim_of(sentence_id)
        if claim is None:
            return []
        members = [m for m in claim.sentences if m != sentence_id]
        return sorted(members, key=self._order_key)

    def _order_key(self, sentence_id: str) -> tuple[int, int]:
        source, sentence = self.analysis.sentence(sentence_id)
        return (self._position[source.id], sentence.start)

    def place_of(self, sentence_id: str) -> Place:
        source, sentence = self.analysis.sentence(sentence_id)
        return Place(self._position[source.id], source.sentences.index(sentence))

    # -- positions inside a source -----------------------------------------

    def sentence_at(self, source: Source, offset: int) -> int:
        """Index of the sentence containing (or last starting before) ``offset``."""
        if not source.sentences:
            return 0
        return max(bisect_right(self._starts[source.id], offset) - 1, 0)

    def quote_at(self, source: Source, start: int, end: int) -> Quote | None:
        """The first quote overlapping ``[start, end)``."""
        for quote in source.quotes:
            if quote.start < end and start < quote.end:
                return quote
        return None

    def stops(self, source: Source) -> tuple[Stop, ...]:
        return self._stops[source.id]

    def _build_stops(self, source: Source) -> tuple[Stop, ...]:
        kinds: dict[tuple[int, int], list[StopKind]] = {}
        for sentence in source.sentences:
            if self.analysis.claim_of(sentence.id) is not None:
                kinds.setdefault((sentence.start, sentence.end), []).append("shared")
        for quote in source.quotes:
            kinds.setdefault((quote.start, quote.end), []).append("quote")
        for figure in source.figures:
            kinds.setdefault((figure.start, figure.end), []).append("figure")
        stops = [Stop(start, end, tuple(k)) for (start, end), k in kinds.items() if end > start]
        return tuple(sorted(stops, key=lambda stop: stop.key))

    def next_stop(
        self, source: Source, sentence: int, stop: Stop | None, forward: bool = True
    ) -> Stop | None:
        """The highlighted claim after (or before) the cursor, if any.

        With no stop selected the cursor stands for its whole sentence, so a
        stop covering exactly that sentence counts as already visited.
        """
        if stop is not None:
            here = stop.key
        elif source.sentences:
            current = source.sentences[sentence]
            here = (current.start, -current.end)
        else:
            return None
        stops = self._stops[source.id]
        if forward:
            return next((s for s in stops if s.key > here), None)
        return next((s for s in reversed(stops) if s.key < here), None)

    def next_discrepancy(self, place: Place, forward: bool = True) -> Place | None:
        """The next sentence, in story order, that differs from its claim; wraps around."""
        places = self.discrepancy_places
        if not places:
            return None
        here = (place.source, place.sentence)
        if forward:
            return next((p for p in places if (p.source, p.sentence) > here), places[0])
        return next((p for p in reversed(places) if (p.source, p.sentence) < here), places[-1])

    # -- search -------------------------------------------------------------

    def search(self, query: str, limit: int = 500) -> list[Match]:
        """Case-insensitive literal matches of ``query`` in every source."""
        if not query.strip():
            return []
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        found: list[Match] = []
        for n, source in enumerate(self.sources):
            for hit in pattern.finditer(source.text):
                if hit.end() > hit.start():
                    found.append(Match(n, hit.start(), hit.end()))
                    if len(found) >= limit:
                        return found
        return found
