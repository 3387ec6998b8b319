"""Lookups the TUI needs over an :class:`~reader.model.Analysis`.

Nothing here re-derives analysis: it indexes what the engine computed (which
sentences are shared, which differ, where figures and quotes sit) so keys like
``n``, ``d`` and ``o`` can find their target quickly. No Textual import.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cached_property
from typing import Literal, NamedTuple

from reader.model import Analysis, Claim, Discrepancy, Quote, Source, Story

StopKind = Literal["shared", "quote", "figure"]

# The small value types below are named tuples, not frozen dataclasses: the screen builds
# them from its first frame on, and a dataclass costs ~0.5 ms to define at import (its
# methods are generated as source and compiled), a named tuple a tenth of that.


class Stop(NamedTuple):
    """A highlighted claim in a source that ``n``/``N`` visit."""

    start: int
    end: int
    kinds: tuple[StopKind, ...]

    @property
    def key(self) -> tuple[int, int]:
        """Reading order: by start, the wider span first."""
        return (self.start, -self.end)


class Place(NamedTuple):
    """A position in the story: a source and a sentence index in it."""

    source: int
    sentence: int


class StoryView(NamedTuple):
    """One story's sources, as positions in the index.

    ``story`` is None for the sources that no story of the engine holds (and
    for the whole analysis when the engine named no stories).
    """

    story: Story | None
    title: str
    sources: tuple[int, ...]


class Match(NamedTuple):
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
        # Built per source when first asked for (sentence_at): the screen is loaded twice on
        # a cold start, and a walk over every sentence of 10,000 sources took ~7 ms each time.
        self._starts: dict[str, list[int]] = {}
        self._discrepancies: dict[str, list[Discrepancy]] = {}
        for claim in analysis.claims:
            for discrepancy in claim.discrepancies:
                self._discrepancies.setdefault(discrepancy.sentence, []).append(discrepancy)
        self._stops: dict[str, tuple[Stop, ...]] = {}
        self.views = self._build_views()
        self._view_of: dict[int, int] = {}
        for v, view in enumerate(self.views):
            for n in view.sources:
                self._view_of.setdefault(n, v)
        self._view_counts: list[tuple[int, int]] | None = None
        self._view_discrepancies: dict[int, tuple[Place, ...]] = {}
        self._share_counts: dict[str, int] = {}

    # -- stories ----------------------------------------------------------

    def _build_views(self) -> tuple[StoryView, ...]:
        views = []
        for story in self.analysis.stories:
            members = tuple(self._position[sid] for sid in story.sources if sid in self._position)
            if members:
                views.append(StoryView(story, story.title or "Untitled story", members))
        covered = {n for view in views for n in view.sources}
        rest = tuple(n for n in range(len(self.sources)) if n not in covered)
        if rest:
            title = "Other articles" if views else self._best_title(rest)
            views.append(StoryView(None, title, rest))
        return tuple(views)

    def view_of(self, source: int) -> int:
        """The position in :attr:`views` of the (first) story holding source ``source``."""
        return self._view_of.get(source, 0)

    def view_counts(self, view: int) -> tuple[int, int]:
        """Shared statements and discrepancies with a member in story ``view``."""
        if self._view_counts is None:
            counts = [[0, 0] for _ in self.views]
            for claim in self.analysis.claims:
                stories = {
                    self._view_of.get(self._position[self.analysis.sentence(member)[0].id], 0)
                    for member in claim.sentences
                }
                for v in stories:
                    counts[v][0] += 1
                    counts[v][1] += len(claim.discrepancies)
            self._view_counts = [(claims, differ) for claims, differ in counts]
        return self._view_counts[view] if 0 <= view < len(self._view_counts) else (0, 0)

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
        return self._best_title(range(len(self.sources)))

    def _best_title(self, positions: Iterable[int]) -> str:
        """The title of the source whose statements others share most."""
        titled = [n for n in positions if self.sources[n].title]
        if not titled:
            return self.sources[0].label if self.sources else "No articles"
        best = self.sources[max(titled, key=lambda n: (self.shared_count(self.sources[n]), -n))]
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
        count = self._share_counts.get(claim.id)
        if count is None:
            count = len({self.analysis.sentence(member)[0].id for member in claim.sentences})
            self._share_counts[claim.id] = count
        return count

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
        starts = self._starts.get(source.id)
        if starts is None:
            starts = self._starts[source.id] = [sentence.start for sentence in source.sentences]
        return max(bisect_right(starts, offset) - 1, 0)

    def quote_at(self, source: Source, start: int, end: int) -> Quote | None:
        """The first quote overlapping ``[start, end)``."""
        for quote in source.quotes:
            if quote.start < end and start < quote.end:
                return quote
        return None

    def stops(self, source: Source) -> tuple[Stop, ...]:
        """The source's highlights in reading order (built when first asked for)."""
        stops = self._stops.get(source.id)
        if stops is None:
            stops = self._stops[source.id] = self._build_stops(source)
        return stops

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
        stops = self.stops(source)
        if forward:
            return next((s for s in stops if s.key > here), None)
        return next((s for s in reversed(stops) if s.key < here), None)

    @cached_property
    def discrepancy_places(self) -> tuple[Place, ...]:
        """Every sentence that differs from its claim, in source order (found when first
        asked for: a walk over every sentence, ~5 ms at 10,000 sources)."""
        return tuple(
            Place(n, i)
            for n, source in enumerate(self.sources)
            for i, sentence in enumerate(source.sentences)
            if sentence.id in self._discrepancies
        )

    def next_discrepancy(
        self, place: Place, forward: bool = True, view: int | None = None
    ) -> Place | None:
        """The next sentence that differs from its claim, in reading order; wraps around.

        With ``view``, only that story's sources count, in the story's order.
        """
        if view is None:
            places, order = self.discrepancy_places, {}
        else:
            places = self._discrepancies_in(view)
            order = {n: row for row, n in enumerate(self.views[view].sources)}
        if not places:
            return None
        keys = [(order.get(p.source, p.source), p.sentence) for p in places]
        here = (order.get(place.source, place.source), place.sentence)
        if forward:
            at = bisect_right(keys, here)
            return places[at % len(places)]
        at = bisect_left(keys, here) - 1
        return places[at]

    def _discrepancies_in(self, view: int) -> tuple[Place, ...]:
        found = self._view_discrepancies.get(view)
        if found is None:
            found = tuple(
                Place(n, i)
                for n in self.views[view].sources
                for i, sentence in enumerate(self.sources[n].sentences)
                if sentence.id in self._discrepancies
            )
            self._view_discrepancies[view] = found
        return found

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
