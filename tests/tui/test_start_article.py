"""A launch over the same articles shows the article it starts on before the engine has read."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tui_helpers import active, pane

from reader import cache
from reader.model import Source
from reader.state import StateStore
from reader.tui.app import ReaderApp


@pytest.fixture
def held_engine(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The engine waits, before reading anything, until the returned event is set."""
    analysis = pytest.importorskip("reader.analysis")
    release = threading.Event()
    real = analysis.analyze

    def held(*args, **options):  # type: ignore[no-untyped-def]
        release.wait(timeout=60)
        return real(*args, **options)

    monkeypatch.setattr(analysis, "analyze", held)
    return release


async def first_launch(paths: list[str], state: StateStore, *, moves: int = 0) -> str:
    """Run the reader over ``paths`` until the story shows, move down ``moves`` lines, quit;
    the text of the article it showed."""
    app = ReaderApp(paths, state=state)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        for _ in range(moves):
            await pilot.press("j")
        await pilot.pause()
        source = pane(app).source
        assert source is not None
        await pilot.press("q")
    return source.text


async def launched_once(articles: list[str], held_engine: threading.Event) -> StateStore:
    """The read state after one launch over ``articles`` (the engine let through, then held)."""
    state = StateStore()
    held_engine.set()
    await first_launch(articles, state)
    held_engine.clear()
    return state


async def test_the_start_article_shows_before_the_engine_reads_and_stays_open(
    articles: list[str], held_engine: threading.Event
) -> None:
    state = StateStore()
    held_engine.set()
    text = await first_launch(articles, state, moves=2)
    held_engine.clear()

    app = ReaderApp(articles, state=state)
    app.progress_delay = 3600  # the engine is held: no progress line until the delay is up
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reading = pane(app)
        assert app.analysis is None and reading.source is not None
        assert reading.source.text == text and reading.source.figures
        assert reading.sentence_index == 2  # where the last session left it
        assert not app.main.has_class("-busy") and not app.main.query("#progress")
        shown = "\n".join(reading.render_line(y).text for y in range(reading.size.height))
        assert "The ferry service to the island" in shown
        await pilot.press("e")  # one article is no story to export
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["No story to export yet."]
        await pilot.press("j")
        await pilot.pause()
        before = active(app)

        held_engine.set()
        await app.analysis_settled.wait()
        await pilot.pause()
        assert app.analysis is not None and app.main.story.linked
        assert len(app.main.articles.view) == len(articles)
        assert active(app) == before


async def test_a_warm_start_shows_progress_only_once_its_delay_is_up(
    articles: list[str], held_engine: threading.Event
) -> None:
    state = await launched_once(articles, held_engine)

    app = ReaderApp(articles, state=state)
    app.progress_delay = 3600
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert pane(app).source is not None and app.analysis is None
        assert not app.main.has_class("-busy")
        app._end_progress_hold()  # what the delay's timer calls, without waiting an hour
        await pilot.pause()
        assert app.main.has_class("-busy")
        assert app.main.progress.label == "Reading articles"
        held_engine.set()
        await app.analysis_settled.wait()
        await pilot.pause()
        assert not app.main.has_class("-busy")


async def test_a_changed_file_or_no_cache_shows_nothing_before_the_engine(
    articles: list[str], held_engine: threading.Event
) -> None:
    state = await launched_once(articles, held_engine)
    start = Path(articles[0])
    start.write_text(start.read_text(encoding="utf-8") + "\nA late correction.\n", "utf-8")

    for options in ({}, {"cache": False}):
        app = ReaderApp(articles, state=state, **options)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert pane(app).source is None
            held_engine.set()
            await app.analysis_settled.wait()
            await pilot.pause()
            assert "A late correction." in pane(app).source.text
            held_engine.clear()


def test_the_start_entry_is_checked_against_the_engine_and_the_file(
    articles: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.analysis import analyze

    source = analyze(articles).sources[0]
    store = tmp_path / "cache.sqlite3"
    cache.write_start(articles, source, store)
    assert not store.exists()  # only into a cache the engine made
    cache.ResultCache(store).close()
    cache.write_start(articles, source, store)

    assert cache.read_start(articles, store) == source
    assert cache.read_start(list(reversed(articles)), store) == source  # order does not matter
    assert cache.read_start(articles[:1], store) is None  # other inputs
    assert cache.read_start(articles, tmp_path / "missing.sqlite3") is None
    assert not (tmp_path / "missing.sqlite3").exists()

    stat = os.stat(source.path)
    os.utime(source.path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cache.read_start(articles, store) is None  # the file changed
    cache.write_start(articles, source, store)
    assert cache.read_start(articles, store) == source

    monkeypatch.setattr(cache, "ENGINE_VERSION", "another engine")
    cache.engine_stamp.cache_clear()
    assert cache.read_start(articles, store) is None
    cache.engine_stamp.cache_clear()


@pytest.fixture
def engine_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the engine's files that the start entry's engine stamp is taken from."""
    copy = tmp_path / "engine"
    copy.mkdir()
    for path in Path(cache._ENGINE_DIR).iterdir():
        if path.suffix in {".py", ".json"}:
            shutil.copy2(path, copy / path.name)
    monkeypatch.setattr(cache, "_ENGINE_DIR", str(copy))
    cache.engine_stamp.cache_clear()
    yield copy
    cache.engine_stamp.cache_clear()


def test_a_changed_engine_file_invalidates_the_start_entry(
    articles: list[str], tmp_path: Path, engine_copy: Path
) -> None:
    """Each engine process takes the stamp once (cache_clear here stands for a new process)."""
    from reader.analysis import analyze

    source = analyze(articles).sources[0]
    store = tmp_path / "cache.sqlite3"
    cache.ResultCache(store).close()

    def stored_then_read(change: Callable[[], object]) -> Source | None:
        cache.write_start(articles, source, store)
        assert cache.read_start(articles, store) == source
        change()
        cache.engine_stamp.cache_clear()
        return cache.read_start(articles, store)

    module = engine_copy / "linking.py"
    stat = module.stat()
    # The content changed: so did the size, or (same size) the modification time.
    assert stored_then_read(lambda: module.write_bytes(module.read_bytes() + b"#")) is None
    assert (
        stored_then_read(
            lambda: os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        )
        is None
    )
    assert stored_then_read(lambda: (engine_copy / "newpart.py").write_text("")) is None
    assert stored_then_read(lambda: (engine_copy / "cli.py").write_text("# not engine")) == source
    assert stored_then_read(lambda: None) == source


def test_the_start_entry_holds_its_inputs(
    articles: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sets of inputs whose keys collide never show each other's article."""
    from reader.analysis import analyze

    source = analyze(articles).sources[0]
    store = tmp_path / "cache.sqlite3"
    cache.ResultCache(store).close()
    monkeypatch.setattr(cache, "start_key", lambda paths: "one key for all")
    cache.write_start(articles, source, store)
    assert cache.read_start(articles, store) == source
    assert cache.read_start(articles[:1], store) is None
    assert cache.read_start([*articles, "https://example.org/feed"], store) is None
