"""Fit the story grouping's thresholds on ECB+ topics 1-22 (topics 23-45 are the test).

Reproduces the choice of ``THRESHOLD``, ``ATTACH``, ``SMALL``, ``ANCHOR`` and ``MARGIN`` in
``src/reader/stories.py``:

1. The corpora of ``benchmarks/scale.py`` (1,000 articles: all ECB+ and 18 BBC;
   10,000: all ECB+ and BBC plus perturbed copies) are built as the pipeline builds
   them (cleaning, sentences, story profiles with the shipped profile weights).
2. Each corpus is grouped whole, as a user's would be, but scored on the articles of
   the train topics only: pairwise precision and recall of "same story" against the
   ECB+ subtopics. A BBC article (2004-05) in a story with an ECB+ article (2008 and
   later) is a different event too, so every such pair with a train-topic article
   counts against precision (otherwise a pass that lets lone articles join a story
   could pull any of them in unseen).
3. A grid: average linkage once per ``THRESHOLD``, then every second pass
   (``ATTACH`` x ``SMALL`` x ``ANCHOR`` x ``MARGIN``) on its result. Of the settings
   whose mean train F1 over the two sizes is within ``TOLERANCE`` of the best, the most
   cautious is chosen: the fewest misplaced articles (:func:`misplaced`), then the
   highest ``ATTACH`` and the lowest ``MARGIN`` (fewest lone articles pulled into a
   story), then the threshold nearest the first pass's old 0.37. Pairwise F1 weighs a
   story's many pairs far above one article of another event in it, which a reader
   sees at once.

The test topics are never looked at. Usage:
``python scripts/fit_stories.py [--sizes 1000 10000] [--jobs 2]``
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from benchmarks.scale import BBC, ECB, TEST_TOPICS, Article, corpus, story_quality  # noqa: E402

from reader import stories  # noqa: E402
from reader.analysis import build_source  # noqa: E402
from reader.loading import Document  # noqa: E402

TRAIN_TOPICS = range(1, TEST_TOPICS.start)
THRESHOLDS = (0.35, 0.37, 0.39)
ATTACHES = (0.16, 0.18, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.32)
SMALLS = (1, 2)
ANCHORS = (3, 4)
MARGINS = (1.0, 0.9, 0.85, 0.8)
OLD_THRESHOLD = 0.37
TOLERANCE = 0.005


def _profiles(items: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
    out = []
    for name, text in items:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        document = Document(path=name, text=text, encoding="utf-8", content_hash=digest)
        out.append(stories.profile(build_source(document, Path(name).stem)))
    return out


def profiles(articles: Sequence[Article], jobs: int) -> list[dict[str, float]]:
    """Story profiles in the pipeline's order (by path)."""
    items = [(a.name, a.text) for a in articles]
    if jobs <= 1:
        return _profiles(items)
    chunks = [items[n::jobs] for n in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        parts = list(pool.map(_profiles, chunks))
    out: list[dict[str, float]] = [{}] * len(items)
    for n, part in enumerate(parts):
        out[n::jobs] = part
    return out


def misplaced(articles: Sequence[Article], groups: Sequence[Sequence[int]], topics: range) -> int:
    """Articles in a story of another event: in each story with articles of the topics, the
    BBC articles and the ECB+ ones of any subtopic but the story's most frequent."""
    count = 0
    for members in groups:
        labels = Counter(articles[i].subtopic for i in members if articles[i].topic in topics)
        if labels:
            bbc = sum(1 for i in members if articles[i].subtopic is None)
            count += bbc + labels.total() - labels.most_common(1)[0][1]
    return count


def score(articles: Sequence[Article], groups: Sequence[Sequence[int]]) -> tuple:
    """Precision, recall, F1 and misplaced articles on the train topics; a BBC article in a
    story with a train-topic article makes a false pair with it (see the module's 2.)."""
    story_of = {articles[i].name: n for n, members in enumerate(groups) for i in members}
    quality = story_quality(articles, story_of, TRAIN_TOPICS, foreign=True)
    return (*quality, misplaced(articles, groups, TRAIN_TOPICS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not ECB.exists() or not BBC.exists():
        print("public data sets not found under ../shared/data", file=sys.stderr)
        return 2
    scores: dict[tuple, list[tuple]] = {}
    for size in args.sizes:
        started = time.perf_counter()
        articles = sorted(corpus(size), key=lambda a: a.name)
        made = profiles(articles, args.jobs)
        print(f"{size:,} articles: profiles in {time.perf_counter() - started:.0f} s", flush=True)
        for threshold in THRESHOLDS:
            first = stories._agglomerate(made, threshold)
            scores.setdefault((threshold, None, 0, 0, None), []).append(
                score(articles, list(first.members.values()))
            )
            grid = itertools.product(ATTACHES, SMALLS, ANCHORS, MARGINS)
            for attach, small, anchor, margin in grid:
                members = stories._attach(first, attach, small, anchor, margin)
                scores.setdefault((threshold, attach, small, anchor, margin), []).append(
                    score(articles, list(members.values()))
                )

    def mean_f1(key: tuple) -> float:
        return round(sum(q[2] for q in scores[key]) / len(scores[key]), 4)

    def placed_wrong(key: tuple) -> int:
        return sum(q[3] for q in scores[key])

    def caution(key: tuple) -> tuple:
        threshold, attach, small, anchor, margin = key
        near = -abs(threshold - OLD_THRESHOLD)
        return (-placed_wrong(key), attach, -margin, near, -small, anchor, mean_f1(key))

    def rank(key: tuple) -> tuple:
        return (mean_f1(key), *caution(key))

    def show(key: tuple) -> str:
        cells = "  ".join(f"{p:.3f} / {r:.3f} / {f:.3f} / {m:3}" for p, r, f, m in scores[key])
        return f"{cells}  mean F1 {mean_f1(key):.4f}"

    sizes = "  ".join(f"{size:>27,}" for size in args.sizes)
    print(f"\ntrain topics 1-22, P / R / F1 / misplaced at {sizes}")
    for threshold in THRESHOLDS:
        alone = (threshold, None, 0, 0, None)
        print(f"average linkage alone, threshold {threshold:.2f}: {show(alone)}")
    print("\nbest second passes:")
    ranked = sorted((k for k in scores if k[1] is not None), key=rank, reverse=True)
    for key in ranked[:20]:
        threshold, attach, small, anchor, margin = key
        setting = f"t={threshold:.2f} attach={attach:.2f} small={small} anchor={anchor}"
        print(f"{setting} margin={margin:.2f}: {show(key)}")
    top = mean_f1(ranked[0])
    chosen = max((k for k in ranked if mean_f1(k) >= top - TOLERANCE), key=caution)
    threshold, attach, small, anchor, margin = chosen
    print(f"\nthe most cautious within {TOLERANCE} of the best mean F1: {show(chosen)}")
    print(
        f"chosen: THRESHOLD = {threshold}  ATTACH = {attach}  SMALL = {small}  "
        f"ANCHOR = {anchor}  MARGIN = {margin}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
