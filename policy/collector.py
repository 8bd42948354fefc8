"""The cyclic garbage collector, paused around bulk work.

Layer: domain infrastructure. An import of a million rows, the weighted 360 scoring of a
province or a Markdown document of ten thousand table rows allocates millions of
container objects (rows, tuples, tokens) that live for the length of the step. Python's
cyclic collector counts them as they are made and, with a large heap, runs full
collections again and again that find nothing to free: they cost up to a fifth of such a
step. None of these steps makes reference cycles in bulk (their objects are freed by
reference counting), so the collector is paused while they run and resumed afterwards,
where it collects as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause cyclic garbage collection for the block; nested blocks resume only at the outermost.

    The collector is resumed only if this block found it running, so nesting (and a
    caller that keeps it off on purpose) is respected.
    """
    running = gc.isenabled()
    if running:
        gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
