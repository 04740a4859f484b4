"""The cluster ``--executor dask`` starts for a build on this machine: a ``dask scheduler`` and a
``dask worker`` command (its nannies and their worker processes, one thread each), on 127.0.0.1
only, without dashboards, stopped with the build.

The scheduler runs in a process of its own, as it does on a real cluster, not in the build's
(Dask's ``LocalCluster`` runs it there): it holds the bytes of every stage's function the build
sends (the site's pickle, ~150 MB at 100,000 articles) for as long as the stage runs, so that a
lost worker's copy can be made again. Their logs go to a file beside the scheduler's address,
shown when the cluster cannot start. Each command loads :mod:`jarida.executors.orphans`, which
stops it when the build's process is gone (killed, with no chance to stop them).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jarida.errors import BuildFailed, error

#: Seconds for the scheduler to write its address (it imports Dask first).
START_SECONDS = 60
#: Seconds each command has to stop before it is killed.
STOP_SECONDS = 10
#: Lines of the cluster's log an error shows.
LOG_LINES = 20
_PRELOAD = "jarida.executors.orphans"


@contextmanager
def local_cluster(workers: int, *, given_by: str) -> Iterator[str]:
    """A scheduler and ``workers`` worker processes on this machine for the time of the
    ``with`` block: the scheduler's address."""
    with tempfile.TemporaryDirectory(prefix="jarida-dask-") as folder:
        log_path = Path(folder) / "cluster.log"
        address_file = Path(folder) / "scheduler.json"
        started: list[subprocess.Popen[bytes]] = []
        with log_path.open("wb") as log:

            def start(*arguments: str) -> None:
                command = [sys.executable, "-m", "dask", *arguments, "--no-dashboard"]
                started.append(  # a session of their own: a terminal's Ctrl-C is the build's,
                    subprocess.Popen(  # which closes its client before it stops them
                        command,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )

            try:
                start(
                    "scheduler",
                    *("--host", "127.0.0.1", "--port", "0"),
                    *("--scheduler-file", str(address_file), "--preload", _PRELOAD),
                )
                address = _address(address_file, started[0], log_path, given_by)
                start(
                    "worker",
                    *(address, "--host", "127.0.0.1", "--nworkers", str(workers)),
                    *("--nthreads", "1", "--preload-nanny", _PRELOAD),
                )
                yield address
            finally:
                for process in reversed(started):  # the workers first
                    _stop(process)


def _address(
    address_file: Path, scheduler: subprocess.Popen[bytes], log: Path, given_by: str
) -> str:
    """The address the scheduler wrote once listening."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and scheduler.poll() is None:
        try:
            return str(json.loads(address_file.read_text(encoding="utf-8"))["address"])
        except (OSError, ValueError, KeyError):  # not written yet, or half written
            time.sleep(0.05)
    tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_LINES:]
    code = scheduler.poll()
    raise BuildFailed(
        [
            error(
                given_by,
                "the local Dask cluster did not start"
                + ("" if code is None else f" (the scheduler exited with {code})")
                + (":\n" + "\n".join(tail) if tail else ""),
                hint="check that `python -m dask scheduler` runs in this environment",
            )
        ]
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
