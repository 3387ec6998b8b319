"""The reading pane's own scrollbar: its last column, moved by the wheel and the mouse."""

from __future__ import annotations

from textual import events
from tui_helpers import make_app, pane

from reader.model import Analysis
from reader.tui.widgets.reading_pane import ReadingPane

SIZE = (120, 40)


def bar(reading: ReadingPane) -> list[bool]:
    """For each visible row, whether the bar's cell is part of the thumb."""
    width = reading.scrollable_content_region.width
    cells = []
    for y in range(reading.scrollable_content_region.height):
        line = reading.render_line(y)
        assert line.cell_length == width
        (cell,) = list(line.crop(width - 1, width))
        cells.append(bool(cell.text.strip()) or bool(cell.style and cell.style.reverse))
    return cells


def bar_x(reading: ReadingPane) -> int:
    """The bar's column, as an offset into the pane's region (its border included)."""
    return reading.scrollable_content_region.width


async def test_the_bar_shows_which_part_of_the_article_is_in_view(seeds: Analysis) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reading = pane(app)
        assert reading.virtual_size.height > reading.scrollable_content_region.height
        top = bar(reading)
        assert top[0] and not top[-1] and sum(top) < len(top)
        text_width = reading.scrollable_content_region.width - 1
        assert all(line[1] - line[0] <= text_width for line in reading._lines)
        await pilot.press("G")
        await pilot.pause()
        assert reading.scroll_offset.y > 0
        bottom = bar(reading)
        assert bottom[-1] and not bottom[0]


async def test_the_wheel_scrolls_the_text_and_leaves_the_cursor(seeds: Analysis) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reading = pane(app)
        sentence = reading.sentence_index
        reading.post_message(events.MouseScrollDown(reading, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert reading.scroll_offset.y == app.scroll_sensitivity_y
        reading.post_message(events.MouseScrollUp(reading, 5, 5, 0, -1, 0, False, False, False))
        await pilot.pause()
        assert reading.scroll_offset.y == 0
        assert reading.sentence_index == sentence


async def test_a_click_on_the_track_pages_and_the_thumb_drags(seeds: Analysis) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reading = pane(app)
        sentence = reading.sentence_index
        height = reading.scrollable_content_region.height
        below = bar(reading).index(False) + 1  # under the thumb (offsets count the border)
        await pilot.click(reading, offset=(bar_x(reading), below + 1))
        await pilot.pause()
        paged = reading.scroll_offset.y
        assert paged == min(height, reading.max_scroll_y)
        assert reading.sentence_index == sentence  # the click was the bar's, not the text's

        thumb = bar(reading).index(True) + 1
        await pilot.mouse_down(reading, offset=(bar_x(reading), thumb))
        assert app.mouse_captured is reading
        await pilot.hover(reading, offset=(bar_x(reading), thumb - 3))
        await pilot.pause()
        assert reading.scroll_offset.y < paged
        await pilot.mouse_up(reading, offset=(bar_x(reading), thumb - 3))
        await pilot.pause()
        assert app.mouse_captured is None
