"""Hostile inputs, written into a directory at test time (nothing is committed as a blob).

Each :class:`Case` writes one input under a directory and says what ``reader analyze``
must answer for it alone: the exit code and the problem reason it prints (or ``None``
when the input loads as a source).
"""

from __future__ import annotations

import codecs
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# An invented two-paragraph report; every decodable input carries it, so each loads as a story.
STORY = (
    "Café owners in Harbourside voted on Monday to close early during the strike. "
    "“We cannot keep the doors open without staff,” said Maria Lopes, who chairs the "
    "traders’ association. About 85% of members backed the plan.\n\n"
    "The council said 1,200 workers would be affected and talks would resume on Friday."
)
TITLE = "Harbourside cafés to close early"
ARTICLE = f"{TITLE}\n\n{STORY}\n"

SIZE_20_MB = 20 * 1024 * 1024
ONE_MB = 1024 * 1024


def write(path: Path, data: bytes | str) -> Path:
    """Write bytes (or UTF-8 text) quickly, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _binary(root: Path) -> Path:
    rng = random.Random(7)
    return write(root / "photo.txt", b"\x89PNG\r\n\x1a\n\x00" + rng.randbytes(4096))


def _nul_in_text(root: Path) -> Path:
    return write(root / "nul.txt", ARTICLE.encode().replace(b"Monday", b"Mon\x00day"))


def _utf16_le(root: Path) -> Path:
    return write(root / "utf16le.txt", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))


def _utf16_be(root: Path) -> Path:
    return write(root / "utf16be.txt", codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"))


def _cp1252(root: Path) -> Path:
    return write(root / "cp1252.txt", ARTICLE.encode("cp1252"))


def _invalid_utf8(root: Path) -> Path:
    data = ARTICLE.encode().replace(b"Monday", b"Mon\xc3\x28day \xff\xfe")
    return write(root / "invalid_utf8.txt", data)


def _empty(root: Path) -> Path:
    return write(root / "empty.txt", b"")


def _whitespace(root: Path) -> Path:
    return write(root / "blank.txt", " \n\t\r\n\x0c \u00a0\u3000\n".encode())


def _twenty_mb_line(root: Path) -> Path:
    path = root / "huge.txt"
    line = STORY.replace("\n", " ").encode() + b" "
    with path.open("wb") as handle:
        handle.write(line * (SIZE_20_MB // len(line) + 1))
    return path


def _no_punctuation(root: Path) -> Path:
    rng = random.Random(3)
    vocabulary = STORY.replace(".", "").replace(",", "").split()
    words = " ".join(rng.choice(vocabulary) for _ in range(ONE_MB // 5))
    return write(root / "run_on.txt", words[:ONE_MB])


def _quotes(root: Path) -> Path:
    text = (
        "“Unclosed opening quote runs on and on. ‘Nested “deeper ‘and deeper’ still” he said "
        "” closing first“ then opening. \"Straight 'mixed” marks' «guillemets ‹inside› » "
        "„low-nine“ ''doubled apostrophes'' ‘‘ ”” \"\"\"\n\n"
    )
    return write(root / "quotes.txt", ARTICLE + text * 200 + "“" * 5000)


def _scripts(root: Path) -> Path:
    text = (
        "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 said the \u202eevil\u202c "
        "mayor. Cafe\u0301 e\u0301\u0302\u0303\u0304\u0305 Zalgo: Z\u0351\u0352\u0353A\u0354L"
        "\u0355G\u0356O. \u2067isolate\u2069 \u200f\u200e marks.\n\n"
    )
    return write(root / "scripts.txt", ARTICLE + text * 20)


def _zero_width(root: Path) -> Path:
    text = ARTICLE.replace(" ", "\u200b ").replace("Café", "Ca\u200cf\u200dé\u2060\ufeff")
    return write(root / "zero_width.txt", "\ufeff" + text)


def _emoji(root: Path) -> Path:
    text = ARTICLE.replace("voted", "voted 🗳️👍🏽 (👩\u200d👩\u200d👧 families, 🏳\ufe0f\u200d🌈)")
    return write(root / "emoji.txt", text + "🧑🏿\u200d🚒 " * 200 + "\n")


def _rich_markup(root: Path) -> Path:
    text = ARTICLE.replace(
        "Café owners", "[bold red]Café owners[/] [link=https://evil.example]here[/link]"
    )
    return write(root / "rich.txt", text + "\n[reverse][blink]Subscribe[/blink][/reverse]\n")


def _action_markup(root: Path) -> Path:
    text = ARTICLE.replace("Café owners", "[@click=app.quit]Café owners[/]")
    return write(root / "action.txt", text + "\n[@click=app.bell]ring[/] [@click=screen.dismiss]\n")


ANSI_PIECES = (
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[H",
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "\x1b]0;window title\x07",
    "\x9b31m",
    "\x1bP+q544e\x1b\\",
)


def _ansi(root: Path) -> Path:
    text = ARTICLE.replace("voted", "voted " + " ".join(ANSI_PIECES))
    return write(root / "ansi.txt", text)


def _fifo(root: Path) -> Path:
    path = root / "pipe.txt"
    root.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _symlink_loop(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    os.symlink(root / "loop_b.txt", root / "loop_a.txt")
    os.symlink(root / "loop_a.txt", root / "loop_b.txt")
    return root / "loop_a.txt"


def _directory_named_like_a_file(root: Path) -> Path:
    path = root / "story.txt"
    path.mkdir(parents=True)
    return path


@dataclass(frozen=True)
class Case:
    """One hostile input and what ``reader analyze`` says about it alone."""

    name: str
    make: Callable[[Path], Path]
    reason: str | None  # the skip reason (a regular expression), or None: loads as a source
    heavy: bool = False

    @property
    def loads(self) -> bool:
        return self.reason is None


CASES = (
    Case("binary bytes", _binary, r"binary file, not text"),
    Case("NUL in text", _nul_in_text, r"binary file, not text"),
    Case("UTF-16 LE with BOM", _utf16_le, None),
    Case("UTF-16 BE with BOM", _utf16_be, None),
    Case("cp1252", _cp1252, None),
    Case("invalid UTF-8", _invalid_utf8, None),
    Case("empty file", _empty, r"empty file"),
    Case("whitespace only", _whitespace, r"empty file"),
    Case("20 MB single line", _twenty_mb_line, r"too large \(over 5 MB\)", heavy=True),
    Case("1 MB sentence, no punctuation", _no_punctuation, None, heavy=True),
    Case("unbalanced and nested quotes", _quotes, None),
    Case("right-to-left and combining", _scripts, None),
    Case("zero-width characters", _zero_width, None),
    Case("emoji", _emoji, None),
    Case("Rich markup", _rich_markup, None),
    Case("Textual action markup", _action_markup, None),
    Case("ANSI and OSC 8 escapes", _ansi, None),
    Case("FIFO", _fifo, r"not a regular file \(device, FIFO or socket\)"),
    Case("symlink loop", _symlink_loop, r"too many levels of symbolic links"),
    Case("directory named like a file", _directory_named_like_a_file, r"directory holds no .*"),
)
CASE_IDS = [case.name for case in CASES]


def good_article(root: Path, name: str = "good.txt", place: str = "Harbourside") -> Path:
    """A plain, well-formed article that must always load."""
    text = ARTICLE.replace("Harbourside", place)
    return write(root / name, text)


def many_tiny_files(root: Path, count: int = 10_000) -> Path:
    """``count`` one-line articles in one directory, written with raw ``os`` calls for speed."""
    root.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for n in range(count):
        fd = os.open(root / f"note{n:05d}.txt", flags, 0o644)
        try:
            os.write(fd, b"A short note %d." % n)
        finally:
            os.close(fd)
    return root
