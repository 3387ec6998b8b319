"""The coverage matrix screen: which source makes which statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from reader.tui.safe_text import clip
from reader.tui.story_index import Place, StoryIndex
from reader.tui.stylesheet import stylesheet
from reader.tui.widgets.coverage_table import ABSENT, DIFFERS, PRESENT, CoverageTable
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.title_bar import TitleBar

COLUMN_WIDTH = 14
MAX_COLUMNS = 60


class MatrixScreen(Screen[str | None]):
    """Dismisses with the sentence id of the chosen cell, or None."""

    DEFAULT_CSS = stylesheet(__file__)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m", "close", "Back to reading", id="matrix.close"),
    ]

    def __init__(
        self, story: StoryIndex, place: Place | None, sources: Sequence[int] | None = None
    ) -> None:
        super().__init__()
        self.story = story
        self.place = place
        listed = list(range(len(story.sources)) if sources is None else sources)
        self.total_sources = len(listed)
        if len(listed) > MAX_COLUMNS:
            # A window of sources around the open one; more would not fit any screen.
            at = listed.index(place.source) if place and place.source in listed else 0
            first = min(max(at - MAX_COLUMNS // 2, 0), len(listed) - MAX_COLUMNS)
            listed = listed[first : first + MAX_COLUMNS]
        self.sources = listed

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="matrix-legend", markup=False)
        yield CoverageTable(id="matrix")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(CoverageTable)
        columns = COLUMN_WIDTH * len(self.sources)
        table.set_story(
            self.story,
            self.place,
            min(max(self.size.width - columns - 2, 20), 60),
            self.sources,
        )
        shown = (
            f"{len(self.sources)} sources"
            if len(self.sources) == self.total_sources
            else f"{len(self.sources)} of {self.total_sources} sources"
        )
        self.query_one("#matrix-legend", Static).update(
            Content(
                f"{len(table.claims)} shared statements × {shown}   "
                f"{PRESENT} says it   {DIFFERS} says it differently   {ABSENT} leaves it out"
            )
        )
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(DataTable.CellSelected)
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        table = self.query_one(CoverageTable)
        row, column = event.coordinate
        sentence = table.sentence_at(row, column)
        if sentence is None:
            label = (
                clip(self.story.sources[self.sources[column]].label, 40)
                if column < len(self.sources)
                else ""
            )
            self.notify(f"{label} does not make this statement.", markup=False)
            return
        self.dismiss(sentence)
