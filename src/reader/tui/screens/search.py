"""Search every source as you type; enter jumps to the chosen match."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.safe_text import clip, one_line
from reader.tui.screens.dialog import Dialog
from reader.tui.story_index import Match, StoryIndex
from reader.tui.stylesheet import stylesheet

CONTEXT = 36
SHOWN = 200


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class SearchResult:
    """The query, all its matches, and which one the user picked."""

    query: str
    matches: tuple[Match, ...]
    index: int


class SearchScreen(Dialog[SearchResult]):
    """A search box over all sources with a live list of matches."""

    DEFAULT_CSS = stylesheet(__file__)

    COMPONENT_CLASSES: ClassVar[set[str]] = {"search-screen--match", "search-screen--source"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel search", id="search.cancel"),
        Binding("down", "move(1)", "Next match", show=False, id="search.down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="search.up"),
    ]

    def __init__(self, story: StoryIndex, query: str = "") -> None:
        super().__init__()
        self.story = story
        self.query_text = query
        self.matches: list[Match] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Input(self.query_text, placeholder="Search all sources", id="search-input")
            yield Static(id="search-count", markup=False)
            yield OptionList(id="search-results", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._update(self.query_text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._update(event.value)

    def _update(self, query: str) -> None:
        self.matches = self.story.search(query)
        results = self.query_one("#search-results", OptionList)
        results.set_options(Option(self._prompt(m)) for m in self.matches[:SHOWN])
        if self.matches:
            results.highlighted = 0
        count = self.query_one("#search-count", Static)
        if not query.strip():
            count.update("Type to search every source.")
        else:
            sources = len({m.source for m in self.matches})
            more = "+" if len(self.matches) >= 500 else ""
            count.update(f"{len(self.matches)}{more} matches in {sources} sources")

    def _prompt(self, match: Match) -> Content:
        source = self.story.sources[match.source]
        start = max(match.start - CONTEXT, 0)
        end = min(match.end + CONTEXT, len(source.text))
        before = _squeeze(one_line(source.text[start : match.start]))
        found = one_line(source.text[match.start : match.end])
        after = _squeeze(one_line(source.text[match.end : end]))
        return Content.assemble(
            (
                f"{match.source + 1} {clip(source.label, 16)}: ",
                self.get_visual_style("search-screen--source", partial=True),
            ),
            ("…" if start else "") + before,
            (found, self.get_visual_style("search-screen--match", partial=True)),
            after + ("…" if end < len(source.text) else ""),
        )

    def action_move(self, step: int) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = min(max(current + step, 0), results.option_count - 1)

    def _choose(self, index: int) -> None:
        if self.matches:
            self.dismiss(SearchResult(self.query_one(Input).value, tuple(self.matches), index))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(self.query_one("#search-results", OptionList).highlighted or 0)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)
