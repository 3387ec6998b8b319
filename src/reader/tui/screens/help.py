"""Lists every key binding, grouped by where it works."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.tui.screens.dialog import Dialog
from reader.tui.stylesheet import stylesheet

Section = tuple[str, Sequence[BindingType]]
DESCRIPTION = 52
WIDE = 100


class HelpScreen(Dialog[None]):
    """A modal list of bindings: keys, what they do, and the id to remap them."""

    DEFAULT_CSS = stylesheet(__file__)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "help-screen--heading",
        "help-screen--key",
        "help-screen--id",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Iterable[Section]) -> None:
        super().__init__()
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(
                Content("Keys  (escape or ? closes; remap by id in keys.toml, see README)"),
                id="help-title",
            )
            with VerticalScroll(id="help-body"):
                yield Static(id="help-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-text", Static).update(self._content())

    def _keys(self, binding: Binding) -> str:
        remapped = getattr(self.app, "keymap", None)
        spec = binding.key
        if remapped is not None and binding.id in remapped.keys:
            spec = remapped.keys[binding.id]  # the user's keys.toml
        keys = [key.strip() for key in spec.split(",") if key.strip()]
        return " ".join(self.app.get_key_display(binding.with_key(key)) for key in keys)

    def _line(self, keys: str, text: str, binding_id: str) -> Content:
        # Align the ids in a column when the dialog is wide enough for it.
        column = DESCRIPTION if self.app.size.width >= WIDE else len(text) + 1
        return Content.assemble(
            (f"  {keys:<14} ", self.get_visual_style("help-screen--key", partial=True)),
            f"{text:<{column}} ",
            (binding_id, self.get_visual_style("help-screen--id", partial=True)),
        )

    def _content(self) -> Content:
        heading = self.get_visual_style("help-screen--heading", partial=True)
        lines: list[Content] = []
        for title, bindings in self.sections:
            if lines:
                lines.append(Content(""))
            lines.append(Content.styled(title, heading))
            numbered: list[Binding] = []
            for item in bindings:
                binding = item if isinstance(item, Binding) else Binding(*item)
                if binding.id and binding.id.startswith("open_source_"):
                    numbered.append(binding)
                    continue
                text = binding.tooltip or binding.description or binding.action
                lines.append(self._line(self._keys(binding), text, binding.id or ""))
            if numbered:
                keys = f"{numbered[0].key}-{numbered[-1].key}"
                ids = f"{numbered[0].id}…{numbered[-1].key}"
                lines.append(self._line(keys, "Open the n-th article of the list", ids))
        return Content("\n").join(lines)
