"""Time `reader analyze` on the bundled seeds: import cost, first analysis, repeated analysis.

Run: python benchmarks/analyze_seeds.py [repeats]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    started = time.perf_counter()
    from reader.analysis import analyze

    imported = time.perf_counter() - started
    started = time.perf_counter()
    analysis = analyze(None)
    first = time.perf_counter() - started
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        analyze(None)
        times.append(time.perf_counter() - started)
    walls: dict[str, list[float]] = {"--no-cache": [], "result cache warm": []}
    for _ in range(5):
        for label, extra in (("--no-cache", ["--no-cache"]), ("result cache warm", [])):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "reader", "analyze", "--json", *extra],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            walls[label].append(time.perf_counter() - started)
    sentences = sum(len(s.sentences) for s in analysis.sources)
    print(f"sources {len(analysis.sources)}, sentences {sentences}, claims {len(analysis.claims)}")
    print(f"engine import            {imported * 1000:7.1f} ms")
    print(f"first analysis           {first * 1000:7.1f} ms")
    print(
        f"analysis (median of {repeats})  {statistics.median(times) * 1000:7.1f} ms"
        f"  (min {min(times) * 1000:.1f})"
    )
    for label, wall in walls.items():
        median = statistics.median(wall) * 1000
        print(f"`reader analyze --json` process ({label}), median of 5: {median:.0f} ms")


if __name__ == "__main__":
    main()
