"""Key-press latency of the reader TUI on a synthetic analysis of 10,000 sources.

The analysis is built from the model's dataclasses (``synthetic_analysis`` in
tests/tui/tui_story.py: small articles, a few hundred stories, shared statements,
quotes and discrepancies), so no engine time is involved. The app runs headless
under Textual's Pilot at 120x40 with its state in a temporary directory (reads
and positions are written to SQLite as in real use).

Each key is timed from just before ``pilot.press``:

* ``painted``: until the end of the last screen update that changed what the
  screen shows (the time a user waits to see the result);
* ``last frame``: until the end of the last screen update of any kind;
* ``press+pause``: until ``pilot.press`` and ``pilot.pause()`` return. Pilot
  waits for the process to go idle, in 20 ms slices, three times per key, so
  this includes a fixed overhead; ``floor`` is the same measure for a key
  that nothing is bound to.

and the process's CPU time per press is printed too: on a shared machine it
says how much work a key costs, whatever else is running.

How a screen update is timed (changed in the latency work of issue 5, so that
the measure follows what a terminal shows): headless, Textual skips turning an
update into terminal output, which a real terminal app pays for; MeasuredApp
does that work too, inside the timed update. Each update is then applied to a
copy of the screen, cell by cell. Textual repaints some widgets a frame after
the one that showed a key's result (every scroll view's scrollbar after any
layout, a label that a layout resized), drawing the same cells again; before,
such a repaint counted as the end of the key. ``painted`` now ignores updates
that change no cell, and ``last frame`` keeps the old reading for comparison.
The copy's own bookkeeping is kept out of the CPU times.

The key cycle covers j/k (sentences), J/K (articles), n (next highlight),
d (next discrepancy), / and escape (search box), and tab round the panes
(with j in the side panel and k in the article list). A key that changes
nothing on screen (j in a side panel of one entry) has no ``painted`` time.
``--run-on`` times the keys over a one-megabyte sentence instead.

Usage: python benchmarks/tui_latency.py [--sources N] [--stories N] [--cycles N] [--run-on]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "tui"))

from rich.cells import cell_len  # noqa: E402
from rich.segment import ControlType, Segment  # noqa: E402
from rich.style import Style  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Input  # noqa: E402
from tui_story import run_on_analysis, synthetic_analysis  # noqa: E402

from reader.state import StateStore  # noqa: E402
from reader.tui.app import ReaderApp  # noqa: E402

# One cycle; d goes to the story's last article (where the synthetic discrepancy
# is), so K and J both move. With four panes (stories, articles, reading, side
# panel), the tabs come back to the reading pane.
CYCLE = [
    "j", "j", "k", "d", "n", "n", "K", "J", "slash", "escape",
    "tab", "j", "tab", "tab", "k", "tab",
]  # fmt: skip
# With --run-on: a one-megabyte sentence (a figure every ten words) and a short
# article; three panes (no story list), so three tabs come back to the text.
RUN_ON_CYCLE = ["j", "k", "n", "n", "N", "pagedown", "pageup", "J", "K", "tab", "tab", "tab"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(share * (len(ordered) - 1)), len(ordered) - 1)]


class Screenful:
    """What a terminal would show, cell by cell, as the app's updates arrive."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[str, object]] = {}
        self._looks: dict[int, object] = {}

    def _look(self, style: Style | None) -> object:
        """What a style shows (colours and attributes, not mouse metadata)."""
        if style is None:
            return None
        look = self._looks.get(id(style))
        if look is None:
            look = self._looks[id(style)] = (
                style.color, style.bgcolor, style.bold, style.dim, style.italic,
                style.underline, style.strike, style.reverse, style.link,
            )  # fmt: skip
        return look

    def apply(self, segments: list[Segment]) -> bool:
        """Write an update's segments; True if any cell now shows something else."""
        changed = False
        cells = self.cells
        x = y = 0
        for segment in segments:
            if segment.control:
                for code in segment.control:
                    if code[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = code[1], code[2]
                continue
            if segment.text == "\n":
                x, y = 0, y + 1
                continue
            look = self._look(segment.style)
            for character in segment.text:
                cell = (character, look)
                if cells.get((x, y)) != cell:
                    cells[(x, y)] = cell
                    changed = True
                x += cell_len(character)
        return changed


class MeasuredApp(ReaderApp):
    """ReaderApp that records when each screen update is done, and whether it showed anything.

    Headless, Textual skips turning an update into terminal output; a terminal
    app pays for it, so it is done here too (``render_segments``), inside the
    timed frame. Then the update is applied to a copy of the screen to tell a
    frame that changes what is shown from a repaint of the same cells. Only
    that bookkeeping's own CPU time is kept out of the per-key CPU time.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.frames: list[tuple[float, bool]] = []
        self.bookkeeping = 0.0
        self._screenful = Screenful()

    def _display(self, screen: Screen, renderable: object) -> None:
        super()._display(screen, renderable)  # type: ignore[arg-type]
        render = getattr(renderable, "render_segments", None)  # a compositor update
        if render is None or self._batch_count:
            return
        render(self.console)
        done = time.perf_counter()
        cpu = time.process_time()
        segments = list(renderable.__rich_console__(self.console, self.console.options))  # type: ignore[attr-defined]
        changed = self._screenful.apply(segments)  # type: ignore[arg-type]
        self.frames.append((done, changed))
        self.bookkeeping += time.process_time() - cpu

    def last_frame_after(self, start: float, *, changed: bool) -> float | None:
        """When the last update after ``start`` was done (only those that changed a cell)."""
        later = [t for t, showed in self.frames if t > start and (showed or not changed)]
        return later[-1] if later else None


async def run(
    sources: int, stories: int, cycles: int, run_on: bool = False
) -> dict[str, dict[str, list[float]]]:
    Input.cursor_blink = False
    started = time.perf_counter()
    if run_on:
        analysis, cycle = run_on_analysis(), RUN_ON_CYCLE
    else:
        analysis, cycle = synthetic_analysis(sources=sources, stories=stories), CYCLE
    built = time.perf_counter() - started
    timings: dict[str, dict[str, list[float]]] = {
        "painted": defaultdict(list),
        "last frame": defaultdict(list),
        "press+pause": defaultdict(list),
        "cpu": defaultdict(list),
    }
    with tempfile.TemporaryDirectory() as home:
        state = StateStore(Path(home) / "state.sqlite3")
        app = MeasuredApp(analysis=analysis, state=state)
        started = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            opened = time.perf_counter() - started
            for _ in range(cycles):
                for key in [*cycle, "f12"]:
                    kept_out = app.bookkeeping
                    started, cpu = time.perf_counter(), time.process_time()
                    await pilot.press(key)
                    await pilot.pause()
                    ended = time.perf_counter()
                    name = "floor" if key == "f12" else key
                    timings["press+pause"][name].append(ended - started)
                    timings["cpu"][name].append(
                        time.process_time() - cpu - (app.bookkeeping - kept_out)
                    )
                    if name == "floor":
                        continue
                    for measure, changed in (("painted", True), ("last frame", False)):
                        frame = app.last_frame_after(started, changed=changed)
                        if frame is not None:
                            timings[measure][name].append(frame - started)
        state.close()
    longest = max(len(source.text) for source in analysis.sources)
    print(
        f"{len(analysis.sources)} sources, {len(analysis.stories)} stories, "
        f"{len(analysis.claims)} claims, longest text {longest:,} characters: "
        f"built in {built:.2f} s, first screen in {opened:.2f} s"
    )
    return timings


def report(title: str, timings: dict[str, list[float]]) -> None:
    every = [t for key, values in timings.items() if key != "floor" for t in values]
    print(f"\n{title}\n{'key':<8} {'presses':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for key, values in [*sorted(timings.items()), ("all keys", every)]:
        print(
            f"{key:<8} {len(values):>7} {1000 * statistics.median(values):8.1f} "
            f"{1000 * percentile(values, 0.95):8.1f} {1000 * max(values):8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--cycles", type=int, default=15, help=f"{len(CYCLE)} keys each")
    parser.add_argument(
        "--run-on", action="store_true", help="a one-megabyte sentence instead of many sources"
    )
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    timings = asyncio.run(run(args.sources, args.stories, args.cycles, args.run_on))
    report("key -> last update that changed the screen (painted)", timings["painted"])
    report("key -> last update, changed or not (last frame)", timings["last frame"])
    report("pilot.press + pilot.pause (with Pilot's idle waits)", timings["press+pause"])
    report("CPU time of the process per press (floor: Pilot's own)", timings["cpu"])
    print(f"load average {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
