"""Read state and reading position, remembered between runs.

Stored with stdlib ``sqlite3`` in the user data directory (WAL journal, one
transaction per write, so a crash never leaves a half-written file; synchronous=NORMAL,
so a write does not wait for the disk: a power cut may lose the last positions, never
the file). Reads are answered from memory, loaded once. When the
directory cannot be created or written (read-only, disk full), the store
carries on in memory and says so once in ``warning``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import platformdirs

APP_NAME = "reader"
STATE_FILE = "state.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    key TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    sentence INTEGER
);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def default_state_path() -> Path:
    """Where the state file lives; does not create anything."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / STATE_FILE


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


class StateStore:
    """Which sources were read and where the reader stopped in each.

    Sources are identified by a caller-chosen key (a content hash or a path).
    ``StateStore()`` with no path keeps everything in memory.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.warning: str | None = None
        self._conn = self._open(path)
        self._rows: dict[str, tuple[bool, int | None]] | None = None

    @classmethod
    def open_default(cls) -> StateStore:
        """The store in the platform's user data directory."""
        return cls(default_state_path())

    @property
    def persistent(self) -> bool:
        """True while state is being written to disk."""
        return self.path is not None

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is not None:
            conn: sqlite3.Connection | None = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, timeout=2.0, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                with conn:
                    conn.executescript(_SCHEMA)
                return conn
            except (OSError, sqlite3.Error) as error:
                if conn is not None:
                    conn.close()
                self._degrade(f"cannot open {path} ({_one_line(error)})")
        return self._memory()

    @staticmethod
    def _memory() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.executescript(_SCHEMA)
        return conn

    def _degrade(self, reason: str) -> None:
        self.path = None
        if self.warning is None:
            self.warning = f"Reading state will not be saved: {reason}."

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        try:
            with self._conn:
                self._conn.execute(sql, params)
        except sqlite3.Error as error:
            if not self.persistent:
                raise
            memory = self._memory()
            try:
                self._conn.backup(memory)
            except sqlite3.Error:
                memory.close()
                memory = self._memory()
            self._conn.close()
            self._conn = memory
            self._degrade(f"writing failed ({_one_line(error)})")
            with self._conn:
                self._conn.execute(sql, params)

    def _read(self, sql: str, params: tuple[object, ...]) -> tuple[object, ...] | None:
        try:
            return self._conn.execute(sql, params).fetchone()
        except sqlite3.Error:
            return None

    def _row(self, key: str) -> tuple[bool, int | None]:
        if self._rows is None:
            try:
                rows = self._conn.execute("SELECT key, read, sentence FROM sources").fetchall()
            except sqlite3.Error:
                rows = []
            self._rows = {k: (bool(r), None if n is None else int(n)) for k, r, n in rows}
        return self._rows.get(key, (False, None))

    def is_read(self, key: str) -> bool:
        return self._row(key)[0]

    def set_read(self, key: str, read: bool = True) -> None:
        if self._rows is not None:
            self._rows[key] = (read, self._row(key)[1])
        self._write(
            "INSERT INTO sources (key, read) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET read = excluded.read",
            (key, int(read)),
        )

    def position(self, key: str) -> int | None:
        """The sentence index the reader was last on in this source."""
        return self._row(key)[1]

    def set_position(self, key: str, sentence: int) -> None:
        if self._rows is not None:
            self._rows[key] = (self._row(key)[0], sentence)
        self._write(
            "INSERT INTO sources (key, sentence) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET sentence = excluded.sentence",
            (key, sentence),
        )

    def last_source(self) -> str | None:
        """The key of the source open when the reader last quit."""
        row = self._read("SELECT value FROM meta WHERE name = 'last_source'", ())
        return None if row is None else str(row[0])

    def set_last_source(self, key: str) -> None:
        self._write(
            "INSERT INTO meta (name, value) VALUES ('last_source', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (key,),
        )

    def close(self) -> None:
        self._conn.close()
