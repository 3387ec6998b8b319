"""Ask for a file, directory, feed or URL to add to the open articles."""

from __future__ import annotations

import os
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from reader.tui.screens.dialog import Dialog
from reader.tui.stylesheet import stylesheet

URL_SCHEMES = ("http://", "https://")


class OpenDialog(Dialog[str]):
    """Dismisses with what to add: a path (``~`` expanded) or a URL as typed."""

    DEFAULT_CSS = stylesheet(__file__)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel", id="open.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="open-dialog", classes="dialog"):
            yield Static("Add articles", classes="dialog-title")
            yield Input(
                placeholder="File, directory, saved page, feed or https:// URL", id="open-path"
            )
            yield Static(
                "The analysis runs again with them; what fails to load is reported.",
                id="open-message",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="open-add", compact=True)
                yield Button("Cancel", id="open-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._add()

    @on(Button.Pressed, "#open-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._add()

    @on(Button.Pressed, "#open-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def _add(self) -> None:
        text = self.query_one(Input).value.strip()
        if not text:
            self.query_one("#open-message", Static).update("Type a path or a URL.")
            return
        if not text.lower().startswith(URL_SCHEMES):
            text = os.path.expanduser(text)
        self.dismiss(text)
