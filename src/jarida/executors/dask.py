"""The Dask executor: a build's fan-out stages as Dask tasks (``dask.distributed``), on a local
cluster started for the build or on an existing scheduler.

The function a stage maps is sent to the cluster once, as a task of its own whose result every
task of the stage depends on; each worker process loads it once and keeps it under its digest
(so a worker deserializes the site once a stage, not once per task); the items go out in
chunks, one task each, with ``RETRIES`` retries, at most ``IN_FLIGHT_PER_WORKER`` per worker at a
time; results come back as they complete and are yielded in the items' order, so the main
process holds a bounded number of chunks. A worker lost mid-build (killed, out of memory) is
survived: the scheduler runs its tasks again elsewhere, and they are pure, so the bytes are the
same. Dask serializes tasks in transit (cloudpickle); nothing of it is ever stored.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import dask.config
from distributed import Client, Future, KilledWorker, LocalCluster, as_completed
from distributed.protocol.serialize import deserialize_bytes, serialize_bytes

from jarida.errors import BuildFailed, error
from jarida.parallel import Progress, chunk_bounds

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to reach a scheduler before the build fails.
CONNECT_SECONDS = 5
#: Times a task that raised is run again (a lost worker's tasks are rescheduled by Dask anyway).
RETRIES = 2
#: Chunks submitted and not yet taken, per worker: bounds what the main process holds.
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class _Shipped:
    """A stage's function as the cluster holds it: its bytes as Dask serialized them and their
    digest. Dask may drop a worker's copy between two of its tasks (the active memory manager
    removes replicas no waiting task needs) and send it again; the loaded function is therefore
    kept by the worker process (:data:`_LOADED`), under the digest, not by this object: a copy
    received again is not deserialized again (at 100,000 articles that is ~11 s, and the
    function's memos, each time)."""

    payload: bytes
    digest: str

    def run(self, chunk: Sequence[Any]) -> list[Any]:
        function = _LOADED.function(self)
        return [function(item) for item in chunk]


@dataclass(slots=True)
class _Loaded:
    """The one function a worker process holds: the current stage's, until the stage ends
    (:func:`_forget`) or the next stage's replaces it. Set only in worker processes; the lock
    serializes a worker's threads loading it."""

    digest: str = ""
    loaded: Callable[[Any], Any] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def function(self, shipped: _Shipped) -> Callable[[Any], Any]:
        with self.lock:
            if self.loaded is None or self.digest != shipped.digest:
                self._drop()  # the previous stage's function is let go before loading
                self.loaded = deserialize_bytes(shipped.payload)
                self.digest = shipped.digest
            return self.loaded

    def forget(self, digest: str) -> None:
        with self.lock:
            if self.digest == digest:
                self._drop()

    def _drop(self) -> None:
        self.loaded, self.digest = None, ""


_LOADED = _Loaded()


def _ship(function: Callable[[Any], Any]) -> _Shipped:
    payload = serialize_bytes(function)
    return _Shipped(payload, hashlib.blake2b(payload, digest_size=16).hexdigest())


def _forget(digest: str) -> None:
    """Run on every worker when a stage ends: its function (the site) is let go."""
    _LOADED.forget(digest)


def _run_chunk(function: _Shipped, chunk: Sequence[Any]) -> list[Any]:
    return function.run(chunk)


class DaskExecutor:
    """Fan-out stages as tasks of the cluster ``client`` is connected to; ``shared_root``: where
    its workers see the site's folder (None: they receive what they read in their tasks)."""

    def __init__(self, client: Client, *, shared_root: Path | None, given_by: str) -> None:
        self._client = client
        self._shared_root = shared_root
        self._given_by = given_by

    @property
    def forks(self) -> bool:
        return False

    @property
    def workers(self) -> int:
        return max(1, len(self._client.scheduler_info(n_workers=-1).get("workers", {})))

    @property
    def shared_root(self) -> Path | None:
        return self._shared_root

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
        """Every item's result in order, every chunk a Dask task (``minimum`` is the local
        pool's: a cluster the build was given runs every fan-out; chunks as
        :func:`~jarida.parallel.chunk_bounds` makes them)."""
        if not items:
            return
        client, total = self._client, len(items)
        # Sliced when submitted, not before: items may be read as they are taken (the sources'
        # texts sent to workers that cannot read the site's folder).
        bounds = chunk_bounds(items, chunk, weight)
        shipped = _ship(function)  # the site, for rendering: sent once, on purpose
        digest = shipped.digest
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "1 TiB"}):
            held = client.submit(
                _Shipped, shipped.payload, shipped.digest, pure=False, retries=RETRIES
            )
        del shipped
        window = IN_FLIGHT_PER_WORKER * self.workers
        running: dict[object, int] = {}
        pending = as_completed(loop=client.loop)
        ready: dict[int, list[Any]] = {}
        submitted = taken = done = 0

        def submit_more() -> None:
            nonlocal submitted
            while submitted < len(bounds) and submitted < taken + window:
                start, end = bounds[submitted]
                part = items[start:end]
                task = client.submit(_run_chunk, held, part, pure=False, retries=RETRIES)
                running[task.key] = submitted
                pending.add(task)
                submitted += 1

        try:
            submit_more()
            for task in pending:
                results = ready[running.pop(task.key)] = self._result(task)
                done += len(results)
                if progress:
                    progress(done, total)
                while taken in ready:
                    yield from ready.pop(taken)
                    taken += 1
                submit_more()
        finally:
            if running:  # the caller stopped early (an error): nothing more to compute
                client.cancel(list(pending.futures), force=True)
            held.release()
            with suppress(OSError, TimeoutError):  # a lost worker, or scheduler, holds nothing
                client.run(_forget, digest, on_error="ignore")

    def _result(self, task: Future[Any]) -> Any:
        try:
            return task.result()
        except KilledWorker as exc:
            raise BuildFailed(
                [
                    error(
                        self._given_by,
                        f"a task of the build failed on {RETRIES + 1} Dask workers in turn: {exc}",
                        hint="see the workers' logs (out of memory?); build again",
                    )
                ]
            ) from None


def _client(address: str, given_by: str) -> Client:
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise BuildFailed(
            [
                error(
                    given_by,
                    f"cannot reach the Dask scheduler at {address} within {CONNECT_SECONDS} s"
                    f" ({exc.__class__.__name__})",
                    hint="start it (`dask scheduler`), or check the address and the firewall",
                )
            ]
        ) from None


@contextmanager
def dask_executor(
    name: str, *, workers: int, root: Path, shared: Path | None, given_by: str
) -> Iterator[DaskExecutor]:
    """A local cluster of ``workers`` processes (``dask``: one thread each, on 127.0.0.1, no
    dashboard; they share ``root``), or the scheduler at ``name``."""
    if name != "dask":
        with _client(name, given_by) as client:
            yield DaskExecutor(client, shared_root=shared, given_by=given_by)
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
            worker_dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield DaskExecutor(client, shared_root=shared or root.resolve(), given_by=given_by)
