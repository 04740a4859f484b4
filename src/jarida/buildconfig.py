"""``build:`` in ``jarida.yaml``: where a build's stages run (``executor``) and where workers on
other machines see the site's folder (``shared_path``). Neither changes a page: the section is
no part of the pages' fingerprints (docs/scale.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jarida.configcheck import Checker
from jarida.errors import Diagnostic, shown

#: The executors by name; any other value must be a scheduler's address.
NAMED = ("local", "dask")
#: A Dask scheduler's address: ``tcp://HOST:PORT`` (or ``tls://``).
SCHEDULER = re.compile(
    r"^(tcp|tls)://[^\s/:]+(:\d{1,5})?$|^(tcp|tls)://\[[0-9a-fA-F:.]+\](:\d{1,5})?$"
)
EXECUTOR_HINT = (
    "use `local` (the process pool), `dask` (a local Dask cluster) or a scheduler's address "
    "such as `tcp://127.0.0.1:8786`"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildConfig:
    """``build:``: where parsing, related-list scoring and rendering run."""

    #: ``local``: this machine's process pool; ``dask``: a local Dask cluster; ``tcp://HOST:PORT``:
    #: an existing Dask scheduler.
    executor: str = "local"
    #: The site's folder as the Dask workers see it (a shared file system); empty: the workers
    #: of a remote scheduler receive the sources, templates and bodies in their tasks.
    shared_path: str = ""


def executor_problem(executor: str) -> str | None:
    """Why ``executor`` names no executor, or None."""
    if executor in NAMED or SCHEDULER.match(executor):
        return None
    return f"unknown executor {shown(executor)}"


def check_build(checker: Checker, build: BuildConfig) -> list[Diagnostic]:
    """``build.executor`` and ``build.shared_path`` checked at their lines."""
    out = []
    if (problem := executor_problem(build.executor)) is not None:
        out.append(checker.fail("build.executor", f"`build.executor`: {problem}", EXECUTOR_HINT))
    if build.shared_path and not build.shared_path.startswith("/"):
        out.append(
            checker.fail(
                "build.shared_path",
                f"`build.shared_path` must be an absolute path, not {shown(build.shared_path)}",
                "write where the workers see the site's folder, such as /mnt/news/site",
            )
        )
    return out
