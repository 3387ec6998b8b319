"""Fixtures for TUI tests: an isolated home, a hand-built story, the seeds' analysis."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_story import library_story

from reader.model import Analysis

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Pilot) on a fresh event loop; no async plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user directory at tmp_path so no test touches the real home."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setattr(Input, "cursor_blink", False)
    return home


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
