"""Does analysis cost grow at most linearly with text length?

Usage: ``python benchmarks/complexity.py [--quick]``

For each input shape (realistic prose, one sentence with no punctuation,
unclosed quote marks, dense figures, terminal escapes, ...) the script builds
texts of growing length, runs the engine on them and counts operations:

- ``steps``: Python lines executed (:func:`sys.settrace`) plus calls of C
  functions such as regex searches and ``str`` methods (:func:`sys.setprofile`).
  The count is deterministic for a given input, so a test can assert on it.
- ``regex``: characters handed to the engine's module-level regexes (see
  :class:`RegexInput`); a scan that starts over from the beginning of the text at
  every match is one C call to the step count but shows here. Deterministic too.
- ``cpu``: CPU seconds, for reference only. It also sees work done inside one C
  call (regex backtracking, ``in`` on long strings), which neither count can.

``exp`` is the growth exponent between the two largest sizes:
``log(cost(big) / cost(small)) / log(big / small)``; 1.0 is linear, 2.0 quadratic.

The second table links sources (``reader.linking.link``): two sources of growing
length, and a growing number of sources of one story, counting the candidate
pairs and the pair scores computed.

Exits 1 when a step or regex exponent of a single-source shape, or the pair-score
exponent of the two-source case, is above ``MAX_EXPONENT``.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from reader import linking, similarity
from reader.analysis import build_source
from reader.loading import Document

MAX_EXPONENT = 1.25

_NAMES = ("Jo Park", "Sam Lee", "Priya Shah", "Tom Baker", "Ana Silva", "Kwame Mensah", "Li Wei")
_ORGS = ("council", "union", "health board", "school trust", "police force", "rail operator")
_TOPICS = ("strike", "budget", "closure", "merger", "pay offer", "inquiry", "new timetable")
_GROUPS = ("members", "residents", "staff", "parents", "drivers", "nurses", "officers")
_TEMPLATES = (
    "The {org} said {n} {group} would be affected by the {topic}.",
    "“We {verb} the {topic},” said {name}, who leads the {org}.",
    "About {pct}% of {group} backed the {topic} in a vote on {day}.",
    "{name} told reporters the {topic} would cost £{money} million over {n2} years.",
    "She added: “It is {adj} for {group} and for the {org}.”",
    "More than {n} {group} signed a letter opposing the {topic}, according to the {org}.",
    "The {topic} follows {n2} months of talks between the {org} and {group}.",
    "“This is not about {topic},” {name} said. “It is about {group}.”",
)
_VERBS = ("welcome", "oppose", "regret", "support", "will fight", "cannot accept")
_ADJS = ("unfair", "a relief", "a disgrace", "good news", "too little, too late")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def sentence(rng: random.Random) -> str:
    """One invented news sentence (names, figures and quotes vary)."""
    return rng.choice(_TEMPLATES).format(
        org=rng.choice(_ORGS),
        n=rng.randrange(2, 90_000),
        n2=rng.randrange(2, 12),
        group=rng.choice(_GROUPS),
        topic=rng.choice(_TOPICS),
        verb=rng.choice(_VERBS),
        name=rng.choice(_NAMES),
        pct=rng.randrange(1, 99),
        day=rng.choice(_DAYS),
        money=rng.randrange(1, 900),
        adj=rng.choice(_ADJS),
    )


def _repeat(n: int, piece: Callable[[random.Random], str], sep: str = "") -> str:
    rng = random.Random(n)
    parts: list[str] = []
    size = 0
    while size < n:
        part = piece(rng)
        parts.append(part)
        size += len(part) + len(sep)
    return sep.join(parts)[:n]


def _paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randrange(2, 5)))


def _words(rng: random.Random) -> str:
    return " ".join(rng.choice(_GROUPS + _TOPICS + _VERBS) for _ in range(8))


_MARKS = "“”‘’«»\"'„‹›"
_ODD_SCRIPTS = (
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "\u202eevil\u202c",  # right-to-left override
    "e\u0301\u0302\u0303\u0304",  # stacked combining marks
    "zero\u200bwidth\u200d\u2060joiners\ufeff",
    "👩\u200d👩\u200d👧 🏳\ufe0f\u200d🌈 👍🏽",
)

SHAPES: dict[str, Callable[[int], str]] = {
    "prose": lambda n: _repeat(n, _paragraph, "\n\n"),
    "prose, no blank lines": lambda n: _repeat(n, _paragraph, "\n"),
    "one paragraph": lambda n: _repeat(n, sentence, " "),
    "no punctuation": lambda n: _repeat(n, _words, " "),
    "unclosed “ quotes": lambda n: _repeat(n, lambda r: "“" + r.choice(_GROUPS), " "),
    "mixed quote marks": lambda n: _repeat(
        n, lambda r: r.choice(_MARKS) + r.choice(_NAMES) + r.choice(_MARKS), " "
    ),
    "quotes with said": lambda n: _repeat(
        n, lambda r: f"“{_words(r)},” said {r.choice(_NAMES)}.", " "
    ),
    "dense figures": lambda n: _repeat(
        n,
        lambda r: r.choice(("{}%", "£{}m", "{} to {}", "{},000", "{}.5", "{}-{}", "({})")).format(
            r.randrange(1, 999), r.randrange(1, 999)
        ),
        " ",
    ),
    "markup and escapes": lambda n: _repeat(
        n,
        lambda r: r.choice(
            (
                "[bold]{}[/bold]",
                "[@click=app.quit]{}[/]",
                "\x1b[31m{}\x1b[0m",
                "\x1b[2J\x1b[H{}",
                "\x1b]8;;https://evil.example/\x1b\\{}\x1b]8;;\x1b\\",
            )
        ).format(r.choice(_GROUPS)),
        " ",
    ),
    "scripts and emoji": lambda n: _repeat(n, lambda r: r.choice(_ODD_SCRIPTS), " "),
    "short lines": lambda n: _repeat(n, lambda r: r.choice(_GROUPS).title(), "\n"),
    "one long word": lambda n: "x" * n,
    "repeated paragraph": lambda n: _repeat(n, lambda r: "The council met. " * 4, "\n\n"),
}


class StepCounter:
    """Counts Python lines executed and C functions called inside a ``with`` block.

    Only the current thread is traced; the engine runs in the caller's thread.
    """

    def __init__(self) -> None:
        self.steps = 0

    def _local(self, frame: object, event: str, arg: object) -> Callable[..., object]:
        if event == "line":
            self.steps += 1
        return self._local

    def _trace(self, frame: object, event: str, arg: object) -> Callable[..., object]:
        return self._local

    def _profile(self, frame: object, event: str, arg: object) -> None:
        if event == "c_call":
            self.steps += 1

    def __enter__(self) -> StepCounter:
        self.steps = 0
        sys.settrace(self._trace)
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.setprofile(None)
        sys.settrace(None)


_SCANNING = {"search": 0, "match": 0, "fullmatch": 0, "finditer": 0, "findall": 0, "split": 0}
_REPLACING = {"sub": 1, "subn": 1}


class _CountingPattern:
    """A compiled pattern that adds the length of text it is handed to a counter."""

    def __init__(self, pattern: re.Pattern[str], counter: RegexInput) -> None:
        self._pattern = pattern
        self._counter = counter

    def __getattr__(self, name: str) -> object:
        attribute = getattr(self._pattern, name)
        where = _SCANNING.get(name, _REPLACING.get(name))
        if where is None:
            return attribute

        def counted(*args: object, **kwargs: object) -> object:
            text = args[where] if len(args) > where else kwargs.get("string", "")
            size = len(text) if isinstance(text, str) else 0
            if where == 0:  # search(string, pos, endpos) and friends
                pos = args[1] if len(args) > 1 else kwargs.get("pos", 0)
                end = args[2] if len(args) > 2 else kwargs.get("endpos", size)
                size = max(0, min(int(end), size) - int(pos))  # type: ignore[call-overload]
            self._counter.chars += size
            return attribute(*args, **kwargs)

        return counted


class RegexInput:
    """Counts characters handed to the engine's module-level regexes inside a ``with`` block.

    Every compiled pattern held in a global of a ``reader`` module is swapped for a counting
    proxy while the block runs. A call that is handed the whole text again and again (a
    quadratic scan) shows up here even though it is one C call to :class:`StepCounter`;
    backtracking inside one call does not (that is what the CPU column is for).
    """

    def __init__(self) -> None:
        self.chars = 0
        self._swapped: list[tuple[object, str, re.Pattern[str]]] = []

    def __enter__(self) -> RegexInput:
        self.chars = 0
        for name, module in sorted(sys.modules.items()):
            if name != "reader" and not name.startswith("reader."):
                continue
            for attribute, value in list(vars(module).items()):
                if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                    self._swapped.append((module, attribute, value))
                    setattr(module, attribute, _CountingPattern(value, self))
        return self

    def __exit__(self, *exc: object) -> None:
        for module, attribute, value in self._swapped:
            setattr(module, attribute, value)
        self._swapped.clear()


def document(text: str, path: str = "a.txt") -> Document:
    return Document(path=path, text=text, encoding="utf-8", content_hash=str(len(text)))


def source_steps(text: str) -> int:
    """Steps to analyse one source holding ``text``."""
    with StepCounter() as counter:
        build_source(document(text), "a")
    return counter.steps


def source_regex_chars(text: str) -> int:
    """Characters handed to regexes while analysing one source holding ``text``."""
    with RegexInput() as counter:
        build_source(document(text), "a")
    return counter.chars


def source_cpu(text: str) -> float:
    start = time.process_time()
    build_source(document(text), "a")
    return time.process_time() - start


def exponent(small: float, big: float, n_small: int, n_big: int) -> float:
    """Growth exponent of cost between two sizes (1.0 linear)."""
    if small <= 0 or big <= 0:
        return 0.0
    return math.log(big / small) / math.log(n_big / n_small)


class ScoreCounter:
    """Counts pair scores (``similarity.score`` and the bounded ``score_at_least``) made by
    the linker inside a ``with`` block."""

    def __init__(self) -> None:
        self.scores = 0
        self._original = similarity.score
        self._bounded = similarity.score_at_least

    def _score(self, a: similarity.Prepared, b: similarity.Prepared) -> float:
        self.scores += 1
        return self._original(a, b)

    def _score_at_least(
        self, a: similarity.Prepared, b: similarity.Prepared, floor: float
    ) -> tuple[float, bool]:
        self.scores += 1
        return self._bounded(a, b, floor)

    def __enter__(self) -> ScoreCounter:
        self.scores = 0
        similarity.score = self._score  # type: ignore[assignment]
        similarity.score_at_least = self._score_at_least  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        similarity.score = self._original  # type: ignore[assignment]
        similarity.score_at_least = self._bounded  # type: ignore[assignment]


def link_counts(texts: list[str]) -> tuple[int, int, int]:
    """Candidate pairs, pair scores and claims for sources holding ``texts``."""
    sources = [build_source(document(t, f"s{n}.txt"), f"s{n}") for n, t in enumerate(texts)]
    pairs = len(linking.candidate_pairs(linking.build_units(sources)))
    with ScoreCounter() as counter:
        claims = linking.link(sources)
    return pairs, counter.scores, len(claims)


def shape_table(sizes: list[int]) -> list[tuple[str, list[int], float, float, float]]:
    """Per shape: steps per size, and the exponents of steps, regex input and CPU time."""
    rows = []
    for name, make in SHAPES.items():
        steps = [source_steps(make(n)) for n in sizes]
        regex = [source_regex_chars(make(n)) for n in sizes[-2:]]
        cpu = [min(source_cpu(make(n)) for _ in range(2)) for n in sizes[-2:]]
        rows.append(
            (
                name,
                steps,
                exponent(steps[-2], steps[-1], sizes[-2], sizes[-1]),
                exponent(regex[0], regex[1], sizes[-2], sizes[-1]),
                exponent(cpu[0], cpu[1], sizes[-2], sizes[-1]),
            )
        )
    return rows


def _story(rng: random.Random, pool: list[str], length: int) -> str:
    """An article of ``length`` characters: sentences from the shared pool and its own."""
    parts: list[str] = []
    size = 0
    while size < length:
        text = rng.choice(pool) if rng.random() < 0.4 else sentence(rng)
        parts.append(text + ("\n\n" if rng.random() < 0.3 else " "))
        size += len(parts[-1])
    return "".join(parts)[:length]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args(argv)
    sizes = [10_000, 20_000, 40_000] if args.quick else [25_000, 50_000, 100_000, 200_000]
    failed = False

    print("One source: steps per 1,000 characters; growth exponents from the two largest sizes")
    header = "".join(f"{n // 1000:>8}K" for n in sizes)
    print(f"{'shape':<24}{header}  {'exp steps':>9}  {'exp regex':>9}  {'exp cpu':>7}")
    for name, steps, step_exp, regex_exp, cpu_exp in shape_table(sizes):
        per_k = "".join(f"{c * 1000 / n:>9.0f}" for c, n in zip(steps, sizes, strict=True))
        worst = max(step_exp, regex_exp)
        mark = "  <-- superlinear" if worst > MAX_EXPONENT else ""
        failed |= worst > MAX_EXPONENT
        print(f"{name:<24}{per_k}  {step_exp:>9.2f}  {regex_exp:>9.2f}  {cpu_exp:>7.2f}{mark}")

    rng = random.Random(7)
    pool = [sentence(rng) for _ in range(400)]
    print()
    print("Linking two sources of growing length (one story, 40% shared sentences)")
    print(f"{'chars each':>10}  {'pairs':>8}  {'scores':>9}  {'claims':>6}  {'seconds':>7}")
    two = []
    link_sizes = [5_000, 10_000, 20_000] if args.quick else [5_000, 10_000, 20_000, 40_000]
    for n in link_sizes:
        r = random.Random(n)
        started = time.perf_counter()
        pairs, scores, claims = link_counts([_story(r, pool, n), _story(r, pool, n)])
        two.append(scores)
        seconds = time.perf_counter() - started
        print(f"{n:>10,}  {pairs:>8,}  {scores:>9,}  {claims:>6,}  {seconds:>7.1f}")
    score_exp = exponent(two[-2], two[-1], link_sizes[-2], link_sizes[-1])
    failed |= score_exp > MAX_EXPONENT
    mark = "  <-- superlinear" if score_exp > MAX_EXPONENT else ""
    print(f"exponent of scores: {score_exp:.2f}{mark}")

    print()
    print("Linking many sources of one story (3,000 characters each)")
    print(f"{'sources':>10}  {'pairs':>8}  {'scores':>9}  {'claims':>6}  {'seconds':>7}")
    for count in [4, 8] if args.quick else [4, 8, 16]:
        r = random.Random(count)
        started = time.perf_counter()
        pairs, scores, claims = link_counts([_story(r, pool, 3000) for _ in range(count)])
        seconds = time.perf_counter() - started
        print(f"{count:>10,}  {pairs:>8,}  {scores:>9,}  {claims:>6,}  {seconds:>7.1f}")
    print(
        "(pairs grow with sources x sources while a shared word is rarer than the posting "
        f"cap; words in more than {4 * linking.MAX_POSTING} sentences pair nothing)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
