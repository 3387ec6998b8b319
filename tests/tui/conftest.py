"""Fixtures for TUI tests: an isolated home, a hand-built story, the seeds' analysis."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input
from tui_story import library_story

from reader.model import Analysis

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """No cursor blink, so snapshots and screen reads do not depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def story() -> Analysis:
    return library_story()


@pytest.fixture(scope="session")
def seeds() -> Analysis:
    """The engine's analysis of the bundled seeds (computed once)."""
    try:
        from reader.analysis import analyze
    except ImportError as error:  # the engine is still being written
        pytest.skip(f"engine not importable: {error}")
    analysis = analyze(None)
    if len(analysis.sources) < 2:
        pytest.skip("the seeds did not load")
    return analysis


@pytest.fixture
def hostile_text() -> str:
    return (FIXTURES / "hostile_markup.txt").read_text(encoding="utf-8")
