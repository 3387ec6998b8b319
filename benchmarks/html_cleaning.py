"""Cleaning comparison on the fixture news pages: reader's pipeline against trafilatura alone.

Each page in ``tests/web/fixtures/pages`` has a gold file in ``tests/web/fixtures/gold``
listing fragments of its story paragraphs and of its page furniture (navigation,
cookie banner, captions, related links, newsletter boxes, comments, footer...).
A fragment counts as kept when a line of the output contains it (or, for
``whole_line`` items such as a pull quote, when a line is exactly it).

Three extractors are compared:

- ``trafilatura``: ``trafilatura.extract(html)`` with its defaults;
- ``trafilatura (reader's settings)``: the call reader makes (no comments, no
  tables), its plain text, none of reader's own rules;
- ``reader``: the whole pipeline (link lines dropped by markup, then the
  engine's cleaning), i.e. the text the engine analyses.

Run: ``python benchmarks/html_cleaning.py [--json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "web" / "fixtures"
sys.path.insert(0, str(REPO / "src"))


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def is_kept(fragment: str, lines: list[str], whole_line: bool = False) -> bool:
    """Whether an output (as lines) still holds a gold fragment."""
    wanted = " ".join(fragment.split())
    if whole_line:
        return any(line == wanted for line in lines)
    return any(wanted in line for line in lines)


def trafilatura_defaults(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def trafilatura_reader_settings(html: str) -> str:
    import trafilatura

    result = trafilatura.extract(html, include_comments=False, include_tables=False)
    return result or ""


def reader_pipeline(path: Path) -> tuple[str, dict[str, str | None]]:
    from reader.analysis import analyze

    analysis = analyze([str(path)])
    if not analysis.sources:
        return "", {}
    source = analysis.sources[0]
    meta = {
        "title": source.title,
        "outlet": source.outlet,
        "byline": source.byline,
        "date": source.date,
    }
    return source.text, meta


def score(gold: dict, text: str) -> dict:
    """Story fragments kept and furniture fragments kept, overall and by kind."""
    lines = _lines(text)
    story_kept = sum(is_kept(fragment, lines) for fragment in gold["story"])
    kept_by_kind: Counter[str] = Counter()
    total_by_kind: Counter[str] = Counter()
    kept_items = []
    for item in gold["boilerplate"]:
        total_by_kind[item["kind"]] += 1
        if is_kept(item["text"], lines, item.get("whole_line", False)):
            kept_by_kind[item["kind"]] += 1
            kept_items.append(item["text"])
    return {
        "story_total": len(gold["story"]),
        "story_kept": story_kept,
        "boilerplate_total": len(gold["boilerplate"]),
        "boilerplate_kept": sum(kept_by_kind.values()),
        "kept_by_kind": dict(kept_by_kind),
        "total_by_kind": dict(total_by_kind),
        "kept_items": kept_items,
    }


def run() -> dict:
    """Scores per page and extractor, and their totals."""
    extractors: dict[str, Callable[[Path, str], str]] = {
        "trafilatura": lambda _path, html: trafilatura_defaults(html),
        "trafilatura (reader's settings)": lambda _path, html: trafilatura_reader_settings(html),
        "reader": lambda path, _html: reader_pipeline(path)[0],
    }
    pages = {}
    for gold_path in sorted((FIXTURES / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = FIXTURES / "pages" / gold["page"]
        html = page.read_bytes().decode("utf-8", errors="replace")
        results = {name: score(gold, extract(page, html)) for name, extract in extractors.items()}
        _, meta = reader_pipeline(page)
        results["reader"]["metadata"] = {
            key: {"found": meta.get(key), "gold": gold.get(key)}
            for key in ("title", "outlet", "byline", "date")
        }
        pages[gold["page"]] = results
    totals = {}
    for name in extractors:
        total: Counter[str] = Counter()
        kinds_kept: Counter[str] = Counter()
        kinds_total: Counter[str] = Counter()
        for results in pages.values():
            result = results[name]
            for key in ("story_total", "story_kept", "boilerplate_total", "boilerplate_kept"):
                total[key] += result[key]
            kinds_kept.update(result["kept_by_kind"])
            kinds_total.update(result["total_by_kind"])
        totals[name] = {
            **total,
            "kept_by_kind": dict(kinds_kept),
            "total_by_kind": dict(kinds_total),
        }
    return {"pages": pages, "totals": totals}


def report(results: dict) -> str:
    """A readable table of the comparison."""
    out = []
    names = list(results["totals"])
    header = f"{'page':<26}" + "".join(f"{name[:31]:>33}" for name in names)
    out.append(
        "Story fragments kept (higher is better) / furniture fragments kept (lower is better)"
    )
    out.append(header)
    for page, per_page in results["pages"].items():
        row = f"{page:<26}"
        for name in names:
            r = per_page[name]
            cell = (
                f"story {r['story_kept']}/{r['story_total']}"
                f"  furniture {r['boilerplate_kept']}/{r['boilerplate_total']}"
            )
            row += f"{cell:>33}"
        out.append(row)
    row = f"{'all pages':<26}"
    for name in names:
        t = results["totals"][name]
        cell = (
            f"story {t['story_kept']}/{t['story_total']}"
            f"  furniture {t['boilerplate_kept']}/{t['boilerplate_total']}"
        )
        row += f"{cell:>33}"
    out.append(row)
    out.append("")
    out.append("Furniture kept by kind (all pages)")
    kinds = sorted(results["totals"][names[0]]["total_by_kind"])
    out.append(f"{'kind':<26}" + "".join(f"{name[:31]:>33}" for name in names))
    for kind in kinds:
        row = f"{kind:<26}"
        for name in names:
            t = results["totals"][name]
            row += f"{t['kept_by_kind'].get(kind, 0)}/{t['total_by_kind'][kind]}".rjust(33)
        out.append(row)
    out.append("")
    out.append("Furniture reader still keeps:")
    for page, per_page in results["pages"].items():
        for text in per_page["reader"]["kept_items"]:
            out.append(f"  {page}: {text}")
    out.append("")
    out.append("reader's metadata against gold:")
    for page, per_page in results["pages"].items():
        for key, pair in per_page["reader"]["metadata"].items():
            mark = "ok " if pair["found"] == pair["gold"] else "MISS"
            out.append(f"  {mark} {page}: {key} = {pair['found']!r} (gold {pair['gold']!r})")
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    results = run()
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
