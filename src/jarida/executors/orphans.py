"""Loaded by the ``dask scheduler`` and ``dask worker`` commands of a build's local cluster
(:mod:`jarida.executors.localcluster`; Dask calls :func:`dask_setup`): each stops once the build's
process, which started it, is gone. The build stops them itself when it ends, even on an error
or Ctrl-C; this is for a build killed outright (``kill -9``, out of memory), which would leave
them running. A worker's processes stop with their nanny (Dask sees to that)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

#: Seconds between two looks at the parent.
EVERY_SECONDS = 1.0


def dask_setup(server: Any) -> None:
    """Dask's preload hook: watch the process that started this one, and close ``server`` (the
    scheduler, or the worker command's nanny) once it is gone."""
    parent = os.getppid()

    async def watch() -> None:
        while os.getppid() == parent:
            await asyncio.sleep(EVERY_SECONDS)
        await server.close()

    server.watching_parent = asyncio.get_running_loop().create_task(watch())
