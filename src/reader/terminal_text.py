"""Make untrusted strings (file names, article text) safe to print on a terminal.

Control characters (C0 other than newline and tab, DEL, C1), bidirectional overrides and
isolates are shown as visible escapes instead of being interpreted by the terminal, and file
names that are not valid UTF-8 (which Python carries as lone surrogates) are shown with
``\\xNN`` escapes instead of crashing a strict UTF-8 stream.
"""

from __future__ import annotations

import os
import re

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with terminal controls and bidi overrides replaced by visible escapes."""
    return _UNSAFE.sub(_escape, text)


def display_path(path: str) -> str:
    """A file name as it can be shown: undecodable bytes as ``\\xNN``, controls escaped."""
    try:
        raw = os.fsencode(path)
    except UnicodeError:
        raw = path.encode("utf-8", "backslashreplace")
    return printable(raw.decode("utf-8", "backslashreplace"))
