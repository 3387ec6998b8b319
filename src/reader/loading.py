"""Find and decode article files; every failure becomes a one-line reason, never an exception."""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reader.model import LoadProblem

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
MAX_BYTES = 5 * 1024 * 1024
MAX_FILES_PER_DIR = 50_000


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded file: its path as given, its text and the encoding that decoded it."""

    path: str
    text: str
    encoding: str
    content_hash: str


def seeds_dir() -> Path:
    """The bundled seed articles: package data when installed, the repo's seeds/ in a checkout."""
    packaged = resources.files("reader") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seeds"


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
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in TEXT_SUFFIXES:
                found.append(os.path.join(dirpath, name))
                if len(found) >= MAX_FILES_PER_DIR:
                    problems.append(
                        LoadProblem(
                            root, f"more than {MAX_FILES_PER_DIR:,} files; the rest skipped"
                        )
                    )
                    return found, problems
    if not found and not problems:
        problems.append(LoadProblem(root, "directory holds no .txt or .md files"))
    return found, problems


def read_document(path: str) -> Document | LoadProblem:
    """Read and decode one file, or say in one line why it cannot be read."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                return LoadProblem(path, "is a directory")
            if not stat.S_ISREG(mode):
                return LoadProblem(path, "not a regular file (device, FIFO or socket)")
            data = handle.read(MAX_BYTES + 1)
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
    decoded = decode(data)
    if isinstance(decoded, str):
        return LoadProblem(path, decoded)
    text, encoding = decoded
    if not text.strip():
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


def _decode_utf8(data: bytes, name: str) -> tuple[str, str] | str:
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        return text, "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 20)


def _os_reason(exc: OSError) -> str:
    if exc.strerror:
        return exc.strerror.lower()
    return exc.__class__.__name__


def load(
    paths: Sequence[str | os.PathLike[str]] | None,
) -> tuple[list[Document], list[LoadProblem]]:
    """Load every readable document under ``paths`` (the bundled seeds when empty)."""
    targets: Sequence[str | os.PathLike[str]] = paths or [seeds_dir()]
    files, problems = expand_paths(targets)
    documents: list[Document] = []
    for path in files:
        result = read_document(path)
        if isinstance(result, LoadProblem):
            problems.append(result)
        else:
            documents.append(result)
    return documents, problems


def iter_problems_lines(problems: Iterable[LoadProblem]) -> Iterator[str]:
    """One human line per problem, as printed on stderr."""
    for problem in problems:
        yield f"reader: skipped {problem.path}: {problem.reason}"
