"""Sizing the canvas of a Line API view so that one layout shows the change."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def size_canvas(view: ScrollView, rows: int, height: int | None = None) -> None:
    """Give ``view`` a canvas ``rows`` high and show its vertical scrollbar if it needs one.

    ``height`` is the view's height after the next layout, when the caller knows
    it is changing (else its height now). Textual decides about the scrollbar
    during the layout that a new canvas causes, and showing or hiding it there
    asks for a second layout, so a second frame; deciding here saves it.

    The canvas has no width: these views scroll vertically only, and a width would
    change with the first layout (from 0) and every resize, each time asking for one
    more layout and frame.
    """
    size = Size(0, rows)
    if size == view.virtual_size:
        return
    view.virtual_size = size
    if view.styles.overflow_y != "auto" or not view.size:  # not laid out yet
        return
    needed = size.height > (view.size.height if height is None else height)
    if needed != view.show_vertical_scrollbar:
        view.show_vertical_scrollbar = needed
        view.vertical_scrollbar.display = needed
