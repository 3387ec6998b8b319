"""The left pane: one row per source of the current story, with read marker and shared counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.content import Content
from textual.message import Message
from textual.style import Style

from reader.model import Source
from reader.tui.safe_text import clip
from reader.tui.story_index import StoryIndex
from reader.tui.widgets.row_list import RowList

INDENT = 5
TITLE_LINES = 2
META_LINES = 2


def _at_most(lines: list[Content], count: int, width: int) -> list[Content]:
    """The first ``count`` lines, the last one ending in an ellipsis if any were dropped."""
    if len(lines) <= count:
        return lines
    kept = lines[:count]
    kept[-1] = kept[-1].truncate(max(width - 1, 1)).rstrip() + "…"
    return kept


class ArticleList(RowList):
    """Lists some sources of a story index; moving the cursor opens the source under it.

    Rows are numbered from 1 in the order shown. Sources are named by their
    position in the index (``StoryIndex.sources``), rows by their place in the list.
    """

    ROW_HEIGHT = TITLE_LINES + META_LINES

    COMPONENT_CLASSES: ClassVar[set[str]] = RowList.COMPONENT_CLASSES | {
        "article-list--unread",
        "article-list--number",
        "article-list--title",
        "article-list--meta",
        "article-list--warning",
    }

    class Selected(Message):
        """The user chose a source by enter or a click.

        A key moving the cursor publishes the source's position on
        :attr:`cursor_moved` instead.
        """

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._story: StoryIndex | None = None
        self.view: tuple[int, ...] = ()
        self._row_of: dict[int, int] = {}
        self._read: dict[int, bool] = {}
        self._is_read: Callable[[Source], bool] = lambda source: False

    def set_story(
        self,
        story: StoryIndex,
        view: Sequence[int],
        is_read: Callable[[Source], bool],
        current: int | None = None,
    ) -> None:
        """List the sources at positions ``view``; ``is_read`` is asked only for rows shown."""
        self._story = story
        self.view = tuple(view)
        self._row_of = {source: row for row, source in enumerate(self.view)}
        self._read = {}
        self._is_read = is_read
        row = self._row_of.get(current, 0) if current is not None else 0
        self.set_row_count(len(self.view), row)

    def row_of(self, index: int) -> int | None:
        """The row showing source ``index``, if it is listed."""
        return self._row_of.get(index)

    def show_current(self, index: int) -> None:
        """Move the cursor to source ``index`` without announcing it."""
        row = self._row_of.get(index)
        if row is not None:
            self.move_cursor(row, announce=False)

    def set_read(self, index: int, read: bool = True) -> None:
        if self._story is None or self._read.get(index) == read:
            return
        self._read[index] = read
        row = self._row_of.get(index)
        if row is not None:
            self.refresh_row(row)

    def is_read(self, index: int) -> bool:
        if index not in self._read and self._story is not None:
            self._read[index] = self._is_read(self._story.sources[index])
        return self._read.get(index, False)

    def row_highlighted(self, index: int) -> None:
        self.cursor_moved.publish(self.view[index])

    def row_selected(self, index: int) -> None:
        self.post_message(self.Selected(self.view[index]))

    def _style(self, name: str) -> Style:
        return self.get_visual_style(name, partial=True)

    def row_lines(self, index: int, width: int) -> list[Content]:
        """Title with marker and number, then outlet, date and counts; hanging indent."""
        assert self._story is not None
        position = self.view[index]
        source = self._story.sources[position]
        number = f"{index + 1:>2}"
        indent = Content(" " * max(INDENT, len(number) + 3))
        width = max(width - 1 - indent.cell_length, 8)
        marker = " " if self.is_read(position) else "●"
        differs = self._story.has_discrepancy(source)
        head = Content.assemble(
            (marker, self._style("article-list--unread")),
            (number, self._style("article-list--number")),
            ("▲ " if differs else "  ", self._style("article-list--warning")),
        )
        title = Content.styled(
            clip(self._story.headline(source), 90), self._style("article-list--title")
        )
        meta = [clip(source.label, 40)]
        if source.date:
            meta.append(clip(source.date, 20))
        if self._story.linked:
            meta.append(f"{self._story.shared_count(source)} shared")
        details = Content.styled(" · ".join(meta), self._style("article-list--meta"))
        title_lines = _at_most(title.wrap(width), TITLE_LINES, width)
        lines = [head + line if i == 0 else indent + line for i, line in enumerate(title_lines)]
        lines.extend(indent + line for line in _at_most(details.wrap(width), META_LINES, width))
        return lines
