"""Statements as rows, sources as columns: who says what, and who differs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from reader.model import Claim
from reader.tui.safe_text import clip, one_line
from reader.tui.story_index import Place, StoryIndex

PRESENT, DIFFERS, ABSENT = "●", "▲", "·"
LABEL_WIDTH = 48


class CoverageTable(DataTable[Text]):
    """A coverage matrix; each cell knows which sentence it stands for."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "coverage-table--present",
        "coverage-table--differs",
        "coverage-table--absent",
    }

    DEFAULT_CSS = """
    CoverageTable > .coverage-table--present {
        color: $text-success;
    }
    CoverageTable > .coverage-table--differs {
        color: $text-warning;
        text-style: bold;
    }
    CoverageTable > .coverage-table--absent {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="matrix.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="matrix.up"),
        Binding("right,l", "cursor_right", "Right", show=False, id="matrix.right"),
        Binding("left,h", "cursor_left", "Left", show=False, id="matrix.left"),
        Binding("g", "scroll_top", "Top", show=False, id="matrix.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="matrix.bottom"),
        Binding("enter", "select_cursor", "Jump there", id="matrix.jump"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="cell", zebra_stripes=True)
        self._cells: list[list[str | None]] = []
        self.claims: list[Claim] = []
        self.sources: list[int] = []
        """The source positions shown as columns, in order."""

    def set_story(
        self,
        story: StoryIndex,
        place: Place | None,
        label_width: int = LABEL_WIDTH,
        sources: Sequence[int] | None = None,
    ) -> None:
        """Fill the table with ``sources`` (positions; all by default) as columns.

        Rows are the statements at least one of them makes; the cursor starts on
        the statement at ``place`` if it is shared.
        """
        self.clear(columns=True)
        shown = list(range(len(story.sources)) if sources is None else sources)
        column_of = {index: column for column, index in enumerate(shown)}
        self.sources = shown
        for column, index in enumerate(shown):
            label = clip(story.sources[index].label, 10)
            self.add_column(Text(f"{column + 1} {label}"), key=f"source-{index}")

        def listed(claim: Claim) -> bool:
            return any(
                story.index_of(story.analysis.sentence(member)[0].id) in column_of
                for member in claim.sentences
            )

        places = {
            claim.id: [story.place_of(member) for member in claim.sentences]
            for claim in story.analysis.claims
            if listed(claim)
        }
        self.claims = sorted(
            (claim for claim in story.analysis.claims if claim.id in places),
            key=lambda claim: min(
                (column_of.get(p.source, len(shown)), p.sentence) for p in places[claim.id]
            ),
        )
        current_source = column_of.get(place.source, 0) if place else 0
        current_id = None
        if place is not None and story.sources[place.source].sentences:
            current_id = story.sources[place.source].sentences[place.sentence].id
        present = self.get_component_rich_style("coverage-table--present", partial=True)
        differs = self.get_component_rich_style("coverage-table--differs", partial=True)
        absent = self.get_component_rich_style("coverage-table--absent", partial=True)
        self._cells = []
        cursor_row = 0
        for row, claim in enumerate(self.claims):
            by_source: dict[int, str] = {}
            for member, member_place in zip(claim.sentences, places[claim.id], strict=True):
                if member_place.source in column_of:
                    by_source.setdefault(column_of[member_place.source], member)
            if current_id in claim.sentences:
                cursor_row = row
            differing = {d.sentence for d in claim.discrepancies}
            cells: list[Text] = []
            targets: list[str | None] = []
            for n in range(len(shown)):
                member = by_source.get(n)
                targets.append(member)
                if member is None:
                    cells.append(Text(ABSENT, style=absent, justify="center"))
                elif member in differing:
                    cells.append(Text(DIFFERS, style=differs, justify="center"))
                else:
                    cells.append(Text(PRESENT, style=present, justify="center"))
            self._cells.append(targets)
            label_member = by_source.get(current_source) or claim.sentences[0]
            label_source, sentence = story.analysis.sentence(label_member)
            surface = one_line(label_source.text[sentence.start : sentence.end])
            self.add_row(*cells, key=claim.id, label=Text(clip(surface, label_width)))
        if self.claims:
            self.move_cursor(row=cursor_row, column=current_source, animate=False)

    def sentence_at(self, row: int, column: int) -> str | None:
        """The sentence a cell stands for, or None where the source is silent."""
        if 0 <= row < len(self._cells) and 0 <= column < len(self._cells[row]):
            return self._cells[row][column]
        return None
