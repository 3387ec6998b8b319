"""The header, footer and progress line: what they show and what a click on them does."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from tui_helpers import active, make_app, pane

from reader.model import Analysis
from reader.tui.screens.matrix import MatrixScreen
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.progress_line import ProgressLine
from reader.tui.widgets.title_bar import TitleBar


def footer_text(footer: KeyFooter) -> str:
    return footer.render().plain


async def test_footer_shows_the_screen_keys_and_the_palette_on_the_right(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.main.query_one(KeyFooter)
        text = footer_text(footer)
        assert text.startswith("n Next o Other d Differs / Search m Matrix e Export q Quit ? Help ")
        assert text.endswith("▏^p palette ") and len(text) == 120
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        matrix_footer = footer_text(app.screen.query_one(KeyFooter))
        assert "esc Back to reading" in matrix_footer and "Next" not in matrix_footer


async def test_clicking_a_footer_key_presses_it(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = (active(app), pane(app).stop)
        footer = app.main.query_one(KeyFooter)
        (next_key,) = [key for key in footer.keys if key.description == "Next"]
        await pilot.click(KeyFooter, offset=(next_key.start, 0))
        await pilot.pause()
        assert (active(app), pane(app).stop) != first
        (matrix_key,) = [key for key in footer.keys if key.description == "Matrix"]
        await pilot.click(KeyFooter, offset=(matrix_key.end - 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)


async def test_hovering_a_footer_key_gives_its_tooltip(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = app.main.query_one(KeyFooter)
        (matrix_key,) = [key for key in footer.keys if key.description == "Matrix"]
        await pilot.hover(KeyFooter, offset=(matrix_key.start + 1, 0))
        await pilot.pause()
        assert footer.tooltip == "Coverage matrix: which source makes which statement"
        await pilot.hover(KeyFooter, offset=(footer.size.width // 2 + 20, 0))  # between keys
        await pilot.pause()
        assert footer.tooltip is None


async def test_footer_shows_remapped_keys(
    isolated_home: Path, tmp_path: Path, story: Analysis
) -> None:
    config = tmp_path / "xdg_config_home" / "reader"
    config.mkdir(parents=True)
    (config / "keys.toml").write_text('next_claim = "x"\nmatrix = "ctrl+t"\n')
    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = footer_text(app.main.query_one(KeyFooter))
        assert "x Next " in text and "^t Matrix" in text
        assert "n Next" not in text and "m Matrix" not in text


async def test_narrow_footer_keeps_the_palette_key(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        footer = app.main.query_one(KeyFooter)
        text = footer_text(footer)
        assert len(text) == 40 and text.endswith("▏^p palette ")
        assert all(key.end <= 40 for key in footer.keys)


async def test_header_shows_the_story_and_its_icon_opens_the_palette(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        header = app.main.query_one(TitleBar)
        text = header.render().plain
        assert text.startswith(" ≡ ") and len(text) == 120
        assert f"{app.title} — {app.sub_title}" in text
        await pilot.click(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert header.has_class("-tall") and header.size.height == 3
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_header_follows_the_title_and_shortens_it(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        app.title = "[bold]A very long title that cannot fit in the header at this width"
        await pilot.pause()
        text = app.main.query_one(TitleBar).render().plain
        assert len(text) == 60 and "[bold]A very long" in text and "…" in text


async def test_progress_line_shows_label_bar_and_percentage(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.main.show_progress("Cleaning articles", 3, 7)
        await pilot.pause()
        line = app.main.query_one(ProgressLine)
        assert line.display and line.region.height == 1
        text = line.render().plain
        assert text.startswith("Cleaning articles ━") and text.endswith("  43%")
        assert len(text) == line.size.width
        app.main.show_progress("Reading articles")
        assert line.render().plain == "Reading articles"
        app.main.hide_progress()
        await pilot.pause()
        assert line.region.height == 0
