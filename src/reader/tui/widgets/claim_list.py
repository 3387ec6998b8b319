"""The side panel's entries: one per other source, of any height, only those on screen built.

A claim can have a handful of members or hundreds. The list builds an entry
(its text, the words that differ, its wrapped lines) only when it comes into
view, renders only the lines on screen, and sets its canvas before the screen
is drawn, so a cursor move in the reading pane costs one frame whatever the
claim's size.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.tui.widgets.canvas import size_canvas
from reader.tui.widgets.row_list import RowList


class ClaimList(ScrollView, can_focus=True):
    """Entries separated by rules, with a cursor (the first entry when the list is set).

    Entry heights are measured in order as entries come into view; the canvas
    counts the entries not yet measured at the average height so far. Keys as in
    the other lists; up and down wrap round, as in Textual's option list.
    """

    DEFAULT_CSS = """
    ClaimList {
        height: 1fr;
        border: none;
        background: transparent;
        padding: 0;
        color: $foreground;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        & > .claim-list--entry {
            padding: 0 1;
        }
        & > .claim-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: none;
            background-tint: $foreground 5%;
            & > .claim-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .claim-list--hover {
            background: $block-hover-background;
        }
        & > .claim-list--separator {
            color: $foreground 15%;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "claim-list--entry",
        "claim-list--cursor",
        "claim-list--hover",
        "claim-list--separator",
    }

    BINDINGS: ClassVar[list[BindingType]] = RowList.BINDINGS
    ALLOW_SELECT = False

    class Selected(Message):
        """The user chose entry ``index`` (enter or a click)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = 0
        self.cursor: int | None = None
        self._build: Callable[[int], Content] = lambda index: Content("")
        self._wrapped: dict[int, list[Content]] = {}
        self._tops: list[int] = [0]
        """First row of each measured entry, then the row after the last one."""
        self._width = 0
        self._hover: int | None = None
        self._strips: LRUCache[tuple[int, str], list[Strip]] = LRUCache(128)
        self._styles_seen: tuple[object, ...] | None = None

    # -- contents -------------------------------------------------------------

    def set_entries(
        self, count: int, build: Callable[[int], Content], height: int | None = None
    ) -> None:
        """Show ``count`` entries with the cursor on the first; ``build(i)`` makes entry ``i``.

        ``height`` is the list's height after the next layout, if the caller is
        changing it (the side panel's summary grows or shrinks).
        """
        self.count = count
        self._build = build
        self.cursor = 0 if count else None
        self._hover = None
        self._strips.clear()
        self._forget_heights()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._measure(height)
        self.refresh()

    def move_cursor(self, index: int) -> None:
        """Put the cursor on entry ``index`` and scroll it into view."""
        if not self.count:
            return
        index = min(max(index, 0), self.count - 1)
        previous, self.cursor = self.cursor, index
        if previous == index:
            return
        self._measure_to_entry(index)
        if index >= len(self._tops) - 1:  # not laid out yet
            self.refresh()
            return
        if previous is not None:
            self._refresh_entry(previous)
        self._refresh_entry(index)
        top, bottom = self._tops[index], self._tops[index + 1]
        self.scroll_to_region(
            Region(0, top, 1, max(bottom - top, 1)),
            animate=False,
            immediate=True,
            x_axis=False,
            force=True,
        )

    # -- actions ----------------------------------------------------------------

    def action_cursor_down(self) -> None:
        if self.count:
            self.move_cursor(0 if self.cursor is None else (self.cursor + 1) % self.count)

    def action_cursor_up(self) -> None:
        if self.count:
            previous = self.count if self.cursor is None else self.cursor
            self.move_cursor((previous - 1) % self.count)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.count - 1)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_select(self) -> None:
        if self.cursor is not None:
            self.post_message(self.Selected(self.cursor))

    def _page(self, direction: int) -> None:
        if self.cursor is None:
            self.move_cursor(0 if direction < 0 else self.count - 1)
            return
        row = self._tops[self.cursor] + direction * self.scrollable_content_region.height
        self.move_cursor(self._entry_at(max(row, 0)))

    # -- events -------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        index = self._entry_under(event)
        if index is not None:
            self.move_cursor(index)
            self.post_message(self.Selected(index))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._entry_under(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._width:
            self._strips.clear()
            self._forget_heights()
            if self.count:  # empty, it has nothing to draw again (the first resize, often)
                self.refresh()
        self._measure()
        if self.cursor is not None:
            self._measure_to_entry(self.cursor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if not self.is_mounted:
            return
        seen = self._styles_fingerprint()
        if seen != self._styles_seen:  # focus alone changes only the cursor's colours
            self._styles_seen = seen
            self._strips.clear()

    def on_focus(self) -> None:
        if self.cursor is not None:
            self._refresh_entry(self.cursor)

    def on_blur(self) -> None:
        if self.cursor is not None:
            self._refresh_entry(self.cursor)

    def _entry_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or not self.count:
            return None
        row = offset.y + self.scroll_offset.y
        if row >= self._tops[-1] and not self._measure_to_row(row):
            return None
        return self._entry_at(row)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            previous, self._hover = self._hover, index
            for entry in (previous, index):
                if entry is not None and entry < len(self._tops) - 1:
                    self._refresh_entry(entry)

    # -- measuring ------------------------------------------------------------------

    def _text_width(self) -> int:
        return self.scrollable_content_region.width

    def _forget_heights(self) -> None:
        self._tops = [0]
        self._wrapped.clear()
        self._width = self._text_width()

    def _measure(self, height: int | None = None) -> None:
        """Measure the entries the tallest view could show and size the canvas."""
        tallest = max(self.size.height, height or 0)
        self._measure_to_row(round(self.scroll_offset.y) + tallest)
        self._resize_canvas(height)

    def _measure_to_row(self, row: int) -> bool:
        """Measure entries until one covers ``row``; False if the entries end before it."""
        if self._width <= 0:
            return False
        while self._tops[-1] <= row and len(self._tops) <= self.count:
            self._measure_next()
        return self._tops[-1] > row

    def _measure_to_entry(self, index: int) -> None:
        if index >= len(self._tops) - 1 and self._width > 0:
            while len(self._tops) <= index + 1:
                self._measure_next()
            self._resize_canvas()

    def _measure_next(self) -> None:
        index = len(self._tops) - 1
        rule = 1 if index < self.count - 1 else 0
        self._tops.append(self._tops[-1] + len(self._entry_lines(index)) + rule)

    def _resize_canvas(self, height: int | None = None) -> None:
        measured = len(self._tops) - 1
        rows = self._tops[-1]
        if measured < self.count:
            rows += round(rows / max(measured, 1) * (self.count - measured))
        elif self.count:
            rows -= 1  # no rule after the last entry
        size_canvas(self, rows, height)

    def _entry_at(self, row: int) -> int:
        """The measured entry holding canvas row ``row`` (the last measured one past the end)."""
        return min(max(bisect_right(self._tops, row) - 1, 0), max(len(self._tops) - 2, 0))

    def _refresh_entry(self, index: int) -> None:
        top, bottom = self._tops[index], self._tops[index + 1]
        self.refresh_lines(top, bottom - top)

    # -- rendering -----------------------------------------------------------------

    def _styles_fingerprint(self) -> tuple[object, ...]:
        """The styles of everything but the cursor (which is cached per focus state)."""
        names = (
            ("claim-list--entry",),
            ("claim-list--entry", "claim-list--hover"),
            ("claim-list--separator",),
        )
        return (self.app.theme, *(self.get_visual_style(*classes) for classes in names))

    def _state(self, index: int) -> str:
        if index == self.cursor:
            return "cursor-focus" if self.has_focus else "cursor"
        return "hover" if index == self._hover else "plain"

    def _padding(self) -> Spacing:
        return self.get_component_styles("claim-list--entry").padding

    def _entry_lines(self, index: int) -> list[Content]:
        """Entry ``index`` built and wrapped to the current width (kept until either changes)."""
        lines = self._wrapped.get(index)
        if lines is None:
            content = self._build(index)
            padding = self._padding()
            lines = content.wrap(max(self._width - padding.left - padding.right, 1))
            self._wrapped[index] = lines
        return lines

    def _entry_strips(self, index: int) -> list[Strip]:
        """Entry ``index``'s lines at the current width, then its rule (if another follows)."""
        state = self._state(index)
        key = (index, state)
        strips = self._strips.get(key)
        if strips is not None:
            return strips
        names = {
            "cursor-focus": ("claim-list--entry", "claim-list--cursor"),
            "cursor": ("claim-list--entry", "claim-list--cursor"),
            "hover": ("claim-list--entry", "claim-list--hover"),
            "plain": ("claim-list--entry",),
        }[state]
        style = self.get_visual_style(*names)
        padding = self._padding()
        width = self._width
        inner = max(width - padding.left - padding.right, 1)
        rich_style = style.rich_style
        # As Textual's option list draws an option (wrap, pad, fill), without the
        # per-segment offsets it adds for selecting text, which this list does not allow.
        strips = [
            Strip(line.render_segments(style))
            .crop_pad(inner, padding.left, padding.right, rich_style)
            .extend_cell_length(width, rich_style)
            for line in self._entry_lines(index)
        ]
        if index < self.count - 1:
            rule = self.get_visual_style("claim-list--separator").rich_style
            strips.append(Strip([Segment("─" * width, rule)], width))
        self._strips[key] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        blank = self.get_visual_style("claim-list--entry").rich_style
        measured = len(self._tops)
        if width != self._width or not self._measure_to_row(row):
            return Strip.blank(width, blank)
        if len(self._tops) != measured:  # scrolled past the measured entries (by the mouse)
            self._resize_canvas()
        index = self._entry_at(row)
        strips = self._entry_strips(index)
        line = row - self._tops[index]
        return strips[line] if line < len(strips) else Strip.blank(width, blank)
