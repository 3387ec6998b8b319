"""The cleaning comparison on the fixture pages, as a test: reader keeps every story line
and keeps no more page furniture than trafilatura alone (the numbers are in
benchmarks/html_cleaning.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from conftest import GOLD

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "html_cleaning.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("html_cleaning", BENCHMARK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(bench):
    return bench.run()


def test_every_page_has_gold(results):
    assert sorted(results["pages"]) == sorted(
        json.loads(p.read_text(encoding="utf-8"))["page"] for p in GOLD.glob("*.json")
    )


def test_reader_keeps_every_story_line(results):
    for page, per_page in results["pages"].items():
        reader = per_page["reader"]
        assert reader["story_kept"] == reader["story_total"], page


def test_reader_keeps_less_furniture_than_trafilatura_alone(results):
    for page, per_page in results["pages"].items():
        ours = per_page["reader"]["boilerplate_kept"]
        assert ours <= per_page["trafilatura (reader's settings)"]["boilerplate_kept"], page
        assert ours <= per_page["trafilatura"]["boilerplate_kept"], page
    totals = results["totals"]
    assert totals["reader"]["boilerplate_kept"] < totals["trafilatura"]["boilerplate_kept"]
    # Nothing of these kinds survives on any page.
    for kind in ("cookie banner", "comments", "related links", "newsletter", "pull quote"):
        assert totals["reader"]["kept_by_kind"].get(kind, 0) == 0, kind


def test_reader_metadata_matches_gold(results):
    for page, per_page in results["pages"].items():
        for key, pair in per_page["reader"]["metadata"].items():
            assert pair["found"] == pair["gold"], (page, key)


def test_fragment_matching(bench):
    lines = ["Share this", "He said: this is a tax on the high street."]
    assert bench.is_kept("a tax on the high", lines)
    assert not bench.is_kept("this is a tax on the high street", lines, whole_line=True)
    assert bench.is_kept("Share  this", lines, whole_line=True)
