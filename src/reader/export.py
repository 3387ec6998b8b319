"""Reports of a story to share: Markdown, JSON or standalone HTML, written atomically.

A report holds, for each story: its sources with their metadata, the statements
two or more sources make (and which sources make them), the discrepancies, and
the direct quotes grouped by speaker. :func:`write_report` writes it through a
temporary file in the target's directory and never overwrites unless told to.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from reader import __version__
from reader.model import Analysis, Source, Story

Format = Literal["md", "json", "html"]
FORMATS: tuple[Format, ...] = ("md", "json", "html")
REPORT_VERSION = 1
_SUFFIXES: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
_EXTENSIONS: dict[Format, str] = {"md": ".md", "json": ".json", "html": ".html"}
_QUOTE_KEY = re.compile(r"[^\w]+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_SLUG = re.compile(r"[^a-z0-9]+")


class ExportError(Exception):
    """A report could not be written; the message is one line naming the path."""


class ReportExists(ExportError):
    """The target exists and overwriting was not asked for."""


def format_for(path: str | os.PathLike[str]) -> Format | None:
    """The report format a file name's suffix implies, or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def suggested_filename(analysis: Analysis, fmt: Format, story_id: str | None = None) -> str:
    """A file name for a story's report, from its title: ``<title-slug>.<ext>``."""
    stories = _stories(analysis, story_id)
    title = stories[0].title if stories else "reader-report"
    slug = _SLUG.sub("-", title.lower()).strip("-")[:60].strip("-") or "reader-report"
    return slug + _EXTENSIONS[fmt]


def build_report(analysis: Analysis, story_id: str | None = None) -> dict[str, Any]:
    """The report as plain data (what the JSON format writes); one story or all of them."""
    source_of = {s.id: s for s in analysis.sources}
    return {
        "report_version": REPORT_VERSION,
        "generator": f"reader {__version__}",
        "stories": [_story(analysis, story, source_of) for story in _stories(analysis, story_id)],
        "problems": [{"path": p.path, "reason": p.reason} for p in analysis.problems],
    }


def _stories(analysis: Analysis, story_id: str | None) -> list[Story]:
    stories = list(analysis.stories)
    if not stories and analysis.sources:
        title = analysis.sources[0].title or "Untitled story"
        stories = [Story(id="story-1", title=title, sources=tuple(s.id for s in analysis.sources))]
    if story_id is not None:
        stories = [story for story in stories if story.id == story_id]
        if not stories:
            raise ExportError(f"no story with id {story_id!r}")
    return stories


def _story(analysis: Analysis, story: Story, source_of: dict[str, Source]) -> dict[str, Any]:
    members = set(story.sources)
    sources = [source_of[sid] for sid in story.sources if sid in source_of]
    statements = []
    discrepancies = []
    for claim in analysis.claims:
        rows = [analysis.sentence(sid) for sid in claim.sentences]
        if not all(source.id in members for source, _ in rows):
            continue
        flagged = {d.sentence: d for d in claim.discrepancies}
        entries = []
        for source, sentence in rows:
            flag = flagged.get(sentence.id)
            entries.append(
                {
                    "source": source.id,
                    "outlet": source.label,
                    "sentence": sentence.id,
                    "text": source.text[sentence.start : sentence.end],
                    "discrepancy": (
                        {"kind": flag.kind, "detail": flag.detail} if flag is not None else None
                    ),
                }
            )
            if flag is not None:
                discrepancies.append(
                    {
                        "claim": claim.id,
                        "source": source.id,
                        "outlet": source.label,
                        "sentence": sentence.id,
                        "text": source.text[sentence.start : sentence.end],
                        "kind": flag.kind,
                        "detail": flag.detail,
                    }
                )
        statements.append(
            {"claim": claim.id, "kind": claim.kind, "speaker": claim.speaker, "made_by": entries}
        )
    return {
        "id": story.id,
        "title": story.title,
        "sources": [
            {
                "id": s.id,
                "outlet": s.outlet,
                "title": s.title,
                "byline": s.byline,
                "date": s.date,
                "path": s.path,
            }
            for s in sources
        ],
        "statements": statements,
        "discrepancies": discrepancies,
        "quotes_by_speaker": _quotes_by_speaker(sources),
    }


