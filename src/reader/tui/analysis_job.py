"""The engine's work for the TUI: sources and stories first, then the linked analysis.

Runs in a background thread and reports only through the callbacks it is
given; it never touches widgets. No Textual import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.model import Analysis

Stage = str
"""The engine's phase: ``"loading"``, ``"reading"``, ``"grouping"`` or ``"linking"``."""


@dataclass(frozen=True)
class Callbacks:
    """How the job reports: all called from the job's thread."""

    sources: Callable[[Analysis], None]
    """The cleaned sources and their stories (no claims yet), to show while linking runs."""
    progress: Callable[[Stage, int, int], None]
    """``done`` of ``total`` in a phase; ``(phase, 0, 0)`` as the phase starts."""
    cancelled: Callable[[], bool]
    warning: Callable[[str], None] = lambda text: None
    """A one-line warning for the user (the result cache could not be used)."""


def analyse(
    paths: Sequence[str],
    callbacks: Callbacks,
    *,
    preview: bool,
    cache: bool = True,
    jobs: int | None = None,
) -> Analysis:
    """The engine's analysis of ``paths`` (the bundled seeds when empty).

    With ``preview``, the sources are handed to ``callbacks.sources`` as soon as
    the engine has read and grouped them, so an article can be read before
    linking ends. Results are read from and written to the engine's result cache
    in the user cache directory, as ``reader analyze`` does, unless ``cache`` is
    false; ``jobs`` is the engine's number of worker processes for large inputs
    (default one per CPU). Raises the engine's ``Cancelled`` once
    ``callbacks.cancelled`` says so.
    """
    from reader.analysis import analyze
    from reader.cache import ResultCache

    stage = ["loading"]

    def phase(name: str) -> None:
        stage[0] = name
        callbacks.progress(name, 0, 0)

    def progress(done: int, total: int) -> None:
        callbacks.progress(stage[0], done, total)

    store = ResultCache.open_default() if cache else None
    try:
        return analyze(
            list(paths) or None,
            cache=store,
            jobs=jobs,
            progress=progress,
            phase=phase,
            cancel=callbacks.cancelled,
            on_sources=callbacks.sources if preview else None,
        )
    finally:
        if store is not None:
            if store.warning:
                callbacks.warning(store.warning)
            store.close()
