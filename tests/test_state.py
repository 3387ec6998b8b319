"""Read state and position survive restarts, and never break the reader."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.state import StateStore, default_state_path


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return home


def test_path_getter_does_not_create_directories(data_home: Path) -> None:
    path = default_state_path()
    assert path.is_relative_to(data_home)
    assert not data_home.exists()


def test_state_is_remembered_between_runs() -> None:
    store = StateStore.open_default()
    assert store.persistent and store.warning is None
    assert not store.is_read("a") and store.position("a") is None
    store.set_read("a")
    store.set_position("a", 7)
    store.set_position("b", 3)
    store.set_last_source("b")
    store.close()

    again = StateStore.open_default()
    assert again.is_read("a") and not again.is_read("b")
    assert again.position("a") == 7 and again.position("b") == 3
    assert again.last_source() == "b"
    again.set_read("a", False)
    assert not again.is_read("a") and again.position("a") == 7
    again.close()


def test_memory_store_keeps_nothing_on_disk(data_home: Path) -> None:
    store = StateStore()
    store.set_read("x")
    assert store.is_read("x") and not store.persistent
    assert not data_home.exists()


def test_unwritable_data_dir_degrades_to_memory_with_one_line_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a directory should be")
    store = StateStore(blocker / "reader" / "state.sqlite3")
    assert not store.persistent
    assert store.warning is not None and "\n" not in store.warning
    store.set_read("a")
    store.set_position("a", 2)
    assert store.is_read("a") and store.position("a") == 2


def test_full_disk_while_writing_degrades_and_keeps_what_was_written(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.sqlite3")
    store.set_position("kept", 5)
    # Simulate a full disk: forbid the database from growing any further.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    for index in range(500):
        store.set_position(f"source-{index}-" + "x" * 200, index)
    assert not store.persistent
    assert store.warning is not None and "\n" not in store.warning
    assert store.position("kept") == 5
    assert store.position("source-499-" + "x" * 200) == 499


def test_corrupt_state_file_degrades(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = StateStore(path)
    assert not store.persistent and store.warning
    store.set_read("a")
    assert store.is_read("a")


def test_writes_are_transactions_visible_to_other_connections(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = StateStore(path)
    store.set_read("a")
    other = sqlite3.connect(path)
    assert other.execute("SELECT read FROM sources WHERE key = 'a'").fetchone() == (1,)
    other.close()
    store.close()
