"""Every key of the issue's table, on a hand-built story with known answers."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_helpers import active, make_app, pane

from reader.model import Analysis
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.matrix import MatrixScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.widgets.claim_panel import ClaimPanel

SIZE = (120, 40)


def stop_text(app) -> str | None:
    reading = pane(app)
    if reading.stop is None or reading.source is None:
        return None
    return reading.source.text[reading.stop.start : reading.stop.end]


async def test_starts_on_first_source_and_sentence(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:1")
        assert app.focused is pane(app)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["down"], "ledger:2"),
        (["j"], "ledger:2"),
        (["j", "j", "up"], "ledger:2"),
        (["j", "j", "k"], "ledger:2"),
        (["G"], "ledger:5"),
        (["end"], "ledger:5"),
        (["G", "g"], "ledger:1"),
        (["G", "home"], "ledger:1"),
        (["pagedown"], "ledger:5"),
        (["pagedown", "pageup"], "ledger:1"),
        (["k"], "ledger:1"),
        (["G", "j"], "ledger:5"),
    ],
)
async def test_moving_within_the_reading_pane(
    story: Analysis, keys: list[str], expected: str
) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert active(app) == ("ledger", expected)


async def test_n_and_N_visit_every_highlight_in_reading_order(story: Analysis) -> None:
    app = make_app(story)
    expected = [
        ("ledger:1", "four"),
        ("ledger:2", "The plan will save £2.1m a year, officials said."),
        ("ledger:2", "£2.1m a year"),
        (
            "ledger:3",
            "Council leader Ana Ruiz said: “We had no choice but to make hard decisions.”",
        ),
        ("ledger:3", "“We had no choice but to make hard decisions.”"),
        ("ledger:4", "About 60% of residents opposed the closures in a consultation."),
        ("ledger:4", "About 60%"),
    ]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for sentence, surface in expected:
            await pilot.press("n")
            await pilot.pause()
            assert active(app) == ("ledger", sentence)
            assert stop_text(app) == surface
        await pilot.press("n")  # no further highlight: stays put
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:4") and stop_text(app) == "About 60%"
        for sentence, surface in reversed(expected[:-1]):
            await pilot.press("N")
            await pilot.pause()
            assert active(app) == ("ledger", sentence)
            assert stop_text(app) == surface


async def test_side_panel_follows_the_cursor(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        claims = app.main.query_one(ClaimPanel)
        assert claims.selected_sentence_id == "wire:1"
        assert claims.members == ("wire:1", "post:1")
        assert claims.entries.count == 2
        await pilot.press("n", "n")  # onto the plan-will-save sentence
        await pilot.pause()
        assert claims.members == ("wire:4",)
        await pilot.press("G")  # an unshared sentence
        await pilot.pause()
        assert claims.entries.count == 0
        assert claims.selected_sentence_id is None


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["J"], ("wire", "wire:1")),
        (["J", "J"], ("post", "post:1")),
        (["J", "J", "J"], ("post", "post:1")),
        (["J", "K"], ("ledger", "ledger:1")),
        (["K"], ("ledger", "ledger:1")),
        (["2"], ("wire", "wire:1")),
        (["3"], ("post", "post:1")),
        (["3", "1"], ("ledger", "ledger:1")),
        (["9"], ("ledger", "ledger:1")),
    ],
)
async def test_switching_articles(
    story: Analysis, keys: list[str], expected: tuple[str, str]
) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert active(app) == expected


async def test_article_switch_keeps_each_sources_position(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "J", "j", "K")
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:3")
        await pilot.press("J")
        await pilot.pause()
        assert active(app) == ("wire", "wire:2")


async def test_J_and_K_work_from_the_side_panel(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.main.query_one(ClaimPanel).entries
        await pilot.press("J")
        await pilot.pause()
        assert active(app) == ("wire", "wire:1")


async def test_o_follows_the_selected_entry_and_b_goes_back(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert active(app) == ("wire", "wire:1")
        await pilot.press("b")
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:1")
        await pilot.press("j", "j", "j", "o")  # "About 60%": first other source is the wire
        await pilot.pause()
        assert active(app) == ("wire", "wire:3")
        await pilot.press("o")  # from the wire, first other is the ledger
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:4")
        await pilot.press("backspace")
        await pilot.pause()
        assert active(app) == ("wire", "wire:3")
        await pilot.press("b")
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:4")
        await pilot.press("b")  # history is empty now: nothing happens
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:4")


async def test_o_follows_the_entry_highlighted_in_the_side_panel(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", "j")  # side panel, second entry
        await pilot.pause()
        assert app.main.query_one(ClaimPanel).selected_sentence_id == "post:1"
        await pilot.press("o")
        await pilot.pause()
        assert active(app) == ("post", "post:1")


async def test_enter_on_a_side_panel_entry_jumps_there(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", "down", "enter")
        await pilot.pause()
        assert active(app) == ("post", "post:1")
        await pilot.press("b")
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:1")


async def test_tab_and_shift_tab_cycle_the_panes(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        order = []
        for _ in range(3):
            await pilot.press("tab")
            await pilot.pause()
            order.append(app.focused.id if app.focused else None)
        assert order == ["claim-entries", "articles", "reading"]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "articles"
        assert active(app) == ("ledger", "ledger:1")


async def test_article_list_moves_with_j_k_and_opens_on_enter(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("shift+tab")
        await pilot.press("j")
        await pilot.pause()
        assert active(app) == ("wire", "wire:1")
        await pilot.press("G")
        await pilot.pause()
        assert active(app) == ("post", "post:1")
        await pilot.press("k", "enter")
        await pilot.pause()
        assert active(app) == ("wire", "wire:1")
        assert app.focused is pane(app)


async def test_clicking_an_article_opens_it(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        articles = app.main.articles
        # Rows: ledger takes three lines (title wraps), wire starts below it.
        for y in range(1, articles.size.height):
            await pilot.click(articles, offset=(3, y))
            await pilot.pause()
            if active(app)[0] == "post":
                break
        assert active(app) == ("post", "post:1")
        assert app.focused is pane(app)


async def test_d_visits_discrepancies_across_the_story(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        visited = []
        for _ in range(3):
            await pilot.press("d")
            await pilot.pause()
            visited.append(active(app))
        assert visited == [("wire", "wire:2"), ("wire", "wire:3"), ("wire", "wire:2")]
        await pilot.press("b")
        await pilot.pause()
        assert active(app) == ("wire", "wire:3")


async def test_search_jumps_to_match_and_n_N_move_between_matches(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("6", "0", "%")
        await pilot.pause()
        assert len(app.screen.matches) == 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert active(app) == ("ledger", "ledger:4") and stop_text(app) == "60%"
        await pilot.press("n")
        await pilot.pause()
        assert active(app) == ("post", "post:2") and stop_text(app) == "60%"
        await pilot.press("n")
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:4")
        await pilot.press("N")
        await pilot.pause()
        assert active(app) == ("post", "post:2")
        await pilot.press("escape", "n")  # search cleared: n is the next highlight again
        await pilot.pause()
        assert active(app) == ("post", "post:3") and stop_text(app) == "120"


async def test_search_picks_the_highlighted_result(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"decisions", "down", "enter")
        await pilot.pause()
        assert active(app) == ("wire", "wire:2")


async def test_search_escape_and_empty_query_change_nothing(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"zzz", "enter", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert active(app) == ("ledger", "ledger:1")


async def test_matrix_opens_on_current_statement_and_enter_jumps(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "j")  # ledger:4, the 60% statement
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        table = app.screen.query_one("#matrix")
        assert table.cursor_coordinate == (3, 0)
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert active(app) == ("post", "post:2")
        await pilot.press("b")
        await pilot.pause()
        assert active(app) == ("ledger", "ledger:4")


async def test_matrix_absent_cell_stays_and_escape_returns(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m", "j", "l", "l", "enter")  # the plan statement, Evening Post: absent
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert active(app) == ("ledger", "ledger:1")


async def test_help_lists_every_binding_and_closes(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for _title, bindings in app.help_sections():
            for binding in bindings:
                if binding.id and not binding.id.startswith("open_source_"):
                    assert binding.id in text
        assert "open_source_1…9" in text
        for needed in ("next_claim", "follow", "back", "next_discrepancy", "matrix", "quit"):
            assert needed in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_keys_can_be_remapped_by_id(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.set_keymap({"next_article": "ctrl+n"})
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert active(app) == ("wire", "wire:1")


async def test_q_quits_with_exit_code_zero(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_in_the_search_box_types_instead_of_quitting(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "q")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "q"
        assert app.is_running
