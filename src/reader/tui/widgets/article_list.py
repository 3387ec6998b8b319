"""The left pane: one row per source, with read marker and shared counts."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model import Source
from reader.tui.safe_text import clip
from reader.tui.story_index import StoryIndex
from reader.tui.widgets.pane_list import PaneList

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


class ArticleList(PaneList):
    """Lists the sources; moving the highlight opens the source under it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--unread",
        "article-list--number",
        "article-list--title",
        "article-list--meta",
        "article-list--warning",
    }

    class Selected(Message):
        """The user chose a source (``opened`` when by enter or click)."""

        def __init__(self, index: int, opened: bool) -> None:
            super().__init__()
            self.index = index
            self.opened = opened

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._story: StoryIndex | None = None
        self._read: list[bool] = []
        self._current: int | None = None

    def set_story(self, story: StoryIndex, read: list[bool]) -> None:
        """Show the story's sources; ``read`` holds one flag per source."""
        self._story = story
        self._read = list(read)
        self._current = None
        self.set_options(
            Option(self._prompt(n, source), id=f"source-{n}")
            for n, source in enumerate(story.sources)
        )

    def show_current(self, index: int) -> None:
        """Move the highlight to the open source without announcing it."""
        self._current = index
        self.highlighted = index

    def set_read(self, index: int, read: bool = True) -> None:
        if self._story is None or self._read[index] == read:
            return
        self._read[index] = read
        self.replace_option_prompt_at_index(index, self._prompt(index, self._story.sources[index]))

    def _style(self, name: str) -> Style:
        return self.get_visual_style(name, partial=True)

    def on_resize(self) -> None:
        if self._story is not None:
            for n, source in enumerate(self._story.sources):
                self.replace_option_prompt_at_index(n, self._prompt(n, source))

    def _prompt(self, n: int, source: Source) -> Content:
        """Title with marker and number, then outlet, date and counts; hanging indent."""
        assert self._story is not None
        width = max(self.scrollable_content_region.width - 1 - INDENT, 8)
        marker = " " if self._read[n] else "●"
        differs = self._story.has_discrepancy(source)
        head = Content.assemble(
            (marker, self._style("article-list--unread")),
            (f"{n + 1:>2}", self._style("article-list--number")),
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
        indent = Content(" " * INDENT)
        title_lines = _at_most(title.wrap(width), TITLE_LINES, width)
        lines = [head + line if i == 0 else indent + line for i, line in enumerate(title_lines)]
        lines.extend(indent + line for line in _at_most(details.wrap(width), META_LINES, width))
        return Content("\n").join(lines)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index != self._current:
            self._current = event.option_index
            self.post_message(self.Selected(event.option_index, opened=False))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._current = event.option_index
        self.post_message(self.Selected(event.option_index, opened=True))
