"""A 10,000-source analysis opens and the keys work (no timing: see benchmarks/tui_latency.py)."""

from __future__ import annotations

import pytest
from tui_helpers import active, make_app
from tui_story import synthetic_analysis

SIZE = (120, 40)


@pytest.mark.parametrize("stories", [300, 1], ids=["300-stories", "one-story"])
async def test_ten_thousand_sources_open_and_J_moves(stories: int) -> None:
    analysis = synthetic_analysis(sources=10_000, stories=stories)
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.main
        view = main.articles.view
        assert len(view) == len(analysis.stories[0].sources) >= 10_000 // stories
        assert active(app)[0] == analysis.sources[view[0]].id
        await pilot.press("J", "J")
        await pilot.pause()
        assert active(app)[0] == analysis.sources[view[2]].id
        assert main.articles.cursor == 2
        await pilot.press("shift+tab", "G")  # the article list, last row
        await pilot.pause()
        assert main.articles.cursor == len(view) - 1
        assert active(app)[0] == analysis.sources[view[-1]].id
