"""Pausing Python's cyclic garbage collector around work that makes no reference cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; back (if it was on) when it ends.

    For work that makes objects by the hundred thousand and no cycles (decoding cached
    results, building and linking sources, importing modules): reference counting still
    frees what it drops, while each collection its allocations trigger would walk every
    object alive.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
