"""The local process pool: results in order, and a bounded number of them waiting."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida import parallel
from jarida.parallel import CHUNK, IN_FLIGHT_PER_WORKER, chunk_bounds, parallel_iter

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the pool forks"
)


def test_results_come_in_order_from_the_pool() -> None:
    items = list(range(CHUNK * 5 + 3))
    assert list(parallel_iter(lambda n: n * n, items, jobs=2)) == [n * n for n in items]


def test_the_pool_works_only_a_window_ahead_of_the_caller() -> None:
    """Chunks are submitted a window at a time, not all at once (``pool.map``): when the
    caller (the writer) is slower than the workers, the pages rendered and not yet written
    stay bounded instead of piling up in the main process."""
    done = multiprocessing.get_context("fork").Value("i", 0)

    def count(n: int) -> int:
        with done.get_lock():
            done.value += 1
        return n

    jobs, chunk = 2, 4
    items = list(range(chunk * jobs * IN_FLIGHT_PER_WORKER * 10))
    taken = parallel_iter(count, items, jobs=jobs, chunk=chunk, minimum=1)
    assert next(taken) == 0
    time.sleep(1.0)  # the workers would have done every item by now
    window = chunk * jobs * IN_FLIGHT_PER_WORKER
    assert done.value <= window + chunk
    assert [0, *taken] == items
    assert done.value == len(items)


def test_a_caller_that_stops_early_does_not_wait_for_every_chunk() -> None:
    def slow(n: int) -> int:
        time.sleep(0.05)
        return n

    items = list(range(parallel.CHUNK * 40))  # ~64 s of work on two workers
    started = time.monotonic()
    taken = parallel_iter(slow, items, jobs=2, chunk=4, minimum=1)
    assert next(taken) == 0
    taken.close()
    assert time.monotonic() - started < 20


def test_a_function_run_in_a_fork_gives_its_result_and_runs_in_another_process() -> None:
    """What it allocates is that process's: this one's memory never holds it."""
    import os

    def big() -> tuple[int, int]:
        held = bytearray(64 * 2**20)
        return os.getpid(), len(held)

    given: list[bool] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "give_back", lambda: given.append(True))
        pid, size = parallel.in_a_fork(big)
    assert pid != os.getpid() and size == 64 * 2**20
    assert given == [True]  # what this process freed before (the parses) handed back first


def test_a_function_run_in_a_fork_may_fan_out_and_its_errors_are_raised_here() -> None:
    items = list(range(CHUNK * 3))
    fanned = parallel.in_a_fork(lambda: list(parallel_iter(lambda n: -n, items, jobs=2)))
    assert fanned == [-n for n in items]

    def broken() -> int:
        raise ValueError("no such article")

    with pytest.raises(ValueError, match="no such article"):
        parallel.in_a_fork(broken)


class _Away:
    """An executor that runs a function away where it is (as a Dask cluster's task would)."""

    forks, workers, shared_root = False, 2, None

    def away(self, function: Callable[[parallel.Jobs], int]) -> int:
        return function(self)


def test_a_function_run_elsewhere_goes_to_a_fork_or_to_the_executor() -> None:
    """The pool's processes: a fork; an executor: its own way (``away``). Either way what this
    process holds free is handed back first."""
    import os

    given: list[bool] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "give_back", lambda: given.append(True))
        forked = parallel.elsewhere(2, lambda jobs: (os.getpid(), jobs))
        away = parallel.elsewhere(_Away(), lambda jobs: (os.getpid(), jobs.workers))
    assert forked[0] != os.getpid() and forked[1] == 2
    assert away == (os.getpid(), 2)
    assert given == [True, True]


@settings(max_examples=100, deadline=None)
@given(weights=st.lists(st.integers(0, 9), max_size=40), size=st.integers(1, 12))
def test_chunks_by_weight_hold_what_weighs_their_size(weights: list[int], size: int) -> None:
    """Every item once, in order; a chunk closes once what it holds weighs ``size`` (one item
    at least), the last may weigh less; without weights, ``size`` items a chunk."""
    bounds = chunk_bounds(weights, size, lambda w: w)
    assert [n for start, end in bounds for n in range(start, end)] == list(range(len(weights)))
    for start, end in bounds:
        assert end > start
        assert sum(weights[start : end - 1]) < size
        assert sum(weights[start:end]) >= size or end == len(weights)
    plain = chunk_bounds(weights, size)
    assert [end - start for start, end in plain] == [
        min(size, len(weights) - n) for n in range(0, len(weights), size)
    ]


def test_a_pool_with_weights_gives_the_same_results_in_order() -> None:
    items = list(range(300))
    done = parallel_iter(lambda n: n * 2, items, jobs=2, weight=lambda n: 64 if n % 50 else 1)
    assert list(done) == [n * 2 for n in items]


def test_render_chunks_keep_sitemaps_alone_and_feeds_few() -> None:
    """A sitemap part (~20 MB at 100,000 articles) is a chunk of its own and feeds go 8 to a
    chunk, so the chunks the writer waits for hold about as much as 64 article pages."""
    from jarida.outputs.jobs import Kind, RenderJob
    from jarida.renderpool import _weight

    def job(kind: Kind, n: int) -> RenderJob:
        return RenderJob(out_path=f"{kind}-{n}", template="t", kind=kind)

    jobs = [job(Kind.ARTICLE, n) for n in range(70)]
    jobs += [job(Kind.SITEMAP, n) for n in range(3)] + [job(Kind.FEED, n) for n in range(20)]
    sizes = [end - start for start, end in chunk_bounds(jobs, CHUNK, _weight)]
    assert sizes == [64, 7, 1, 1, 8, 8, 4]  # 6 article pages and the first sitemap part


def test_the_heaviest_pages_are_rendered_first() -> None:
    from jarida.outputs.jobs import Kind, RenderJob
    from jarida.renderpool import heaviest_first

    kinds = [Kind.ARTICLE, Kind.FEED, Kind.SITEMAP, Kind.TERM, Kind.FEED, Kind.SITEMAP]
    jobs = [RenderJob(out_path=str(n), template="t", kind=k) for n, k in enumerate(kinds)]
    assert [j.out_path for j in heaviest_first(jobs)] == ["2", "5", "1", "4", "0", "3"]
