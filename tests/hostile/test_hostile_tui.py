"""The TUI over hostile inputs: it opens with the sources that load and names the rest.

Each test starts ``ReaderApp(paths)`` (its analysis worker included), waits until the story
is shown, checks the article list against the sources that must load, checks that every
skipped path was notified with its reason, then moves through every article.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_inputs import CASES, Case, good_article, write

from reader import loading
from reader import state as state_module
from reader.tui.app import ReaderApp

pytestmark = pytest.mark.timeout(60)
# Controls a terminal acts on, and bidirectional overrides and isolates.
TERMINAL_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Opened:
    """What the app showed: the listed sources' paths and the notifications."""

    paths: list[str]
    notes: list[str]


async def open_story(
    paths: list[Path], walk: int = 20, keys: tuple[str, ...] = ("J", "n", "G")
) -> Opened:
    """Run the app over ``paths`` until its story is shown; press ``keys`` in ``walk``
    articles (``J`` opens the next one); quit."""
    app = ReaderApp([str(p) for p in paths])
    notes: list[str] = []  # every notification, including those that have timed out
    shown = app.notify

    def notify(message: str, *args: object, **kwargs: object) -> None:
        notes.append(str(message))
        shown(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        assert app.is_running
        # What the app received from its analysis worker is what it lists (story by story).
        assert app.analysis is not None
        listed = [source.path for source in app.analysis.sources]
        count = len(listed)
        for _ in range(min(count, walk)):
            await pilot.press(*keys)
        await pilot.pause()
        assert not any(TERMINAL_CONTROL.search(note) for note in notes)
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\x9b" not in screen and "\x07" not in screen
        assert app.is_running
        opened = Opened(paths=listed, notes=notes)
        await pilot.press("q")
    assert app.return_code == 0
    return opened


def assert_notified(opened: Opened, path: Path | str, reason: str) -> None:
    pattern = re.escape(str(path)) + ": " + reason
    assert any(re.fullmatch(pattern, note) for note in opened.notes), (pattern, opened.notes)


async def test_opens_with_every_source_that_loads(inputs: Path) -> None:
    good = good_article(inputs, "good.txt", place="Eastport")
    made = {case: case.make(inputs) for case in CASES if not case.heavy}
    invisible = write(inputs / "invisible.txt", "\u200b\u2060\x1b[2J\x1b]0;x\x07\n")
    opened = await open_story([inputs])
    loaded = sorted(str(p) for case, p in made.items() if case.loads)
    assert [p for p in opened.paths if p != str(invisible)] == sorted([str(good), *loaded])
    skipped: list[tuple[Path, str]] = [
        (path, case.reason)
        for case, path in made.items()
        if case.reason and case.name not in ("symlink loop", "directory named like a file")
    ]
    skipped += [
        (inputs / name, "too many levels of symbolic links")
        for name in ("loop_a.txt", "loop_b.txt")
    ]
    for path, reason in skipped:
        assert_notified(opened, path, reason)


async def test_paths_that_are_not_files(inputs: Path) -> None:
    good = good_article(inputs, "good.txt")
    odd: dict[Case, Path] = {
        case: case.make(inputs)
        for case in CASES
        if case.name in ("FIFO", "symlink loop", "directory named like a file")
    }
    opened = await open_story([good, *odd.values(), inputs / "missing.txt"])
    assert opened.paths == [str(good)]
    for case, path in odd.items():
        assert case.reason is not None
        assert_notified(opened, path, case.reason)
    assert_notified(opened, inputs / "missing.txt", "no such file or directory")


async def test_nothing_loads(inputs: Path) -> None:
    empty = write(inputs / "empty.txt", "")
    opened = await open_story([empty])
    assert opened.paths == []
    assert_notified(opened, empty, "empty file")


@pytest.mark.timeout(60)
async def test_huge_inputs(inputs: Path) -> None:
    good = good_article(inputs, "good.txt")
    big = {case.name: case.make(inputs) for case in CASES if case.heavy}
    # One step only: every key press re-renders the 1 MB sentence for seconds (handed over).
    opened = await open_story([inputs], walk=1, keys=("J",))
    assert opened.paths == sorted([str(good), str(big["1 MB sentence, no punctuation"])])
    assert_notified(opened, big["20 MB single line"], r"too large \(over 5 MB\)")


async def test_file_vanished_and_permission_denied(
    inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = good_article(inputs, "a.txt")
    doomed = good_article(inputs, "b.txt", place="Westgate")
    secret = good_article(inputs, "c.txt", place="Northam")
    listing = loading.expand_paths
    real_open = os.open

    def list_then_delete(paths):  # type: ignore[no-untyped-def]
        found = listing(paths)
        doomed.unlink(missing_ok=True)
        return found

    def guarded(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(secret):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(loading, "expand_paths", list_then_delete)
    monkeypatch.setattr(loading.os, "open", guarded)
    opened = await open_story([inputs])
    assert opened.paths == [str(good)]
    assert_notified(opened, doomed, "vanished before it could be read")
    assert_notified(opened, secret, "permission denied")


@pytest.mark.timeout(60)
async def test_ten_thousand_tiny_files(tiny_files: Path) -> None:
    opened = await open_story([tiny_files], walk=2)
    assert len(opened.paths) == 10_000
    assert opened.notes == []


async def test_file_names_with_controls_and_bytes_that_are_not_utf8(inputs: Path) -> None:
    names = [
        b"esc\x1b[2Jclear.txt",
        b"c1\xc2\x9b31m.txt",
        b"bidi\xe2\x80\xaetxt.md",
        b"caf\xe9.txt",
    ]
    paths = []
    for name in names:
        path = os.path.join(os.fsencode(inputs), name)
        with open(path, "wb") as handle:
            handle.write(b"The council voted on Monday to close the library.\n")
        paths.append(Path(os.fsdecode(path)))
    missing = inputs / os.fsdecode(b"gone\x1b]0;title\x07.txt")
    opened = await open_story([*paths, missing])
    assert sorted(opened.paths) == sorted(map(str, paths))
    assert len(opened.notes) == 1 and opened.notes[0].endswith(": no such file or directory")


def read_only_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """The state file opens read-only, as on a read-only file system (root ignores chmod)."""
    real_connect = sqlite3.connect

    def connect(database, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(database) == ":memory:":
            return real_connect(database, *args, **kwargs)
        return real_connect(f"file:{database}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(state_module.sqlite3, "connect", connect)


async def read_flags(paths: list[Path], keys: tuple[str, ...]) -> tuple[list[bool], str | None]:
    """Open the app, press ``keys``, quit: the read flags shown at start and the state warning."""
    app = ReaderApp([str(p) for p in paths])
    async with app.run_test(size=(120, 40)) as pilot:
        await app.analysis_settled.wait()
        await pilot.pause()
        assert app.analysis is not None
        # The TUI keys read state by content hash (by path when there is none).
        keys_ = [source.content_hash or source.path for source in app.analysis.sources]
        flags = [app.state.is_read(key) for key in keys_]
        await pilot.press(*keys)
        await pilot.pause()
        assert app.is_running
        await pilot.press("q")
    assert app.return_code == 0
    warning = app.state.warning
    app.state.close()
    return flags, warning


async def test_read_only_state_keeps_what_was_read_and_reading_goes_on(inputs: Path) -> None:
    paths = [good_article(inputs, f"{p}.txt", place=p) for p in ("Eastport", "Westgate", "Northam")]
    flags, warning = await read_flags(paths, ("J",))  # opens the 1st and 2nd: both read
    assert (flags, warning) == ([True, False, False], None)
    with pytest.MonkeyPatch.context() as patch:  # not monkeypatch.undo(): that frees HOME too
        read_only_state(patch)
        flags, warning = await read_flags(paths, ("J", "J", "K", "j"))
    assert flags == [True, True, False]
    assert warning is not None and "\n" not in warning  # said once, on stderr at exit
    flags, _ = await read_flags(paths, ())
    assert flags == [True, True, False]  # nothing from the read-only session was half-written
