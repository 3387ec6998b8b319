"""Start-up time of the reader TUI against a bare Textual app showing one article.

Each measurement runs in a fresh interpreter so import costs count. The clock
starts at the top of the child script (before any import) and stops after the
first refresh that shows the measured content, in headless mode at 120x40:

* ``bare``: an App with one Static holding the first seed's text.
* ``reader-first-frame``: ReaderApp over the seeds, first frame of the main screen
  (nothing read yet).
* ``reader-article``: ReaderApp over the seeds, the first refresh with the first
  article's cleaned text on screen (figures and quotes highlighted; the
  statements other sources share are still being found).
* ``reader-linked``: the first refresh with the whole analysis shown.

Every reader run starts with an empty result cache and state directory. The
machine's load average is printed too: on a shared machine the ratios to
``bare`` are the numbers to compare.

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

class Timed(ReaderApp):
    # ReaderApp handles these messages too; the check runs after its handlers.
    timing = False
    shown = False

    def on_main_screen_ready(self, message):
        self.shown = True
        self.call_later(self._check)

    def on_sources_ready(self, message):
        self.call_later(self._check)

    def on_worker_state_changed(self, event):
        self.call_later(self._check)

    def _check(self):
        if not self.shown:
            return
        shown = {
            "first-frame": True,
            "article": self.main.reading.source is not None,
            "linked": self.analysis is not None,
        }[MODE]
        if shown and not self.timing:
            self.timing = True
            self.call_after_refresh(self.done)

    def done(self):
        print(time.perf_counter() - t0)
        self.exit()

Timed(None).run(headless=True, size=(120, 40))
"""


def measure(script: str, env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory() as cache:  # a cold result cache every time
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={**env, "READER_CACHE_DIR": cache},
            check=True,
            cwd=REPO,
        )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    load_before = os.getloadavg()
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
            "reader-linked": f"MODE = 'linked'\n{READER}",
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, script in cases.items():
                times[name].append(measure(script, env))
    load_after = os.getloadavg()
    bare = statistics.median(times["bare"])
    print(
        f"runs per case: {args.runs} (median seconds, min..max); {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  {name:<20} {median:6.3f}  ({min(values):.3f}..{max(values):.3f})"
            f"  {median / bare:4.2f}x bare"
        )


if __name__ == "__main__":
    main()
