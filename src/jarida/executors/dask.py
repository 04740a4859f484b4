"""The Dask executor: a build's fan-out stages as Dask tasks (``dask.distributed``), on a local
cluster started for the build or on an existing scheduler.

The function a stage maps is sent to the cluster once, as a task of its own whose result each
worker keeps (so a worker deserializes the site once, not once per task); the items go out in
chunks, one task each, with ``RETRIES`` retries, at most ``IN_FLIGHT_PER_WORKER`` per worker at a
time; results come back as they complete and are yielded in the items' order, so the main
process holds a bounded number of chunks. A worker lost mid-build (killed, out of memory) is
survived: the scheduler runs its tasks again elsewhere, and they are pure, so the bytes are the
same. Dask serializes tasks in transit (cloudpickle); nothing of it is ever stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import dask.config
from distributed import Client, Future, KilledWorker, LocalCluster, as_completed
from distributed.protocol.serialize import deserialize_bytes, serialize_bytes

from jarida.errors import BuildFailed, error
from jarida.parallel import Progress

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to reach a scheduler before the build fails.
CONNECT_SECONDS = 5
#: Times a task that raised is run again (a lost worker's tasks are rescheduled by Dask anyway).
RETRIES = 2
#: Chunks submitted and not yet taken, per worker: bounds what the main process holds.
IN_FLIGHT_PER_WORKER = 4


class _Shipped:
    """A stage's function as the cluster holds it: its bytes as Dask serialized them, loaded
    once in each worker process that runs a chunk. It travels as those bytes alone (to another
    worker, or spilled to disk): once used, the function holds that process's own state (a Jinja
    environment, memos), which does not travel and must not."""

    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        self._loaded: Callable[[Any], Any] | None = None

    def __reduce__(self) -> tuple[type[_Shipped], tuple[bytes]]:
        return (_Shipped, (self.payload,))

    def run(self, chunk: Sequence[Any]) -> list[Any]:
        if self._loaded is None:
            self._loaded = deserialize_bytes(self.payload)
        function = self._loaded
        return [function(item) for item in chunk]


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
    ) -> Iterator[R]:
        """Every item's result in order, every chunk a Dask task (``minimum`` is the local
        pool's: a cluster the build was given runs every fan-out)."""
        if not items:
            return
        client, total = self._client, len(items)
        chunks = [items[start : start + chunk] for start in range(0, total, chunk)]
        payload = serialize_bytes(function)  # the site, for rendering: sent once, on purpose
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "1 TiB"}):
            held = client.submit(_Shipped, payload, pure=False, retries=RETRIES)
        del payload
        window = IN_FLIGHT_PER_WORKER * self.workers
        running: dict[object, int] = {}
        pending = as_completed(loop=client.loop)
        ready: dict[int, list[Any]] = {}
        submitted = taken = done = 0

        def submit_more() -> None:
            nonlocal submitted
            while submitted < len(chunks) and submitted < taken + window:
                task = client.submit(
                    _run_chunk, held, chunks[submitted], pure=False, retries=RETRIES
                )
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
