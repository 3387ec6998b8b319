"""Score direct-quote detection and speaker attribution on PolNeAR.

Usage: ``python benchmarks/quotes.py [train|dev|test] [--errors N]`` (default: test).

Gold. PolNeAR (brat standoff) annotates attributions as ``Source``, ``Cue`` and
``Content`` spans tied by an ``E`` relation. A gold direct quote is a stretch of
an attributed ``Content`` span that lies between double quote marks (straight,
curly, or the New York Times' two apostrophes ''; the side of a straight mark is
read from its neighbours, and a content span that starts inside a quote counts
from its start). Stretches of one word
are left out: by the project's rules a single quoted word is a scare quote, not
a quotation (they are still counted in a second, "all" recall line). Single
marks are not gold: PolNeAR's US outlets use them only inside double quotes.
Where an article has several annotators, the first annotation file in name
order is the gold one.

Matching. A gold quote is found when predicted quote spans cover at least half
of its characters. A predicted quote is correct when at least half of its
characters fall inside gold quoted stretches (of any length) or inside the
``Content`` span of an attribution (annotators sometimes leave the marks out).

Speaker. For each found gold quote with a ``Source`` span, take the predicted
quote covering most of it. Its speaker is right when the predicted mention
overlaps the gold ``Source`` span, or when the last word of the resolved speaker
name occurs in the gold source text (a pronoun resolved to the right name), or
when the gold source is a relative pronoun ("who") and the predicted mention is
its antecedent, ending right before it ("Beck, who ..."). Gold
quotes without a ``Source`` are not scored for speaker. The stricter rate, mention
overlap alone, is printed too.

Paragraphs are the text's non-blank lines (PolNeAR separates paragraphs with
blank lines). Exits 0 with a message when the shared data is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.model import Quote  # noqa: E402
from reader.quotes import extract_quotes, paragraph_spans  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"
_DOUBLE = re.compile("''|[\"“”]")
_SPAN = re.compile(r"^(T\d+)\t(\w+) ([\d ;]+)\t")
_RELATION = re.compile(r"^(E\d+)\t(.*)")


@dataclass(frozen=True)
class Attribution:
    """One annotated attribution: its source and content character ranges."""

    source: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    words: int
    attribution: Attribution


def load_split(split: str) -> list[tuple[str, str, list[Attribution]]]:
    """(name, text, attributions) for each article of a split."""
    articles = []
    seen: set[str] = set()
    for ann in sorted((DATA / split / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        if name in seen:
            continue
        seen.add(name)
        text = (DATA / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
        attributions = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if m := _SPAN.match(line):
                ranges = tuple(
                    (int(a), int(b)) for a, b in (part.split() for part in m[3].split(";"))
                )
                spans[m[1]] = (m[2], ranges)
            elif m := _RELATION.match(line):
                roles = dict(part.split(":", 1) for part in m[2].split() if ":" in part)
                content = spans.get(roles.get("Content", ""))
                source = spans.get(roles.get("Source", ""))
                if content:
                    attributions.append(Attribution(source[1] if source else (), content[1]))
        articles.append((name, text, attributions))
    return articles


def _side(text: str, i: int, j: int) -> str:
    ch = text[i:j]
    if ch == "“":
        return "open"
    if ch == "”":
        return "close"
    prev = text[i - 1] if i > 0 else " "
    nxt = text[j] if j < len(text) else " "
    if prev.isspace() or prev in "([—–-":
        return "open"
    if nxt.isspace() or nxt in ".,;:!?)]—–-":
        return "close"
    return "either"


def gold_quotes(text: str, attributions: list[Attribution]) -> list[GoldQuote]:
    """Quoted stretches of attributed content (see the module docstring)."""
    out = []
    for attribution in attributions:
        for a, b in attribution.content:
            marks = [m.span() for m in _DOUBLE.finditer(text, a, b)]
            opened: int | None = None
            if marks and _side(text, *marks[0]) == "close":
                opened = a
            for i, j in marks:
                side = _side(text, i, j)
                if opened is None and side != "close":
                    opened = i
                elif opened is not None and side != "open":
                    out.append((opened, j, attribution))
                    opened = None
                elif side == "open":
                    opened = i
            if opened is not None and b - opened > 1:
                out.append((opened, b, attribution))
    result = []
    for start, end, attribution in out:
        words = sum(1 for w in text[start:end].split() if any(c.isalnum() for c in w))
        if words:
            result.append(GoldQuote(start, end, words, attribution))
    return result


def _overlap(a: int, b: int, c: int, d: int) -> int:
    return max(0, min(b, d) - max(a, c))


def _covered(start: int, end: int, ranges: list[tuple[int, int]]) -> int:
    return sum(_overlap(start, end, a, b) for a, b in ranges)


def _mention_right(quote: Quote, attribution: Attribution) -> bool:
    if quote.speaker_start is None or quote.speaker_end is None:
        return False
    return any(
        _overlap(quote.speaker_start, quote.speaker_end, a, b) > 0 for a, b in attribution.source
    )


def _speaker_right(text: str, quote: Quote, attribution: Attribution) -> bool:
    if _mention_right(quote, attribution):
        return True
    source = " ".join(text[a:b] for a, b in attribution.source).strip().lower()
    if source in ("who", "which", "that") and quote.speaker_end is not None:
        # "Beck, who has described Trump as ...": the mention is the pronoun's antecedent.
        gap = text[quote.speaker_end : attribution.source[0][0]]
        if len(gap) <= 3 and not gap.strip(" ,—–-"):
            return True
    if quote.speaker:
        last = quote.speaker.split()[-1].lower()
        words = {
            w.strip(".,’'").lower().removesuffix("’s").removesuffix("'s")
            for a, b in attribution.source
            for w in text[a:b].split()
        }
        return last in words
    return False


@dataclass
class Score:
    gold: int = 0
    gold_found: int = 0
    gold_all: int = 0
    gold_all_found: int = 0
    predicted: int = 0
    predicted_right: int = 0
    with_source: int = 0
    speaker_right: int = 0
    mention_right: int = 0


def score(split: str, errors: int = 0) -> Score:
    total = Score()
    shown = {"missed": 0, "spurious": 0, "speaker": 0}
    for name, text, attributions in load_split(split):
        quotes = extract_quotes(text, paragraph_spans(text))
        golds = gold_quotes(text, attributions)
        predicted = [(q.start, q.end) for q in quotes]
        gold_ranges = [(g.start, g.end) for g in golds]
        content_ranges = [r for a in attributions for r in a.content]
        for gold in golds:
            length = gold.end - gold.start
            found = 2 * _covered(gold.start, gold.end, predicted) >= length
            total.gold_all += 1
            total.gold_all_found += found
            if gold.words < 2:
                continue
            total.gold += 1
            total.gold_found += found
            if not found and shown["missed"] < errors:
                shown["missed"] += 1
                print(f"MISSED {name}: {text[gold.start : gold.end][:160]!r}")
            if not found or not gold.attribution.source:
                continue
            best = max(quotes, key=lambda q: _overlap(q.start, q.end, gold.start, gold.end))
            total.with_source += 1
            right = _speaker_right(text, best, gold.attribution)
            total.speaker_right += right
            total.mention_right += _mention_right(best, gold.attribution)
            if not right and shown["speaker"] < errors:
                shown["speaker"] += 1
                source = " | ".join(text[a:b] for a, b in gold.attribution.source)
                mention = (
                    text[best.speaker_start : best.speaker_end]
                    if best.speaker_start is not None
                    else None
                )
                print(
                    f"SPEAKER {name}: gold={source!r} got={best.speaker!r} <{mention}> "
                    f"{best.text[:100]!r}"
                )
        for q in quotes:
            total.predicted += 1
            length = q.end - q.start
            inside = max(
                _covered(q.start, q.end, gold_ranges), _covered(q.start, q.end, content_ranges)
            )
            right = 2 * inside >= length
            total.predicted_right += right
            if not right and shown["spurious"] < errors:
                shown["spurious"] += 1
                context = text[max(0, q.start - 60) : q.end + 40]
                print(f"SPURIOUS {name}: {context!r}")
    return total


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", nargs="?", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors of each kind")
    args = parser.parse_args(argv)
    if not (DATA / args.split / "attributions").is_dir():
        print(f"PolNeAR not found at {DATA}; skipping the quote benchmark.")
        return 0
    s = score(args.split, args.errors)
    print(f"PolNeAR {args.split}")
    print(f"  gold direct quotes (2+ words): {s.gold}")
    print(f"  recall:    {_ratio(s.gold_found, s.gold):.3f}")
    print(f"  recall (all, incl. 1-word):    {_ratio(s.gold_all_found, s.gold_all):.3f}")
    print(f"  predicted quotes: {s.predicted}")
    print(f"  precision: {_ratio(s.predicted_right, s.predicted):.3f}")
    print(
        f"  speaker right on matched quotes: {_ratio(s.speaker_right, s.with_source):.3f} "
        f"({s.speaker_right}/{s.with_source})"
    )
    print(
        f"    of which the mention itself overlaps the gold source: "
        f"{_ratio(s.mention_right, s.with_source):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
