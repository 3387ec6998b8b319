"""The engine's entry point: paths in, :class:`~reader.model.Analysis` out."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any

from reader.loading import Document, LoadOptions
from reader.model import Analysis, Sentence, Source

Progress = Callable[[int, int], None]


def build_source(document: Document, source_id: str) -> Source:
    """Clean one document and extract its sentences, figures and quotes."""
    # Imported here: a reopen served from the cache never needs the extraction rules.
    from reader.cleaning import clean
    from reader.figures import extract_figures
    from reader.quotes import extract_quotes
    from reader.sentences import split_sentences

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


_ID_UNSAFE = re.compile(r"[^\w.-]+|_+(?=-)", re.ASCII)


def _stem(path: str) -> str:
    """``PurePath(path).stem``; without building a path object when the path is plainly
    ``dir/name`` (no empty or "." parts), which is every path a directory walk yields."""
    if os.sep != "/" or "//" in path or "/./" in path or path.endswith(("/", "/.")):
        return PurePath(path).stem
    name = path.rsplit("/", 1)[-1]
    if name in ("", "."):
        return PurePath(path).stem
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def source_ids(documents: Sequence[Document]) -> list[str]:
    """Stable ids: the file name without suffix, made unique with a content-hash suffix.

    Ids keep only letters, digits, ".", "_" and "-", so they are safe in a terminal, a URL
    fragment or a file name whatever the path held (control characters, "?" from a URL).
    """
    stems = [_ID_UNSAFE.sub("-", _stem(doc.path)).strip("-.") or "source" for doc in documents]
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


def analyze_documents(
    documents: Sequence[Document], *, progress: Progress | None = None
) -> tuple[tuple[Source, ...], tuple]:
    """Sources and claims for already-loaded documents (sorted by path for determinism)."""
    ordered = sorted(documents, key=lambda d: (d.path, d.content_hash))
    ids = source_ids(ordered)
    sources = tuple(build_source(doc, sid) for doc, sid in zip(ordered, ids, strict=True))
    from reader.linking import link

    claims = link(sources, progress=progress)
    return sources, claims


def analyze(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    progress: Progress | None = None,
    options: LoadOptions | None = None,
    **run: Any,
) -> Analysis:
    """Load, clean and analyse the articles under ``paths`` (the bundled seeds when empty).

    ``options`` says how web inputs are read (fetch feed entries' pages, fetch limits).
    Sources are grouped into stories and linked within each story;
    :func:`reader.pipeline.analyze` documents the other keyword arguments (``cache``,
    ``jobs``, ``phase``, ``cancel``, ``on_sources``).
    """
    from reader.pipeline import analyze as run_pipeline

    return run_pipeline(paths, options=options, progress=progress, **run)
