"""RSS and Atom feeds (parsed by feedparser): every entry becomes an article.

An entry's article is its full content when the feed carries it
(``content:encoded``, Atom ``<content>``), else its summary; the caller may fetch
the linked page instead (``--fetch-links``). Parsing never touches the network:
feedparser is only ever handed bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from reader.fetch import canonical_url, is_web_url
from reader.htmlpages import Page, fragment_lines, fragment_text
from reader.model import Removed

MAX_ENTRIES = 500
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
# WordPress and similar engines close every entry with a line naming the post and the site.
_FEED_FOOTER = re.compile(
    r"^(?:the post .{1,300} appeared first on .{1,200}|"
    r"this (?:article|entry|post) (?:was )?(?:originally )?(?:appeared|published) "
    r".{0,40}on .{1,200})$",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry as an article: its page, its link, and whether the feed carried it whole."""

    page: Page
    path: str
    link: str | None
    full: bool


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title, its entries and a note when entries were skipped."""

    title: str | None
    entries: tuple[Entry, ...]
    note: str | None = None


def parse_feed(data: bytes, path: str, *, max_entries: int = MAX_ENTRIES) -> Feed | str:
    """The entries of an RSS or Atom document, or a one-line reason it is not a feed.

    ``path`` names the feed (file path or URL); entries without a link are named after it.
    """
    if not data.strip():
        return "empty file"
    try:
        import feedparser

        # A stream, never bytes or str: feedparser opens a str that looks like a URL and
        # bytes that name a file.
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:  # a third-party parser on hostile input: any failure is one line
        return f"could not parse the feed ({exc.__class__.__name__})"
    entries = parsed.get("entries") or []
    if not entries:
        return _no_entries_reason(parsed)
    channel = parsed.get("feed") or {}
    title = _text(channel.get("title"))
    outlet = title or None
    found: list[Entry] = []
    seen: set[str] = set()
    for number, raw in enumerate(entries[:max_entries], 1):
        entry = _entry(raw, number, path, outlet)
        if entry is None or entry.path in seen:
            continue
        seen.add(entry.path)
        found.append(entry)
    note = None
    if len(entries) > max_entries:
        note = f"more than {max_entries} entries; the rest skipped"
    if not found:
        return "feed entries carry no text"
    return Feed(title=title, entries=tuple(found), note=note)


def _no_entries_reason(parsed) -> str:  # type: ignore[no-untyped-def]
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        message = _exception_line(exc)
        return f"not an RSS or Atom feed (not well-formed XML: {message})"
    if parsed.get("version"):
        return "feed has no entries"
    return "XML but not an RSS or Atom feed"


def _exception_line(exc: object) -> str:
    # No line number: feedparser's parser counts lines of its own rewritten input.
    get_message = getattr(exc, "getMessage", None)
    message = get_message() if callable(get_message) else str(exc)
    return " ".join(str(message).split())[:160] or exc.__class__.__name__


def _entry(raw, number: int, feed_path: str, outlet: str | None) -> Entry | None:  # type: ignore[no-untyped-def]
    content, removed, full = _body(raw)
    title = _text(raw.get("title"))
    link = raw.get("link")
    link = canonical_url(link) if isinstance(link, str) and is_web_url(link) else None
    if not content and not link:
        return None
    path = link or f"{feed_path}#{_entry_slug(raw, title, number)}"
    page = Page(
        text=content,
        title=title,
        byline=_author(raw),
        date=_date(raw),
        outlet=outlet,
        url=link,
        removed=removed,
    )
    return Entry(page=page, path=path, link=link, full=full)


def _body(raw) -> tuple[str, tuple[Removed, ...], bool]:  # type: ignore[no-untyped-def]
    """The entry's text, the link lines left out, and whether it is the full content."""
    contents = [c for c in raw.get("content") or [] if isinstance(c.get("value"), str)]
    if contents:
        best = max(contents, key=lambda c: (len(c["value"]), c.get("type") in _HTML_TYPES))
        text, removed = _as_text(best["value"], best.get("type"))
        if text:
            return text, removed, True
    detail = raw.get("summary_detail") or {}
    summary = raw.get("summary")
    if isinstance(summary, str):
        text, removed = _as_text(summary, detail.get("type", "text/html"))
        return text, removed, False
    return "", (), False


def _as_text(value: str, kind: str | None) -> tuple[str, tuple[Removed, ...]]:
    if (kind or "text/html") in _HTML_TYPES:
        lines, removed = fragment_lines(value)
    else:
        lines, removed = value.splitlines(), []
    kept = []
    for line in lines:
        line = " ".join(line.split())
        if _FEED_FOOTER.match(line):
            removed.append(Removed(line, "feed footer"))
        elif line:
            kept.append(line)
    return "\n".join(kept), tuple(removed)


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(fragment_text(value).split()) if "<" in value else " ".join(value.split())
    return text[:300] or None


def _author(raw) -> str | None:  # type: ignore[no-untyped-def]
    detail = raw.get("author_detail") or {}
    return _text(detail.get("name")) or _text(raw.get("author"))


def _date(raw) -> str | None:  # type: ignore[no-untyped-def]
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if value and 1800 <= value.tm_year <= 2200:
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return None


def _entry_slug(raw, title: str | None, number: int) -> str:  # type: ignore[no-untyped-def]
    guid = raw.get("id")
    base = guid if isinstance(guid, str) and guid.strip() else title or ""
    slug = _SLUG.sub("-", base.lower()).strip("-")[:60]
    return f"{number}-{slug}" if slug else str(number)


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes start like an RSS, RDF or Atom document."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return bool(re.search(rb"<(?:rss|feed|rdf:rdf)[\s>]", head))
