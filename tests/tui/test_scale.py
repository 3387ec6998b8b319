"""Large inputs open and the keys work (no timing here: see benchmarks/tui_latency.py).

10,000 sources, a statement 2,000 sources share, a one-megabyte sentence.
"""

from __future__ import annotations

import pytest
from tui_helpers import active, make_app, pane
from tui_story import run_on_analysis, synthetic_analysis

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


async def test_a_statement_two_thousand_sources_share_lists_every_one() -> None:
    analysis = synthetic_analysis(sources=2_000, stories=1)  # one lede shared by all
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        claims = app.main.claims
        members = claims.members
        assert len(members) == claims.entries.count == 1_999
        await pilot.press("tab", "G")  # the side panel's last entry
        await pilot.pause()
        assert claims.selected_sentence_id == members[-1]
        await pilot.press("j")  # down from the last wraps round to the first
        await pilot.pause()
        assert claims.selected_sentence_id == members[0]
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        followed = claims.selected_sentence_id
        assert followed not in (None, members[0], members[-1])
        await pilot.press("o")
        await pilot.pause()
        assert active(app)[1] == followed


async def test_a_one_megabyte_sentence_opens_and_every_key_works() -> None:
    analysis = run_on_analysis()
    words = analysis.sources[0].text
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reading = pane(app)
        assert active(app) == ("big", "big:1")
        first = "".join(segment.text for segment in reading.render_line(0)).strip()
        assert words.startswith(first) and len(first) > 20
        await pilot.press("j", "k", "n", "n")
        await pilot.pause()
        stop = reading.stop
        assert stop is not None and words[stop.start : stop.end] == "10%"  # the second figure
        await pilot.press("G", "pagedown", "end", "home")
        await pilot.pause()
        assert active(app) == ("big", "big:1")
        await pilot.press("J")
        await pilot.pause()
        assert active(app) == ("small", "small:1")
        await pilot.press("K", "j")
        await pilot.pause()
        assert active(app) == ("big", "big:1")
