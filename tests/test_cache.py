"""The result cache: same results from the cache, incremental updates, damaged files set aside."""

from __future__ import annotations

import json
import sqlite3
import zlib
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_stories import COUNCIL, QUAKE_IRAN, QUAKE_MEXICO, document, documents

from reader import cache as cache_mod
from reader import contract, stories
from reader.analysis import analyze, build_source
from reader.cache import ResultCache, default_cache_path
from reader.cli import main
from reader.pipeline import analyze_documents


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(cache_mod.ENV_DIR, raising=False)
    return home


def test_path_getter_creates_nothing_and_honours_the_override(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = default_cache_path()
    assert path.is_relative_to(cache_home) and path.name == cache_mod.CACHE_FILE
    assert not cache_home.exists()
    monkeypatch.setenv(cache_mod.ENV_DIR, str(tmp_path / "elsewhere"))
    assert default_cache_path() == tmp_path / "elsewhere" / cache_mod.CACHE_FILE
    assert not (tmp_path / "elsewhere").exists()


def test_sources_round_trip_exactly() -> None:
    analysis = analyze(None)
    for source in analysis.sources:
        data = cache_mod.encode_source(source)
        assert cache_mod.decode_source(data, source.id, source.path) == source
        profile = stories.profile(source)
        assert cache_mod.decode_profile(cache_mod.encode_profile(profile)) == profile


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=300))
def test_any_text_round_trips(text: str) -> None:
    source = build_source(document("x.txt", text + "\n\nSaid “more than half” of 2,400."), "x")
    assert cache_mod.decode_source(cache_mod.encode_source(source), "x", "x.txt") == source


def test_claims_round_trip_with_other_ids() -> None:
    analysis = analyze(None)
    data = cache_mod.encode_claims(analysis.claims, analysis.sources)
    assert tuple(cache_mod.decode_claims(data, analysis.sources)) == analysis.claims


@pytest.mark.parametrize(
    "refs", [[0, 0, 1, 999], [0, 0, -1, 0], [0, 0, 7, 0], [0, 0, 1], [0, 0], [0, "1", 1, 1]]
)
def test_claims_naming_missing_sentences_are_refused(refs: list) -> None:  # type: ignore[type-arg]
    sources = analyze(None).sources[:2]
    data = json.dumps([4, ["statement"], [None], [2], refs, [0], [], [], []]).encode()
    with pytest.raises(ValueError):
        cache_mod.decode_claims(data, sources)
    good = json.dumps([4, ["statement"], [None], [2], [0, 0, 1, 0], [0], [], [], []]).encode()
    (claim,) = cache_mod.decode_claims(good, sources, 4)
    assert claim.id == "c5" and claim.sentences == (
        sources[0].sentences[0].id,
        sources[1].sentences[0].id,
    )


