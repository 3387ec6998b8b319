"""Typed results of the analysis engine.

Every span is a half-open ``(start, end)`` offset pair into the owning source's
cleaned ``text``; ``text[start:end]`` is the surface the span describes. The TUI,
the JSON contract and the exports all read these same spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from typing import Literal

# Scraped files are often named "<slug>_<content hash>": the hash means nothing to a reader.
_HASH_SUFFIX = re.compile(r"[_-][0-9a-f]{8,}$")
_ID = attrgetter("id")

FigureKind = Literal["percent", "count", "range", "frequency", "share", "money", "age", "duration"]
ClaimKind = Literal["quote", "statement"]
DiscrepancyKind = Literal["figure", "wording"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the story states, with its normalised value.

    ``value`` is the stated number (the low end of a range); ``low``/``high``
    bound what the wording allows ("more than half" is 50 < x <= 100).
    ``qualifier`` keeps hedges such as "nearly", "more than", "up to".
    """

    start: int
    end: int
    text: str
    kind: FigureKind
    value: float
    unit: str | None
    low: float
    high: float
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Words inside quote marks attributed to a speaker.

    The span includes the quote marks. ``speaker`` is the resolved name ("Fran
    Heathcote" even where the text says "she"); ``speaker_start``/``speaker_end``
    locate the attributing mention in the text when there is one.
    """

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None = None
    speaker_end: int | None = None
    partial: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or heading) of a source's cleaned text."""

    id: str
    start: int
    end: int
    paragraph: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Removed:
    """A block that cleaning kept out of the story, and why."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Source:
    """One article after cleaning and extraction."""

    id: str
    path: str
    title: str | None
    outlet: str | None
    byline: str | None
    date: str | None
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]
    figures: tuple[Figure, ...]
    quotes: tuple[Quote, ...]
    removed: tuple[Removed, ...] = ()
    content_hash: str = ""

    def surface(self, start: int, end: int) -> str:
        return self.text[start:end]

    @property
    def label(self) -> str:
        """A short human name: outlet, else byline, else the file name without suffix or hash."""
        if self.outlet or self.byline:
            return self.outlet or self.byline or ""
        name = self.path.rstrip("/").rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
        bare = _HASH_SUFFIX.sub("", stem)
        return bare or stem or self.id


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A claim member that differs from what the other members say."""

    sentence: str
    kind: DiscrepancyKind
    detail: str


@dataclass(frozen=True, slots=True)
class Claim:
    """Sentences from two or more sources that make the same statement."""

    id: str
    kind: ClaimKind
    sentences: tuple[str, ...]
    discrepancies: tuple[Discrepancy, ...] = ()
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Sources about one real-world event."""

    id: str
    title: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A path that could not be read, with a one-line reason."""

    path: str
    reason: str


@dataclass(frozen=True)
class Analysis:
    """Everything the engine computed for a set of articles."""

    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    stories: tuple[Story, ...] = ()
    problems: tuple[LoadProblem, ...] = ()
    _sentence_index: dict[str, tuple[Source, Sentence]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _claim_index: dict[str, Claim] = field(default_factory=dict, repr=False, compare=False)

    # The indexes are built on first use, not with the analysis: a large warm start shows its
    # first screen without indexing every sentence. Each is filled by one dict.update, so
    # another thread sees it empty (and builds it too) or whole.

    def sentence(self, sentence_id: str) -> tuple[Source, Sentence]:
        """The source and sentence for a sentence id."""
        index = self._sentence_index
        if not index:
            built: dict[str, tuple[Source, Sentence]] = {}
            for source in self.sources:
                sentences = source.sentences
                pairs = zip(repeat(source), sentences)
                built.update(zip(map(_ID, sentences), pairs, strict=True))
            index.update(built)
        return index[sentence_id]

    def claim_of(self, sentence_id: str) -> Claim | None:
        """The claim a sentence belongs to, if other sources share it."""
        index = self._claim_index
        if not index and self.claims:
            built: dict[str, Claim] = {}
            for claim in self.claims:
                built.update(zip(claim.sentences, repeat(claim)))
            index.update(built)
        return index.get(sentence_id)

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)
