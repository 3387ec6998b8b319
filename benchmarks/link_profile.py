"""Time (CPU) the grouping and linking phases alone on a kept corpus.

Usage: ``python benchmarks/link_profile.py CORPUS_DIR [--profile] [--claims OUT.json]``

Reads the corpus once (pickled next to it as ``.sources.pickle`` so later runs skip reading),
then groups the sources into stories and links every story of two or more sources in this
process, printing CPU seconds per phase and the candidate pairs scored. ``--claims`` writes
the stories and claims as JSON so two versions of the engine can be compared exactly.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pickle
import pstats
import sys
import time
from pathlib import Path

from reader import stories as story_rules
from reader.linking import link
from reader.loading import load
from reader.pipeline import _build, source_ids


def sources_of(corpus: Path) -> tuple[list, list]:
    cached = corpus / ".sources.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    documents, _problems = load([corpus])
    ordered = sorted(documents, key=lambda d: (d.path, d.content_hash))
    built = _build(list(zip(ordered, source_ids(ordered), strict=True)))
    data = [b[0] for b in built], [b[1] for b in built]
    cached.write_bytes(pickle.dumps(data))
    return data


def _row(d: object) -> list[str]:
    return [d.sentence, d.kind, d.detail]  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--claims", type=Path)
    parser.add_argument("--skip-link", action="store_true")
    args = parser.parse_args()
    sources, profiles = sources_of(args.corpus)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    t0 = time.process_time()
    groups = story_rules.group(profiles)
    t1 = time.process_time()
    claims = []
    pairs = 0
    if not args.skip_link:
        for g in groups:
            if len(g) < 2:
                continue
            total = [0]

            def count(_done: int, n: int, total: list[int] = total) -> None:
                total[0] = n

            claims.append(link([sources[i] for i in g], progress=count))
            pairs += total[0]
    t2 = time.process_time()
    if profiler:
        profiler.disable()
    print(f"sources {len(sources)} stories {sum(len(g) > 1 for g in groups)}")
    print(f"group CPU {t1 - t0:.2f} s  link CPU {t2 - t1:.2f} s  pairs {pairs}")
    print(f"claims {sum(len(c) for c in claims)}")
    if args.claims:
        out = {
            "groups": [list(g) for g in groups],
            "claims": [
                [
                    [c.id, c.kind, list(c.sentences), [_row(d) for d in c.discrepancies], c.speaker]
                    for c in story
                ]
                for story in claims
            ],
        }
        args.claims.write_text(json.dumps(out))
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(35)


if __name__ == "__main__":
    main()
