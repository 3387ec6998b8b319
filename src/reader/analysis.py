"""The engine's entry point: paths in, :class:`~reader.model.Analysis` out."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import PurePath

from reader.cleaning import clean
from reader.figures import extract_figures
from reader.linking import link
from reader.loading import Document, LoadOptions, load
from reader.model import Analysis, Sentence, Source, Story
from reader.quotes import extract_quotes
from reader.sentences import split_sentences

Progress = Callable[[int, int], None]


def build_source(document: Document, source_id: str) -> Source:
    """Clean one document and extract its sentences, figures and quotes."""
    cleaned = clean(document.text)
    spans = split_sentences(cleaned.text, cleaned.paragraphs, cleaned.headings)
    sentences = tuple(
        Sentence(id=f"{source_id}:{n}", start=s, end=e, paragraph=p, heading=h)
        for n, (s, e, p, h) in enumerate(spans, 1)
    )
    return Source(
        id=source_id,
        path=document.path,
        title=cleaned.title or document.title,
        outlet=cleaned.outlet or document.outlet,
        byline=cleaned.byline or document.byline,
        date=cleaned.date or document.date,
        text=cleaned.text,
        paragraphs=cleaned.paragraphs,
        sentences=sentences,
        figures=tuple(extract_figures(cleaned.text)),
        quotes=tuple(extract_quotes(cleaned.text, cleaned.paragraphs)),
        removed=document.removed + cleaned.removed,
        content_hash=document.content_hash,
    )


def source_ids(documents: Sequence[Document]) -> list[str]:
    """Stable ids: the file name without suffix, made unique with a content-hash suffix."""
    stems = [PurePath(doc.path).stem or "source" for doc in documents]
    counts = Counter(stems)
    ids = []
    for stem, doc in zip(stems, documents, strict=True):
        ids.append(stem if counts[stem] == 1 else f"{stem}-{doc.content_hash[:8]}")
    seen: Counter[str] = Counter()
    unique = []
    for source_id in ids:
        seen[source_id] += 1
        unique.append(source_id if seen[source_id] == 1 else f"{source_id}-{seen[source_id]}")
    return unique


def story_title(sources: Sequence[Source]) -> str:
    """The story's name: the title most sources share words with, else the first sentence."""
    titles = [s.title for s in sources if s.title]
    if titles:
        return titles[0]
    for source in sources:
        for sentence in source.sentences:
            if not sentence.heading:
                return source.text[sentence.start : sentence.end]
    return "Untitled story"


def analyze_documents(
    documents: Sequence[Document], *, progress: Progress | None = None
) -> tuple[tuple[Source, ...], tuple]:
    """Sources and claims for already-loaded documents (sorted by path for determinism)."""
    ordered = sorted(documents, key=lambda d: (d.path, d.content_hash))
    ids = source_ids(ordered)
    sources = tuple(build_source(doc, sid) for doc, sid in zip(ordered, ids, strict=True))
    claims = link(sources, progress=progress)
    return sources, claims


def analyze(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    progress: Progress | None = None,
    options: LoadOptions | None = None,
) -> Analysis:
    """Load, clean and analyse the articles under ``paths`` (the bundled seeds when empty).

    ``options`` says how web inputs are read (fetch feed entries' pages, fetch limits).
    """
    documents, problems = load(paths, options=options)
    sources, claims = analyze_documents(documents, progress=progress)
    stories = (
        (Story(id="story-1", title=story_title(sources), sources=tuple(s.id for s in sources)),)
        if sources
        else ()
    )
    return Analysis(sources=sources, claims=claims, stories=stories, problems=tuple(problems))
