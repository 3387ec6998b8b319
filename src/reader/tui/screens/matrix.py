"""The coverage matrix screen: which source makes which statement."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from reader.tui.safe_text import clip
from reader.tui.story_index import Place, StoryIndex
from reader.tui.widgets.coverage_table import ABSENT, DIFFERS, PRESENT, CoverageTable

COLUMN_WIDTH = 14


class MatrixScreen(Screen[str | None]):
    """Dismisses with the sentence id of the chosen cell, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m", "close", "Back to reading", id="matrix.close"),
    ]

    def __init__(self, story: StoryIndex, place: Place | None) -> None:
        super().__init__()
        self.story = story
        self.place = place

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(id="matrix-legend", markup=False)
        yield CoverageTable(id="matrix")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        story = self.story
        self.query_one("#matrix-legend", Static).update(
            Content(
                f"{story.claim_count} shared statements × {len(story.sources)} sources   "
                f"{PRESENT} says it   {DIFFERS} says it differently   {ABSENT} leaves it out"
            )
        )
        table = self.query_one(CoverageTable)
        columns = COLUMN_WIDTH * len(story.sources)
        table.set_story(story, self.place, min(max(self.size.width - columns - 2, 20), 60))
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
                clip(self.story.sources[column].label, 40)
                if column < len(self.story.sources)
                else ""
            )
            self.notify(f"{label} does not make this statement.", markup=False)
            return
        self.dismiss(sentence)
