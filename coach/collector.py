"""Pausing Python's cyclic garbage collector around bulk building.

Why this exists: loading a lesson and reading, replaying or reporting a whole
journal build many objects that are all kept until the work ends and hold no
cycles to free. A collection in the middle frees nothing and walks everything
built so far; left on, it made a 10,000-step lesson and a 100,000-event
journal super-linear in their size (`benchmarks/README.md`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block, and back as it was (also on errors)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
