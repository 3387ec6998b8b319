"""Scale: thousands of real articles grouped into stories, linked, cached.

Usage: ``python benchmarks/scale.py [--sizes 1000 10000] [--jobs 2] [--baseline-timeout 60]``

Corpus (real news text from ``../shared/data``):

- ``1000``: all 982 ECB+ articles (43 topics, each two events of one kind = 86
  subtopics, from many outlets) and the first 18 BBC articles.
- ``10000``: all 982 ECB+ and all 2,223 BBC articles, plus 6,795 perturbed copies
  of them (originals taken in a fixed shuffled order, round robin). A copy gets
  its own file name and folder (``copies/rN/``), the order of its sentences after
  the first is perturbed (each adjacent pair swapped with probability 0.2,
  BBC paragraphs likewise) and 5% of its words are dropped (never a sentence's
  first word). All randomness is seeded, so the corpus is the same every run.

Each size is written out as ``.txt`` files and analysed by ``reader``'s pipeline
in a fresh interpreter (so imports count, as for a user), three times:

- ``cold``: empty cache (a new file), ``--jobs`` worker processes;
- ``warm``: the same files again (everything from the cache);
- ``+1``: one more article (a perturbed copy of an ECB+ article) added.

Printed per run: wall time (interpreter start to result) and its split over the
pipeline's phases (imports, loading files, reading articles, grouping, linking),
CPU time of all processes, in all and by phase (live worker processes read from
``/proc``), peak RSS of the main process and of the largest worker
(``resource.getrusage``), sources built, stories linked and candidate sentence
pairs scored. Story quality is pairwise precision,
recall and F1 of "same story" against the ECB+ subtopics, over the ECB+ articles
(and their copies) only; on all 43 topics and on the test topics 23-45 (the story
rules were tuned on topics 1-22).

The naive baseline scores every pair of sentences from different articles of the
1,000-article corpus with rapidfuzz's ``token_set_ratio`` (sentences split at
``.!?`` before a capital); it stops after ``--baseline-timeout`` seconds and
reports how far it got and the rate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
ECB = DATA / "ecbplus" / "ecbplus_docs.jsonl"
BBC = DATA / "bbc" / "bbc_fulltext.jsonl"
TEST_TOPICS = range(23, 46)
PHASE_COLUMNS = ("import", "loading", "reading", "grouping", "linking")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z])")


@dataclass(frozen=True)
class Article:
    name: str  # relative path of the file
    text: str
    subtopic: str | None  # ECB+ gold; None for BBC
    topic: int | None


def originals() -> tuple[list[Article], list[Article]]:
    ecb = []
    for line in ECB.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        ecb.append(Article(f"ecb/{row['doc']}.txt", row["text"], row["subtopic"], row["topic"]))
    bbc = []
    for line in BBC.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        name = "bbc/" + row["id"].replace("/", "-") + ".txt"
        bbc.append(Article(name, f"{row['title']}\n\n{row['text']}", None, None))
    return ecb, bbc


def _swap_some(items: list[str], rng: random.Random) -> list[str]:
    items = list(items)
    for i in range(1, len(items) - 1):
        if rng.random() < 0.2:
            items[i], items[i + 1] = items[i + 1], items[i]
    return items


def _drop_words(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    return " ".join(w for n, w in enumerate(words) if n == 0 or rng.random() >= 0.05)


def perturb(article: Article, copy: int) -> Article:
    """A re-published copy: own file name, some sentences swapped, 5% of words dropped."""
    rng = random.Random(f"{article.name}/{copy}")
    paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
    if len(paragraphs) > 2:
        paragraphs = _swap_some(paragraphs, rng)
    out = []
    for paragraph in paragraphs:
        sentences = _SENTENCE_END.split(paragraph)
        sentences = _swap_some(sentences, rng)
        out.append(" ".join(_drop_words(s, rng) for s in sentences))
    stem = Path(article.name).stem
    name = f"copies/r{copy}/{Path(article.name).parent.name}-{stem}-r{copy}.txt"
    return Article(name, "\n\n".join(out), article.subtopic, article.topic)


def corpus(size: int) -> list[Article]:
    ecb, bbc = originals()
    if size <= len(ecb) + len(bbc):
        return (ecb + bbc)[:size]
    base = ecb + bbc
    order = list(range(len(base)))
    random.Random(0).shuffle(order)
    out = list(base)
    copy = 0
    while len(out) < size:
        copy += 1
        for index in order:
            if len(out) >= size:
                break
            out.append(perturb(base[index], copy))
    return out


def write(articles: list[Article], folder: Path) -> None:
    for article in articles:
        path = folder / article.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.text, encoding="utf-8")


# --- one run in a fresh interpreter --------------------------------------------------------------


def _cpu_all() -> float:
    """CPU seconds of this process and all its children, live ones included (Linux: worker
    processes are only counted in RUSAGE_CHILDREN once they have ended)."""
    import multiprocessing

    total = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    total += sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for process in multiprocessing.active_children():
        try:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def child(folder: str, cache_file: str, jobs: int, out: str) -> None:
    started = time.perf_counter()
    from reader.cache import ResultCache
    from reader.pipeline import analyze

    stats: dict[str, int] = {}
    phases: list[tuple[str, float]] = [("import", started)]
    cpu: list[float] = []  # at the start of each phase, and at the end

    def phase(name: str) -> None:
        phases.append((name, time.perf_counter()))
        cpu.append(_cpu_all())

    cache = ResultCache(Path(cache_file))
    analysis = analyze([folder], cache=cache, jobs=jobs, stats=stats, phase=phase)
    wall = time.perf_counter() - started
    phases.append(("end", time.perf_counter()))
    cpu.append(_cpu_all())
    cache.close()
    story_of = {sid: story.id for story in analysis.stories for sid in story.sources}
    result = {
        "wall_inside": wall,
        "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "cpu_s": sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
        + sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2]),
        "stats": stats,
        "phases": {name: end - start for (name, start), (_, end) in pairwise(phases)},
        "phase_cpu": {
            name: end - start
            for (name, _), (start, end) in zip(phases[1:-1], pairwise(cpu), strict=True)
        },
        "sources": len(analysis.sources),
        "claims": len(analysis.claims),
        "stories": len(analysis.stories),
        "story_of": {os.path.relpath(s.path, folder): story_of[s.id] for s in analysis.sources},
        "warning": cache.warning,
    }
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def run(folder: Path, cache_file: Path, jobs: int, code: Path) -> dict:
    out = folder.parent / "result.json"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--child", str(folder), str(cache_file), str(jobs), str(out)],
        check=True,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    result["wall"] = time.perf_counter() - started
    return result


# --- quality and baseline ------------------------------------------------------------------------


def story_quality(
    articles: list[Article], story_of: dict[str, object], topics=None, *, foreign: bool = False
) -> tuple[float, ...]:
    """Pairwise precision, recall and F1 of "same story" against ECB+ subtopics.

    ``foreign``: a BBC article (2004-05) in a story with one of the ECB+ articles scored
    (2008 and later) is another event too, and each such pair counts against precision.
    """
    chosen = [a for a in articles if a.subtopic and (topics is None or a.topic in topics)]
    cells = Counter((a.subtopic, story_of[a.name]) for a in chosen)
    gold = Counter(a.subtopic for a in chosen)
    predicted = Counter(story_of[a.name] for a in chosen)

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both, gold_pairs, predicted_pairs = pairs(cells), pairs(gold), pairs(predicted)
    if foreign:
        bbc = Counter(story_of[a.name] for a in articles if a.subtopic is None)
        predicted_pairs += sum(n * bbc[story] for story, n in predicted.items())
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def baseline(articles: list[Article], timeout: float) -> dict:
    from rapidfuzz import fuzz

    sentences = []
    for number, article in enumerate(articles):
        for paragraph in article.text.split("\n\n"):
            sentences.extend((number, s) for s in _SENTENCE_END.split(paragraph) if s.strip())
    total = 0
    counts = Counter(n for n, _ in sentences)
    total = (len(sentences) ** 2 - sum(c * c for c in counts.values())) // 2
    scored = 0
    started = time.perf_counter()
    deadline = started + timeout
    finished = True
    for i, (article_i, text_i) in enumerate(sentences):
        if time.perf_counter() > deadline:
            finished = False
            break
        for article_j, text_j in sentences[i + 1 :]:
            if article_j != article_i:
                fuzz.token_set_ratio(text_i, text_j)
                scored += 1
    elapsed = time.perf_counter() - started
    rate = scored / elapsed if elapsed else 0.0
    return {
        "sentences": len(sentences),
        "pairs": total,
        "scored": scored,
        "seconds": elapsed,
        "finished": finished,
        "rate": rate,
        "estimate_s": total / rate if rate else float("inf"),
    }


# --- main ----------------------------------------------------------------------------------------


def _row(label: str, result: dict) -> str:
    stats = result["stats"]
    phases = " / ".join(f"{result['phases'].get(p, 0):.1f}" for p in PHASE_COLUMNS)
    phase_cpu = " / ".join(f"{result['phase_cpu'].get(p, 0):.1f}" for p in PHASE_COLUMNS[1:])
    return (
        f"| {label} | {result['wall']:.1f} | {phases} | {result['cpu_s']:.1f} | {phase_cpu} | "
        f"{result['rss_main_mb']:.0f} / {result['rss_worker_mb']:.0f} | "
        f"{stats.get('sources_built', 0):,} | {stats.get('stories_linked', 0):,} | "
        f"{stats.get('candidate_pairs', 0):,} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--baseline-timeout", type=float, default=60.0)
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]), args.child[3])
        return 0
    if not ECB.exists() or not BBC.exists():
        print(f"public data sets not found under {DATA} (../shared is absent)", file=sys.stderr)
        return 2
    root = args.keep or Path(tempfile.mkdtemp(prefix="reader-scale-"))
    # A snapshot of the engine, so that edits to the working tree during a long run do not
    # change the cache fingerprint between the cold and the warm run.
    code = root / "src"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(REPO / "src", code, ignore=shutil.ignore_patterns("__pycache__", "tui"))
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"jobs: {args.jobs}\n")
    print(
        "| articles / run | wall s | import / load / read / group / link s | CPU s "
        "| CPU s load / read / group / link "
        "| peak RSS MB main / worker | sources built | stories linked | pairs scored |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    qualities = []
    try:
        for size in args.sizes:
            articles = corpus(size)
            folder = root / f"corpus-{size}" / "articles"
            if folder.exists():
                shutil.rmtree(folder)
            write(articles, folder)
            cache_file = root / f"corpus-{size}" / "cache.sqlite3"
            for stale in cache_file.parent.glob("cache.sqlite3*"):
                stale.unlink()
            cold = run(folder, cache_file, args.jobs, code)
            print(_row(f"{size:,} cold", cold), flush=True)
            warm = run(folder, cache_file, args.jobs, code)
            print(_row(f"{size:,} warm", warm), flush=True)
            extra = perturb(originals()[0][7], 99)
            write([extra], folder)
            added = run(folder, cache_file, args.jobs, code)
            print(_row(f"{size:,} +1 article", added), flush=True)
            qualities.append(
                (
                    size,
                    cold["stories"],
                    story_quality(articles, cold["story_of"]),
                    story_quality(articles, cold["story_of"], TEST_TOPICS),
                )
            )
        print("\n| articles | stories | ECB+ pairwise P / R / F1, all topics | test topics 23-45 |")
        print("|---|---|---|---|")
        for size, stories, every, test in qualities:
            print(
                f"| {size:,} | {stories:,} | {every[0]:.3f} / {every[1]:.3f} / {every[2]:.3f} "
                f"| {test[0]:.3f} / {test[1]:.3f} / {test[2]:.3f} |"
            )
        if args.baseline_timeout > 0:
            result = baseline(corpus(1000), args.baseline_timeout)
            state = (
                "finished" if result["finished"] else f"timed out after {result['seconds']:.0f} s"
            )
            print(
                f"\nnaive all-pairs token_set_ratio, 1,000 articles: {result['sentences']:,} "
                f"sentences, {result['pairs']:,} pairs; {state}: {result['scored']:,} scored "
                f"({result['rate']:,.0f}/s); all pairs would take "
                f"~{result['estimate_s'] / 60:.0f} min"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
