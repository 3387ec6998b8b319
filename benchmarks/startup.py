"""Start-up time of the reader TUI against a bare Textual app showing one article.

Each measurement runs in a fresh interpreter so import costs count. The clock
starts at the top of the child script (before any import) and stops after the
first refresh that shows the measured content, in headless mode:

* ``bare``: an App with one Static holding the first seed's text.
* ``reader-first-frame``: ReaderApp over the seeds, first frame of the main screen
  (the analysis is still running in its worker; a loading indicator shows).
* ``reader-article``: ReaderApp over the seeds, the first refresh after the
  analysis is loaded and the first article's text is on screen.

Usage: python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = sorted((REPO / "seeds").glob("*.txt"))[0]

BARE = """
import time
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static(open(SEED, encoding="utf-8").read(), markup=False)

    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        print(time.perf_counter() - t0)
        self.exit()

Bare().run(headless=True, size=(120, 40))
"""

READER = """
import time
t0 = time.perf_counter()
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen

class Timed(ReaderApp):
    def on_main_screen_ready(self, message):
        super().on_main_screen_ready(message)
        if MODE == "first-frame":
            self.call_after_refresh(self.done)

    def on_worker_state_changed(self, event):
        super().on_worker_state_changed(event)
        if MODE == "article" and self.main.reading.source is not None:
            self.call_after_refresh(self.done)

    def done(self):
        print(time.perf_counter() - t0)
        self.exit()

Timed(None).run(headless=True, size=(120, 40))
"""


def measure(script: str, env: dict[str, str]) -> float:
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=REPO,
    )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "XDG_DATA_HOME": home,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")])
            ),
        }
        cases = {
            "bare": f"SEED = {str(SEED)!r}\n{BARE}",
            "reader-first-frame": f"MODE = 'first-frame'\n{READER}",
            "reader-article": f"MODE = 'article'\n{READER}",
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, script in cases.items():
                times[name].append(measure(script, env))
    bare = statistics.median(times["bare"])
    print(f"runs per case: {args.runs} (median seconds, min..max)")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  {name:<20} {median:6.3f}  ({min(values):.3f}..{max(values):.3f})"
            f"  {median / bare:4.2f}x bare"
        )


if __name__ == "__main__":
    main()
