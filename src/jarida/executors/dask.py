"""The Dask executor: a build's fan-out stages as Dask tasks (``dask.distributed``), on a local
cluster started for the build or on an existing scheduler.

The function a stage maps is sent to the cluster once: pickled straight into parts of
:data:`PART_BYTES`, each a task of its own as it is made (the main process never holds the
whole, ~150 MB for the site at 100,000 articles, nor a copy of it), joined by a task whose result
every task of the stage depends on; each worker process loads it once and keeps it under its
digest (so a worker deserializes the site once a stage, not once per task); the items go out in
chunks, one task each, with ``RETRIES`` retries, at most ``IN_FLIGHT_PER_WORKER`` per worker at a
time; results come back as they complete and are yielded in the items' order, so the main
process holds a bounded number of chunks. A worker lost mid-build (killed, out of memory) is
survived: the scheduler runs its tasks again elsewhere (and the parts' tasks, whose bytes it
holds), and they are pure, so the bytes are the same. A function run :meth:`~DaskExecutor.away`
(the related lists: the index built and its blocks fanned out from a worker) is sent the same
way. Dask serializes tasks in transit (cloudpickle); nothing of it is ever stored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import cloudpickle
import dask.config
from distributed import Client, Future, KilledWorker, as_completed, worker_client

from jarida.errors import BuildFailed, error
from jarida.executors.localcluster import START_SECONDS, local_cluster
from jarida.parallel import Jobs, Progress, chunk_bounds

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to reach a scheduler before the build fails.
CONNECT_SECONDS = 5
#: Times a task that raised is run again (a lost worker's tasks are rescheduled by Dask anyway).
RETRIES = 2
#: Chunks submitted and not yet taken, per worker: bounds what the main process holds.
IN_FLIGHT_PER_WORKER = 4
#: Bytes of a shipped function per task: what the main process holds of it at once.
PART_BYTES = 8 << 20


@dataclass(frozen=True, slots=True)
class _Shipped:
    """A stage's function as the cluster holds it: the parts of its pickle and their digest.
    Dask may drop a worker's copy between two of its tasks (the active memory manager removes
    replicas no waiting task needs) and send it again; the loaded function is therefore kept by
    the worker process (:data:`_LOADED`), under the digest, not by this object: a copy received
    again is not deserialized again (at 100,000 articles that is ~11 s, and the function's
    memos, each time)."""

    parts: tuple[bytes, ...]
    digest: str

    @classmethod
    def joined(cls, digest: str, *parts: bytes) -> _Shipped:
        return cls(parts, digest)

    def loaded(self) -> Callable[[Any], Any]:
        """The function, deserialized (what :data:`_LOADED` keeps)."""
        function: Callable[[Any], Any] = pickle.loads(b"".join(self.parts))
        return function

    def run(self, chunk: Sequence[Any]) -> list[Any]:
        function = _LOADED.function(self)
        return [function(item) for item in chunk]


class _Parts:
    """The file a function is pickled into: every :data:`PART_BYTES` written are handed to
    ``send`` (a task made of them) and let go; the digest is of every byte."""

    def __init__(self, send: Callable[[bytes], Any]) -> None:
        self._send = send
        self._buffer = bytearray()
        self._digest = hashlib.blake2b(digest_size=16)
        self.sent: list[Any] = []

    def write(self, data: bytes | memoryview) -> int:
        view = memoryview(data).cast("B")
        self._digest.update(view)
        taken = 0
        while len(self._buffer) + len(view) - taken >= PART_BYTES:
            end = taken + PART_BYTES - len(self._buffer)
            self._buffer += view[taken:end]
            taken = end
            self._flush()
        self._buffer += view[taken:]
        return len(view)

    def _flush(self) -> None:
        self.sent.append(self._send(bytes(self._buffer)))
        self._buffer.clear()

    def close(self) -> str:
        """The digest, once the last part is handed over."""
        if self._buffer or not self.sent:
            self._flush()
        return self._digest.hexdigest()


def _pickled(function: Callable[..., Any], send: Callable[[bytes], Any]) -> tuple[list[Any], str]:
    """``function`` pickled (by cloudpickle, as Dask would) into parts given to ``send``: what
    it made of each, and the digest of the whole. Pickled by a process forked for it, which
    writes the pickle to a pipe: what pickling allocates (its memo of every object, the state
    it takes of each: hundreds of megabytes for the site at 100,000 articles, much of it left
    in this process's arenas after) is never this process's; here where processes cannot be
    forked, or to raise the error of a function that cannot be pickled."""
    parts = _Parts(send)
    if not _in_a_fork(function, parts):
        parts = _Parts(send)  # the parts a failed fork sent are let go with the first
        _dump_into(parts, function)
    digest = parts.close()
    return parts.sent, digest


def _dump_into(file: Any, function: Callable[..., Any]) -> None:
    cloudpickle.CloudPickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(function)


def _in_a_fork(function: Callable[..., Any], parts: _Parts) -> bool:
    """``function`` pickled into ``parts`` by a forked process; False when it could not be."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if multiprocessing.current_process().daemon:  # a Dask worker under a nanny: no children
        return False
    readable, writable = os.pipe()
    told, tell = os.pipe()
    process = multiprocessing.get_context("fork").Process(
        target=_dump, args=(function, writable, tell), daemon=True
    )
    process.start()
    os.close(writable)
    os.close(tell)
    with os.fdopen(readable, "rb", buffering=0) as source:
        while chunk := source.read(PART_BYTES):
            parts.write(chunk)
    process.join()
    with os.fdopen(told, "rb") as status:
        return status.read() == _DUMPED


#: What the forked process says once the whole pickle is written.
_DUMPED = b"dumped"


def _dump(function: Callable[..., Any], writable: int, tell: int) -> None:
    """Run in a forked process: ``function`` pickled into the pipe ``writable``, then
    :data:`_DUMPED` said on ``tell``; nothing said when it could not be pickled (the parent
    pickles it again, and raises the error)."""
    try:
        with os.fdopen(writable, "wb", buffering=PART_BYTES) as out:
            _dump_into(out, function)
    except Exception:  # the parent raises it, from its own pickling
        return
    os.write(tell, _DUMPED)


def _ship(function: Callable[..., Any]) -> _Shipped:
    """``function`` as a worker receives it, made here (the executor sends its parts)."""
    parts, digest = _pickled(function, lambda part: part)
    return _Shipped(tuple(parts), digest)


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
                self.loaded = shipped.loaded()
                self.digest = shipped.digest
            return self.loaded

    def forget(self, digest: str) -> None:
        with self.lock:
            if self.digest == digest:
                self._drop()

    def _drop(self) -> None:
        self.loaded, self.digest = None, ""


_LOADED = _Loaded()


def _part(data: bytes) -> bytes:
    """A part of a shipped function, as its task holds it."""
    return data


def _forget(digest: str) -> None:
    """Run on every worker when a stage ends: its function (the site) is let go."""
    _LOADED.forget(digest)


def _run_chunk(function: _Shipped, chunk: Sequence[Any]) -> list[Any]:
    return function.run(chunk)


def _run_away(function: _Shipped, shared_root: Path | None, given_by: str) -> Any:
    """Run on a worker: ``function`` given the cluster as its executor (its stages' tasks
    submitted from here, this task's thread seceded from the worker's while they run)."""
    loaded = function.loaded()
    with worker_client() as client:
        return loaded(DaskExecutor(client, shared_root=shared_root, given_by=given_by))


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
        held, parts, digest = self._send(function)  # the site, for rendering: sent once
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
            self._let_go(held, parts, digest)

    def away(self, function: Callable[[Jobs], R]) -> R:
        """``function(executor)`` as a task of the cluster, whose worker fans out to it in turn
        (its executor submits from there); its result, sent back. Sent as a stage's function is,
        in parts: what it closes over (the related lists' inputs) is never one pickle here."""
        held, parts, digest = self._send(function)
        task = self._client.submit(
            _run_away, held, self._shared_root, self._given_by, pure=False, retries=RETRIES
        )
        try:
            result: R = self._result(task)
            return result
        finally:
            task.release()
            self._let_go(held, parts, digest)

    def _send(self, function: Callable[..., Any]) -> tuple[Future[_Shipped], list[Any], str]:
        """``function`` sent in parts, each a task that holds its bytes (the scheduler keeps
        them, so that a lost worker's copy is made again), and joined by a task of its own."""
        client = self._client

        def send(part: bytes) -> Future[bytes]:
            return client.submit(_part, part, pure=False, retries=RETRIES)

        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "1 TiB"}):
            parts, digest = _pickled(function, send)
            held = client.submit(_Shipped.joined, digest, *parts, pure=False, retries=RETRIES)
        return held, parts, digest

    def _let_go(self, held: Future[_Shipped], parts: list[Any], digest: str) -> None:
        """A stage's function let go by the cluster, and by every worker that loaded it."""
        held.release()
        for part in parts:
            part.release()
        with suppress(OSError, TimeoutError):  # a lost worker, or scheduler, holds nothing
            self._client.run(_forget, digest, on_error="ignore")

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
    """A cluster of ``workers`` processes started on this machine for the build (``dask``:
    :func:`~jarida.executors.localcluster.local_cluster`; they share ``root``), or the
    scheduler at ``name``."""
    if name != "dask":
        with _client(name, given_by) as client:
            yield DaskExecutor(client, shared_root=shared, given_by=given_by)
        return
    with local_cluster(workers, given_by=given_by) as address, _client(address, given_by) as client:
        try:
            client.wait_for_workers(workers, timeout=START_SECONDS)
        except TimeoutError:
            problem = (
                f"the local Dask cluster's {workers} workers did not start in {START_SECONDS} s"
            )
            hint = "check that `python -m dask worker` runs in this environment"
            raise BuildFailed([error(given_by, problem, hint=hint)]) from None
        yield DaskExecutor(client, shared_root=shared or root.resolve(), given_by=given_by)
