"""Result cache: built sources, story groupings and per-story claims, in SQLite.

Keys are SHA-256 digests of what decides a result: a source's key covers the
document's content hash, its decoded text and metadata, and the engine
fingerprint (engine version, the engine modules' source code, the matcher's
parameters); a grouping's key covers the sorted keys of all sources; a story's
claims key covers its members' keys in linking order. So an unchanged corpus
loads from the cache, and adding one article rebuilds that article, the
grouping and the one story it joins. One more entry per set of inputs, the
``start`` article, lets the TUI show the article it last started on in its first
frame, before the analysis is read (:func:`read_start`).

Values are JSON, or for sources a JSON header followed by packed numbers and the
UTF-8 text (never pickle: the file is not trusted), with a CRC-32 each, and are
checked before use; a row that fails is a miss. The file uses WAL and one
transaction per batch of writes, so a process killed mid-write leaves the last
committed state. A file that is not SQLite, is damaged, or holds something else
is renamed aside (``<name>.corrupt-<timestamp>``) and a new one started, with
one warning. When the cache directory cannot be written the cache lives in
memory for the run, again with one warning.
"""

from __future__ import annotations

import contextlib
import math
import operator
import os
import sqlite3
import sys
import time
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, repeat
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from reader import __version__
from reader.model import Claim, Discrepancy, Figure, Quote, Removed, Sentence, Source

if TYPE_CHECKING:
    from reader.loading import Document

APP_NAME = "reader"
CACHE_FILE = "cache.sqlite3"
ENV_DIR = "READER_CACHE_DIR"
SCHEMA = "reader-cache"
SCHEMA_VERSION = "1"
ENGINE_VERSION = "1"
"""Bump when the engine's output changes for reasons its source code does not show."""
KEEP_DAYS = 45
_BATCH = 500
_FORMAT = 4
_SOURCE_FORMAT = 5
"""Sources: 5 is header + packed numbers + text (4 was all JSON; its rows are rebuilt)."""
_SWAP = sys.byteorder != "little"

_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, "
    "crc INTEGER NOT NULL, data BLOB NOT NULL, written INTEGER NOT NULL, "
    "PRIMARY KEY (kind, key)) WITHOUT ROWID",
)
_ENGINE_MODULES_EXCLUDED = frozenset({"cache.py", "cli.py", "state.py", "export.py", "gc_pause.py"})


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction (the connection is in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _create(conn: sqlite3.Connection) -> None:
    for statement in _TABLES:
        conn.execute(statement)
    conn.executemany(
        "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
        [("schema", SCHEMA), ("version", SCHEMA_VERSION)],
    )


class CacheFormatError(ValueError):
    """A cached value that does not have the shape this version writes."""


def default_cache_path() -> Path:
    """Where the cache file lives (``$READER_CACHE_DIR`` or the user cache dir); creates nothing."""
    override = os.environ.get(ENV_DIR)
    folder = Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME, False))
    return folder / CACHE_FILE


_ENGINE_DIR = os.path.dirname(os.path.realpath(__file__))


def _engine_files() -> list[os.DirEntry[str]]:
    """The engine's files, by name: every ``.py`` and ``.json`` file of the package but
    :data:`_ENGINE_MODULES_EXCLUDED` (what :func:`engine_fingerprint` hashes and
    :func:`engine_stamp` stats)."""
    with os.scandir(_ENGINE_DIR) as found:
        return sorted(
            (
                entry
                for entry in found
                if entry.name.endswith((".py", ".json"))
                and not entry.name.startswith(".")
                and entry.name not in _ENGINE_MODULES_EXCLUDED
            ),
            key=attrgetter("name"),
        )


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A digest of everything in the engine that decides its results."""
    import hashlib  # loads OpenSSL (2-10 ms): not before the TUI's first frame without a cache

    digest = hashlib.sha256(f"reader {__version__} engine {ENGINE_VERSION}\n".encode())
    for entry in _engine_files():
        digest.update(entry.name.encode() + b"\0")
        with contextlib.suppress(OSError), open(entry.path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def _digest(*parts: str) -> str:
    import hashlib  # see engine_fingerprint

    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


# What json.dumps gives for no removed blocks and for no metadata (json is imported where a
# value is encoded or decoded: a first launch's TUI imports this module to find no cache).
_NO_REMOVED = "[]"
_NONE_4 = [None] * 4
_NO_META = "[null, null, null, null]"


def source_key(document: Document) -> str:
    """The cache key of the source built from ``document`` (its path and id are not part of it)."""
    import json

    fields = [document.title, document.byline, document.date, document.outlet]
    # A plain text file has neither: the constants are what json.dumps gives for them.
    removed = _NO_REMOVED
    if document.removed:
        removed = json.dumps([[r.text, r.reason] for r in document.removed], ensure_ascii=False)
    meta = _NO_META if fields == _NONE_4 else json.dumps(fields, ensure_ascii=False)
    return _digest(engine_fingerprint(), document.content_hash, document.text, meta, removed)


def group_key(source_keys: Iterable[str], params: str) -> str:
    """The key of a story grouping: the sorted source keys and the grouping's parameters."""
    return _digest(engine_fingerprint(), params, *sorted(source_keys))


