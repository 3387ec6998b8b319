"""Failure drills: SIGKILL while writing the read state or the result cache; unusable data dirs.

The killed writer is a child Python process. Two ways to die are drilled: the child kills
itself from SQLite's statement trace at the moment a ``COMMIT`` starts (so always mid-
transaction), and the parent kills a child that writes in a loop. Either way, on restart the
store opens cleanly (persistent, no warning, ``PRAGMA integrity_check`` is ``ok``) and what
was committed before the kill is intact.

Tests run as root in CI, where ``chmod`` cannot make a directory read-only: a read-only
data directory is simulated by opening the database with SQLite's ``mode=ro``, and a data
directory that cannot be created by putting a regular file where the directory should be
(which stops root too). A real ``chmod`` drill runs only when not root.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hostile_inputs import good_article

from reader import state as state_module
from reader.state import StateStore

SRC = str(Path(state_module.__file__).resolve().parents[1])
KEPT = {f"kept-{n}": n for n in range(50)}

STATE_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from reader.state import StateStore

    path, mode = Path(sys.argv[1]), sys.argv[2]
    store = StateStore(path)
    assert store.persistent, store.warning
    for n in range(50):
        store.set_position(f"kept-{n}", n)
        store.set_read(f"kept-{n}")
    if mode == "mid-commit":
        def trace(sql):
            if sql.strip().upper().startswith("COMMIT"):
                os.kill(os.getpid(), signal.SIGKILL)
        store._conn.set_trace_callback(trace)
        store.set_position("doomed", 1)
        raise SystemExit("still alive after SIGKILL")
    n = 0
    while True:  # killed from outside at some point of this loop
        store.set_position(f"loop-{n % 300}-" + "x" * 2000, n)
        store.set_read(f"kept-{n % 50}", True)
        n += 1
        if n == 100:  # the log has grown and been checkpointed by now
            print("ready", flush=True)
    """
)


