"""Fixtures for the hostile-input suite: an isolated home and ``async def`` tests (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_inputs import many_tiny_files


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
