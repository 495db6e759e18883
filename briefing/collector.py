"""The cyclic garbage collector, kept out of stages that make many objects and no cycles.

Python runs a collection every few hundred new objects, and a full one (every object
the process holds) whenever the long-lived ones have grown by a quarter. A stage that
builds hundreds of thousands of objects at once (the lines and paragraphs of a large
text, the results of the per-article map) pays for many passes that find nothing: the
reference counts free all it drops. Paused there, the collector still runs afterwards,
and collects whatever cycles the stage did make (a reader's document objects).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside; the collector as it was afterwards (a caller
    that disabled it keeps it disabled)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
