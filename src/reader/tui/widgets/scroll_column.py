"""A vertical scrollbar that a Line API view draws in its own last column.

Textual's scrollbar is a widget of its own: created, mounted and styled when the view
first overflows, and a region that splits every row of the view each time the screen
is composed (five times before the first frame is settled). For the reading pane, on
screen from the first frame, that was ~4% of the instructions to it. This draws the
same bar (Textual's ``ScrollBarRender``, the view's scrollbar colours) as the view's
last cell on each row; the view handles the mouse on it (:class:`ScrollColumn`).

The view's ``overflow-y`` is ``hidden`` (so that Textual makes no scrollbar of its own),
which stops Textual scrolling it unless asked with ``force=True``: the view and this
module always ask so.
"""

from __future__ import annotations

from math import ceil

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Offset
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender

WIDTH = 1
"""Cells the bar takes at the right of the view's content."""


class ScrollColumn:
    """The bar of one view: its cells for each row, and what a mouse on it does.

    The view calls :meth:`cell` from ``render_line``, and hands its mouse events to
    :meth:`mouse_down`, :meth:`mouse_move` and :meth:`mouse_up` (each says whether
    the event was the bar's).
    """

    def __init__(self, view: ScrollView) -> None:
        self.view = view
        self.hover = False
        self._grab: tuple[int, float] | None = None
        """Screen row and scroll position where the thumb was grabbed."""
        self._key: tuple[object, ...] | None = None
        self._cells: list[Segment] = []

    def _window(self) -> tuple[int, int]:
        """The view's canvas height and visible height."""
        return self.view.virtual_size.height, self.view.scrollable_content_region.height

    def cell(self, y: int, base_style: Style) -> Segment:
        """The bar's cell on row ``y`` of the view (blank when nothing is hidden)."""
        virtual, window = self._window()
        if virtual <= window:
            return Segment(" " * WIDTH, base_style)
        view = self.view
        styles = view.styles
        if self._grab is not None:
            back, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.hover:
            back, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            back, color = styles.scrollbar_background, styles.scrollbar_color
        if back.a < 1:
            back = view.background_colors[0] + back
        color = back + color
        key = (virtual, window, view.scroll_offset.y, back, color)
        if key != self._key:
            self._key = key
            bar = ScrollBarRender.render_bar(
                size=window,
                virtual_size=virtual,
                window_size=window,
                position=view.scroll_offset.y,
                thickness=WIDTH,
                vertical=True,
                back_color=back.rich_color,
                bar_color=color.rich_color,
            )
            # Textual's bar carries mouse actions for its own widget; the view handles them.
            self._cells = [
                Segment(cell.text, cell.style and cell.style.clear_meta_and_links())
                for cell in bar.segments
            ]
        return self._cells[y] if 0 <= y < len(self._cells) else Segment(" " * WIDTH, base_style)

    def _thumb(self) -> tuple[float, float]:
        """The first row the thumb covers and the row after it, as ``render_bar`` places it."""
        virtual, window = self._window()
        size = max(1, window / (virtual / window))
        top = (window - size) * self.view.scroll_offset.y / max(virtual - window, 1)
        return top, top + size

    def _on_bar(self, event: events.MouseEvent) -> Offset | None:
        """Where ``event`` is in the view's content, if it is on a bar that shows."""
        virtual, window = self._window()
        offset = event.get_content_offset(self.view)
        width = self.view.scrollable_content_region.width
        if virtual > window and offset is not None and offset.x >= width - WIDTH:
            return offset
        return None

    def mouse_down(self, event: events.MouseDown) -> bool:
        """Grab the thumb, or page towards the pointer on the track."""
        offset = self._on_bar(event)
        if offset is None:
            return False
        top, bottom = self._thumb()
        if offset.y < int(top):
            self.view.scroll_page_up(animate=False, force=True)
        elif offset.y >= ceil(bottom):
            self.view.scroll_page_down(animate=False, force=True)
        else:
            self._grab = (event.screen_y, self.view.scroll_offset.y)
            self.view.capture_mouse()
            self.view.refresh()
        return True

    def mouse_move(self, event: events.MouseMove) -> bool:
        """Drag the thumb; otherwise note whether the pointer is over the bar."""
        if self._grab is not None:
            virtual, window = self._window()
            row, position = self._grab
            y = position + (event.screen_y - row) * virtual / max(window, 1)
            self.view.scroll_to(y=y, animate=False, force=True)
            return True
        hover = self._on_bar(event) is not None
        if hover != self.hover:
            self.hover = hover
            self.view.refresh()
        return hover

    def mouse_up(self) -> bool:
        """Let go of the thumb."""
        if self._grab is None:
            return False
        self._grab = None
        self.view.release_mouse()
        self.view.refresh()
        return True

    def leave(self) -> None:
        if self.hover:
            self.hover = False
            self.view.refresh()