def claims_key(member_keys: Sequence[str]) -> str:
    """The key of one story's claims: its members' source keys, in linking order."""
    return _digest(engine_fingerprint(), "claims", *member_keys)


# --- values ---------------------------------------------------------------------------------


def _packed(numbers: array[Any]) -> bytes:
    if _SWAP:
        numbers.byteswap()
    return numbers.tobytes()


def _unpacked(code: str, data: bytes) -> list[Any]:
    numbers = array(code, data)
    if _SWAP:
        numbers.byteswap()
    return numbers.tolist()


def _unless_slice(value: str, text: str, start: int, end: int) -> str | None:
    """None for a record text that is just ``text[start:end]`` (most are), else the text."""
    return None if text[start:end] == value else value


def _record_text(stored: str | None, start: int, end: int, text: str) -> str:
    return text[start:end] if stored is None else stored


def encode_source(source: Source) -> bytes:
    """A built source (without its id and path, which depend on the other inputs).

    A JSON header (metadata, record counts, the records' strings) and a newline, then every
    integer of the records as little-endian int64 (paragraph spans; sentence start, end,
    paragraph, heading; figure spans; quote spans, speaker spans with -1 for none, partial),
    the figures' value, low and high as float64, and the text as UTF-8. Numbers in arrays and
    the text outside JSON decode several times faster than one JSON document; a record text
    that is the slice of the text its span covers is stored as null.
    """
    import json

    text = source.text
    figures, quotes = source.figures, source.quotes
    header = [
        _SOURCE_FORMAT,
        source.title,
        source.outlet,
        source.byline,
        source.date,
        source.content_hash,
        [len(source.paragraphs), len(source.sentences), len(figures), len(quotes)],
        [_unless_slice(f.text, text, f.start, f.end) for f in figures],
        [f.kind for f in figures],
        [f.unit for f in figures],
        [f.qualifier for f in figures],
        [_unless_slice(q.text, text, q.start, q.end) for q in quotes],
        [q.speaker for q in quotes],
        [r.text for r in source.removed],
        [r.reason for r in source.removed],
    ]
    ints = array("q", [n for span in source.paragraphs for n in span])
    ints.extend(n for s in source.sentences for n in (s.start, s.end, s.paragraph, int(s.heading)))
    ints.extend(n for f in figures for n in (f.start, f.end))
    for q in quotes:
        speaker_start = -1 if q.speaker_start is None else q.speaker_start
        speaker_end = -1 if q.speaker_end is None else q.speaker_end
        ints.extend((q.start, q.end, speaker_start, speaker_end, int(q.partial)))
    floats = array("d", [n for f in figures for n in (f.value, f.low, f.high)])
    return b"".join(
        (
            json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8", "surrogatepass"
            ),
            b"\n",  # JSON escapes every newline inside strings: the first one ends the header
            _packed(ints),
            _packed(floats),
            text.encode("utf-8", "surrogatepass"),
        )
    )


def _check(condition: bool) -> None:
    if not condition:
        raise CacheFormatError("cached value has an unexpected shape")


def _opt_str(value: Any) -> str | None:
    _check(value is None or type(value) is str)
    return value