def _quotes_by_speaker(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """Each speaker's quotes; the same words quoted by several sources are one entry."""
    speakers: dict[str | None, dict[str, dict[str, Any]]] = {}
    for source in sources:
        for quote in source.quotes:
            key = " ".join(_QUOTE_KEY.sub(" ", quote.text.lower()).split())
            if not key:
                continue
            quotes = speakers.setdefault(quote.speaker, {})
            entry = quotes.setdefault(
                key, {"text": quote.text, "sources": [], "partial": quote.partial}
            )
            if source.id not in entry["sources"]:
                entry["sources"].append(source.id)
    ordered = sorted(
        speakers.items(),
        key=lambda item: (
            item[0] is None,
            -len({sid for q in item[1].values() for sid in q["sources"]}),
            item[0] or "",
        ),
    )
    return [{"speaker": speaker, "quotes": list(quotes.values())} for speaker, quotes in ordered]


def render(analysis: Analysis, fmt: Format, story_id: str | None = None) -> str:
    """The report as text in ``fmt`` ("md", "json" or "html")."""
    report = build_report(analysis, story_id)
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _markdown(report)
    if fmt == "html":
        return _html(report)
    raise ExportError(f"unknown report format {fmt!r} (use md, json or html)")


# Markdown ---------------------------------------------------------------------------------


def md_escape(text: object) -> str:
    """Text made literal in Markdown: special characters escaped, lines joined."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _outlets(story: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["outlet"] or s["byline"] or s["id"] for s in story["sources"]}


def _markdown(report: dict[str, Any]) -> str:
    out: list[str] = []
    for story in report["stories"]:
        names = _outlets(story)
        out.append(f"# {md_escape(story['title'])}")
        out.append("")
        out.append(
            f"*{len(story['sources'])} sources, {len(story['statements'])} statements made by "
            f"more than one source, {len(story['discrepancies'])} discrepancies. "
            f"Report by {md_escape(report['generator'])}.*"
        )
        out.append("")
        out.append("## Sources")
        out.append("")
        out.append("| # | Outlet | Title | Byline | Date | Path |")
        out.append("|---|---|---|---|---|---|")
        for number, s in enumerate(story["sources"], 1):
            cells = [s["outlet"], s["title"], s["byline"], s["date"], s["path"]]
            out.append(f"| {number} | " + " | ".join(md_escape(c or "") for c in cells) + " |")
        out.append("")
        out.append("## Statements made by more than one source")
        out.append("")
        if not story["statements"]:
            out.append("No statement is made by more than one source.")
            out.append("")
        for statement in story["statements"]:
            label = "quote" if statement["kind"] == "quote" else "statement"
            if statement["speaker"]:
                label += f" by {md_escape(statement['speaker'])}"
            out.append(f"### {statement['claim']}: {label} ({len(statement['made_by'])} sources)")
            out.append("")
            for entry in statement["made_by"]:
                mark = " ⚠" if entry["discrepancy"] else ""
                out.append(
                    f"- **{md_escape(names[entry['source']])}**{mark}: {md_escape(entry['text'])}"
                )
                if entry["discrepancy"]:
                    d = entry["discrepancy"]
                    out.append(f"  - {d['kind']} discrepancy: {md_escape(d['detail'])}")
            out.append("")
        out.append("## Discrepancies")
        out.append("")
        if not story["discrepancies"]:
            out.append("None found.")
            out.append("")
        for d in story["discrepancies"]:
            out.append(
                f"- **{md_escape(names[d['source']])}** ({d['claim']}, {d['kind']}): "
                f"{md_escape(d['detail'])}"
            )
            out.append(f"  > {md_escape(d['text'])}")
        if story["discrepancies"]:
            out.append("")
        out.append("## Quotes by speaker")
        out.append("")
        if not story["quotes_by_speaker"]:
            out.append("No direct quotes.")
            out.append("")
        for group in story["quotes_by_speaker"]:
            out.append(f"### {md_escape(group['speaker'] or 'Unattributed')}")
            out.append("")
            for quote in group["quotes"]:
                who = ", ".join(md_escape(names[sid]) for sid in quote["sources"])
                partial = " (partial)" if quote["partial"] else ""
                out.append(f"- {md_escape(quote['text'])}{partial} — {who}")
            out.append("")
    if report["problems"]:
        out.append("## Not loaded")
        out.append("")
        for problem in report["problems"]:
            out.append(f"- {md_escape(problem['path'])}: {md_escape(problem['reason'])}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# HTML -------------------------------------------------------------------------------------

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #ccc;
padding:.25rem .5rem;text-align:left;vertical-align:top}.flag{color:#a40000;font-weight:600}
.meta{color:#555}blockquote{margin:.25rem 0 .75rem 1rem;color:#444}
li{margin:.2rem 0}code{font-size:.85rem}
"""


def _e(text: object) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def _html(report: dict[str, Any]) -> str:
    title = report["stories"][0]["title"] if report["stories"] else "reader report"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f'<meta name="generator" content="{_e(report["generator"])}">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS.strip()}</style>",
        "</head>",
        "<body>",
    ]
    for story in report["stories"]:
        names = _outlets(story)
        out.append(f'<section class="story" id="{_e(story["id"])}">')
        out.append(f"<h1>{_e(story['title'])}</h1>")
        out.append(
            f'<p class="meta">{len(story["sources"])} sources, {len(story["statements"])} '
            f"statements made by more than one source, {len(story['discrepancies'])} "
            f"discrepancies. Report by {_e(report['generator'])}.</p>"
        )
        out.append("<h2>Sources</h2>")
        out.append(
            "<table><thead><tr><th>#</th><th>Outlet</th><th>Title</th><th>Byline</th>"
            "<th>Date</th><th>Path</th></tr></thead><tbody>"
        )
        for number, s in enumerate(story["sources"], 1):
            cells = [s["outlet"], s["title"], s["byline"], s["date"]]
            row = "".join(f"<td>{_e(c or '')}</td>" for c in cells)
            out.append(f"<tr><td>{number}</td>{row}<td><code>{_e(s['path'])}</code></td></tr>")
        out.append("</tbody></table>")
        out.append("<h2>Statements made by more than one source</h2>")
        if not story["statements"]:
            out.append("<p>No statement is made by more than one source.</p>")
        for statement in story["statements"]:
            label = "quote" if statement["kind"] == "quote" else "statement"
            if statement["speaker"]:
                label += f" by {statement['speaker']}"
            out.append(
                f'<h3 id="{_e(statement["claim"])}">{_e(statement["claim"])}: {_e(label)} '
                f"({len(statement['made_by'])} sources)</h3><ul>"
            )
            for entry in statement["made_by"]:
                flag = entry["discrepancy"]
                mark = ' <span class="flag">⚠</span>' if flag else ""
                item = (
                    f"<li><strong>{_e(names[entry['source']])}</strong>{mark}: {_e(entry['text'])}"
                )
                if flag:
                    item += (
                        f'<br><span class="flag">{_e(flag["kind"])} discrepancy:</span> '
                        f"{_e(flag['detail'])}"
                    )
                out.append(item + "</li>")
            out.append("</ul>")
        out.append("<h2>Discrepancies</h2>")
        if not story["discrepancies"]:
            out.append("<p>None found.</p>")
        else:
            out.append("<ul>")
            for d in story["discrepancies"]:
                out.append(
                    f"<li><strong>{_e(names[d['source']])}</strong> "
                    f'(<a href="#{_e(d["claim"])}">{_e(d["claim"])}</a>, {_e(d["kind"])}): '
                    f"{_e(d['detail'])}<blockquote>{_e(d['text'])}</blockquote></li>"
                )
            out.append("</ul>")
        out.append("<h2>Quotes by speaker</h2>")
        if not story["quotes_by_speaker"]:
            out.append("<p>No direct quotes.</p>")
        for group in story["quotes_by_speaker"]:
            out.append(f"<h3>{_e(group['speaker'] or 'Unattributed')}</h3><ul>")
            for quote in group["quotes"]:
                who = ", ".join(_e(names[sid]) for sid in quote["sources"])
                partial = " (partial)" if quote["partial"] else ""
                out.append(f"<li>{_e(quote['text'])}{partial} — {who}</li>")
            out.append("</ul>")
        out.append("</section>")
    if report["problems"]:
        out.append("<h2>Not loaded</h2><ul>")
        for problem in report["problems"]:
            out.append(f"<li><code>{_e(problem['path'])}</code>: {_e(problem['reason'])}</li>")
        out.append("</ul>")
    out.extend(["</body>", "</html>"])
    return "\n".join(out) + "\n"


