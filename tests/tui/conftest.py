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


FERRY_ARTICLES = {
    "a-harbour.txt": (
        "Harbour Times",
        [
            "The ferry service to the island was suspended on Monday after a storm hit the pier.",
            "Engineers said repairs would take at least three weeks.",
            "The harbour master said: “We will not take risks with passengers.”",
            "About 400 residents rely on the ferry every day.",
        ],
    ),
    "b-coast.txt": (
        "Coast Courier",
        [
            "Ferry crossings to the island were suspended on Monday after a storm hit the pier.",
            "Repairs will take at least three weeks, engineers said.",
        ],
    ),
}


@pytest.fixture
def articles(tmp_path: Path) -> list[str]:
    """Two short articles about one ferry story, written as text files; their paths."""
    paths = []
    for name, (outlet, sentences) in FERRY_ARTICLES.items():
        path = tmp_path / name
        path.write_text(f"{outlet}\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths
