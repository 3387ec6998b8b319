"""Several stories: the story list filters the articles, the matrix and the keys to one story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import active, make_app
from tui_story import two_stories

from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen
from reader.tui.screens.matrix import MatrixScreen
from reader.tui.widgets.coverage_table import CoverageTable

SIZE = (120, 40)
LIBRARY = "Council votes to close four library branches"
FERRY = "Island ferry suspended after storm damages pier"


async def open_ferry_story(app: ReaderApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("shift+tab", "shift+tab")  # reading pane -> articles -> stories
    await pilot.pause()
    assert app.focused is app.main.stories
    await pilot.press("j")
    await pilot.pause()


async def test_the_story_list_shows_stories_and_filters_the_articles() -> None:
    app = make_app(two_stories())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.main
        assert main.has_class("-stories") and main.stories.region.height > 0
        assert main.stories.row_count == 2
        assert app.title == LIBRARY and app.sub_title.startswith("story 1/2 · 3 sources")
        assert main.articles.view == (0, 1, 2)
        await open_ferry_story(app, pilot)
        assert main.view == 1 and app.title == FERRY
        assert app.sub_title == "story 2/2 · 2 sources · 2 shared · 1 differ"
        assert main.articles.view == (3, 4)
        assert active(app) == ("harbour", "harbour:1")
        assert main.reading.border_title is not None
        assert str(main.reading.border_title) == "1 Harbour Times"
        await pilot.press("k")
        await pilot.pause()
        assert main.view == 0 and active(app) == ("ledger", "ledger:1")


async def test_enter_on_a_story_moves_to_its_articles() -> None:
    app = make_app(two_stories())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_ferry_story(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.main.articles
        await pilot.press("j")
        await pilot.pause()
        assert active(app) == ("courier", "courier:1")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["J"], ("courier", "courier:1")),
        (["J", "J"], ("courier", "courier:1")),
        (["K"], ("harbour", "harbour:1")),
        (["2"], ("courier", "courier:1")),
        (["3"], ("harbour", "harbour:1")),
    ],
)
async def test_article_keys_stay_in_the_story(keys: list[str], expected: tuple[str, str]) -> None:
    app = make_app(two_stories())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_ferry_story(app, pilot)
        app.main.reading.focus()
        await pilot.press(*keys)
        await pilot.pause()
        assert active(app) == expected
        assert app.main.view == 1


async def test_d_visits_the_discrepancies_of_the_current_story_only() -> None:
    app = make_app(two_stories())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        visited = []
        for _ in range(3):
            await pilot.press("d")
            await pilot.pause()
            visited.append(active(app))
        assert visited == [("wire", "wire:2"), ("wire", "wire:3"), ("wire", "wire:2")]
        await open_ferry_story(app, pilot)
        app.main.reading.focus()
        await pilot.press("d", "d")
        await pilot.pause()
        assert active(app) == ("courier", "courier:2")


async def test_a_search_match_in_another_story_switches_to_it() -> None:
    app = make_app(two_stories())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"pier", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert active(app) == ("harbour", "harbour:1")
        assert app.main.view == 1 and app.title == FERRY
        assert app.main.articles.cursor == 0
        assert app.main.stories.cursor == 1
        await pilot.press("b")
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:1") and app.main.view == 0


async def test_the_matrix_shows_the_current_story() -> None:
    app = make_app(two_stories())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_ferry_story(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        table = app.screen.query_one(CoverageTable)
        assert table.sources == [3, 4]
        assert [claim.id for claim in table.claims] == ["ferry-1", "ferry-2"]
        await pilot.press("j", "l", "enter")
        await pilot.pause()
        assert active(app) == ("courier", "courier:2")


async def test_export_writes_the_current_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(two_stories())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_ferry_story(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = "ferry.json"
        await pilot.press("enter")
        await pilot.pause()
    report = json.loads((tmp_path / "ferry.json").read_text(encoding="utf-8"))
    assert [story["id"] for story in report["stories"]] == ["story-2"]
    assert [s["id"] for s in report["stories"][0]["sources"]] == ["harbour", "courier"]


async def test_one_story_has_no_story_list(story) -> None:  # type: ignore[no-untyped-def]
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.main.has_class("-stories")
        assert app.main.stories.region.height == 0
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert app.focused is not app.main.stories