# Writing ----------------------------------------------------------------------------------


def write_report(
    analysis: Analysis,
    path: str | os.PathLike[str],
    fmt: Format | None = None,
    *,
    force: bool = False,
    story_id: str | None = None,
) -> Path:
    """Write a report and return the absolute path written.

    ``fmt`` defaults to what the file name's suffix implies, else Markdown. The
    text goes to a temporary file in the target's directory, then takes the
    target's name in one step, so a reader of the file never sees half a report.
    Raises :class:`ReportExists` when the file exists and ``force`` is false, and
    :class:`ExportError` (one line) for any other failure.
    """
    fmt = fmt or format_for(path) or "md"
    if fmt not in FORMATS:
        raise ExportError(f"unknown report format {fmt!r} (use md, json or html)")
    target = Path(os.path.abspath(os.path.expanduser(os.fspath(path))))
    text = render(analysis, fmt, story_id)
    if target.is_dir():
        raise ExportError(f"{target} is a directory")
    if not target.parent.is_dir():
        raise ExportError(f"no such directory: {target.parent}")
    if target.exists() and not force:
        raise ReportExists(f"{target} already exists")
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write in {target.parent}: {_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        if force:
            os.replace(temp, target)
        else:
            _place_new(temp, target)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {_reason(exc)}") from exc
    finally:
        if os.path.lexists(temp):
            os.unlink(temp)
    return target


def _place_new(temp: str, target: Path) -> None:
    """Give ``temp`` the target's name unless something took that name meanwhile."""
    try:
        os.link(temp, target)  # fails if the target exists: no overwrite, even in a race
    except FileExistsError as exc:
        raise ReportExists(f"{target} already exists") from exc
    except OSError:
        # File systems without hard links: check, then rename.
        if target.exists():
            raise ReportExists(f"{target} already exists") from None
        os.replace(temp, target)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else exc.__class__.__name__
