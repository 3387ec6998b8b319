"""Make untrusted article text safe to put on a terminal.

Every replacement maps one code point to one code point, so the engine's
``(start, end)`` offsets stay valid on the cleaned result.
"""

from __future__ import annotations

ESCAPE_SYMBOL = "\u241b"  # ␛
REPLACEMENT = "\ufffd"

_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x09] = " "  # tabs would make cell widths depend on position
_TABLE[0x7F] = "\u2421"  # ␡
_TABLE.update({code: REPLACEMENT for code in range(0x80, 0xA0)})  # C1 controls
# Bidirectional overrides and isolates can reorder what the terminal shows.
_TABLE.update({code: REPLACEMENT for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_TABLE.update({0x2028: " ", 0x2029: " "})

_MULTILINE = dict(_TABLE)
del _MULTILINE[0x0A]
_ONE_LINE = {**_TABLE, 0x0A: " "}


def visible(text: str) -> str:
    """Replace control characters (keeping newlines) with visible symbols."""
    return text.translate(_MULTILINE)


def one_line(text: str) -> str:
    """Like :func:`visible`, with newlines as spaces; for titles and labels."""
    return text.translate(_ONE_LINE)


def clip(text: str, width: int) -> str:
    """``one_line(text)`` shortened to at most ``width`` characters with an ellipsis."""
    flat = " ".join(one_line(text).split())
    if width <= 0:
        return ""
    return flat if len(flat) <= width else flat[: max(width - 1, 0)].rstrip() + "…"