def child(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def kill_when_ready(process: subprocess.Popen[str]) -> None:
    """SIGKILL a child once it says ``ready`` (it goes on writing in a loop)."""
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == "ready", process.stderr.read() if process.stderr else line
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def assert_state_intact(path: Path) -> None:
    assert integrity(path) == "ok"
    store = StateStore(path)
    try:
        assert store.persistent and store.warning is None
        for key, position in KEPT.items():
            assert store.position(key) == position
            assert store.is_read(key)
        store.set_position("after-restart", 3)  # and it can be written again
        assert store.position("after-restart") == 3
    finally:
        store.close()


@pytest.mark.timeout(30)
def test_state_killed_in_the_middle_of_a_commit(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    process = child(STATE_WRITER, str(path), "mid-commit")
    _, err = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, err
    assert Path(str(path) + "-wal").exists()  # the crash left a write-ahead log behind
    assert_state_intact(path)
    store = StateStore(path)
    assert store.position("doomed") is None  # the uncommitted write is not half-there
    store.close()


@pytest.mark.timeout(30)
@pytest.mark.parametrize("round_", range(3))
def test_state_killed_while_writing_in_a_loop(tmp_path: Path, round_: int) -> None:
    path = tmp_path / "state.sqlite3"
    kill_when_ready(child(STATE_WRITER, str(path), "loop"))
    assert_state_intact(path)


def test_data_dir_that_cannot_be_created_warns_and_reading_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data directory should be", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    store = StateStore.open_default()
    assert not store.persistent
    assert store.warning is not None and "\n" not in store.warning
    store.set_read("a")
    store.set_position("a", 4)
    assert store.is_read("a") and store.position("a") == 4


def read_only_connect(real_connect):  # type: ignore[no-untyped-def]
    """``sqlite3.connect`` that opens files read-only, as on a read-only file system."""

    def connect(database, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(database) == ":memory:":
            return real_connect(database, *args, **kwargs)
        return real_connect(f"file:{database}?mode=ro", *args, uri=True, **kwargs)

    return connect


def test_read_only_state_file_keeps_what_it_holds_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = StateStore(path)
    store.set_read("old")
    store.set_position("old", 9)
    store.close()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state_module.sqlite3, "connect", read_only_connect(sqlite3.connect))
        store = StateStore(path)
        assert store.is_read("old") and store.position("old") == 9
        store.set_position("new", 2)  # cannot be saved: carries on in memory
        assert not store.persistent
        assert store.warning is not None and "\n" not in store.warning
        assert store.position("new") == 2
        assert store.is_read("old") and store.position("old") == 9
        store.close()
    again = StateStore(path)
    assert again.position("old") == 9 and again.position("new") is None
    again.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_data_dir_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    store = StateStore(folder / "state.sqlite3")
    store.set_read("old")
    store.close()
    for name in os.listdir(folder):
        (folder / name).chmod(0o444)
    folder.chmod(0o555)
    try:
        store = StateStore(folder / "state.sqlite3")
        store.set_read("new")
        assert store.is_read("new")
        assert store.warning is not None
        store.close()
    finally:
        folder.chmod(0o755)


def test_disk_full_while_writing_keeps_going_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = StateStore(path)
    store.set_position("kept", 5)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    for n in range(300):
        store.set_position(f"grow-{n}-" + "x" * 500, n)
    assert not store.persistent and store.warning is not None
    assert store.position("kept") == 5 and store.position("grow-299-" + "x" * 500) == 299
    store.close()
    assert integrity(path) == "ok"
    assert_reopens = StateStore(path)
    assert assert_reopens.position("kept") == 5
    assert_reopens.close()


# --- the result cache (issue 5) ----------------------------------------------------------

CACHE_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from reader.cache import ResultCache

    path, mode = Path(sys.argv[1]), sys.argv[2]
    cache = ResultCache(path)
    assert cache.persistent, cache.warning
    cache.put_many("source", [(f"kept-{n}", b"value %d" % n) for n in range(50)])
    if mode == "mid-commit":
        def trace(sql):
            if sql.strip().upper().startswith("COMMIT"):
                os.kill(os.getpid(), signal.SIGKILL)
        cache._conn.set_trace_callback(trace)
        cache.put_many("source", [("doomed", b"never committed")])
        raise SystemExit("still alive after SIGKILL")
    n = 0
    while True:
        cache.put_many("claims", [(f"loop-{n}-{k}", os.urandom(3000)) for k in range(20)])
        n += 1
        if n == 30:
            print("ready", flush=True)
    """
)


def result_cache():  # type: ignore[no-untyped-def]
    cache = pytest.importorskip(
        "reader.cache", reason="reader.cache (issue 5, the result cache) does not exist yet"
    )
    if not all(hasattr(cache, name) for name in ("ResultCache", "default_cache_path")):
        pytest.skip("reader.cache has no ResultCache: the drill targets its put_many/get_many")
    return cache


def assert_cache_intact(path: Path) -> None:
    cache_module = result_cache()
    assert integrity(path) == "ok"
    cache = cache_module.ResultCache(path)
    try:
        assert cache.persistent and cache.warning is None
        keys = [f"kept-{n}" for n in range(50)]
        assert cache.get_many("source", keys) == {k: b"value %d" % n for n, k in enumerate(keys)}
        assert cache.get("source", "doomed") is None
        cache.put("source", "after-restart", b"ok")
        assert cache.get("source", "after-restart") == b"ok"
    finally:
        cache.close()


@pytest.mark.timeout(30)
def test_cache_killed_in_the_middle_of_a_commit(tmp_path: Path) -> None:
    result_cache()
    path = tmp_path / "cache.sqlite3"
    process = child(CACHE_WRITER, str(path), "mid-commit")
    _, err = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, err
    assert_cache_intact(path)


@pytest.mark.timeout(30)
def test_cache_killed_while_writing_in_a_loop(tmp_path: Path) -> None:
    result_cache()
    path = tmp_path / "cache.sqlite3"
    kill_when_ready(child(CACHE_WRITER, str(path), "loop"))
    assert_cache_intact(path)


@pytest.mark.timeout(30)
def test_cache_dir_that_cannot_be_created_warns_and_reading_works(tmp_path: Path) -> None:
    cache_module = result_cache()
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    cache = cache_module.ResultCache(blocker / "reader" / "cache.sqlite3")
    assert not cache.persistent
    assert cache.warning is not None and "\n" not in cache.warning
    cache.put("source", "k", b"v")
    assert cache.get("source", "k") == b"v"
    cache.close()


ANALYZE_KILLED_WRITING_CACHE = textwrap.dedent(
    """
    import os, signal, sys
    from reader import cache
    from reader.cli import main

    wanted, calls, original = int(sys.argv[1]), [0], cache.ResultCache.put_many

    def put_many(self, kind, items):
        calls[0] += 1
        if calls[0] == wanted:  # die while this write's transaction commits
            def trace(sql):
                if sql.strip().upper().startswith("COMMIT"):
                    os.kill(os.getpid(), signal.SIGKILL)
            self._conn.set_trace_callback(trace)
        return original(self, kind, items)

    cache.ResultCache.put_many = put_many
    main(["analyze", "--json", *sys.argv[2:]])
    raise SystemExit("the analysis made fewer cache writes than asked for")
    """
)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("write", [1, 2, 3], ids=["sources", "groups", "claims"])
def test_analyze_killed_while_writing_the_cache_then_rerun(tmp_path: Path, write: int) -> None:
    """``reader analyze`` dies mid-commit of its n-th cache write; the next run is clean."""
    result_cache()
    seeds = [
        str(good_article(tmp_path / "articles", f"{place}.txt", place=place))
        for place in ("Harbourside", "Eastport", "Westgate")
    ]
    env = {**os.environ, "READER_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-c", ANALYZE_KILLED_WRITING_CACHE, str(write), *seeds],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "PYTHONPATH": SRC},
    )
    _, err = process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, err

    def analyze(*flags: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "reader", "analyze", "--json", *flags, *seeds],
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )

    rerun, fresh = analyze(), analyze("--no-cache")
    assert (rerun.returncode, rerun.stderr) == (0, b"")  # no warning: the cache was fine
    assert rerun.stdout == fresh.stdout
    assert integrity(tmp_path / "cache" / "cache.sqlite3") == "ok"
    warm = analyze()  # and the rerun's own writes are read back
    assert (warm.returncode, warm.stderr, warm.stdout) == (0, b"", fresh.stdout)


def test_cache_disk_full_while_writing_keeps_going_in_memory(tmp_path: Path) -> None:
    cache_module = result_cache()
    path = tmp_path / "cache.sqlite3"
    cache = cache_module.ResultCache(path)
    cache.put("source", "kept", b"v" * 100)
    pages = cache._conn.execute("PRAGMA page_count").fetchone()[0]
    cache._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    cache.put_many("claims", [(f"big-{n}", os.urandom(4000)) for n in range(50)])
    assert not cache.persistent
    assert cache.warning is not None and "\n" not in cache.warning
    cache.put("source", "after", b"w")
    assert cache.get("source", "after") == b"w"
    cache.close()
    assert integrity(path) == "ok"
    again = cache_module.ResultCache(path)
    assert again.get("source", "kept") == b"v" * 100 and again.warning is None
    again.close()


def test_analyze_with_an_unusable_cache_dir_warns_once_and_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    result_cache()
    from reader.cli import main

    article = good_article(tmp_path / "articles")
    blocker = tmp_path / "cache-file"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    assert main(["analyze", "--json", "--no-cache", str(article)]) == 0
    fresh = capsys.readouterr().out
    monkeypatch.setenv("READER_CACHE_DIR", str(blocker / "reader"))
    assert main(["analyze", "--json", str(article)]) == 0
    captured = capsys.readouterr()
    assert captured.out == fresh
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "cache" in lines[0], lines
