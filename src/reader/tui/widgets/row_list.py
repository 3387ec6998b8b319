"""A virtual list of fixed-height rows: only the rows on screen are ever rendered.

Stays responsive at tens of thousands of rows: moving the cursor renders the
two rows it leaves and enters, scrolling renders what comes into view, and
nothing is mounted per row.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.signal import Signal
from textual.strip import Strip

from reader.tui.widgets.canvas import size_canvas


class RowList(ScrollView, can_focus=True):
    """Rows of ``ROW_HEIGHT`` lines with a cursor; subclasses say what a row shows.

    Subclasses implement :meth:`row_lines` and react to the cursor through
    :meth:`row_highlighted` (the cursor moved by a key) and :meth:`row_selected`
    (enter or a click).
    """

    ROW_HEIGHT: ClassVar[int] = 1

    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-list--row", "row-list--cursor"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("enter", "select", "Open", show=False, id="list.select"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor_moved: Signal[int] = Signal(self, "cursor-moved")
        """What a subclass publishes when a key moves the cursor (see :meth:`row_highlighted`).

        A signal, so that a subscriber with ``immediate=True`` draws what the
        cursor landed on in the same frame as the cursor.
        """
        self.row_count = 0
        self.cursor: int | None = None
        self._rows: LRUCache[tuple[int, int, bool, bool], list[Strip]] = LRUCache(256)
        self._styles_seen: tuple[object, ...] | None = None

    # -- what subclasses provide ----------------------------------------------

    def row_lines(self, index: int, width: int) -> list[Content]:
        """The lines of row ``index`` at ``width`` cells (at most ``ROW_HEIGHT``)."""
        raise NotImplementedError

    def row_highlighted(self, index: int) -> None:
        """The cursor moved onto ``index`` by a key."""

    def row_selected(self, index: int) -> None:
        """The user chose ``index`` (enter or a click)."""

    # -- contents -------------------------------------------------------------

    def set_row_count(self, count: int, cursor: int | None = None) -> None:
        """Show ``count`` rows with the cursor on ``cursor`` (not announced)."""
        self.row_count = count
        self._rows.clear()
        self.cursor = None if not count else min(max(cursor or 0, 0), count - 1)
        self._resize_canvas()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._scroll_to_cursor()
        self.refresh()

    def refresh_row(self, index: int) -> None:
        """Render row ``index`` again (its contents changed)."""
        for key in [key for key in list(self._rows.keys()) if key[0] == index]:
            self._rows.discard(key)
        self._refresh_row(index)

    def move_cursor(self, index: int, *, announce: bool = True) -> None:
        """Put the cursor on row ``index`` and scroll it into view."""
        if not self.row_count:
            return
        index = min(max(index, 0), self.row_count - 1)
        previous, self.cursor = self.cursor, index
        if previous is not None:
            self._refresh_row(previous)
        self._refresh_row(index)
        self._scroll_to_cursor()
        if announce and index != previous:
            self.row_highlighted(index)

    # -- actions ----------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_cursor(0 if self.cursor is None else self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(0 if self.cursor is None else self.cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_page_down(self) -> None:
        self.move_cursor((self.cursor or 0) + self._page_rows())

    def action_page_up(self) -> None:
        self.move_cursor((self.cursor or 0) - self._page_rows())

    def action_select(self) -> None:
        if self.cursor is not None:
            self.row_selected(self.cursor)

    def _page_rows(self) -> int:
        return max(self.scrollable_content_region.height // self.ROW_HEIGHT, 1)

    # -- events -------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + self.scroll_offset.y) // self.ROW_HEIGHT
        if 0 <= index < self.row_count:
            self.move_cursor(index, announce=False)
            self.row_selected(index)

    def on_resize(self, event: events.Resize) -> None:
        # Rows are cached by width: a change of height keeps them, a new width misses.
        self._resize_canvas()
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if not self.is_mounted:
            return
        # The cursor's colours follow focus, and rows are cached per focus state.
        seen = (
            self.app.theme,
            self.get_visual_style("row-list--row"),
            *(
                self.get_visual_style(name, partial=True)
                for name in sorted(self.COMPONENT_CLASSES - {"row-list--cursor"})
            ),
        )
        if seen != self._styles_seen:  # a new theme, not just a change of focus
            self._styles_seen = seen
            self._rows.clear()

    # -- rendering -----------------------------------------------------------------

    def _resize_canvas(self) -> None:
        size_canvas(self, self.row_count * self.ROW_HEIGHT)

    def _refresh_row(self, index: int) -> None:
        self.refresh_lines(index * self.ROW_HEIGHT, self.ROW_HEIGHT)

    def _scroll_to_cursor(self) -> None:
        if self.cursor is None:
            return
        self.scroll_to_region(
            Region(0, self.cursor * self.ROW_HEIGHT, 1, self.ROW_HEIGHT),
            animate=False,
            immediate=True,
            x_axis=False,
        )

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, line = divmod(self.scroll_offset.y + y, self.ROW_HEIGHT)
        if not 0 <= index < self.row_count or width <= 0:
            return Strip.blank(width, self.get_visual_style("row-list--row").rich_style)
        return self._row_strips(index, width)[line]

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        on_cursor = index == self.cursor
        key = (index, width, on_cursor, self.has_focus)
        strips = self._rows.get(key)
        if strips is None:
            names = ("row-list--row", "row-list--cursor") if on_cursor else ("row-list--row",)
            style = self.get_visual_style(*names)
            lines = self.row_lines(index, width)[: self.ROW_HEIGHT]
            lines += [Content("")] * (self.ROW_HEIGHT - len(lines))
            strips = [
                Strip(line.render_segments(style)).crop_extend(0, width, style.rich_style)
                for line in lines
            ]
            self._rows[key] = strips
        return strips
