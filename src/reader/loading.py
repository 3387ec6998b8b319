"""Find and decode articles: text files, saved web pages, feeds and URLs.

Every failure becomes a one-line reason (:class:`~reader.model.LoadProblem`), never an exception.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.model import LoadProblem, Removed

if TYPE_CHECKING:
    from reader.feeds import Entry
    from reader.fetch import Fetched
    from reader.htmlpages import Page

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".feed"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
MAX_BYTES = 5 * 1024 * 1024
MAX_FILES_PER_DIR = 50_000
FETCH_WORKERS = 4
_URL_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded article: its path as given (or URL), its text and the encoding that decoded it.

    Web pages and feed entries also carry the metadata their markup declares,
    and the blocks their markup shows are not story (``removed``); plain text
    files leave those empty and cleaning finds what it can.
    """

    path: str
    text: str
    encoding: str
    content_hash: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    outlet: str | None = None
    removed: tuple[Removed, ...] = ()


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How web inputs are read: fetch the pages that feed entries link to, and fetch limits."""

    fetch_links: bool = False
    timeout: float = 10.0
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5


def seeds_dir() -> Path:
    """The bundled seed articles: package data when installed, the repo's seeds/ in a checkout.

    The wheel puts them in the package directory (``reader/seeds``), found beside this file:
    what ``importlib.resources.files("reader")`` gives for a package on disk, without
    importing importlib.resources and its readers (~3 ms, zipfile included) on every start.
    """
    here = Path(__file__).parent
    packaged = here / "seeds"
    if packaged.is_dir():
        return packaged
    return here.resolve().parents[1] / "seeds"


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[LoadProblem]]:
    """Turn files and directories into a sorted list of candidate files plus problems."""
    files: list[str] = []
    problems: list[LoadProblem] = []
    for raw in paths:
        path = os.fspath(raw)
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            problems.append(LoadProblem(path, "no such file or directory"))
            continue
        except PermissionError:
            problems.append(LoadProblem(path, "permission denied"))
            continue
        except OSError as exc:
            problems.append(LoadProblem(path, _os_reason(exc)))
            continue
        if stat.S_ISDIR(mode):
            found, dir_problems = _walk(path)
            files.extend(found)
            problems.extend(dir_problems)
        else:
            files.append(path)
    unique = sorted(dict.fromkeys(files))
    return unique, problems


def _walk(root: str) -> tuple[list[str], list[LoadProblem]]:
    found: list[str] = []
    problems: list[LoadProblem] = []

    def on_error(exc: OSError) -> None:
        problems.append(LoadProblem(exc.filename or root, _os_reason(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not _saved_page_assets(d, filenames)
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if _suffix(name) in ARTICLE_SUFFIXES:
                found.append(os.path.join(dirpath, name))
                if len(found) >= MAX_FILES_PER_DIR:
                    problems.append(
                        LoadProblem(
                            root, f"more than {MAX_FILES_PER_DIR:,} files; the rest skipped"
                        )
                    )
                    return found, problems
    if not found and not problems:
        problems.append(
            LoadProblem(root, "directory holds no .txt, .md, .html or feed (.xml, .rss) files")
        )
    return found, problems


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()``, without building a Path (this runs once per file)."""
    base = os.path.basename(name)
    dot = base.rfind(".")
    return base[dot:].lower() if 0 < dot < len(base) - 1 else ""


def _saved_page_assets(dirname: str, filenames: list[str]) -> bool:
    """The ``page_files/`` folder a browser saves beside ``page.html``: assets, no story."""
    if not dirname.endswith("_files"):
        return False
    stem = dirname[: -len("_files")]
    return any(
        Path(name).stem == stem and Path(name).suffix.lower() in HTML_SUFFIXES for name in filenames
    )


def read_document(path: str) -> Document | LoadProblem:
    """Read and decode one file, or say in one line why it cannot be read."""
    data = read_bytes(path)
    if isinstance(data, LoadProblem):
        return data
    return _text_document(path, data)