def _typed(column: Any, types: set[type], size: int) -> list[Any]:
    """A column of ``size`` values, each of one of ``types``."""
    _check(type(column) is list and len(column) == size and set(map(type, column)) <= types)
    return column


def _spans(starts: list[Any], ends: list[Any], size: int) -> None:
    """Spans (ints, already checked) inside a text of ``size`` characters."""
    if starts:
        _check(min(starts) >= 0 and max(ends) <= size and all(map(operator.le, starts, ends)))


_INT = {int}
_ID = attrgetter("id")
_NUMBER = {int, float}
_TEXT = {str}
_OPTIONAL_TEXT = {str, type(None)}
_OPTIONAL_INT = {int, type(None)}


def decode_source(data: bytes, source_id: str, path: str) -> Source:
    """The source from :func:`encode_source` output, with this id and path.

    Raises :class:`CacheFormatError` (or ``ValueError`` for broken JSON or UTF-8) when the
    value is not exactly what this version writes; spans are checked against the text.
    """
    import json

    cut = data.find(b"\n")
    _check(cut > 0)
    header = json.loads(data[:cut])
    _check(type(header) is list and len(header) == 15 and header[0] == _SOURCE_FORMAT)
    (_, title, outlet, byline, date, chash, counts, *columns) = header
    fig_texts, kinds, units, qualifiers, quote_texts, speakers, removed_texts, reasons = columns
    _check(type(chash) is str)
    _typed(counts, _INT, 4)
    n_paras, n_sents, n_figs, n_quotes = counts
    _check(min(counts) >= 0)
    n_ints = 2 * n_paras + 4 * n_sents + 2 * n_figs + 5 * n_quotes
    ints_end = cut + 1 + 8 * n_ints
    floats_end = ints_end + 24 * n_figs
    _check(len(data) >= floats_end)
    ints = _unpacked("q", data[cut + 1 : ints_end])
    floats = _unpacked("d", data[ints_end:floats_end])
    text = data[floats_end:].decode("utf-8", "surrogatepass")
    size = len(text)

    at = 2 * n_paras
    paras = ints[:at]
    _spans(paras[0::2], paras[1::2], size)
    paragraphs = tuple(zip(paras[0::2], paras[1::2], strict=True))
    sents = ints[at : at + 4 * n_sents]
    at += 4 * n_sents
    starts, ends, headings = sents[0::4], sents[1::4], sents[3::4]
    _spans(starts, ends, size)
    _check(set(headings) <= {0, 1})
    ids = [f"{source_id}:{n}" for n in range(1, n_sents + 1)]
    sentences = tuple(map(Sentence, ids, starts, ends, sents[2::4], map(bool, headings)))

    spans = ints[at : at + 2 * n_figs]
    at += 2 * n_figs
    starts, ends = spans[0::2], spans[1::2]
    _spans(starts, ends, size)
    _typed(fig_texts, _OPTIONAL_TEXT, n_figs)
    _typed(kinds, _TEXT, n_figs)
    _typed(units, _OPTIONAL_TEXT, n_figs)
    _typed(qualifiers, _OPTIONAL_TEXT, n_figs)
    _check(not any(map(math.isnan, floats)))
    texts = list(map(_record_text, fig_texts, starts, ends, repeat(text)))
    figures = tuple(
        map(Figure, starts, ends, texts, kinds, floats[0::3], units, floats[1::3], floats[2::3],
            qualifiers)
    )  # fmt: skip

    records = ints[at:]
    starts, ends, partials = records[0::5], records[1::5], records[4::5]
    _spans(starts, ends, size)
    _check(set(partials) <= {0, 1})
    speaker_starts = [None if n == -1 else n for n in records[2::5]]
    speaker_ends = [None if n == -1 else n for n in records[3::5]]
    mentions = [
        (a, b) for a, b in zip(speaker_starts, speaker_ends, strict=True) if (a, b) != (None, None)
    ]
    _check(all(a is not None and b is not None for a, b in mentions))
    _spans([a for a, _ in mentions], [b for _, b in mentions], size)
    _typed(quote_texts, _OPTIONAL_TEXT, n_quotes)
    _typed(speakers, _OPTIONAL_TEXT, n_quotes)
    texts = list(map(_record_text, quote_texts, starts, ends, repeat(text)))
    quote_list = tuple(
        map(Quote, starts, ends, texts, speakers, speaker_starts, speaker_ends, map(bool, partials))
    )
    _check(type(removed_texts) is list)
    count = len(removed_texts)
    _typed(removed_texts, _TEXT, count)
    _typed(reasons, _TEXT, count)
    return Source(
        id=source_id,
        path=path,
        title=_opt_str(title),
        outlet=_opt_str(outlet),
        byline=_opt_str(byline),
        date=_opt_str(date),
        text=text,
        paragraphs=paragraphs,
        sentences=sentences,
        figures=figures,
        quotes=quote_list,
        removed=tuple(map(Removed, removed_texts, reasons)),
        content_hash=chash,
    )


