"""The header: an icon that opens the command palette, and the app's title, in one widget."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON_WIDTH = 8
"""Cells of the icon on the left (as Textual's header draws it)."""
RIGHT_WIDTH = 10
"""Blank cells on the right, where Textual's header keeps room for a clock."""


class TitleBar(Widget):
    """What Textual's :class:`~textual.widgets.Header` shows without its clock: the
    icon (click: command palette), the title and sub-title centred; a click elsewhere
    makes it taller, as the Header does.

    The Header is four widgets, each mounted and styled before the first frame;
    this is one.
    """

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align-vertical: middle;
    }
    TitleBar.-tall {
        height: 3;
    }
    TitleBar > .title-bar--icon-hover {
        background: $foreground 10%;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"title-bar--icon-hover"}

    def __init__(self, icon: str = "≡") -> None:
        super().__init__()
        self.icon = icon
        self._icon_hover = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._title_changed, init=False)
            self.watch(node, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    @property
    def _palette(self) -> bool:
        return self.app.ENABLE_COMMAND_PALETTE

    def render(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        middle = max(self.size.width - ICON_WIDTH - RIGHT_WIDTH, 0)
        icon = Content(f" {self.icon}")
        icon = icon.pad_right(ICON_WIDTH - icon.cell_length)
        if self._icon_hover:
            icon = icon.stylize(self.get_visual_style("title-bar--icon-hover", partial=True))
        text = app.format_title(title, sub_title).truncate(middle, ellipsis=True)
        left = (middle - text.cell_length) // 2
        return Content.assemble(
            icon, text.pad(left, middle - text.cell_length - left), " " * RIGHT_WIDTH
        )

    def _set_icon_hover(self, hover: bool) -> None:
        if hover != self._icon_hover:
            self._icon_hover = hover
            self.tooltip = "Open the command palette" if hover else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_icon_hover(self._palette and event.x < ICON_WIDTH)

    def on_leave(self, event: events.Leave) -> None:
        self._set_icon_hover(False)

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        if event.x < ICON_WIDTH:
            if self._palette:
                await self.run_action("app.command_palette")
        else:
            self.toggle_class("-tall")