def read_bytes(path: str) -> bytes | LoadProblem:
    """The bytes of one regular file (at most :data:`MAX_BYTES`), or why they cannot be had."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            mode = info.st_mode
            if stat.S_ISDIR(mode):
                return LoadProblem(path, "is a directory")
            if not stat.S_ISREG(mode):
                return LoadProblem(path, "not a regular file (device, FIFO or socket)")
            # Ask for the size fstat gives (and a byte more, to see the end), not for the
            # whole limit: a read of MAX_BYTES allocates that much for every small file.
            first = min(info.st_size, MAX_BYTES) + 1
            data = handle.read(first)
            if len(data) == first and first <= MAX_BYTES:  # it grew, or fstat understates
                data += handle.read(MAX_BYTES + 1 - first)
    except FileNotFoundError:
        return LoadProblem(path, "vanished before it could be read")
    except PermissionError:
        return LoadProblem(path, "permission denied")
    except IsADirectoryError:
        return LoadProblem(path, "is a directory")
    except OSError as exc:
        return LoadProblem(path, _os_reason(exc))
    if len(data) > MAX_BYTES:
        return LoadProblem(path, f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")
    return data


def _blank(text: str) -> bool:
    """Whether nothing in ``text`` would show: white space, controls and zero-width or other
    format characters only (it stops at the first visible character)."""
    return all(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in text)


def _text_document(path: str, data: bytes, charset: str | None = None) -> Document | LoadProblem:
    decoded = _decode_declared(data, charset) if charset else decode(data)
    if isinstance(decoded, str):
        return LoadProblem(path, decoded)
    text, encoding = decoded
    if _blank(text):
        return LoadProblem(path, "empty file")
    digest = hashlib.sha256(data).hexdigest()
    return Document(path=path, text=text, encoding=encoding, content_hash=digest)


def decode(data: bytes) -> tuple[str, str] | str:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with BOM, else cp1252/latin-1.

    Returns ``(text, encoding)`` or a reason string when the bytes are not text.
    """
    if not data:
        return "", "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(data[len(codecs.BOM_UTF8) :], "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return "binary or corrupt file (invalid UTF-16)"
    if _looks_binary(data):
        return "binary file, not text"
    return _decode_utf8(data, "utf-8")


def _single_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five bytes cp1252 leaves undefined: as latin-1


def _bytes_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(_single_byte(b) for b in bad), error.end


codecs.register_error("reader-cp1252", _bytes_as_cp1252)


def _decode_utf8(data: bytes, name: str) -> tuple[str, str] | str:
    """UTF-8; bytes that are not UTF-8 are read one by one as cp1252 (else latin-1).

    A file that is UTF-8 but for a few bad bytes keeps its curly quotes and accents; a file
    that is cp1252 or latin-1 throughout decodes exactly as that encoding would.
    """
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="reader-cp1252")
    try:
        if text == data.decode("cp1252"):
            return text, "cp1252"
    except UnicodeDecodeError:
        if text == data.decode("latin-1"):
            return text, "latin-1"
    return text, "utf-8 with some cp1252 bytes"


_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))
"""Every byte but the C0 controls a text file does not hold (tab, newline, form feed, CR, ESC)."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    # Deleting every other byte leaves the controls: counted in C, not byte by byte.
    controls = len(sample.translate(None, _NOT_CONTROL))
    return controls > max(8, len(sample) // 20)


def _os_reason(exc: OSError) -> str:
    if exc.strerror:
        return exc.strerror.lower()
    return exc.__class__.__name__


def load(
    paths: Sequence[str | os.PathLike[str]] | None,
    *,
    options: LoadOptions | None = None,
) -> tuple[list[Document], list[LoadProblem]]:
    """Load every readable article under ``paths`` (the bundled seeds when empty).

    A path may be a text file, a saved web page (.html/.htm/.xhtml), an RSS or
    Atom feed (.xml/.rss/.atom/.feed), a directory of those, or an http(s) URL.
    """
    options = options or LoadOptions()
    targets: Sequence[str | os.PathLike[str]] = paths or [seeds_dir()]
    urls = list(dict.fromkeys(t for t in targets if isinstance(t, str) and is_url_argument(t)))
    local = [t for t in targets if not (isinstance(t, str) and is_url_argument(t))]
    files, problems = expand_paths(local) if local else ([], [])
    documents: list[Document] = []
    for path in files:
        found, file_problems = _load_file(path, options)
        documents.extend(found)
        problems.extend(file_problems)
    for url, fetched in zip(urls, fetch_all(urls, options), strict=True):
        found, url_problems = _load_fetched(url, fetched, options)
        documents.extend(found)
        problems.extend(url_problems)
    return list({doc.path: doc for doc in reversed(documents)}.values())[::-1], problems


def is_url_argument(text: str) -> bool:
    """Whether a path argument is a URL (``scheme://...``); only http(s) ones are fetched."""
    return bool(_URL_PREFIX.match(text))


def _load_file(path: str, options: LoadOptions) -> tuple[list[Document], list[LoadProblem]]:
    suffix = _suffix(path)
    if suffix not in HTML_SUFFIXES and suffix not in FEED_SUFFIXES:
        result = read_document(path)
        return ([], [result]) if isinstance(result, LoadProblem) else ([result], [])
    data = read_bytes(path)
    if isinstance(data, LoadProblem):
        return [], [data]
    if suffix in FEED_SUFFIXES and not _looks_like_html_not_feed(data):
        return _feed_documents(path, data, options)
    result = _html_document(path, data)
    return ([], [result]) if isinstance(result, LoadProblem) else ([result], [])


def fetch_all(urls: Sequence[str], options: LoadOptions) -> list[Fetched | LoadProblem]:
    """Fetch URLs a few at a time; results in the order of ``urls``."""
    if not urls:
        return []
    from reader.fetch import fetch

    def one(url: str) -> Fetched | LoadProblem:
        return fetch(
            url,
            timeout=options.timeout,
            max_bytes=options.max_bytes,
            max_redirects=options.max_redirects,
        )

    if len(urls) <= 1:
        return [one(url) for url in urls]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(FETCH_WORKERS, len(urls))) as pool:
        return list(pool.map(one, urls))


