"""Fixtures for the hostile-input suite: an isolated home and ``async def`` tests (Pilot)."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
from hostile_inputs import many_tiny_files


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests on a fresh event loop; no async plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user directory (platformdirs reads XDG_*) at tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    return home


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A directory for generated inputs, apart from the isolated home."""
    path = tmp_path / "inputs"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def tiny_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 one-line articles in one directory (written once per test run)."""
    return many_tiny_files(tmp_path_factory.mktemp("tiny") / "notes")
