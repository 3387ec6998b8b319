"""The footer, built with the screen and rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


def _shown_keys(screen: Screen) -> tuple[tuple[str, str, bool], ...]:
    return tuple(
        (binding.key, binding.description, enabled)
        for _node, binding, enabled, _tooltip in screen.active_bindings.values()
        if binding.show
    )


class KeyFooter(Footer):
    """A :class:`Footer` that shows its keys in the screen's first frame and skips
    rebuilding when focus moves between panes.

    Textual's footer starts empty and builds its keys after the first frame (one
    more layout and frame), then rebuilds them all whenever the focused widget
    changes; reader's footer shows only screen and app keys, so those rebuilds
    redraw the same thing and cost more than the move itself.
    """

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: tuple[tuple[str, str, bool], ...] | None = None

    def compose(self) -> ComposeResult:
        if self._shown is None and self.app.app_focus:
            # The keys as the screen mounts: its bindings and the app's are known already.
            self.set_reactive(Footer._bindings_ready, True)
            self._shown = _shown_keys(self.screen)
        return super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        shown = _shown_keys(screen)
        if shown == self._shown:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # the footer rebuilt itself with these keys
