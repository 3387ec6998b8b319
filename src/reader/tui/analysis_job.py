"""The engine's work for the TUI, in stages: cleaned sources first, then the linked analysis.

Runs in a background thread and reports only through the callbacks it is
given; it never touches widgets. No Textual import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.model import Analysis

Stage = str
"""What the engine is doing: ``"reading"`` (loading and cleaning) or ``"linking"``."""


class Cancelled(Exception):
    """Raised inside the job when the app no longer wants its result."""


@dataclass(frozen=True)
class Callbacks:
    """How the job reports: all called from the job's thread."""

    sources: Callable[[Analysis], None]
    """The cleaned sources (no claims yet), to show while linking runs."""
    progress: Callable[[Stage, int, int], None]
    cancelled: Callable[[], bool]


def analyse(paths: Sequence[str], callbacks: Callbacks, *, preview: bool) -> Analysis:
    """The engine's analysis of ``paths`` (the bundled seeds when empty).

    With ``preview``, local files are first loaded and cleaned on their own and
    handed to ``callbacks.sources``, so an article can be read before linking
    ends. URLs skip the preview: fetching them twice would cost more than it shows.
    """
    from reader.loading import is_url_argument

    if preview and not any(is_url_argument(path) for path in paths):
        callbacks.sources(_sources(paths, callbacks))

    def progress(done: int, total: int) -> None:
        if callbacks.cancelled():
            raise Cancelled
        callbacks.progress("linking", done, total)

    from reader.analysis import analyze

    return analyze(list(paths) or None, progress=progress)


def _sources(paths: Sequence[str], callbacks: Callbacks) -> Analysis:
    """Loaded and cleaned sources in the contract's order (by path), without claims."""
    from reader.loading import load

    documents, problems = load(list(paths) or None)
    from reader.analysis import build_source, source_ids

    ordered = sorted(documents, key=lambda document: (document.path, document.content_hash))
    sources = []
    for done, (document, source_id) in enumerate(
        zip(ordered, source_ids(ordered), strict=True), 1
    ):
        if callbacks.cancelled():
            raise Cancelled
        sources.append(build_source(document, source_id))
        callbacks.progress("reading", done, len(ordered))
    return Analysis(sources=tuple(sources), claims=(), problems=tuple(problems))
