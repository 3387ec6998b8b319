"""Small helpers shared by the TUI tests."""

from __future__ import annotations

from reader.model import Analysis
from reader.state import StateStore
from reader.tui.app import ReaderApp
from reader.tui.widgets.reading_pane import ReadingPane


def make_app(analysis: Analysis, state: StateStore | None = None) -> ReaderApp:
    return ReaderApp(analysis=analysis, state=state if state is not None else StateStore())


def active(app: ReaderApp) -> tuple[str, str]:
    """The open source's id and the id of the sentence under the cursor."""
    pane = app.main.query_one(ReadingPane)
    assert pane.source is not None and pane.sentence is not None
    return pane.source.id, pane.sentence.id


def pane(app: ReaderApp) -> ReadingPane:
    return app.main.query_one(ReadingPane)
