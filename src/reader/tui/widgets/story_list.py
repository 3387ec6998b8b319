"""The stories the engine found, shown above the article list when there is more than one."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.message import Message

from reader.tui.safe_text import clip
from reader.tui.story_index import StoryIndex
from reader.tui.widgets.row_list import RowList

TITLE_LINES = 2


class StoryList(RowList):
    """One row per story: its title, then how many sources tell it and what they share."""

    ROW_HEIGHT = TITLE_LINES + 1

    # Here rather than in app.tcss: parsed when the list first mounts (most launches have none).
    DEFAULT_CSS = """
    StoryList {
        & > .story-list--number {
            color: $text-muted;
        }
        & > .story-list--title {
            text-style: bold;
        }
        & > .story-list--meta {
            color: $text-muted;
        }
        & > .story-list--warning {
            color: $text-warning;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = RowList.COMPONENT_CLASSES | {
        "story-list--number",
        "story-list--title",
        "story-list--meta",
        "story-list--warning",
    }

    class Selected(Message):
        """The user chose story ``index`` of the index's views by enter or a click.

        A key moving the cursor publishes the story's position on
        :attr:`cursor_moved` instead.
        """

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._story: StoryIndex | None = None

    def set_story(self, story: StoryIndex, current: int = 0) -> None:
        """List the index's stories with the cursor on ``current`` (not announced)."""
        if story is self._story:
            self.move_cursor(current, announce=False)
            return
        self._story = story
        self.set_row_count(len(story.views), current)

    def row_highlighted(self, index: int) -> None:
        self.cursor_moved.publish(index)

    def row_selected(self, index: int) -> None:
        self.post_message(self.Selected(index))

    def row_lines(self, index: int, width: int) -> list[Content]:
        """The story's number and title (up to two lines), then its counts."""
        assert self._story is not None
        view = self._story.views[index]
        style = self.get_visual_style
        number = f"{index + 1:>3} "
        indent = Content(" " * len(number))
        text_width = max(width - len(number) - 1, 4)
        claims, differences = self._story.view_counts(index)
        count = len(view.sources)
        meta = f"{count} article" if count == 1 else f"{count} articles"
        if self._story.linked:
            meta += f" · {claims} shared"
        title = Content.styled(clip(view.title, 200), style("story-list--title", partial=True))
        lines = title.wrap(text_width)
        if len(lines) > TITLE_LINES:
            lines = lines[:TITLE_LINES]
            lines[-1] = lines[-1].truncate(text_width - 1).rstrip() + "…"
        numbered = Content.styled(number, style("story-list--number", partial=True))
        head = [(numbered if i == 0 else indent) + line for i, line in enumerate(lines)]
        details = indent + Content.assemble(
            (clip(meta, text_width), style("story-list--meta", partial=True)),
            (" ▲" if differences else "", style("story-list--warning", partial=True)),
        )
        return [*head, details]
