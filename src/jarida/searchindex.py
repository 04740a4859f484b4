"""The search index: Pagefind run over the staged site, inside the same atomic commit.

The binary comes from the ``pagefind[bin]`` package (found as the ``pagefind`` package finds it:
``PAGEFIND_BINARY_PATH``, then ``pagefind_bin_extended``, ``pagefind_bin``, then the ``PATH``);
nothing is downloaded. Pagefind indexes the pages marked ``data-pagefind-body``: the article
pages (:func:`jarida.outputs.article.searchable`). The index is rebuilt only when one of them
changed: its digest is that of the indexed pages' fingerprints and of the binary, and a build
whose digest matches the last one links the old ``pagefind/`` folder into the new tree instead.

Pagefind writes its filter files and the lists in its metadata in hash-map order, and names them
by a hash of those bytes (its issue #638), so two runs over the same pages differ. After it runs,
:func:`canonical_bundle` sorts them, names them by the hash of the sorted bytes and updates what
refers to them: the same pages give the same index, byte for byte.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from jarida.errors import BuildFailed, error
from jarida.layout import CONFIG_FILE
from jarida.outcome import SearchState

#: Where Pagefind writes its bundle (index, fragments, pagefind.js), under the site root.
BUNDLE_DIR = "pagefind"
#: The last lines of Pagefind's output quoted when it fails.
OUTPUT_LINES = 12
#: What each of Pagefind's gzip-compressed CBOR files starts with, once decompressed.
SIGNATURE = b"pagefind_dcd"
#: Changes the index digest when :func:`canonical_bundle` changes what it writes.
CANONICAL_FORM = "1"

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
    parts = [str(executable.resolve()), str(info.st_size), str(info.st_mtime_ns), CANONICAL_FORM]
    parts += [f"{path}\0{fingerprint}" for path, fingerprint in sorted(pages)]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return SearchPlan(executable=executable, digest=digest, pages=len(pages))


def plan_index(
    pages: Sequence[tuple[str, str]], last_digest: str | None, out_dir: Path
) -> tuple[SearchPlan | None, bool]:
    """The plan of the index of ``pages`` (output path, fingerprint), None when there are none;
    and whether the last index (``last_digest``, in ``out_dir``) still fits: the same indexed
    pages with the same fingerprints, the same binary."""
    if not pages:
        return None, False
    search = plan_search(pages)
    return search, last_digest == search.digest and (out_dir / BUNDLE_DIR / "pagefind.js").is_file()


@dataclass(slots=True)
class Indexing:
    """The search index stage of a build: Pagefind run on the staged tree just before the swap
    (the writer calls it, so pages and index go live together), when the index must be
    rebuilt (``plan``); the seconds it took."""

    plan: SearchPlan | None
    seconds: float = 0.0

    def __call__(self, stage: Path) -> None:
        if self.plan is not None:
            self.seconds += run_pagefind(self.plan.executable, stage)


def index_search(search: SearchPlan | None, keep: bool) -> Indexing:
    """The index stage for ``search`` (None: search off or nothing to index); nothing to run
    when the last index still fits (``keep``)."""
    return Indexing(None if keep else search)


def index_state(on: bool, search: SearchPlan | None, kept: bool) -> SearchState:
    """What a build reports of the index: ``off``, ``empty`` (no page to index), ``kept`` or
    ``indexed``."""
    if not on:
        return "off"
    return "empty" if search is None else "kept" if kept else "indexed"


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
    canonical_bundle(site / BUNDLE_DIR)
    return time.perf_counter() - started


def _load(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind file")
    return cbor2.loads(data[len(SIGNATURE) :])


#: Files to write in place of others: (old path, new path, new bytes).
Writes = list[tuple[Path, Path, bytes]]


def _renamed(old: Path, value: Any, prefix: str, suffix: str, writes: Writes) -> str:
    """``value`` to be written in place of ``old``, named by a hash of its bytes as Pagefind
    names its files (``prefix`` + ``<language>_<hash>`` + ``suffix``, the hash as long as
    Pagefind's); returns the new ``<language>_<hash>``."""
    stem = old.name.removeprefix(prefix).removesuffix(suffix)
    language, _, old_hash = stem.rpartition("_")
    data = SIGNATURE + cbor2.dumps(value)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[: len(old_hash)]}"
    writes.append((old, old.parent / f"{prefix}{name}{suffix}", gzip.compress(data, mtime=0)))
    return name


def _canonical_meta(bundle: Path, index: str, writes: Writes) -> str:
    """The metadata file of one language and its filter files in canonical order; its new name.
    Its fields: version, pages, index chunks, filters, sorts, metadata keys."""
    path = bundle / f"pagefind.{index}.pf_meta"
    meta = _load(path)
    filters = []
    for name, found in meta[3]:
        filter_path = bundle / "filter" / f"{found}.pf_filter"
        kind, values = _load(filter_path)
        ordered = sorted([value, sorted(pages)] for value, pages in values)
        filters.append([name, _renamed(filter_path, [kind, ordered], "", ".pf_filter", writes)])
    meta[3] = sorted(filters)
    meta[4] = sorted(meta[4], key=lambda sort: str(sort[0]))
    return _renamed(path, meta, "pagefind.", ".pf_meta", writes)


def canonical_bundle(bundle: Path) -> None:
    """Pagefind's bundle in ``bundle`` made the same for the same pages: the filter values and
    the lists of filters and sorts sorted, the files renamed by the hash of their new bytes and
    ``pagefind-entry.json`` updated. A layout this does not know is left as it is, with a note
    in the log: the index still works, it is only not reproducible."""
    entry_path = bundle / "pagefind-entry.json"
    writes: Writes = []
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        for language in entry["languages"].values():
            language["hash"] = _canonical_meta(bundle, language["hash"], writes)
    except (OSError, ValueError, LookupError, TypeError) as exc:
        log.warning("the search index could not be made reproducible: %s", exc)
        return
    entry["languages"] = dict(sorted(entry["languages"].items()))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    writes.append((entry_path, entry_path, text.encode("utf-8")))
    for old, new, data in writes:  # new files, not rewrites: Pagefind's may be links
        old.unlink()
        new.write_bytes(data)
