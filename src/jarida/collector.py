"""Python's cyclic garbage collector during a build: the one place that changes it.

The stages from reading the sources to the fingerprints build the site, which lives until the
build ends, and make next to no cyclic garbage (measured: a few hundred objects at 1,000
articles); each full collection only walked the growing site again, about 1 s of a one-article
edit at 10,000 articles. So the collector is off while they run (:func:`building`), and once
they are done (``settled``) the objects they made are frozen (:func:`gc.freeze`: later
collections skip them, and forked render workers leave their pages shared) and the collector
is on again for rendering, whose templates may make cycles (a user's: the theme's pages make
none since :meth:`jarida.reads.Recorder.finish`), with a youngest generation larger than
Python's (:data:`RENDERING_THRESHOLD`). After the build the collector is as it was and nothing
is left frozen, whatever happened: a long-lived process (``jarida serve``) collects the old
site as usual.

Worker processes forked while it is off (parsing, related lists, images) inherit it off; their
work makes no more cyclic garbage than the main process's.

Once the site is made, the memory its stages freed (the parses as decoded, the related index,
the term bags) is handed back to the system (:func:`give_back`): the C allocator keeps it
otherwise, and the process renders and writes holding it. And the C allocator is told to keep
its thresholds for the build (:func:`bounded_allocator`): each chunk of pages a worker sends
back is a large block, and by default each one freed raised the size from which blocks are
mapped on their own, so the next ones were carved from the heap and stayed the process's
(:mod:`jarida.allocator`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from jarida.allocator import bounded_allocator, give_back

#: Objects the youngest generation takes while pages render before it is collected (Python's
#: default: 700). A page makes thousands of short-lived objects, and each collection walks the
#: ones still alive (the page's context and views) and moves them to the older generations,
#: whose collections walk them again. At 10,000 articles a render worker's collections took
#: ~0.45 s with 700 and ~0.1 s with this (the theme's pages make no cyclic garbage; when they
#: made some, 20,000 measured the same as this and 50,000 more).
RENDERING_THRESHOLD = 10_000


@contextmanager
def building() -> Iterator[Callable[[], None]]:
    """The collector off for the stages that build the site; call what this gives once they
    are done (the site frozen, the collector on again)."""
    was, thresholds = gc.isenabled(), gc.get_threshold()
    gc.disable()
    bounded_allocator()

    def settled() -> None:
        give_back()
        gc.freeze()
        gc.set_threshold(RENDERING_THRESHOLD, *thresholds[1:])
        if was:
            gc.enable()

    try:
        yield settled
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        if was:
            gc.enable()
