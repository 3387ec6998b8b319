"""The footer: the screen's keys on one line, drawn by one widget."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget


class FooterKey(NamedTuple):
    """One key the footer shows, and where it is drawn (cells ``start`` to ``end``)."""

    key: str
    """The key to press, as Textual names it (what a click simulates)."""
    display: str
    description: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0


def shown_keys(screen: Screen) -> list[FooterKey]:
    """The keys Textual's footer would show, in its order: one per action, with
    ``show`` set; the command palette's key last."""
    app = screen.app
    palette = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
    keys: list[FooterKey] = []
    actions: set[str] = set()
    last: FooterKey | None = None
    for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items():
        if key == palette:
            last = FooterKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                binding.tooltip or binding.description,
            )
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        display = app.get_key_display(binding)
        keys.append(FooterKey(binding.key, display, binding.description, enabled, tooltip))
    if last is not None:
        keys.append(last)
    return keys


class KeyFooter(Widget, can_focus=False):
    """The screen's keys as Textual's compact :class:`~textual.widgets.Footer` shows
    them (the command palette's key on the right), clickable, with each key's tooltip.

    Textual's footer mounts one widget per key and builds them after the first
    frame (one more layout and frame), then again whenever focus moves. This one
    draws a single line: the keys are there in the screen's first frame, and a
    change of keys only redraws that line.
    """

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--item {
        background: $footer-item-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--hover {
        background: $block-hover-background;
    }
    KeyFooter > .key-footer--separator {
        color: $foreground 20%;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--item",
        "key-footer--key",
        "key-footer--description",
        "key-footer--hover",
        "key-footer--separator",
    }

    def __init__(self) -> None:
        super().__init__()
        self._keys: list[FooterKey] | None = None
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        keys = shown_keys(screen)
        if self._keys is None or [k[:5] for k in keys] != [k[:5] for k in self._keys]:
            self._keys = keys
            self._hover = None
            self.refresh()

    @property
    def keys(self) -> list[FooterKey]:
        """The keys shown, with the cells each takes (once drawn)."""
        if self._keys is None:
            self._keys = shown_keys(self.screen)
        return self._keys

    def render(self) -> Content:
        width = self.size.width
        keys = self.keys
        style = self.get_visual_style
        key_style = style("key-footer--key", partial=True)
        description_style = style("key-footer--description", partial=True)
        item_style = style("key-footer--item", partial=True)
        hover_style = style("key-footer--hover", partial=True)
        dim = Style(dim=True)

        def label(n: int, key: FooterKey) -> Content:
            text = Content.assemble(
                (key.display, key_style), (f" {key.description}", description_style)
            )
            if not key.enabled:
                text = text.stylize(dim)
            return text.stylize_before(hover_style if n == self._hover else item_style)

        palette = keys[-1] if keys and keys[-1].key == self.app.COMMAND_PALETTE_BINDING else None
        left = keys[:-1] if palette is not None else keys
        right = Content("")
        if palette is not None:
            right = Content.assemble(
                ("▏", style("key-footer--separator", partial=True)),
                label(len(left), palette),
                " ",
            )
        room = max(width - right.cell_length, 0)
        line = Content("")
        placed: list[FooterKey] = []
        for n, key in enumerate(left):
            text = label(n, key)
            start = line.cell_length
            placed.append(key._replace(start=start, end=min(start + text.cell_length, room)))
            line = line + text + " "
        line = line.truncate(room, pad=True)
        if palette is not None:
            start = room + 1
            placed.append(palette._replace(start=start, end=start + right.cell_length - 2))
        self._keys = placed
        return line + right

    def _key_at(self, x: int) -> int | None:
        for n, key in enumerate(self.keys):
            if key.start <= x < key.end:
                return n
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.tooltip = None if hover is None else self.keys[hover].tooltip or None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        n = self._key_at(event.x)
        if n is None:
            return
        event.stop()
        key = self.keys[n]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