def source_row(
    text: str,
    paragraphs: list,  # type: ignore[type-arg]
    sentences: list,  # type: ignore[type-arg]
    version: int = 5,
    counts: list | None = None,  # type: ignore[type-arg]
    text_bytes: bytes | None = None,
) -> bytes:
    """A source row as :func:`cache_mod.encode_source` lays it out, without records."""
    counts = counts or [len(paragraphs) // 2, len(sentences) // 4, 0, 0]
    header = [version, None, None, None, None, "h", counts, *[[]] * 8]
    numbers = cache_mod._packed(array("q", paragraphs + sentences))
    return json.dumps(header).encode() + b"\n" + numbers + (text_bytes or text.encode())


def test_a_well_formed_row_decodes() -> None:
    source = cache_mod.decode_source(source_row("text", [0, 4], [0, 4, 0, 0]), "a", "a.txt")
    assert source.text == "text" and source.sentences[0].id == "a:1"


@pytest.mark.parametrize(
    "value",
    [
        b"not json",
        b"[]",
        b"\n",
        source_row("text", [0, 99], []),
        source_row("text", [], [0, 2, 0, 0], counts=[0, 5, 0, 0]),
        source_row("text", [], [0, 2, 0, 0], counts=[0, 1, -1, 0]),
        source_row("text", [], [3, 2, 0, 0]),
        source_row("text", [], [0, 2, 0, 5]),
        source_row("text", [], [0, 2], version=9),
        source_row("text", [], [0, 2], version=4),
        source_row("", [], [0, 2, 0, 0], text_bytes=b"\xff\xfe"),
    ],
)
def test_values_of_the_wrong_shape_are_refused(value: bytes) -> None:
    with pytest.raises(ValueError):
        cache_mod.decode_source(value, "a", "a.txt")


def test_profiles_and_groups_of_the_wrong_shape_are_refused() -> None:
    with pytest.raises(ValueError):
        cache_mod.decode_profile(b'[2, {"a": "heavy"}]')
    with pytest.raises(ValueError):
        cache_mod.decode_groups(cache_mod.encode_groups([[0, 1], [1]], ["a", "b"]), 2)
    with pytest.raises(ValueError):
        cache_mod.decode_groups(cache_mod.encode_groups([[0]], ["a"]), 2)
    good = cache_mod.encode_groups([[1], [0, 2]], ["b", "a"])
    assert cache_mod.decode_groups(good, 3) == ([[1], [0, 2]], ["b", "a"])


def test_keys_follow_content_not_path() -> None:
    a = document("a.txt", "Some text.")
    moved = document("elsewhere/b.txt", "Some text.")
    changed = document("a.txt", "Some other text.")
    assert cache_mod.source_key(a) == cache_mod.source_key(moved)
    assert cache_mod.source_key(a) != cache_mod.source_key(changed)


def test_reopening_an_unchanged_corpus_loads_everything_from_the_cache(tmp_path: Path) -> None:
    store = ResultCache(tmp_path / "cache.sqlite3")
    first_stats: dict[str, int] = {}
    first = analyze_documents(documents(), cache=store, stats=first_stats)
    assert first_stats["sources_built"] == 8 and first_stats["stories_linked"] == 3
    store.close()

    store = ResultCache(tmp_path / "cache.sqlite3")
    stats: dict[str, int] = {}
    again = analyze_documents(documents(), cache=store, stats=stats)
    store.close()
    assert stats["sources_built"] == 0 and stats["sources_cached"] == 8
    assert stats["stories_linked"] == 0 and stats["stories_cached"] == 3
    assert stats["grouping_cached"] == 1 and stats["candidate_pairs"] == 0
    assert contract.dumps(again) == contract.dumps(first)
    assert store.warning is None


def test_adding_one_article_rebuilds_it_and_its_story_only(tmp_path: Path) -> None:
    store = ResultCache(tmp_path / "cache.sqlite3")
    some = {**QUAKE_IRAN, **COUNCIL, **dict(list(QUAKE_MEXICO.items())[:2])}
    analyze_documents(documents(some), cache=store)
    stats: dict[str, int] = {}
    grown = analyze_documents(documents(), cache=store, stats=stats)
    assert stats["sources_built"] == 1 and stats["sources_cached"] == 7
    assert stats["stories_linked"] == 1 and stats["stories_cached"] == 2
    fresh = analyze_documents(documents())
    assert contract.dumps(grown) == contract.dumps(fresh)


def test_renamed_files_reuse_their_results_under_new_ids(tmp_path: Path) -> None:
    store = ResultCache(tmp_path / "cache.sqlite3")
    analyze_documents(documents(), cache=store)
    renamed = [document("renamed/" + p.replace("/", "-"), t) for p, t in COUNCIL.items()]
    stats: dict[str, int] = {}
    result = analyze_documents(renamed, cache=store, stats=stats)
    assert stats["sources_built"] == 0
    assert contract.dumps(result) == contract.dumps(analyze_documents(renamed))


def test_garbage_file_is_set_aside_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"definitely not a database " * 200)
    store = ResultCache(path)
    assert store.persistent
    assert store.warning is not None and "\n" not in store.warning and "corrupt" in store.warning
    aside = list(tmp_path.glob("cache.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"definitely not")
    result = analyze_documents(documents(), cache=store)
    assert len(result.stories) == 3
    store.close()
    again = ResultCache(path)
    assert again.warning is None and again.get_many("source", ["nope"]) == {}
    again.close()


def test_foreign_sqlite_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photos (name) VALUES ('holiday')")
    conn.commit()
    conn.close()
    store = ResultCache(path)
    assert store.persistent and store.warning and "not a reader cache" in store.warning
    aside = list(tmp_path.glob("cache.sqlite3.corrupt-*"))
    assert len(aside) == 1
    kept = sqlite3.connect(aside[0])
    assert kept.execute("SELECT name FROM photos").fetchall() == [("holiday",)]
    kept.close()
    store.put("source", "k", b"v")
    assert store.get("source", "k") == b"v"
    store.close()


@pytest.mark.parametrize("kind", ["source", "claims", "groups", "profile"])
def test_damaged_rows_are_misses_and_are_rebuilt(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "cache.sqlite3"
    store = ResultCache(path)
    first = analyze_documents(documents(), cache=store)
    store.close()
    conn = sqlite3.connect(path)
    # In each row of the kind: a flipped byte (the checksum no longer matches), or a
    # well-formed value of the wrong shape with a right checksum.
    rows = conn.execute("SELECT key, data FROM entries WHERE kind = ?", (kind,)).fetchall()
    assert rows
    wrong = b'[3, "not", "this"]'
    for n, (key, data) in enumerate(rows):
        value = bytes([data[0] ^ 1]) + data[1:] if n % 2 else wrong
        conn.execute(
            "UPDATE entries SET data = ?, crc = ? WHERE kind = ? AND key = ?",
            (value, zlib.crc32(wrong), kind, key),
        )
    conn.commit()
    conn.close()
    store = ResultCache(path)
    stats: dict[str, int] = {}
    again = analyze_documents(documents(), cache=store, stats=stats)
    assert contract.dumps(again) == contract.dumps(first)
    if kind == "source":
        assert stats["sources_built"] == len(rows)
    if kind == "claims":
        assert stats["stories_linked"] == len(rows) and stats["stories_cached"] == 0
    if kind == "groups":
        assert stats["grouping_cached"] == 0
    assert store.warning is None
    store.close()


def test_file_damaged_while_open_is_set_aside_and_the_run_completes(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    store = ResultCache(path)
    store.put_many("source", [(f"k{n}", b"x" * 3000) for n in range(300)])
    store.close()
    size = path.stat().st_size
    with path.open("r+b") as handle:  # scribble over the middle of the file
        handle.seek(size // 3)
        handle.write(b"\xff" * (size // 3))
    store = ResultCache(path)
    values = store.get_many("source", [f"k{n}" for n in range(300)])
    result = analyze_documents(documents(), cache=store)
    assert len(result.stories) == 3
    assert store.warning is not None and "damaged" in store.warning
    assert "\n" not in store.warning
    assert len(list(tmp_path.glob("cache.sqlite3.corrupt-*"))) == 1
    assert all(v == b"x" * 3000 for v in values.values())
    assert store.persistent and store.get("source", "k1") is None
    store.close()


def test_unwritable_cache_dir_works_in_memory_with_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the directory should be", encoding="utf-8")
    store = ResultCache(blocker / "reader" / "cache.sqlite3")
    assert not store.persistent and store.warning and "\n" not in store.warning
    result = analyze_documents(documents(), cache=store)
    assert len(result.stories) == 3


def test_cli_caches_in_the_user_cache_dir_unless_told_not_to(
    cache_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", "--no-cache", "--json"]) == 0
    uncached = capsys.readouterr().out
    assert not default_cache_path().exists()
    assert main(["analyze", "--json"]) == 0
    cached_first = capsys.readouterr()
    assert default_cache_path().exists() and cached_first.err == ""
    assert main(["analyze", "--json", "--jobs", "2"]) == 0
    assert cached_first.out == capsys.readouterr().out == uncached


def test_cli_warns_once_about_a_damaged_cache(
    cache_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = default_cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 500)
    assert main(["analyze"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "result cache" in err
    assert main(["analyze"]) == 0
    assert capsys.readouterr().err == ""
