"""Command line: ``reader [PATH ...]`` opens the TUI; ``reader analyze`` prints the analysis."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence

from reader import __version__

EXIT_OK = 0
EXIT_NO_SOURCES = 2

SUBCOMMANDS = ("analyze",)


def _analyze_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader analyze",
        description="Analyse articles and print what sources share and where they differ.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=".txt/.md files or directories")
    parser.add_argument("--json", action="store_true", help="print the JSON contract (version 1)")
    return parser


def _tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description=(
            "Read one story across many outlets: who says the same thing, who quotes whom, "
            "where they disagree. With no PATH, opens the bundled sample story."
        ),
        epilog="Subcommands: 'reader analyze [--json] [PATH ...]' prints the analysis.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=".txt/.md files or directories")
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder="…")


def format_summary(analysis) -> str:  # type: ignore[no-untyped-def]
    """The readable (non-JSON) summary printed by ``reader analyze``."""
    lines: list[str] = []
    discrepancies = sum(len(c.discrepancies) for c in analysis.claims)
    story = analysis.stories[0].title if analysis.stories else "(no story)"
    lines.append(f"Story: {_shorten(story, 100)}")
    lines.append(
        f"{len(analysis.sources)} sources, {len(analysis.claims)} shared statements, "
        f"{discrepancies} discrepancies"
    )
    lines.append("")
    for number, source in enumerate(analysis.sources, 1):
        meta = " · ".join(x for x in (source.outlet, source.byline, source.date) if x)
        title = source.title or "(untitled)"
        lines.append(
            f"[{number}] {source.id}  {_shorten(title, 70)}" + (f"  ({meta})" if meta else "")
        )
        body = sum(1 for s in source.sentences if not s.heading)
        shared = sum(1 for s in source.sentences if analysis.claim_of(s.id))
        lines.append(
            f"    {body} sentences ({shared} shared), {len(source.figures)} figures, "
            f"{len(source.quotes)} quotes, {len(source.removed)} blocks removed"
        )
    lines.append("")
    for claim in analysis.claims:
        label = f"{claim.id} {claim.kind}"
        if claim.speaker:
            label += f" by {claim.speaker}"
        lines.append(f"{label} ({len(claim.sentences)} sources)")
        flagged = {d.sentence: d for d in claim.discrepancies}
        for sentence_id in claim.sentences:
            source, sentence = analysis.sentence(sentence_id)
            mark = "!" if sentence_id in flagged else " "
            surface = source.text[sentence.start : sentence.end]
            lines.append(f"  {mark} {source.id[:12]:<12} {_shorten(surface, 100)}")
        for d in claim.discrepancies:
            source, _ = analysis.sentence(d.sentence)
            lines.append(f"    ! {d.kind} in {source.id}: {d.detail}")
    return "\n".join(lines) + "\n"


def _print_problems(problems: Sequence) -> None:  # type: ignore[type-arg]
    from reader.loading import iter_problems_lines

    for line in iter_problems_lines(problems):
        print(_shorten(line, 300), file=sys.stderr)


def run_analyze(argv: Sequence[str]) -> int:
    """``reader analyze``: exit 0 when at least one source loaded, 2 when none did."""
    args = _analyze_parser().parse_args(argv)
    from reader.analysis import analyze

    analysis = analyze(args.paths)
    _print_problems(analysis.problems)
    if not analysis.sources:
        print("reader: no readable articles", file=sys.stderr)
        return EXIT_NO_SOURCES
    if args.json:
        from reader.contract import dumps

        sys.stdout.write(dumps(analysis))
    else:
        sys.stdout.write(format_summary(analysis))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reader`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            return run_analyze(args[1:])
        parsed = _tui_parser().parse_args(args)
        from reader.tui.app import run

        return run(parsed.paths or None)
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
