"""Web pages: an article's text and metadata out of its page's HTML (extracted by trafilatura).

The text handed on is plain blocks, one per line, for the engine's own cleaning
to work on; the metadata (title, author, date, outlet) comes from the page's
markup: Open Graph and other meta tags, JSON-LD, ``<title>``, the page's URL.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from reader.model import Removed

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·|»|:)\s+")
_SPACES = re.compile(r"\s+")
_HOST_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
MIN_WORDS = 8  # fewer words than this is a page's furniture ("Log in"), not an article
# News pages hold a few thousand elements; extraction time grows with the count, so cap it.
MAX_ELEMENTS = 25_000
_OPEN_TAG = re.compile(r"<[A-Za-z]")
_QUIET = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


@dataclass(frozen=True, slots=True)
class Page:
    """An article's text (blocks, one per line) and what its markup says about it.

    ``removed`` holds blocks the markup shows are not story (links to other stories).
    """

    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    removed: tuple[Removed, ...] = ()


def extract_page(markup: str, url: str | None = None) -> Page | str:
    """The article in a page's HTML, or a one-line reason there is none.

    ``url`` is where the page came from; it helps resolve links and names the
    outlet (by host) when the page names none.
    """
    if not markup.strip():
        return "empty page"
    if "<" not in markup:
        return "no HTML markup in the file"
    if sum(1 for _ in _OPEN_TAG.finditer(markup)) > MAX_ELEMENTS:
        return f"page too complex to read (over {MAX_ELEMENTS:,} HTML elements)"
    try:
        extracted = _trafilatura(markup, url)
    except Exception as exc:  # a third-party parser on hostile input: any failure is one line
        return f"could not parse the HTML ({exc.__class__.__name__})"
    if extracted is None:
        return "no article text found in the page"
    lines, removed = body_lines(getattr(extracted, "body", None), extracted.text or "")
    if sum(len(line.split()) for line in lines) < MIN_WORDS:
        return "no article text found in the page"
    page_url = url or extracted.url or None
    title = _clean_field(extracted.title)
    head = _head(markup)
    sitename = _clean_field(extracted.sitename)
    host = host_name(page_url) or _clean_field(extracted.hostname)
    split = _split_title(head, title)
    if split:
        title = split[0]
        if not sitename or _is_host(sitename, host):
            sitename = split[1]
    return Page(
        text="\n".join(lines),
        title=title,
        byline=_clean_field(extracted.author),
        date=_iso_day(extracted.date),
        outlet=pick_outlet(
            sitename=sitename,
            hostname=host,
            html_title=head.title,
            headline=head.headline,
        ),
        url=page_url,
        removed=tuple(removed),
    )


def _trafilatura(markup: str, url: str | None):  # type: ignore[no-untyped-def]
    import trafilatura

    for name in _QUIET:
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    return trafilatura.bare_extraction(
        markup,
        url=url,
        include_comments=False,
        # Layout tables hold whole pages; cells are still read, rows are not turned into text grids.
        include_tables=False,
        include_images=False,
        # Links are kept in the tree only to tell link lines ("Read more: ...") from story.
        include_links=True,
        include_formatting=True,
        with_metadata=True,
        deduplicate=False,
    )


_LINK_SHARE = 0.6
_LINK_LABEL_WORDS = 4
_MAX_DEPTH = 60


@dataclass(slots=True)
class _Block:
    parts: list[str]
    link_chars: int = 0
    link_words: int = 0
    heading: int = 0

    def text(self) -> str:
        return _SPACES.sub(" ", "".join(self.parts)).strip()


def body_lines(body: Any, fallback: str) -> tuple[list[str], list[Removed]]:
    """Story lines out of trafilatura's body tree, and the link lines left out.

    Headings come out as Markdown headings (``## ...``) so cleaning keeps them as
    structure. A paragraph that is mostly a link, with at most a short label
    ("READ MORE:", "Related:"), points at another story and is left out, as is a
    list whose every item is such a link.
    """
    if body is None or not hasattr(body, "iterchildren"):
        return [line.strip() for line in fallback.splitlines() if line.strip()], []
    blocks: list[tuple[list[_Block], bool]] = []  # (blocks, is a list)
    _collect(body, blocks, 0)
    lines: list[str] = []
    removed: list[Removed] = []
    for group, is_list in blocks:
        texts = [(block, block.text()) for block in group]
        texts = [(block, text) for block, text in texts if text]
        if not texts:
            continue
        links = [_is_link_line(block, text) for block, text in texts]
        if is_list and all(links) and len(texts) > 1:
            removed.append(Removed(" · ".join(text for _, text in texts), "list of links"))
            continue
        for (block, text), link in zip(texts, links, strict=True):
            if link and not block.heading:
                removed.append(Removed(text, "link to another story"))
            elif block.heading:
                lines.append("#" * block.heading + " " + text)
            else:
                lines.append(text)
    return lines, removed


def _is_link_line(block: _Block, text: str) -> bool:
    letters = sum(1 for ch in text if not ch.isspace())
    if not letters or block.link_chars / letters < _LINK_SHARE:
        return False
    return len(text.split()) - block.link_words <= _LINK_LABEL_WORDS


def _collect(element: Any, out: list[tuple[list[_Block], bool]], depth: int) -> None:
    for child in element.iterchildren():
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("p", "code", "quote") and not _has_blocks(child):
            out.append((_split_lines(child, depth), False))
        elif tag == "head":
            block = _Block(parts=[])
            _inline(child, block, depth)
            level = str(child.get("rend", "h2"))[-1:]
            block.heading = int(level) if level.isdigit() and level != "0" else 2
            out.append(([block], False))
        elif tag == "list":
            items: list[_Block] = []
            for item in child.iterchildren():
                if isinstance(item.tag, str) and _has_blocks(item):
                    _collect(item, out, depth + 1)
                elif isinstance(item.tag, str):
                    items.extend(_split_lines(item, depth))
            out.append((items, True))
        elif tag and depth < _MAX_DEPTH and _has_blocks(child):
            _collect(child, out, depth + 1)
        elif tag not in ("graphic", "table", "lb", ""):
            out.append((_split_lines(child, depth), False))


_BLOCK_CHILDREN = frozenset({"p", "head", "list", "quote", "code", "table", "div"})


def _has_blocks(element: Any) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in element.iterchildren())


def _split_lines(element: Any, depth: int) -> list[_Block]:
    blocks = [_Block(parts=[])]
    _inline(element, blocks[0], depth, blocks)
    return blocks


def _inline(element: Any, block: _Block, depth: int, lines: list[_Block] | None = None) -> _Block:
    """Append an element's text to ``block``; ``<lb/>`` starts a new block if ``lines`` is given."""
    if element.text:
        block.parts.append(element.text)
        if element.tag == "ref":
            _count_link(block, element.text)
    for child in element.iterchildren():
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            if lines is not None:
                block = _Block(parts=[])
                lines.append(block)
            else:
                block.parts.append(" ")
        elif tag and depth < _MAX_DEPTH:
            if tag == "ref":
                text = "".join(child.itertext())
                block.parts.append(text)
                _count_link(block, text)
            else:
                block = _inline(child, block, depth + 1, lines)
        if child.tail:
            block.parts.append(child.tail)
    return block


def _count_link(block: _Block, text: str) -> None:
    block.link_chars += sum(1 for ch in text if not ch.isspace())
    block.link_words += len(text.split())


def host_name(url: str | None) -> str | None:
    """The host of a URL without a leading ``www.``, or None."""
    if not url:
        return None
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def pick_outlet(
    *,
    sitename: str | None,
    hostname: str | None,
    html_title: str | None,
    headline: str | None,
) -> str | None:
    """The outlet's name: the site name the page declares, else the tail of its ``<title>``
    after the ``headline`` ("Headline | Outlet"), else the host name."""
    host = hostname[4:] if hostname and hostname.startswith("www.") else hostname
    if sitename and not _is_host(sitename, host):
        return sitename
    from_title = _title_suffix(html_title, headline)
    if from_title:
        return from_title
    return host or None


def _is_host(name: str, host: str | None) -> bool:
    lowered = re.sub(r":\d+$", "", name.lower().removeprefix("www."))
    return bool(_HOST_LIKE.match(lowered)) or (host is not None and lowered == host.lower())


def _title_suffix(html_title: str | None, headline: str | None) -> str | None:
    """The outlet in "Headline | Outlet" or "Headline – Outlet", when the rest is the headline."""
    if not html_title or not headline:
        return None
    parts = _TITLE_SEPARATORS.split(html_title)
    if len(parts) < 2:
        return None
    tail = parts[-1].strip()
    rest = html_title[: len(html_title) - len(parts[-1])]
    rest = _TITLE_SEPARATORS.sub(" ", rest).strip()
    if not tail or len(tail.split()) > 5 or _is_host(tail, None):
        return None
    if _words(headline)[:4] != _words(rest)[:4]:
        return None
    return tail


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


class _StopScan(Exception):
    pass


_MAX_SUBHEADS = 5


class _HeadScan(HTMLParser):
    """The page's ``<title>``, ``og:title``, first ``<h1>`` and first few ``<h2>``/``<h3>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.h1: list[str] = []
        self.subheads: list[list[str]] = []
        self.og_title: str | None = None
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {key: value or "" for key, value in attrs}
            if values.get("property", values.get("name", "")).lower() == "og:title":
                self.og_title = values.get("content") or None
        elif tag in ("title", "h1", "h2", "h3") and self._in is None:
            self._in = tag
            if tag in ("h2", "h3"):
                self.subheads.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None
            if tag == "h1" or len(self.subheads) >= _MAX_SUBHEADS:
                raise _StopScan

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title.append(data)
        elif self._in == "h1":
            self.h1.append(data)
        elif self._in in ("h2", "h3"):
            self.subheads[-1].append(data)


@dataclass(frozen=True, slots=True)
class _Head:
    title: str | None = None
    headline: str | None = None
    subheads: tuple[str, ...] = ()


def _head(markup: str) -> _Head:
    """The ``<title>``, the headline declared in og:title or the first ``<h1>``, and subheads."""
    scan = _HeadScan()
    try:
        scan.feed(markup[:500_000])
        scan.close()
    except _StopScan:
        pass
    except Exception:  # html.parser is lenient; this only guards against the unforeseen
        return _Head()
    subheads = tuple(filter(None, (_clean_field("".join(parts)) for parts in scan.subheads)))
    return _Head(
        title=_clean_field("".join(scan.title)),
        headline=_clean_field(scan.og_title) or _clean_field("".join(scan.h1)),
        subheads=subheads,
    )


def _split_title(head: _Head, extracted_title: str | None) -> tuple[str, str] | None:
    """``(headline, outlet)`` for a page with neither og:title nor ``<h1>`` whose ``<title>``
    reads "Outlet - Headline" and whose extracted title is the outlet part.

    The headline part is the one an ``<h2>``/``<h3>`` of the page begins with.
    """
    if head.headline or not head.title or not extracted_title:
        return None
    parts = [part.strip() for part in _TITLE_SEPARATORS.split(head.title) if part.strip()]
    if len(parts) != 2:
        return None
    for index, part in enumerate(parts):
        other = parts[1 - index]
        if _words(other) != _words(extracted_title) or len(other.split()) > 5:
            continue
        for subhead in head.subheads:
            if len(_words(part)) >= 2 and _words(subhead)[: len(_words(part))] == _words(part):
                return subhead, other
    return None


def _clean_field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip()
    return text[:300] or None


def _iso_day(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value.strip())
    return match.group(0) if match else None


_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "object", "embed", "form", "svg", "template"}
)


class _FragmentText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.current = _Block(parts=[])
        self.skipping = 0
        self.in_link = 0

    def _flush(self) -> None:
        if "".join(self.current.parts).strip():
            self.blocks.append(self.current)
        self.current = _Block(parts=[])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "a":
            self.in_link += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag in _HEADING_TAGS:
                self.current.heading = int(tag[1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "a":
            self.in_link = max(0, self.in_link - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.current.parts.append(data)
        if self.in_link:
            _count_link(self.current, data)


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def fragment_lines(markup: str) -> tuple[list[str], list[Removed]]:
    """Lines of an HTML fragment (a feed entry's content), and the link lines left out.

    Every other block is kept (the engine's cleaning decides); headings come out
    as Markdown headings, as in :func:`body_lines`.
    """
    parser = _FragmentText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; this only guards against the unforeseen
        return [_SPACES.sub(" ", re.sub(r"<[^>]*>", " ", markup)).strip()], []
    parser._flush()
    lines: list[str] = []
    removed: list[Removed] = []
    for block in parser.blocks:
        text = block.text()
        if not text:
            continue
        if block.heading:
            lines.append("#" * block.heading + " " + text)
        elif _is_link_line(block, text):
            removed.append(Removed(text, "link to another story"))
        else:
            lines.append(text)
    return lines, removed


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed's title, say), all on one line."""
    parser = _FragmentText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; this only guards against the unforeseen
        return _SPACES.sub(" ", re.sub(r"<[^>]*>", " ", markup)).strip()
    parser._flush()
    return " ".join(block.text() for block in parser.blocks).strip()
