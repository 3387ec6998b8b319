"""Exporting the story (e) and adding articles to the session (a)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet
from textual.widgets._toast import Toast
from tui_helpers import active, make_app, pane

from reader.model import Analysis
from reader.state import StateStore
from reader.tui.app import ReaderApp
from reader.tui.screens.export import ExportDialog
from reader.tui.screens.main import MainScreen
from reader.tui.screens.open import OpenDialog

SIZE = (120, 40)
DEFAULT_NAME = "council-votes-to-close-four-library-branches.md"


def messages(app: ReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_e_exports_the_story_in_the_working_directory(
    story: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one(Input).value == DEFAULT_NAME
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        written = tmp_path / DEFAULT_NAME
        assert written.read_text(encoding="utf-8").startswith("# ")
        assert messages(app) == [str(written)]


async def test_an_existing_file_is_replaced_only_when_asked_twice(
    story: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / DEFAULT_NAME
    existing.write_text("keep me", encoding="utf-8")
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert existing.read_text(encoding="utf-8") == "keep me"
        assert "already exists" in str(app.screen.query_one("#export-message").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert existing.read_text(encoding="utf-8").startswith("# ")


async def test_editing_the_path_cancels_the_overwrite_question(
    story: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "b.md").write_text("b", encoding="utf-8")
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        box = app.screen.query_one(Input)
        box.value = "a.md"
        await pilot.press("enter")
        await pilot.pause()
        box.value = "b.md"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert (tmp_path / "a.md").read_text(encoding="utf-8") == "a"
        assert (tmp_path / "b.md").read_text(encoding="utf-8") == "b"


async def test_the_suffix_and_the_format_follow_each_other(
    story: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.press("shift+tab", "right", "right", "enter")  # the format buttons: HTML
        await pilot.pause()
        assert dialog.query_one(RadioSet).pressed_index == 2
        assert dialog.query_one(Input).value == DEFAULT_NAME.replace(".md", ".html")
        dialog.query_one(Input).value = "story.json"
        await pilot.pause()
        assert dialog.fmt == "json" and dialog.query_one(RadioSet).pressed_index == 1
        dialog.query_one(Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        report = json.loads((tmp_path / "story.json").read_text(encoding="utf-8"))
        assert report["report_version"] == 1
        assert [s["id"] for s in report["stories"][0]["sources"]] == ["ledger", "wire", "post"]


async def test_a_failed_export_stays_in_the_dialog_and_escape_cancels(
    story: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = "missing/dir/report.md"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert "no such directory" in str(app.screen.query_one("#export-message").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert list(tmp_path.iterdir()) == []
        assert messages(app) == []


async def test_a_path_with_markup_is_notified_literally(
    story: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(story)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = "[b]x[@click=app.quit].md"
        await pilot.press("enter")
        await pilot.pause()
        assert messages(app) == [str(tmp_path / "[b]x[@click=app.quit].md")]
        await pilot.pause()
        toasts = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert any("[b]x[@click=app.quit].md" in "".join(t.split()) for t in toasts)


def write_article(path: Path, outlet: str, sentences: list[str]) -> Path:
    path.write_text(f"{outlet}\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def two_articles(tmp_path: Path) -> tuple[Path, Path]:
    first = write_article(
        tmp_path / "a-harbour.txt",
        "Harbour Times",
        [
            "The ferry service to the island was suspended on Monday after a storm hit the pier.",
            "Engineers said repairs would take at least three weeks.",
            "About 400 residents rely on the ferry every day.",
        ],
    )
    second = write_article(
        tmp_path / "b-coast.txt",
        "Coast Courier",
        [
            "Ferry crossings to the island were suspended on Monday after a storm hit the pier.",
            "Repairs will take at least three weeks, engineers said.",
        ],
    )
    return first, second


async def test_a_adds_a_file_and_keeps_the_cursor(two_articles: tuple[Path, Path]) -> None:
    pytest.importorskip("reader.analysis")
    first, second = two_articles
    app = ReaderApp([str(first)], state=StateStore())
    async with app.run_test(size=SIZE) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        before = active(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, OpenDialog)
        app.screen.query_one(Input).value = str(second)
        await pilot.press("enter")
        await pilot.pause()
        await app.analysis_settled.wait()
        await pilot.pause()
        assert app.analysis is not None
        assert [s.path for s in app.analysis.sources] == [str(first), str(second)]
        assert app.paths == [str(first), str(second)]
        assert active(app) == before
        assert pane(app).source is app.analysis.sources[0]


async def test_a_path_that_fails_is_one_notification_and_the_rest_stays(
    two_articles: tuple[Path, Path], tmp_path: Path
) -> None:
    pytest.importorskip("reader.analysis")
    first, _ = two_articles
    missing = tmp_path / "nowhere.txt"
    app = ReaderApp([str(first)], state=StateStore())
    async with app.run_test(size=SIZE) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = str(missing)
        await pilot.press("enter")
        await pilot.pause()
        await app.analysis_settled.wait()
        await pilot.pause()
        assert app.analysis is not None
        assert [s.path for s in app.analysis.sources] == [str(first)]
        assert app.paths == [str(first)]
        failures = [m for m in messages(app) if str(missing) in m]
        assert len(failures) == 1 and "\n" not in failures[0]
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = str(first)
        await pilot.press("enter")
        await pilot.pause()
        assert messages(app)[-1] == f"{first} is open already."


async def test_escape_closes_the_add_dialog_without_a_new_analysis(story: Analysis) -> None:
    app = make_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", "x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.analysis is story and app.analysis_settled.is_set()
