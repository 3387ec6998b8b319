"""The key table on the bundled seeds, with expectations read from the engine's analysis."""

from __future__ import annotations

from tui_helpers import active, make_app, pane

from reader.model import Analysis, Source
from reader.tui.screens.main import MainScreen
from reader.tui.screens.matrix import MatrixScreen

SIZE = (120, 40)


def sentence_id(analysis: Analysis, source: int, sentence: int) -> tuple[str, str]:
    src = analysis.sources[source]
    return src.id, src.sentences[sentence].id


def highlights(analysis: Analysis, source: Source) -> list[tuple[int, int]]:
    """Every figure, quote and shared sentence span, in reading order (wider first)."""
    spans = {(f.start, f.end) for f in source.figures}
    spans |= {(q.start, q.end) for q in source.quotes}
    spans |= {(s.start, s.end) for s in source.sentences if analysis.claim_of(s.id)}
    return sorted((s for s in spans if s[1] > s[0]), key=lambda span: (span[0], -span[1]))


def containing(source: Source, offset: int) -> str:
    return [s for s in source.sentences if s.start <= offset][-1].id


async def test_first_screen_and_vertical_moves(seeds: Analysis) -> None:
    app = make_app(seeds)
    last = len(seeds.sources[0].sentences) - 1
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert active(app) == sentence_id(seeds, 0, 0)
        for keys, expected in [
            (["j"], 1),
            (["down"], 2),
            (["k"], 1),
            (["up"], 0),
            (["G"], last),
            (["g"], 0),
            (["end"], last),
            (["home"], 0),
        ]:
            await pilot.press(*keys)
            await pilot.pause()
            assert active(app) == sentence_id(seeds, 0, expected), keys
        await pilot.press("pagedown")
        await pilot.pause()
        after_page = pane(app).sentence_index
        assert after_page > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert pane(app).sentence_index < after_page


async def test_n_N_follow_the_engine_highlights(seeds: Analysis) -> None:
    app = make_app(seeds)
    source = seeds.sources[0]
    first = source.sentences[0]
    expected = [s for s in highlights(seeds, source) if (s[0], -s[1]) > (first.start, -first.end)]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for span in expected[:6]:
            await pilot.press("n")
            await pilot.pause()
            reading = pane(app)
            assert reading.stop is not None and (reading.stop.start, reading.stop.end) == span
            assert active(app) == (source.id, containing(source, span[0]))
        if len(expected) >= 2:
            await pilot.press("N")
            await pilot.pause()
            span = expected[min(len(expected), 6) - 2]
            assert (pane(app).stop.start, pane(app).stop.end) == span


async def test_articles_by_J_K_and_number(seeds: Analysis) -> None:
    app = make_app(seeds)
    count = len(seeds.sources)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("J")
        await pilot.pause()
        assert active(app) == sentence_id(seeds, 1, 0)
        await pilot.press("K")
        await pilot.pause()
        assert active(app) == sentence_id(seeds, 0, 0)
        for n in range(1, min(count, 9) + 1):
            await pilot.press(str(n))
            await pilot.pause()
            assert active(app) == sentence_id(seeds, n - 1, 0)


async def test_o_enter_and_back_on_a_shared_statement(seeds: Analysis) -> None:
    app = make_app(seeds)
    source = seeds.sources[0]
    shared = next(i for i, s in enumerate(source.sentences) if seeds.claim_of(s.id))
    claim = seeds.claim_of(source.sentences[shared].id)
    order = {s.id: n for n, s in enumerate(seeds.sources)}

    def key(member: str) -> tuple[int, int]:
        owner, sentence = seeds.sentence(member)
        return order[owner.id], sentence.start

    others = sorted((m for m in claim.sentences if m != source.sentences[shared].id), key=key)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["j"] * shared)
        await pilot.pause()
        here = active(app)
        await pilot.press("o")
        await pilot.pause()
        assert active(app)[1] == others[0]
        await pilot.press("b")
        await pilot.pause()
        assert active(app) == here
        if len(others) > 1:
            await pilot.press("tab", "j", "enter")
            await pilot.pause()
            assert active(app)[1] == others[1]
            await pilot.press("backspace")
            await pilot.pause()
            assert active(app) == here


async def test_d_visits_the_engines_discrepancies_in_story_order(seeds: Analysis) -> None:
    flagged = {d.sentence for c in seeds.claims for d in c.discrepancies}
    places = [
        (n, i)
        for n, source in enumerate(seeds.sources)
        for i, sentence in enumerate(source.sentences)
        if sentence.id in flagged
    ]
    after = [p for p in places if p > (0, 0)]
    expected = [sentence_id(seeds, *p) for p in (after + places)[:3]]
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for place in expected:
            await pilot.press("d")
            await pilot.pause()
            assert active(app) == place


async def test_search_and_matrix_on_seeds(seeds: Analysis) -> None:
    word = "Heathcote"
    hits = [
        (source.id, containing(source, source.text.index(word)))
        for source in seeds.sources
        if word in source.text
    ]
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *word, "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert active(app) == hits[0]
        await pilot.press("escape", "m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        table = app.screen.query_one("#matrix")
        row, column = table.cursor_coordinate
        target = table.sentence_at(row, column)
        await pilot.press("enter")
        await pilot.pause()
        if target is None:
            assert isinstance(app.screen, MatrixScreen)
        else:
            assert isinstance(app.screen, MainScreen)
            assert active(app)[1] == target


async def test_quit_on_seeds(seeds: Analysis) -> None:
    app = make_app(seeds)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark", "escape", "q")
        await pilot.pause()
    assert app.return_code == 0
