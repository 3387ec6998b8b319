"""Command line: ``reader [PATH ...]`` opens the TUI; ``reader analyze`` prints the analysis;
``reader export`` writes a report to share."""

from __future__ import annotations

import argparse
import sys
import textwrap
import time
from collections.abc import Sequence

from reader import __version__
from reader.terminal_text import display_path, printable

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NO_SOURCES = 2

SUBCOMMANDS = ("analyze", "export")
PATHS_HELP = (
    ".txt/.md files, saved web pages (.html), RSS/Atom feeds (.xml, .rss, .atom), "
    "directories of them, or http(s) URLs"
)


def _add_web_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fetch-links",
        action="store_true",
        help="for feed entries that carry only a summary, fetch and read the linked page",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="give up on a URL after this long (default 10)",
    )


def _jobs(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="analyse everything afresh: neither read nor write the result cache",
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="worker processes for large inputs (default: one per CPU)",
    )


PHASE_LABELS = {
    "loading": "Reading files",
    "reading": "Reading articles",
    "grouping": "Grouping stories",
    "linking": "Linking statements",
}


class _ProgressBar:
    """A progress bar on stderr (rich, imported only when stderr is a terminal)."""

    def __init__(self) -> None:
        self._bar = None
        self._task = None
        self._shown = 0.0
        if not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        # No refresh thread: a single-threaded process can start its workers by fork.
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
            auto_refresh=False,
        )

    def __enter__(self) -> _ProgressBar:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task(PHASE_LABELS["loading"], total=None)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def phase(self, name: str) -> None:
        if self._bar is not None and self._task is not None:
            label = PHASE_LABELS.get(name, name)
            self._bar.update(self._task, description=label, completed=0, total=None)
            self._bar.refresh()

    def progress(self, done: int, total: int) -> None:
        if self._bar is None or self._task is None:
            return
        self._bar.update(self._task, completed=done, total=total)
        now = time.monotonic()
        if now - self._shown >= 0.1 or done >= total:
            self._shown = now
            self._bar.refresh()


def _run_engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The analysis for ``reader analyze``/``export``: cached unless ``--no-cache``, with a
    progress bar on a terminal; cache warnings go to stderr."""
    from reader.pipeline import analyze

    cache = None
    if not args.no_cache:
        from reader.cache import ResultCache

        cache = ResultCache.open_default()
    warned = cache.warning if cache is not None else None
    if warned:
        print(warned, file=sys.stderr)
    try:
        with _ProgressBar() as bar:
            return analyze(
                args.paths,
                options=_load_options(args),
                cache=cache,
                jobs=args.jobs,
                progress=bar.progress,
                phase=bar.phase,
            )
    finally:
        if cache is not None:
            if cache.warning and cache.warning != warned:
                print(cache.warning, file=sys.stderr)
            cache.close()


def _load_options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from reader.loading import LoadOptions

    return LoadOptions(fetch_links=args.fetch_links, timeout=max(0.1, args.timeout))


def _analyze_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader analyze",
        description="Analyse articles and print what sources share and where they differ.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=PATHS_HELP)
    parser.add_argument("--json", action="store_true", help="print the JSON contract (version 1)")
    _add_web_options(parser)
    _add_engine_options(parser)
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader export",
        description=(
            "Write a report of the story to share: its sources, the statements several sources "
            "make, the discrepancies, and the quotes by speaker."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=PATHS_HELP)
    parser.add_argument(
        "--format",
        choices=("md", "json", "html"),
        help="report format (default: from the output file's suffix, else md)",
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write ('-' for stdout)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    _add_web_options(parser)
    _add_engine_options(parser)
    return parser


def _tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description=(
            "Read one story across many outlets: who says the same thing, who quotes whom, "
            "where they disagree. With no PATH, opens the bundled sample story."
        ),
        epilog=(
            "Subcommands: 'reader analyze [--json] [PATH ...]' prints the analysis; "
            "'reader export --format md|json|html -o FILE [--force] [PATH ...]' writes a report."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=PATHS_HELP)
    _add_engine_options(parser)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, with terminal controls made visible."""
    return textwrap.shorten(printable(" ".join(text.split())), width=width, placeholder="…")


def format_summary(analysis) -> str:  # type: ignore[no-untyped-def]
    """The readable (non-JSON) summary printed by ``reader analyze``."""
    lines: list[str] = []
    discrepancies = sum(len(c.discrepancies) for c in analysis.claims)
    stories = analysis.stories
    if len(stories) > 1:
        lines.append(f"{len(stories)} stories")
    else:
        lines.append(f"Story: {_shorten(stories[0].title if stories else '(no story)', 100)}")
    lines.append(
        f"{len(analysis.sources)} sources, {len(analysis.claims)} shared statements, "
        f"{discrepancies} discrepancies"
    )
    lines.append("")
    if len(stories) > 1:
        for story in stories:
            count = len(story.sources)
            plural = "source" if count == 1 else "sources"
            lines.append(f"{story.id} ({count} {plural}): {_shorten(story.title, 80)}")
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
    analysis = _run_engine(args)
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


def run_export(argv: Sequence[str]) -> int:
    """``reader export``: 0 when the report was written, 2 when no source loaded, 1 on failure."""
    args = _export_parser().parse_args(argv)
    from reader.export import ExportError, ReportExists, format_for, render, write_report

    fmt = args.format or (format_for(args.output) if args.output != "-" else None) or "md"
    analysis = _run_engine(args)
    _print_problems(analysis.problems)
    if not analysis.sources:
        print("reader: no readable articles", file=sys.stderr)
        return EXIT_NO_SOURCES
    if args.output == "-":
        sys.stdout.write(render(analysis, fmt))
        return EXIT_OK
    try:
        written = write_report(analysis, args.output, fmt, force=args.force)
    except ReportExists as exc:
        print(f"reader: {printable(str(exc))}; add --force to overwrite it", file=sys.stderr)
        return EXIT_FAILED
    except ExportError as exc:
        print(f"reader: {printable(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Wrote {fmt} report: {display_path(str(written))}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reader`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "export":
            return run_export(args[1:])
        if args and args[0] in SUBCOMMANDS:
            return run_analyze(args[1:])
        parsed = _tui_parser().parse_args(args)
        from reader.tui.app import run

        return run(parsed.paths or None, cache=not parsed.no_cache, jobs=parsed.jobs)
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
