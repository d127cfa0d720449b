"""When Python's cyclic garbage collector runs: paused in bulk work, asked between steps.

Why this exists: loading a lesson and reading, replaying or reporting a whole
journal build many objects that are all kept until the work ends and hold no
cycles to free. A collection in the middle frees nothing and walks everything
built so far; left on, it made a 10,000-step lesson and a 100,000-event
journal super-linear in their size (`benchmarks/README.md`).

A running session is the other way round: what a dialog or a step leaves
behind is mostly cycles (widgets and their parents), which only a full
collection frees, and those run seldom. Meanwhile new objects take fresh
memory, and the process grows. `collect_between_steps` is called when a
person moves to another step or a dialog opens or closes (nothing is
animating then, and they are reading): it frees them at once. The objects
alive at the first call (the app, the lesson, the imported code) are moved
out of the collector's sight (`gc.freeze`), so each later collection walks
only what came since: about 5 ms here (the first, 20 ms).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_frozen = False


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


def collect_between_steps() -> int:
    """A full collection now (the first call freezes what survives it); returns what it freed."""
    global _frozen
    freed = gc.collect()
    if not _frozen:
        gc.freeze()
        _frozen = True
    return freed