def _load_fetched(
    url: str, fetched: Fetched | LoadProblem, options: LoadOptions
) -> tuple[list[Document], list[LoadProblem]]:
    if isinstance(fetched, LoadProblem):
        return [], [fetched]
    kind = _web_kind(fetched)
    if kind == "feed":
        return _feed_documents(url, fetched.data, options)
    if kind == "html":
        result = _html_document(url, fetched.data, fetched.charset, fetched.final_url)
    elif kind == "text":
        result = _text_document(url, fetched.data, fetched.charset)
    else:
        result = LoadProblem(url, kind)
    if isinstance(result, LoadProblem):
        return [], [_web_reason(result)]
    return [result], []


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_XML_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
    }
)


def _web_kind(fetched: Fetched) -> str:
    """What a response holds ("html", "feed" or "text"), or the reason it is none of them."""
    from reader.feeds import looks_like_feed

    kind = fetched.content_type
    data = fetched.data
    xml = kind in _XML_TYPES or kind.endswith("+xml")
    textual = kind in _HTML_TYPES or xml or kind.startswith("text/")
    if not (textual or kind in ("", "application/octet-stream")):
        return f"not a web page or feed ({kind})"
    if not data.strip():
        return "empty response"
    if _looks_binary(data) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary content, not a web page or feed"
    if looks_like_feed(data):
        return "feed"
    if kind in _HTML_TYPES or _looks_like_html_not_feed(data):
        return "html"
    # Other XML goes to the feed parser, which says what it is not.
    return "feed" if xml else "text"


def _web_reason(problem: LoadProblem) -> LoadProblem:
    if problem.reason == "binary file, not text":
        return LoadProblem(problem.path, "binary content, not a web page or feed")
    if problem.reason == "empty file":
        return LoadProblem(problem.path, "empty response")
    return problem


def _looks_like_html_not_feed(data: bytes) -> bool:
    head = data[:4096].lower()
    return (
        (b"<html" in head or b"<!doctype html" in head)
        and b"<rss" not in head
        and b"<feed" not in head
    )


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _decode_declared(data: bytes, charset: str | None) -> tuple[str, str] | str:
    """Decode with a declared charset (HTTP header or ``<meta>``) when it fits, else as
    :func:`decode` does."""
    if (
        charset
        and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and not _looks_binary(data)
    ):
        try:
            name = codecs.lookup(charset).name
            # Browsers read a declared latin-1 or ASCII page as windows-1252.
            if name in ("latin-1", "iso8859-1", "ascii"):
                name = "cp1252"
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _html_document(
    path: str, data: bytes, charset: str | None = None, url: str | None = None
) -> Document | LoadProblem:
    from reader.htmlpages import extract_page

    decoded = _decode_declared(data, charset or _meta_charset(data))
    if isinstance(decoded, str):
        return LoadProblem(path, decoded)
    text, encoding = decoded
    if _blank(text):
        return LoadProblem(path, "empty file")
    page = extract_page(text, url=url)
    if isinstance(page, str):
        return LoadProblem(path, page)
    return page_document(path, page, encoding, hashlib.sha256(data).hexdigest())


