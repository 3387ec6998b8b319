"""The user's key remapping: a TOML file of binding id = keys.

``keys.toml`` in the user config directory (``$XDG_CONFIG_HOME/reader`` on Linux;
``READER_CONFIG_DIR`` overrides it)::

    # binding id (shown in the help screen, ?) = key or comma-separated keys
    next_article = "ctrl+n"
    "reading.down" = "j,down,ctrl+e"

A missing file means the default keys. A file that cannot be read or parsed, and
entries that are not id = "keys" strings, are reported in one line each and left
out; the rest still applies.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import platformdirs

APP_NAME = "reader"
KEYMAP_FILE = "keys.toml"
_MAX_BYTES = 64 * 1024
_KEYS = re.compile(r"[A-Za-z0-9_+\-]+(?:\s*,\s*[A-Za-z0-9_+\-]+)*")


class Keymap(NamedTuple):
    """Binding id -> keys, and what was wrong with the file (one line each).

    A named tuple rather than a frozen dataclass: it is built before the first frame,
    where a dataclass costs ~0.5 ms to define.
    """

    keys: dict[str, str]
    problems: tuple[str, ...] = ()
    shown_path: str = ""
    """The file's name as it can be shown, for messages."""

    def checked(self, known_ids: Iterable[str]) -> Keymap:
        """This map without the ids that no binding has, each reported in one line."""
        known = frozenset(known_ids)
        unknown = [name for name in self.keys if name not in known]
        if not unknown:
            return self
        from reader.terminal_text import display_path

        return Keymap(
            {name: keys for name, keys in self.keys.items() if name in known},
            self.problems
            + tuple(
                f"{self.shown_path}: no binding has the id {display_path(name)}; ignored."
                for name in unknown
            ),
            self.shown_path,
        )


def keymap_path() -> Path:
    """Where the user's key remapping lives."""
    override = os.environ.get("READER_CONFIG_DIR")
    folder = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, False))
    return folder / KEYMAP_FILE


def load_keymap(path: Path | None = None) -> Keymap:
    """Read the remapping at ``path`` (default :func:`keymap_path`); never raises.

    Which ids exist is checked by :meth:`Keymap.checked`, once the bindings are known.
    """
    path = keymap_path() if path is None else path
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
        error = None
    except FileNotFoundError:
        return Keymap({})
    except OSError as failure:
        error = failure
    from reader.terminal_text import display_path  # only with a file: most launches have none

    shown = display_path(str(path))
    if error is not None:
        return Keymap(
            {}, problems=(f"{shown}: cannot read the key map ({error.strerror or error}).",)
        )
    if len(raw) > _MAX_BYTES:
        return Keymap({}, problems=(f"{shown}: key map larger than 64 KB, ignored.",))
    import tomllib  # only with a file to read: most launches have none

    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Keymap(
            {}, problems=(f"{shown}: not a valid key map ({reason}); default keys used.",)
        )
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in _flatten(table):
        label = display_path(binding_id)
        if not isinstance(value, str) or not _KEYS.fullmatch(value.strip()):
            problems.append(f'{shown}: {label} must be keys in quotes, like "ctrl+n"; ignored.')
        else:
            keys[binding_id] = ",".join(part.strip() for part in value.split(","))
    return Keymap(keys, tuple(problems), shown)


def _flatten(table: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """``reading.down = "j"`` unquoted is a nested table in TOML; it means the id anyway."""
    items: list[tuple[str, object]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{prefix}{key}."))
        else:
            items.append((f"{prefix}{key}", value))
    return items
