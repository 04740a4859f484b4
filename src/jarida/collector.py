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
mapped on their own, so the next ones were carved from the heap and stayed the process's.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Objects the youngest generation takes while pages render before it is collected (Python's
#: default: 700). A page makes thousands of short-lived objects, and each collection walks the
#: ones still alive (the page's context and views) and moves them to the older generations,
#: whose collections walk them again. At 10,000 articles a render worker's collections took
#: ~0.45 s with 700 and ~0.1 s with this (the theme's pages make no cyclic garbage; when they
#: made some, 20,000 measured the same as this and 50,000 more).
RENDERING_THRESHOLD = 10_000
#: glibc's ``mallopt`` parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
#: Blocks from this size are mapped on their own, and given back when freed; free memory past
#: it at the top of the heap is given back (glibc's defaults, which it raises up to 32 MB as
#: large blocks are freed unless they are set).
LARGE_BLOCK = 128 * 1024


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


def give_back() -> None:
    """Hand the memory the C allocator holds free back to the system (glibc's ``malloc_trim``:
    blocks freed in the middle of its heap stay the process's until then). At 10,000 articles
    the main process's peak fell by ~12 MiB of ~277. Nothing where the C library has no such
    call (musl, macOS)."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


def bounded_allocator() -> None:
    """Keep the C allocator's thresholds at :data:`LARGE_BLOCK` for the rest of the process
    (and the workers it forks): glibc raises them each time it frees a large block that was
    mapped on its own (a chunk of pages sent back by a worker, a batch of parses), and the
    blocks below the new threshold then come from the heap, where freeing them gives nothing
    back while a later block lies above them. At 10,000 articles the main process's peak fell
    219 -> 193 MiB. Nothing where the C library has no ``mallopt`` (musl, macOS)."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)
        mallopt(_M_TRIM_THRESHOLD, LARGE_BLOCK)
