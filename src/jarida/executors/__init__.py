"""Where a build's stages fan out (parse, related-list scoring, render): this machine's process
pool (``local``, :func:`jarida.parallel.parallel_iter`), a Dask cluster started for the build on
this machine (``dask``), or an existing Dask scheduler (``tcp://HOST:PORT``); docs/scale.md.

Each is an :class:`~jarida.parallel.Executor`: the same function over the same items, the same
results in the same order, so the output is the same bytes whichever runs it. Dask is an
optional extra (``pip install 'jarida[dask]'``), imported only when asked for.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from jarida.buildconfig import EXECUTOR_HINT, BuildConfig, executor_problem
from jarida.errors import BuildFailed, error
from jarida.parallel import Executor, Jobs, Progress, in_a_fork, parallel_iter

T = TypeVar("T")
R = TypeVar("R")

#: How the extra is installed, as the error says it.
INSTALL = "pip install 'jarida[dask]'"


@dataclass(frozen=True, slots=True)
class LocalExecutor:
    """This machine's process pool of ``jobs`` forked workers (the default)."""

    jobs: int

    @property
    def forks(self) -> bool:
        return True

    @property
    def workers(self) -> int:
        return self.jobs

    @property
    def shared_root(self) -> Path | None:
        return None

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
        return parallel_iter(
            function,
            items,
            jobs=self.jobs,
            progress=progress,
            chunk=chunk,
            minimum=minimum,
            weight=weight,
        )

    def away(self, function: Callable[[Jobs], R]) -> R:
        """``function(self)`` in a process forked for it, which fans out to this pool."""
        return in_a_fork(lambda: function(self))


def chosen_executor(flag: str | None, config: BuildConfig) -> tuple[str, str]:
    """The executor a build uses, and who chose it (for errors): ``--executor`` wins over
    ``build.executor`` of ``jarida.yaml``."""
    if flag is None:
        return config.executor, "build.executor"
    if (problem := executor_problem(flag)) is not None:
        raise BuildFailed([error("--executor", problem, hint=EXECUTOR_HINT)])
    return flag, "--executor"


@contextmanager
def open_executor(
    name: str, *, jobs: int, root: Path, config: BuildConfig, given_by: str = "--executor"
) -> Iterator[Executor]:
    """The executor ``name`` (``local``, ``dask`` or a scheduler's address) for the time of the
    ``with`` block: a local cluster of ``jobs`` workers is started and stopped with it; a remote
    scheduler is connected to (an error within seconds when it cannot be reached). ``root``: the
    site's folder, which a local cluster's workers share; ``config``: ``build.shared_path``."""
    if name == "local":
        yield LocalExecutor(jobs)
        return
    if importlib.util.find_spec("distributed") is None:
        raise BuildFailed(
            [
                error(
                    given_by,
                    f"the executor `{name}` needs Dask, which is not installed",
                    hint=f"install it with: {INSTALL}",
                )
            ]
        )
    from jarida.executors.dask import dask_executor

    shared = Path(config.shared_path) if config.shared_path else None
    with dask_executor(name, workers=jobs, root=root, shared=shared, given_by=given_by) as found:
        yield found
