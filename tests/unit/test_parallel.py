"""The local process pool: results in order, and a bounded number of them waiting."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from jarida import parallel
from jarida.parallel import CHUNK, IN_FLIGHT_PER_WORKER, parallel_iter

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
