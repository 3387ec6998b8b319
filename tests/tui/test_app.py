"""Loading, hostile text, resizing and remembered state."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from textual.strip import Strip
from tui_helpers import active, make_app, pane
from tui_story import library_story, make_source

from reader.model import Analysis
from reader.state import StateStore
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def strip_texts(strips: list[Strip]) -> list[str]:
    return [segment.text for strip in strips for segment in strip]


def has_control(text: str) -> bool:
    return any(
        (ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E
        for c in text
    )


def hostile_story(text: str) -> Analysis:
    paragraphs = [[p] for p in text.split("\n\n") if p.strip()]
    hostile = make_source(
        "hostile",
        title=paragraphs[0][0],
        outlet="[red]Evil[/red] \x1b[2J News",
        date="\x1b]8;;https://x/\x1b\\2024\x1b]8;;\x1b\\",
        paragraphs=paragraphs[1:],
        figures=("85%",),
        quotes=(("\u201cWe will not [b]bow[/b]", "[bold]Jo Bloggs\x1b[0m", "Mayor Jo Bloggs"),),
    )
    base = library_story()
    return Analysis(sources=(hostile, *base.sources), claims=base.claims)


async def test_hostile_article_shows_literally_and_cannot_quit(hostile_text: str) -> None:
    assert "\x1b[2J" in hostile_text and "\x1b]8;;" in hostile_text
    app = make_app(hostile_story(hostile_text))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reading = pane(app)
        assert reading.source is not None and reading.source.id == "hostile"
        await pilot.press("n", "n", "j", "G", "g", "tab", "shift+tab")
        await pilot.pause()
        lines = [reading.render_line(y) for y in range(reading.size.height)]
        shown = "\n".join("".join(strip_texts([line])) for line in lines)
        assert "[bold]bold markup[/bold]" in shown
        assert "[@click=app.quit]click action[/]" in shown
        assert "[link=https://evil.example]a link[/link]" in shown
        assert "␛[31mred text␛[0m" in shown
        assert "␛[2J␛[H" in shown
        assert "␛]8;;https://evil.example/␛\\click me" in shown
        assert "[b]bow[/b]" in shown
        assert not any(has_control(text) for text in strip_texts(lines))
        # Clicking where the click action is written must not run it.
        row = next(y for y, line in enumerate(lines) if "[@click=" in line.text)
        column = lines[row].text.index("[@click=") + 3
        await pilot.click(reading, offset=(column + 1, row + 1))
        await pilot.pause()
        assert app.is_running
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\x07" not in screen and "\x9b" not in screen
        assert "[red]Evil[/red]" in screen
    assert app.return_code is None


async def test_hostile_file_through_the_engine_and_worker() -> None:
    pytest.importorskip("reader.analysis")
    app = ReaderApp([str(FIXTURES / "hostile_markup.txt")], state=StateStore())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        reading = pane(app)
        assert reading.source is not None
        shown = "\n".join(reading.render_line(y).text for y in range(reading.size.height))
        assert "[@click=app.quit]click action[/]" in shown
        assert "\x1b" not in shown
        await pilot.press("n", "j", "d", "m", "escape")
        await pilot.pause()
        assert app.is_running


async def test_worker_failure_is_shown_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = pytest.importorskip("reader.analysis")

    def broken(paths=None, *, progress=None, **options):  # type: ignore[no-untyped-def]
        if progress is not None:
            progress(1, 3)
        raise RuntimeError("disk \x1b[2J on fire")

    monkeypatch.setattr(analysis, "analyze", broken)
    app = ReaderApp(["nowhere.txt"], state=StateStore())
    async with app.run_test(size=(80, 24)) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        reading = pane(app)
        shown = "\n".join(reading.render_line(y).text for y in range(reading.size.height))
        assert "Analysis failed: disk ␛[2J on fire" in shown
        await pilot.press("n", "j", "J", "d", "o", "b", "m", "slash")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_empty_analysis_shows_a_message() -> None:
    app = make_app(Analysis(sources=(), claims=()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", "j", "J", "1", "d", "o", "b", "m", "slash", "question_mark")
        await pilot.pause()
        assert app.is_running


async def test_resizing_down_to_40x12_and_back_never_crashes(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for width, height in [(80, 24), (40, 12), (20, 6), (12, 3), (160, 45), (40, 12)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.press("n", "j", "pagedown", "o", "b", "J", "tab")
            await pilot.pause()
        assert app.is_running
        assert not app.main.articles.display or app.main.articles.size.width == 0
        await pilot.press("K", "K")
        await pilot.pause()
        assert active(app)[0] == "ledger"


async def test_narrow_layout_stacks_the_side_panel_under_the_text(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reading = app.main.reading.region
        claims = app.main.claims.region
        assert claims.y >= reading.bottom
        assert app.main.articles.region.width > 0


async def test_read_state_and_position_survive_a_restart(tmp_path: Path, story: Analysis) -> None:
    path = tmp_path / "state.sqlite3"
    store = StateStore(path)
    app = make_app(story, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("J", "j", "j", "q")
        await pilot.pause()
    store.close()

    store = StateStore(path)
    again = make_app(story, store)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert active(again) == ("wire", "wire:3")
        assert [again.main.articles.is_read(n) for n in range(3)] == [True, True, False]
        await pilot.press("K")
        await pilot.pause()
        assert active(again) == ("ledger", "ledger:1")
    store.close()


async def test_default_state_lives_in_the_isolated_data_dir(
    tmp_path: Path, story: Analysis
) -> None:
    app = ReaderApp(analysis=story)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.state.persistent
        assert app.state.path is not None and app.state.path.is_relative_to(tmp_path)
    app.state.close()


async def test_unusable_data_dir_warns_once_and_keeps_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, story: Analysis
) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    app = ReaderApp(analysis=story)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.state.persistent
        assert [n.message for n in app._notifications] == [app.state.warning]
        await pilot.press("J", "q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize(("cache", "jobs"), [(True, None), (False, 2)])
async def test_cache_and_jobs_reach_the_engine(
    cache: bool, jobs: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    analysis = pytest.importorskip("reader.analysis")
    folder = tmp_path / "cache"
    monkeypatch.setenv("READER_CACHE_DIR", str(folder))
    article = tmp_path / "ferry.txt"
    article.write_text(
        "Harbour Times\n\nThe ferry to the island was suspended on Monday.\n", encoding="utf-8"
    )
    seen: list[dict[str, object]] = []
    real = analysis.analyze

    def recording(paths=None, **options):  # type: ignore[no-untyped-def]
        seen.append(options)
        return real(paths, **options)

    monkeypatch.setattr(analysis, "analyze", recording)
    app = ReaderApp([str(article)], state=StateStore(), cache=cache, jobs=jobs)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        assert pane(app).source is not None
    (options,) = seen
    assert options["jobs"] == jobs
    assert (options["cache"] is not None) is cache
    assert (folder / "cache.sqlite3").exists() is cache


async def test_state_write_failing_mid_session_is_notified_and_reading_goes_on(
    tmp_path: Path,
) -> None:
    state = StateStore(tmp_path / "state.sqlite3")
    app = make_app(library_story(), state)
    notes: list[str] = []
    app.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = active(app)[0]
        state._conn.close()  # the disk goes away under the running app
        await pilot.press("J")
        await pilot.pause()
        await pilot.pause()
        assert active(app)[0] != first
        assert any("will not be saved" in note for note in notes)
        await pilot.press("K")
        await pilot.pause()
        assert active(app)[0] == first
        assert sum("will not be saved" in note for note in notes) == 1


async def test_garbage_collection_is_back_on_once_the_first_frame_is_drawn(
    story: Analysis,
) -> None:
    assert gc.isenabled()
    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
    assert gc.isenabled()


@pytest.mark.parametrize("enabled", [True, False])
def test_importing_the_interface_leaves_garbage_collection_as_it_was(enabled: bool) -> None:
    """The import pauses collection (reader.tui.app) and restores it, in a fresh interpreter."""
    code = (
        "import gc\n"
        f"gc.enable() if {enabled} else gc.disable()\n"
        "import reader.tui.app\n"
        f"assert gc.isenabled() is {enabled}\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