def encode_profile(profile: dict[str, float]) -> bytes:
    """A story profile (:func:`reader.stories.profile`) as JSON."""
    import json

    return json.dumps([_FORMAT, profile], ensure_ascii=False, separators=(",", ":")).encode()


def decode_profile(data: bytes) -> dict[str, float]:
    import json

    value = json.loads(data)
    _check(type(value) is list and len(value) == 2 and value[0] == _FORMAT)
    profile = value[1]
    _check(type(profile) is dict)  # JSON object keys are always strings
    weights = profile.values()
    _check(set(map(type, weights)) <= {int, float} and all(map(math.isfinite, weights)))
    return profile


def encode_claims(claims: Sequence[Claim], members: Sequence[Source]) -> bytes:
    """One story's claims, by column, with sentences as flat (member position, sentence
    position) pairs."""
    import json

    where = {
        sentence.id: (m, n)
        for m, source in enumerate(members)
        for n, sentence in enumerate(source.sentences)
    }
    flagged = [d for claim in claims for d in claim.discrepancies]
    value = [
        _FORMAT,
        [claim.kind for claim in claims],
        [claim.speaker for claim in claims],
        [len(claim.sentences) for claim in claims],
        [n for claim in claims for sid in claim.sentences for n in where[sid]],
        [len(claim.discrepancies) for claim in claims],
        [n for d in flagged for n in where[d.sentence]],
        [d.kind for d in flagged],
        [d.detail for d in flagged],
    ]
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def decode_claims(data: bytes, members: Sequence[Source], numbered: int = 0) -> list[Claim]:
    """Claims from :func:`encode_claims` output, with ids ``c<numbered + 1>``, ... in order."""
    import json

    value = json.loads(data)
    _check(type(value) is list and len(value) == 9 and value[0] == _FORMAT)
    _, kinds, speakers, sizes, refs, counts, flagged, flag_kinds, details = value
    _check(type(kinds) is list and set(kinds) <= {"quote", "statement"})
    total = len(kinds)
    _typed(speakers, _OPTIONAL_TEXT, total)
    _typed(sizes, _INT, total)
    _typed(counts, _INT, total)
    _check(not sizes or min(sizes) >= 2)
    _check(not counts or min(counts) >= 0)
    ids = [list(map(_ID, source.sentences)) for source in members]

    def sentence_ids(flat: Any, count: int) -> list[str]:
        _typed(flat, _INT, 2 * count)
        _check(not flat or min(flat) >= 0)
        try:
            return [ids[m][n] for m, n in zip(flat[0::2], flat[1::2], strict=True)]
        except IndexError:
            raise CacheFormatError("cached claim names a sentence that does not exist") from None

    sentences = sentence_ids(refs, sum(sizes))
    flagged_ids = sentence_ids(flagged, sum(counts))
    _typed(flag_kinds, _TEXT, len(flagged_ids))
    _typed(details, _TEXT, len(flagged_ids))
    discrepancies = list(map(Discrepancy, flagged_ids, flag_kinds, details))
    # Claim n takes sentences[bounds[n]:bounds[n + 1]], and likewise its discrepancies.
    bounds = [0, *accumulate(sizes)]
    flag_bounds = [0, *accumulate(counts)]
    members_of = map(tuple, map(sentences.__getitem__, map(slice, bounds, bounds[1:])))
    flags_of = map(tuple, map(discrepancies.__getitem__, map(slice, flag_bounds, flag_bounds[1:])))
    claim_ids = [f"c{n}" for n in range(numbered + 1, numbered + total + 1)]
    return list(map(Claim, claim_ids, kinds, members_of, flags_of, speakers))


