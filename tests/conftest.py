"""Shared fixtures: paths to the seeds and to the public data sets."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


def seed_text(prefix: str) -> str:
    """The raw text of the seed whose file name starts with ``prefix``."""
    (path,) = SEEDS.glob(f"{prefix}*.txt")
    return path.read_text(encoding="utf-8")


def require_shared(name: str) -> Path:
    """The path of a public data set, or skip the test with the reason."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"public data set {name!r} not found at {path} (../shared is absent)")
    return path
