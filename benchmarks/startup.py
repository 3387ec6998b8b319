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

Each reader case is measured twice:

* ``cold``: an empty result cache (a first launch, or a launch after the
  articles changed).
* ``warm``: a result cache filled by one earlier run over the same articles
  (a user's second launch); the cache is filled once, before the timed runs. It
  holds the article that run started on (checked against the engine and the
  file before use), which reader shows in its first frame, before the engine
  reads anything: on a warm cache ``reader-first-frame`` and ``reader-article``
  measure the same frame.

Python's bytecode cache is on for every child, in a private directory
(``PYTHONPYCACHEPREFIX``) filled by one untimed run of each case, as an
installed program's is; ``--no-bytecode`` compiles every module from source in
every run instead (``PYTHONDONTWRITEBYTECODE``, which hits reader's modules but
not Textual's, whose bytecode pip wrote; reader then pays ~70 ms of compiling).
The state directory (read marks, reading positions) is shared by all runs, as a
user's is. Besides the wall time, the child's CPU time (all its threads) to the
same point is reported: on this shared 2-core machine it is the steadier number.
The machine's load average is printed too: the ratios to ``bare`` are the
numbers to compare.

Usage: python benchmarks/startup.py [--runs N] [--no-bytecode]
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
t0, c0 = time.perf_counter(), time.process_time()
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static(open(SEED, encoding="utf-8").read(), markup=False)

    def on_mount(self):
        self.call_after_refresh(self.done)

    def done(self):
        print(time.perf_counter() - t0, time.process_time() - c0)
        self.exit()

Bare().run(headless=True, size=(120, 40))
"""

READER = """
import time
t0, c0 = time.perf_counter(), time.process_time()
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
        print(time.perf_counter() - t0, time.process_time() - c0)
        self.exit()

Timed(None).run(headless=True, size=(120, 40))
"""


def measure(script: str, env: dict[str, str], cache: str | None = None) -> tuple[float, float]:
    """Wall and CPU seconds to the milestone; a fresh empty result cache unless ``cache``."""
    with tempfile.TemporaryDirectory() as empty:
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={**env, "READER_CACHE_DIR": cache or empty},
            check=True,
            cwd=REPO,
        )
    wall, cpu = result.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--no-bytecode", action="store_true", help="compile every module in every run"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory() as home,
        tempfile.TemporaryDirectory() as warm,
        tempfile.TemporaryDirectory() as pycache,
    ):
        env = {
            **os.environ,
            "XDG_DATA_HOME": home,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")])
            ),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("PYTHONPYCACHEPREFIX", None)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env["PYTHONPYCACHEPREFIX"] = pycache
        reader = {
            mode: f"MODE = {mode!r}\n{READER}" for mode in ("first-frame", "article", "linked")
        }
        measure(reader["linked"], env, warm)  # fills the warm cache
        cases: dict[str, tuple[str, str | None]] = {"bare": (f"SEED = {str(SEED)!r}\n{BARE}", None)}
        for mode, script in reader.items():
            cases[f"reader-{mode} cold"] = (script, None)
        for mode, script in reader.items():
            cases[f"reader-{mode} warm"] = (script, warm)
        for script, cache in cases.values():  # untimed: fills the bytecode cache
            measure(script, env, cache)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, (script, cache) in cases.items():
                times[name].append(measure(script, env, cache))
    load_after = os.getloadavg()
    bare = [statistics.median(column) for column in zip(*times["bare"], strict=True)]
    print(
        f"runs per case: {args.runs} (median seconds, min..max); {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; "
        + ("no bytecode cache" if args.no_bytecode else "bytecode cached")
    )
    print(f"  {'':<26} {'wall':>6}  {'(min..max)':<14} {'ratio':>6}   {'CPU':>6} {'ratio':>6}")
    for name, values in times.items():
        walls = [wall for wall, _ in values]
        wall, cpu = (statistics.median(column) for column in zip(*values, strict=True))
        print(
            f"  {name:<26} {wall:6.3f}  ({min(walls):.3f}..{max(walls):.3f})"
            f" {wall / bare[0]:5.2f}x   {cpu:6.3f} {cpu / bare[1]:5.2f}x"
        )


if __name__ == "__main__":
    main()
