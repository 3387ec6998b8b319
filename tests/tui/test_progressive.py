"""The first article shows while linking runs; the claims arrive without moving the cursor."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from tui_helpers import active, pane

from reader.state import StateStore
from reader.tui.app import ReaderApp
from reader.tui.widgets.claim_panel import ClaimPanel


@pytest.fixture
def held_linking(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The engine stops after handing over the sources until the returned event is set."""
    analysis = pytest.importorskip("reader.analysis")
    release = threading.Event()
    real = analysis.analyze

    def held(paths=None, *, on_sources=None, **options):  # type: ignore[no-untyped-def]
        def hand_over(sources):  # type: ignore[no-untyped-def]
            if on_sources is not None:
                on_sources(sources)
            release.wait(timeout=60)

        return real(paths, on_sources=hand_over, **options)

    monkeypatch.setattr(analysis, "analyze", held)
    return release


async def wait_for_articles(app: ReaderApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3000):
        await pilot.pause(0.01)
        if app.main.story is not None and pane(app).source is not None:
            return
    raise AssertionError("the cleaned articles never showed")


async def test_articles_are_readable_before_linking_ends_and_claims_keep_the_cursor(
    articles: list[str], held_linking: threading.Event
) -> None:
    app = ReaderApp(articles, state=StateStore())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_articles(app, pilot)
        assert app.analysis is None and not app.main.story.linked
        assert app.main.has_class("-busy")
        reading = pane(app)
        assert reading.source.path == articles[0]
        shown = "\n".join(reading.render_line(y).text for y in range(reading.size.height))
        assert "The ferry service to the island" in shown
        assert "¹" not in shown and "²" not in shown  # no shared-statement marks yet
        await pilot.press("n")  # the figures and quotes are there to visit already
        await pilot.pause()
        assert reading.stop is not None
        await pilot.press("j", "j")
        await pilot.pause()
        before = active(app)
        summary = str(app.main.query_one(ClaimPanel).query_one("#claim-summary").render())
        assert "Finding" in summary

        held_linking.set()
        await app.analysis_settled.wait()
        await pilot.pause()
        assert app.analysis is not None and app.main.story.linked
        assert not app.main.has_class("-busy")
        assert active(app) == before
        await pilot.press("g")
        await pilot.pause()
        assert app.main.query_one(ClaimPanel).selected_sentence_id is not None
        shown = "\n".join(reading.render_line(y).text for y in range(reading.size.height))
        assert "²" in shown


async def test_a_failure_while_linking_keeps_the_articles(
    articles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    analysis = pytest.importorskip("reader.analysis")

    real = analysis.analyze

    def broken(paths=None, *, on_sources=None, **options):  # type: ignore[no-untyped-def]
        def hand_over(sources):  # type: ignore[no-untyped-def]
            if on_sources is not None:
                on_sources(sources)
            raise RuntimeError("linker \x1b[2J broke")

        return real(paths, on_sources=hand_over, **options)

    monkeypatch.setattr(analysis, "analyze", broken)
    app = ReaderApp(articles, state=StateStore())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        assert pane(app).source is not None and pane(app).source.path == articles[0]
        assert [n.message for n in app._notifications] == ["Analysis failed: linker ␛[2J broke"]
        await pilot.press("J", "n", "d", "m", "escape")
        await pilot.pause()
        assert active(app)[0] == "b-coast"


async def test_an_unusable_result_cache_is_one_warning_and_the_story_still_shows(
    articles: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("reader.cache")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("READER_CACHE_DIR", str(blocker))
    app = ReaderApp(articles, state=StateStore())
    async with app.run_test(size=(120, 40)) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        assert app.analysis is not None and len(app.analysis.sources) == 2
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1 and "\n" not in warnings[0].message
