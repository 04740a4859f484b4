"""The search index: Pagefind run over the staged site, inside the same atomic commit.

The binary comes from the ``pagefind[bin]`` package (found as the ``pagefind`` package finds it:
``PAGEFIND_BINARY_PATH``, then ``pagefind_bin_extended``, ``pagefind_bin``, then the ``PATH``);
nothing is downloaded. Pagefind indexes the pages marked ``data-pagefind-body``: the article
pages (:func:`jarida.pages.searchable`). The index is rebuilt only when one of them changed: its
digest is that of the indexed pages' fingerprints and of the binary, and a build whose digest
matches the last one links the old ``pagefind/`` folder into the new tree instead.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jarida.config import CONFIG_FILE
from jarida.errors import BuildFailed, error

#: Where Pagefind writes its bundle (index, fragments, pagefind.js), under the site root.
BUNDLE_DIR = "pagefind"
#: The last lines of Pagefind's output quoted when it fails.
OUTPUT_LINES = 12

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchPlan:
    """What this build does about the search index."""

    executable: Path
    #: Digest of the indexed pages and of the binary: equal digests give the same index.
    digest: str
    #: Number of pages to index.
    pages: int


def pagefind_binary() -> Path | None:
    """Where the Pagefind binary is said to be, if anywhere (it may not exist)."""
    from pagefind.service import get_executable  # imports asyncio: only when search is on

    return get_executable()


def find_pagefind() -> Path:
    """The Pagefind binary, or a :class:`BuildFailed` that says how to get it."""
    found = pagefind_binary()
    if found is None or not found.is_file():
        where = f" (PAGEFIND_BINARY_PATH is {found})" if found is not None else ""
        raise BuildFailed(
            [
                error(
                    CONFIG_FILE,
                    f"search is on, but the Pagefind binary is not installed{where}",
                    hint="install it with `pip install 'pagefind[bin]'` (a dependency of "
                    "Jarida), or set `search: false` in jarida.yaml",
                )
            ]
        )
    return found


def plan_search(pages: Sequence[tuple[str, str]]) -> SearchPlan:
    """The plan for indexing ``pages``, given as (output path, fingerprint) pairs."""
    executable = find_pagefind()
    info = executable.stat()
    parts = [str(executable.resolve()), str(info.st_size), str(info.st_mtime_ns)]
    parts += [f"{path}\0{fingerprint}" for path, fingerprint in sorted(pages)]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return SearchPlan(executable=executable, digest=digest, pages=len(pages))


def _quoted(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return "\n".join(lines[-OUTPUT_LINES:])


def run_pagefind(executable: Path, site: Path) -> float:
    """Index the site in ``site`` into ``site/pagefind/``; returns the seconds it took.

    Pagefind runs in the site folder with no ``PAGEFIND_*`` variables, so that a stray
    ``pagefind.yml`` or environment setting cannot change the index.
    """
    started = time.perf_counter()
    site = site.resolve()  # Pagefind runs inside it: a relative path would point below it
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    command = [str(executable), "--site", str(site), "--output-subdir", BUNDLE_DIR]
    try:
        done = subprocess.run(
            command, cwd=site, env=env, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise BuildFailed(
            [
                error(
                    CONFIG_FILE,
                    f"could not run Pagefind ({executable}) to build the search index: {exc}",
                    hint="reinstall it with `pip install --force-reinstall 'pagefind[bin]'`, "
                    "or set `search: false` in jarida.yaml",
                )
            ]
        ) from None
    output = (done.stdout or "") + (done.stderr or "")
    log.debug("pagefind: %s", output)
    if done.returncode != 0 or not (site / BUNDLE_DIR / "pagefind.js").is_file():
        raise BuildFailed(
            [
                error(
                    CONFIG_FILE,
                    f"Pagefind failed (exit status {done.returncode}) while building the search "
                    f"index; it said:\n{_quoted(output) or '(nothing)'}",
                    hint="the previous output is left as it was; `search: false` in "
                    "jarida.yaml builds without search",
                )
            ]
        )
    return time.perf_counter() - started