def _feed_documents(
    path: str, data: bytes, options: LoadOptions
) -> tuple[list[Document], list[LoadProblem]]:
    from reader.feeds import parse_feed

    feed = parse_feed(data, path)
    if isinstance(feed, str):
        return [], [LoadProblem(path, feed)]
    problems = [LoadProblem(path, feed.note)] if feed.note else []
    wanted = [e.link for e in feed.entries if options.fetch_links and not e.full and e.link]
    fetched = dict(zip(wanted, fetch_all(wanted, options), strict=True))
    documents: list[Document] = []
    for entry in feed.entries:
        page = entry.page
        if entry.link in fetched:
            linked = _linked_page(entry, fetched[entry.link])
            if isinstance(linked, LoadProblem):
                note = "kept the feed's summary" if page.text else "entry skipped"
                problems.append(LoadProblem(linked.path, f"{linked.reason}; {note}"))
            else:
                page = linked
        if not page.text.strip():
            problems.append(_empty_entry(entry, options))
            continue
        digest = hashlib.sha256(page.text.encode("utf-8")).hexdigest()
        documents.append(page_document(entry.path, page, "utf-8", digest))
    return documents, problems


def _empty_entry(entry: Entry, options: LoadOptions) -> LoadProblem:
    if entry.link and not options.fetch_links:
        return LoadProblem(entry.path, "feed entry has no text (--fetch-links fetches its page)")
    return LoadProblem(entry.path, "feed entry has no text")


def _linked_page(entry: Entry, fetched: Fetched | LoadProblem) -> Page | LoadProblem:
    """The page a feed entry links to, with the entry's metadata where the page declares none."""
    from reader.htmlpages import Page, extract_page, host_name

    link = entry.link or entry.path
    if isinstance(fetched, LoadProblem):
        return fetched
    kind = _web_kind(fetched)
    if kind not in ("html", "text"):
        return LoadProblem(link, "links to a feed, not an article page" if kind == "feed" else kind)
    decoded = _decode_declared(fetched.data, fetched.charset or _meta_charset(fetched.data))
    if isinstance(decoded, str):
        return _web_reason(LoadProblem(link, decoded))
    page = extract_page(decoded[0], url=fetched.final_url) if kind == "html" else Page(decoded[0])
    if isinstance(page, str):
        return LoadProblem(link, page)
    own = entry.page
    outlet = page.outlet
    if own.outlet and (outlet is None or outlet == host_name(page.url)):
        outlet = own.outlet
    return Page(
        text=page.text,
        title=page.title or own.title,
        byline=page.byline or own.byline,
        date=page.date or own.date,
        outlet=outlet,
        url=page.url,
        removed=page.removed,
    )


def page_document(path: str, page: Page, encoding: str, content_hash: str) -> Document:
    """A :class:`Document` for an extracted web page or feed entry.

    The metadata goes both into the document's fields and, as front matter, into
    its text, so cleaning takes the declared title (and drops it where the body
    repeats it) instead of guessing one.
    """
    return Document(
        path=path,
        text=_front_matter(page) + page.text,
        encoding=encoding,
        content_hash=content_hash,
        title=page.title,
        byline=page.byline,
        date=page.date,
        outlet=page.outlet,
        removed=page.removed,
    )


def _front_matter(page: Page) -> str:
    fields = (
        ("title", page.title),
        ("author", page.byline),
        ("date", page.date),
        ("outlet", page.outlet),
    )
    lines = []
    for key, value in fields:
        if not value:
            continue
        value = " ".join(value.split())
        # Front matter strips quote marks at either end of a value: leave such values out.
        if value[0] in "\"'" or value[-1] in "\"'" or value == "---":
            continue
        lines.append(f"{key}: {value}")
    if not lines:
        return ""
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def iter_problems_lines(problems: Iterable[LoadProblem]) -> Iterator[str]:
    """One human line per problem, as printed on stderr."""
    for problem in problems:
        from reader.terminal_text import display_path, printable

        yield f"reader: skipped {display_path(problem.path)}: {printable(problem.reason)}"
