"""Styles of screens that open after start-up: kept in ``.tcss`` files, parsed on first use."""

from __future__ import annotations

from pathlib import Path


def stylesheet(module_file: str) -> str:
    """The ``.tcss`` file next to ``module_file``, for a class's ``DEFAULT_CSS``.

    Textual parses ``DEFAULT_CSS`` when the class is first mounted, and only it; the app's
    ``app.tcss`` is parsed before the first frame, and a screen's ``CSS_PATH`` would reparse
    every stylesheet and restyle the whole app when the screen first opens.
    """
    return Path(module_file).with_suffix(".tcss").read_text(encoding="utf-8")
