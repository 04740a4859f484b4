"""A parallel map for the expensive, independent steps of a build (Markdown on a cold cache, the
blocks of related-list scores, rendering pages): parallel map, serial write, as Zola does with
rayon.

Workers are forked, so they inherit the function and everything it closes over (the site, the
configuration) without pickling; results come back in order, so the output is the same for every
number of jobs. The one piece of module state, ``_WORKER``, is set only in a worker process, by
the pool's initializer.

A stage fans out to :data:`Jobs`: a number of local processes (this pool), or an
:class:`Executor` a build was handed (:mod:`jarida.executors`: the same pool, or a Dask cluster),
which maps the same function over the same items and yields the same results in the same order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from jarida.allocator import give_back

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items a pool costs more than it saves.
MIN_PARALLEL = 64
CHUNK = 64
#: Chunks submitted and not yet taken, per worker: bounds what results wait in this process.
IN_FLIGHT_PER_WORKER = 4

Progress = Callable[[int, int], None]


class Executor(Protocol):
    """Where a build's stages fan out (:mod:`jarida.executors`)."""

    @property
    def forks(self) -> bool:
        """Whether workers are forked from this process (they inherit everything, so a stage may
        send indices into what it holds); otherwise each item must carry what it needs, and
        ``function`` is sent to the workers once (it must be picklable by Dask)."""

    @property
    def workers(self) -> int:
        """How many workers share the work (to size blocks)."""

    @property
    def shared_root(self) -> Path | None:
        """Where workers find the site's folder, when they share it (None: they receive what
        they read in their tasks)."""

    def map(
        self,
        function: Callable[[T], R],
        items: Sequence[T],
        *,
        progress: Progress | None,
        chunk: int,
        minimum: int,
        weight: Callable[[T], int] | None = None,
    ) -> Iterator[R]:
        """``function(item)`` for each of ``items``, yielded in order (chunks as
        :func:`chunk_bounds` makes them)."""

    def away(self, function: Callable[[Jobs], R]) -> R:
        """``function(jobs)`` run away from this process (it holds what it allocates there),
        fanning out to ``jobs`` (workers of the same kind as this executor's); its result."""


#: The workers a stage fans out to: that many local processes, or an executor.
Jobs = int | Executor


def elsewhere(jobs: Jobs, function: Callable[[Jobs], R]) -> R:
    """``function(jobs)`` run away from this process: in a process forked for it
    (:func:`in_a_fork`) when ``jobs`` is a number of processes, else where the executor
    ``jobs`` runs it (:meth:`Executor.away`: a task of a Dask cluster). Either way what this
    process's allocator holds free is handed back first (:func:`give_back`)."""
    if isinstance(jobs, int):
        return in_a_fork(lambda: function(jobs))
    give_back()
    return jobs.away(function)


def job_count(jobs: Jobs) -> int:
    """How many workers ``jobs`` stands for."""
    return jobs if isinstance(jobs, int) else jobs.workers


def forks(jobs: Jobs) -> bool:
    """Whether ``jobs``' workers are forked from this process (see :attr:`Executor.forks`)."""
    return isinstance(jobs, int) or jobs.forks


@dataclass(slots=True)
class _WorkerState:
    function: Callable[[Any], Any] | None = None


_WORKER = _WorkerState()


def _init(function: Callable[[Any], Any]) -> None:
    _WORKER.function = function


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    function = _WORKER.function
    assert function is not None
    return [function(item) for item in chunk]


def default_jobs() -> int:
    return os.cpu_count() or 1


def chunk_bounds(
    items: Sequence[T], size: int, weight: Callable[[T], int] | None = None
) -> list[tuple[int, int]]:
    """Where each chunk of ``items`` starts and ends: ``size`` items at a time, or with
    ``weight`` as many as weigh ``size`` together (one at least; only then are the items
    looked at)."""
    total = len(items)
    if weight is None:
        return [(start, min(start + size, total)) for start in range(0, total, size)]
    bounds, start, held = [], 0, 0
    for end, item in enumerate(items, start=1):
        held += weight(item)
        if held >= size:
            bounds.append((start, end))
            start, held = end, 0
    if start < total:
        bounds.append((start, total))
    return bounds


def _chunks(
    items: Sequence[T], size: int, weight: Callable[[T], int] | None
) -> Iterator[Sequence[T]]:
    for start, end in chunk_bounds(items, size, weight):
        yield items[start:end]


def _serial(
    function: Callable[[T], R], items: Sequence[T], *, progress: Progress | None, chunk: int
) -> Iterator[R]:
    total = len(items)
    for done, item in enumerate(items, start=1):
        yield function(item)
        if progress and done % chunk == 0:
            progress(done, total)


def parallel_iter(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: Jobs,
    progress: Progress | None = None,
    chunk: int = CHUNK,
    minimum: int = MIN_PARALLEL,
    weight: Callable[[T], int] | None = None,
) -> Iterator[R]:
    """``function(item)`` for each of ``items``, in ``jobs`` processes when there are at least
    ``minimum`` items (``chunk`` items sent to a worker at a time), yielded in order as they come,
    so that the caller can put them away (and drop them) before the last is ready; or by the
    executor ``jobs`` (:class:`Executor`), which yields the same. With ``weight``, a chunk of
    the pool's is the items that weigh ``chunk`` together: what a window of chunks holds in
    this process stays bounded when some results are much larger than others.

    ``function`` may be a closure: forked workers inherit it, nothing of it is pickled.
    """
    if not isinstance(jobs, int):
        weighed = {} if weight is None else {"weight": weight}  # an executor may not weigh
        yield from jobs.map(
            function, items, progress=progress, chunk=chunk, minimum=minimum, **weighed
        )
        return
    total = len(items)
    if jobs <= 1 or total < minimum:
        yield from _serial(function, items, progress=progress, chunk=chunk)
        return
    import multiprocessing  # here: a build that renders a few pages does not load it
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        yield from _serial(function, items, progress=progress, chunk=chunk)
        return
    context = multiprocessing.get_context("fork")
    done = 0
    chunks = _chunks(items, chunk, weight)
    pending: deque[Future[list[R]]] = deque()
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init, initargs=(function,)
    ) as pool:
        try:
            # A window of chunks, not all of them (as ``pool.map`` submits): results the caller
            # has not taken yet stay bounded when it is slower than the workers.
            for part in islice(chunks, jobs * IN_FLIGHT_PER_WORKER):
                pending.append(pool.submit(_run_chunk, part))
            while pending:
                chunk_results = pending.popleft().result()
                for part in islice(chunks, 1):
                    pending.append(pool.submit(_run_chunk, part))
                yield from chunk_results
                done += len(chunk_results)
                if progress:
                    progress(done, total)
        finally:  # the caller stopped early (an error): nothing more to compute
            for future in pending:
                future.cancel()


def in_a_fork(function: Callable[[], R]) -> R:
    """``function()`` run in a process forked for it, its result sent back (pickled): what it
    allocates on the way is never this process's (the related index at 100,000 articles,
    ~400 MB at the main process's peak). What this process's allocator holds free is handed
    back first (:func:`~jarida.allocator.give_back`: the parses a build just let go, ~200 MB
    at 100,000 articles), so that it holds no more than it uses while the function runs. The
    forked process may fan out in turn. Run here where processes cannot be forked; an error it
    raises is raised here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return function()
    give_back()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        1, mp_context=context, initializer=_init, initargs=(lambda _: function(),)
    ) as pool:
        result: R = pool.submit(_run_chunk, [None]).result()[0]
    return result