def encode_groups(groups: Sequence[Sequence[int]], titles: Sequence[str]) -> bytes:
    """Story groups (source indexes) and their titles."""
    import json

    value = [_FORMAT, [list(g) for g in groups], list(titles)]
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def decode_groups(data: bytes, size: int) -> tuple[list[list[int]], list[str]]:
    """Index groups that partition ``range(size)``, and a title for each."""
    import json

    value = json.loads(data)
    _check(type(value) is list and len(value) == 3 and value[0] == _FORMAT)
    groups, titles = value[1], value[2]
    _check(type(groups) is list and type(titles) is list and len(titles) == len(groups))
    _check(all(type(t) is str for t in titles))
    seen = [False] * size
    for members in groups:
        _check(type(members) is list and len(members) > 0)
        for index in members:
            _check(type(index) is int and 0 <= index < size and not seen[index])
            seen[index] = True
    _check(all(seen))
    return groups, titles


# --- entries --------------------------------------------------------------------------------

_INSERT = "INSERT OR REPLACE INTO entries (kind, key, crc, data, written) VALUES (?, ?, ?, ?, ?)"


def _today() -> int:
    """Days since the epoch: when an entry was written, for pruning."""
    return int(time.time() // 86400)


def _entry(kind: str, key: str, data: bytes, today: int) -> tuple[str, str, int, bytes, int]:
    """The row that stores ``data`` (with its checksum) under ``kind`` and ``key``."""
    return (kind, key, zlib.crc32(data), data, today)


def _intact(crc: object, data: object) -> bool:
    """Does a stored value pass its checksum?"""
    return isinstance(data, bytes) and zlib.crc32(data) == crc


# --- the start article ----------------------------------------------------------------------

START = "start"
"""The kind of the one entry per set of inputs that :func:`read_start` reads."""
_START_FORMAT = 2
"""2: checked by the engine's stamp and the exact inputs (1: by the engine fingerprint)."""


@lru_cache(maxsize=1)
def engine_stamp() -> str:
    """The engine's version and each engine file's name, size and modification time.

    What the start entry is checked against instead of :func:`engine_fingerprint`, which
    hashes every engine file (and imports hashlib, which loads OpenSSL): a file whose
    content changed has another size or modification time, the rule Python's own bytecode
    cache trusts. Computed once per process, as the fingerprint is.
    """
    lines = [f"reader {__version__} engine {ENGINE_VERSION}"]
    for entry in _engine_files():
        try:
            found = entry.stat()
        except OSError:
            continue
        lines.append(f"{entry.name} {found.st_size} {found.st_mtime_ns}")
    return "\n".join(lines)


def _inputs(paths: Sequence[str]) -> str:
    """``paths`` as the engine takes them: absolute (URLs as given), sorted, one string."""
    return "\0".join(sorted(p if "://" in p else os.path.abspath(p) for p in paths))


def start_key(paths: Sequence[str]) -> str:
    """The key of the start article of a session over ``paths`` (as given; none for the seeds).

    Two checksums of the inputs (no hashlib before the first frame); the entry holds the
    inputs themselves, so a collision is a miss, never another corpus's article.
    """
    data = _inputs(paths).encode("utf-8", "surrogatepass")
    return f"{START}-{_START_FORMAT}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data)}"


def encode_start(paths: Sequence[str], source: Source) -> bytes | None:
    """``source`` as the article to show first next time over ``paths``, or None when it is
    no local file.

    A JSON header (the engine stamp; the inputs; the file's absolute path, size and
    modification time; the source's id and path) and a newline, then :func:`encode_source`.
    """
    import json

    try:
        found = os.stat(source.path)
    except (OSError, ValueError):
        return None
    header = [
        _START_FORMAT,
        engine_stamp(),
        _inputs(paths),
        os.path.abspath(source.path),
        found.st_size,
        found.st_mtime_ns,
        source.id,
        source.path,
    ]
    return b"\n".join((json.dumps(header).encode(), encode_source(source)))


def decode_start(data: bytes, paths: Sequence[str]) -> Source | None:
    """The source :func:`encode_start` stored over ``paths``, if the engine and its file
    are unchanged.

    None when the entry is for other inputs, the engine stamp differs or the file's size or
    modification time does (the engine would build it again); raises ``ValueError`` for a
    value of another shape.
    """
    import json

    cut = data.find(b"\n")
    _check(cut > 0)
    header = json.loads(data[:cut])
    _check(type(header) is list and len(header) == 8 and header[0] == _START_FORMAT)
    _, stamp, inputs, path, size, mtime, source_id, source_path = header
    _check(all(type(v) is str for v in (stamp, inputs, path, source_id, source_path)))
    if inputs != _inputs(paths) or stamp != engine_stamp():
        return None
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    if (found.st_size, found.st_mtime_ns) != (size, mtime):
        return None
    return decode_source(data[cut + 1 :], source_id, source_path)


def read_start(paths: Sequence[str], cache_path: Path | None = None) -> Source | None:
    """The article a session over ``paths`` last started on, from the cache, or None.

    For the TUI's first frame, before the analysis: only a source still exactly what the
    engine would build (see :func:`decode_start`). Reads the cache file (by default
    :func:`default_cache_path`) if there is one, creates nothing, never raises.
    """
    target = cache_path or default_cache_path()
    if not os.path.isfile(target):
        return None
    try:
        conn = sqlite3.connect(target, timeout=0.1)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(
            "SELECT crc, data FROM entries WHERE kind = ? AND key = ?", (START, start_key(paths))
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None or not _intact(*row):
        return None
    try:
        return decode_start(row[1], paths)
    except ValueError:
        return None


def write_start(paths: Sequence[str], source: Source, cache_path: Path | None = None) -> None:
    """Store ``source`` as the article to start on next time over ``paths`` (:func:`read_start`).

    Only into an existing cache file (the engine creates it), waiting at most 0.1 s for a
    lock: the entry only speeds the next start up, so a failure is ignored.
    """
    data = encode_start(paths, source)
    target = cache_path or default_cache_path()
    if data is None or not os.path.isfile(target):
        return
    row = _entry(START, start_key(paths), data, _today())
    with contextlib.suppress(sqlite3.Error):  # no start article: the next start reads as usual
        conn = sqlite3.connect(target, timeout=0.1, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(_INSERT, row)
        finally:
            conn.close()


# --- the store ------------------------------------------------------------------------------


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _is_corruption(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    return (
        name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
        or "not a database" in text
        or "malformed" in text
    )


class _Foreign(Exception):
    """The file is SQLite but not a reader cache."""


class ResultCache:
    """Cached results by kind (``source``, ``groups``, ``claims``, ``start``) and key.

    ``ResultCache(path)`` opens (or creates) the file; ``ResultCache(None)`` keeps
    everything in memory. Reads never raise; a failed write degrades the cache to
    memory. ``warning`` holds the one line to show the user, if any.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.warning: str | None = None
        self._conn = self._open()

    @classmethod
    def open_default(cls) -> ResultCache:
        """The cache in the user cache directory (or ``$READER_CACHE_DIR``)."""
        return cls(default_cache_path())

    @property
    def persistent(self) -> bool:
        """True while results are written to disk."""
        return self.path is not None

    # opening

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._memory()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self._degrade(f"cannot create {self.path.parent} ({_one_line(error)})")
        for attempt in range(2):
            conn = None
            try:
                conn = self._connect(self.path)
                self._check_schema(conn)
                self._prune(conn)
                return conn
            except _Foreign as error:
                reason = str(error)
            except sqlite3.Error as error:
                if not _is_corruption(error):
                    if conn is not None:
                        conn.close()
                    return self._degrade(f"cannot open {self.path} ({_one_line(error)})")
                reason = f"damaged ({_one_line(error)})"
            if conn is not None:
                conn.close()
            if attempt == 0 and not self._set_aside(reason):
                break
        return self._degrade(f"cannot use {self.path}")

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        # Autocommit mode: every write below runs in an explicit BEGIN IMMEDIATE ... COMMIT.
        conn = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    @staticmethod
    def _check_schema(conn: sqlite3.Connection) -> None:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if not tables:
            with _transaction(conn):
                _create(conn)
            return
        if "meta" not in tables:
            raise _Foreign("not a reader cache")
        meta = dict(conn.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("schema") != SCHEMA:
            raise _Foreign("not a reader cache")
        if meta.get("version") != SCHEMA_VERSION or "entries" not in tables:
            with _transaction(conn):  # an older reader's cache: start it again in place
                conn.execute("DROP TABLE IF EXISTS entries")
                _create(conn)
        conn.execute("SELECT kind, key, crc, data, written FROM entries LIMIT 1").fetchall()

    @staticmethod
    def _prune(conn: sqlite3.Connection) -> None:
        """Forget results not written for :data:`KEEP_DAYS` days (checked once a day)."""
        today = _today()
        row = conn.execute("SELECT value FROM meta WHERE name = 'pruned'").fetchone()
        if row is not None and str(row[0]).isdigit() and int(row[0]) >= today:
            return
        with _transaction(conn):
            conn.execute("DELETE FROM entries WHERE written < ?", (today - KEEP_DAYS,))
            conn.execute(
                "INSERT OR REPLACE INTO meta (name, value) VALUES ('pruned', ?)", (str(today),)
            )

    def _set_aside(self, reason: str) -> bool:
        """Rename the unusable file (and its journal) aside; False when that fails."""
        assert self.path is not None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{os.getpid()}")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            pass
        except OSError as error:
            self._degrade(f"{self.path} is {reason} and cannot be moved ({_one_line(error)})")
            return False
        for suffix in ("-wal", "-shm", "-journal"):
            extra = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(FileNotFoundError):
                try:
                    os.replace(extra, aside.with_name(aside.name + suffix))
                except OSError:
                    extra.unlink()
        if self.warning is None:
            self.warning = (
                f"reader: the result cache was {reason}; moved it to {aside.name} "
                "and started a new one"
            )
        return True

    def _memory(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        _create(conn)
        return conn

    def _degrade(self, reason: str) -> sqlite3.Connection:
        self.path = None
        if self.warning is None:
            self.warning = f"reader: results will not be cached: {reason}"
        return self._memory()

    def _recover(self, error: sqlite3.Error) -> None:
        """After an error mid-run: set a damaged file aside and start again, else go to memory."""
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        if (
            self.path is not None
            and _is_corruption(error)
            and self._set_aside(f"damaged ({_one_line(error)})")
        ):
            self._conn = self._open()
        else:
            self._conn = self._degrade(f"{_one_line(error)}")

    # reading and writing

    def get_many(self, kind: str, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored values for those ``keys`` that have one (and pass their checksum)."""
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(unique), _BATCH):
                chunk = unique[start : start + _BATCH]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT key, crc, data FROM entries WHERE kind = ? AND key IN ({marks})",
                    (kind, *chunk),
                ).fetchall()
                for key, crc, data in rows:
                    if _intact(crc, data):
                        found[key] = data
        except sqlite3.Error as error:
            self._recover(error)
            return {}
        return found

    def get(self, kind: str, key: str) -> bytes | None:
        return self.get_many(kind, [key]).get(key)

    def put_many(self, kind: str, items: Iterable[tuple[str, bytes]]) -> None:
        """Store values in one transaction."""
        today = _today()
        rows = [_entry(kind, key, data, today) for key, data in items]
        if not rows:
            return
        for _ in range(2):
            try:
                with _transaction(self._conn):
                    self._conn.executemany(_INSERT, rows)
                return
            except sqlite3.Error as error:
                self._recover(error)

    def put(self, kind: str, key: str, data: bytes) -> None:
        self.put_many(kind, [(key, data)])

    def discard(self, kind: str, key: str) -> None:
        """Forget one value (used when it failed its checks)."""
        try:
            with _transaction(self._conn):
                self._conn.execute("DELETE FROM entries WHERE kind = ? AND key = ?", (kind, key))
        except sqlite3.Error as error:
            self._recover(error)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
