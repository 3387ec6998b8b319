"""Export the current story: pick a format and a file, never overwrite unasked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from reader.export import (
    FORMATS,
    ExportError,
    Format,
    ReportExists,
    format_for,
    suggested_filename,
    write_report,
)
from reader.model import Analysis
from reader.tui.safe_text import clip, one_line
from reader.tui.screens.dialog import Dialog
from reader.tui.stylesheet import stylesheet

FORMAT_NAMES: dict[Format, str] = {"md": "Markdown", "json": "JSON", "html": "HTML"}


class ExportDialog(Dialog[Path]):
    """Writes one story's report; dismisses with the path written.

    Relative paths are taken from ``directory`` (the working directory by
    default). When the file exists, the first attempt only asks: a second one
    with the same file and format overwrites it.
    """

    DEFAULT_CSS = stylesheet(__file__)

    COMPONENT_CLASSES: ClassVar[set[str]] = {"export-dialog--warning", "export-dialog--error"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel export", id="export.cancel"),
    ]

    def __init__(
        self,
        analysis: Analysis,
        story_id: str | None,
        story_title: str,
        fmt: Format = "md",
        directory: Path | None = None,
    ) -> None:
        super().__init__()
        self.analysis = analysis
        self.story_id = story_id
        self.story_title = story_title
        self.fmt: Format = fmt
        self.directory = directory if directory is not None else Path.cwd()
        self._confirm: tuple[Path, Format] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static(
                Content("Export the story · ") + Content(clip(self.story_title, 60)),
                id="export-title",
                classes="dialog-title",
            )
            with RadioSet(id="export-format"):
                for fmt in FORMATS:
                    yield RadioButton(FORMAT_NAMES[fmt], value=fmt == self.fmt, id=f"format-{fmt}")
            yield Input(
                suggested_filename(self.analysis, self.fmt, self.story_id),
                placeholder="File to write",
                id="export-path",
            )
            yield Static(
                Content(f"Relative to {clip(str(self.directory), 70)}"),
                id="export-message",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-write", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @property
    def target(self) -> Path | None:
        """The file the path box names, made absolute; None when empty."""
        text = self.query_one(Input).value.strip()
        if not text:
            return None
        path = Path(os.path.expanduser(text))
        return path if path.is_absolute() else self.directory / path

    # -- keeping format and suffix in step ----------------------------------

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.fmt = FORMATS[event.index]
        box = self.query_one(Input)
        text = box.value
        if text.strip() and format_for(text) != self.fmt:
            base = os.path.splitext(text)[0] if format_for(text) else text
            box.value = f"{base}.{self.fmt}"
        self._reset_confirmation()

    @on(Input.Changed)
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        implied = format_for(event.value)
        if implied is not None and implied != self.fmt:
            self.fmt = implied
            self.query_one(f"#format-{implied}", RadioButton).value = True
        self._reset_confirmation()

    def _reset_confirmation(self) -> None:
        if self._confirm is not None:
            self._confirm = None
            button = self.query_one("#export-write", Button)
            button.label = "Export"
            button.variant = "primary"
            self._say(Content(f"Relative to {clip(str(self.directory), 70)}"))

    # -- writing ------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.write()

    @on(Button.Pressed, "#export-write")
    def _write_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.write()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def write(self) -> None:
        """Write the report, or ask first when the file exists."""
        target = self.target
        if target is None:
            self._say(self._styled("Name a file to write.", "export-dialog--error"))
            return
        force = self._confirm == (target, self.fmt)
        try:
            written = write_report(
                self.analysis, target, self.fmt, force=force, story_id=self.story_id
            )
        except ReportExists:
            self._confirm = (target, self.fmt)
            button = self.query_one("#export-write", Button)
            button.label = "Overwrite"
            button.variant = "warning"
            self._say(
                self._styled(
                    f"{clip(target.name, 50)} already exists. Export again to replace it.",
                    "export-dialog--warning",
                )
            )
            return
        except ExportError as error:
            self._say(self._styled(one_line(str(error)), "export-dialog--error"))
            return
        self.dismiss(written)

    def _styled(self, text: str, component: str) -> Content:
        return Content.styled(text, self.get_visual_style(component, partial=True))

    def _say(self, message: Content) -> None:
        self.query_one("#export-message", Static).update(message)
