"""One line saying what the engine is doing, with a bar when it knows how far it is."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widget import Widget

BAR, HALF_RIGHT, HALF_LEFT = "━", "╸", "╺"
PERCENT_WIDTH = 5


class ProgressLine(Widget):
    """A label, then a bar and a percentage as Textual's ``ProgressBar`` draws them.

    One widget: the label and a ``ProgressBar`` were five, mounted and styled
    before the first frame (which shows the label alone).
    """

    # Here rather than in app.tcss: parsed when the line first mounts (a warm start has none).
    DEFAULT_CSS = """
    ProgressLine {
        & > .progress-line--label {
            color: $text-muted;
        }
        & > .progress-line--bar {
            color: $primary;
        }
        & > .progress-line--complete {
            color: $success;
        }
        & > .progress-line--rest {
            color: $surface;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "progress-line--label",
        "progress-line--bar",
        "progress-line--complete",
        "progress-line--rest",
    }

    LABEL_SHARE = 0.6
    """At most this share of the width goes to the label."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = ""
        self.done = 0
        self.total: int | None = None

    def show(self, label: str, done: int | None = None, total: int | None = None) -> None:
        """Show ``label``, and a bar at ``done`` of ``total`` when ``total`` is known."""
        self.label = label
        self.done = done or 0
        self.total = total or None
        self.refresh()

    def render(self) -> Content:
        width = self.size.width
        style = self.get_visual_style
        label = Content.styled(self.label, style("progress-line--label", partial=True))
        if self.total is None:
            return label.truncate(width, ellipsis=True)
        label = label.truncate(max(int(width * self.LABEL_SHARE) - 1, 0), ellipsis=True) + " "
        fraction = min(max(self.done / self.total, 0.0), 1.0)
        bar_width = max(width - label.cell_length - PERCENT_WIDTH, 0)
        return Content.assemble(
            label,
            self._bar(bar_width, fraction),
            f"{round(fraction * 100)}%".rjust(PERCENT_WIDTH),
        )

    def _bar(self, width: int, fraction: float) -> Content:
        """The bar as ``textual.renderables.bar.Bar`` draws it, filled from the left."""
        style = self.get_visual_style
        rest_style = style("progress-line--rest", partial=True)
        end = round(width * fraction * 2) / 2
        if end <= 0:
            return Content.styled(BAR * width, rest_style)
        full, half = int(end), end > int(end)
        done_class = "progress-line--complete" if fraction >= 1 else "progress-line--bar"
        done = BAR * full + (HALF_RIGHT if half else "")
        rest = BAR * max(width - full - 1, 0)
        if not half and full < width:
            rest = HALF_LEFT + rest
        return Content.assemble((done, style(done_class, partial=True)), (rest, rest_style))
