"""The image cache in ``.jarida/images/`` (:func:`jarida.layout.image_cache`).

- ``<k2>/<key>.<ext>``: one derivative, named by its key (the source's content digest, the box,
  the size, the format, the encoder's settings and Pillow's version: :mod:`jarida.images.plan`).
  A key that is there is never encoded again.
- ``jobs/<job key>.json``: what a source gave the last time, with the size, mtime, ctime and
  inode it had then: a source whose file has not changed is neither read nor hashed again.

Every file is written to a temporary name beside it and renamed into place, so a build killed
half-way leaves whole files or none. :func:`prune` keeps only the keys in use.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import PIL

from jarida.errors import Diagnostic
from jarida.filestat import settled, stat_of
from jarida.images.model import Derivative, ImageJob, ImageResult, ImageSet, Kind
from jarida.images.plan import ENGINE
from jarida.images.spec import EXTENSIONS, available
from jarida.layout import CLEAN_CACHE

JOBS = "jobs"
_TEMP = ".tmp-"


def derivative_path(cache: Path, key: str, format: str) -> Path:
    """Where the bytes of the derivative ``key`` are kept."""
    return cache / key[:2] / f"{key}.{EXTENSIONS[format]}"


def write_atomic(path: Path, data: bytes) -> None:
    """``data`` into ``path`` by a temporary file in the same folder renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=_TEMP)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def job_key(job: ImageJob) -> str:
    """The key of a job's record: the source's path and everything asked of it."""
    crop = job.crop.label() if job.crop else None
    asked: list[object] = [ENGINE, PIL.__version__, str(job.source), job.name, job.widths, crop]
    asked += [[job.focus.x, job.focus.y], available(job.formats), job.og, job.max_pixels]
    asked += [job.quality] if job.quality else []  # the keys of sites that never set it stay
    return hashlib.sha256(json.dumps(asked).encode()).hexdigest()


def source_stat(path: Path) -> list[int]:
    """The size, mtime, ctime and inode of a source, as a record keeps them."""
    return list(stat_of(path.stat()))


def trusted(record: Any, stat: list[int]) -> bool:
    """Whether a source's record still stands for it: the same ``stat``, and checked long
    enough after the source's last write that a later one would show (:mod:`jarida.filestat`)."""
    if not isinstance(record, dict) or record.get("stat") != stat:
        return False
    checked = record.get("checked_ns", 0)
    return isinstance(checked, int) and settled(stat, checked)


def _result_of(data: Any) -> ImageResult:
    sets = tuple(
        ImageSet(
            name=s["name"],
            fallback=s["fallback"],
            derivatives=tuple(Derivative(**d) for d in s["derivatives"]),
        )
        for s in data["sets"]
    )
    og = Derivative(**data["og"]) if data["og"] else None
    return ImageResult(
        name=str(data["name"]),
        kind=Kind(data["kind"]),
        digest=str(data["digest"]),
        width=int(data["width"]),
        height=int(data["height"]),
        sets=sets,
        og=og,
        job_key=str(data["job_key"]),
    )


def cached_files(cache: Path) -> frozenset[str]:
    """The file names of every derivative in ``cache``: one listing per folder, for
    :func:`recall` to check many sources' derivatives without a ``stat`` for each."""
    names: set[str] = set()
    try:
        buckets = [entry.path for entry in os.scandir(cache) if len(entry.name) == 2]
    except OSError:
        return frozenset()
    for bucket in buckets:
        with contextlib.suppress(OSError), os.scandir(bucket) as entries:
            names.update(entry.name for entry in entries)
    return frozenset(names)


def _all_cached(cache: Path, made: dict[str, str], present: frozenset[str] | None) -> bool:
    if present is None:
        return all(derivative_path(cache, k, f).is_file() for k, f in made.items())
    return all(f"{k}.{EXTENSIONS[f]}" in present for k, f in made.items())


def recall(job: ImageJob, key: str, present: frozenset[str] | None = None) -> ImageResult | None:
    """The result the unchanged source gave last time, if its record is there, the file's
    size, mtime, ctime and inode are as recorded, and every derivative is still cached (in
    ``present``, from :func:`cached_files`, when given; else each file is looked for)."""
    try:
        record = json.loads((job.cache / JOBS / f"{key}.json").read_text(encoding="utf-8"))
        stat = source_stat(job.source)
    except (OSError, ValueError):
        return None
    if not trusted(record, stat):
        return None
    try:
        result = _result_of(record["result"])
    except (KeyError, TypeError, ValueError):
        return None
    formats = {d.key: d.format for s in result.sets for d in s.derivatives}
    if result.og:
        formats[result.og.key] = result.og.format
    return result if _all_cached(job.cache, formats, present) else None


def remember(job: ImageJob, result: ImageResult, stat: list[int], checked_ns: int) -> None:
    """Record what ``job`` gave (a result without problems), for :func:`recall`."""
    data = asdict(result)
    data.pop("diagnostics")
    data.pop("encoded")
    record = {"stat": stat, "checked_ns": checked_ns, "result": data}
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    write_atomic(job.cache / JOBS / f"{result.job_key}.json", text.encode())


def prune(cache: Path, results: Sequence[ImageResult]) -> int:
    """Delete every derivative and job record of ``cache`` that none of ``results`` uses, and
    temporary files left by a killed build (the cleaned originals, :data:`CLEAN_CACHE`, are
    :mod:`jarida.originals`'); return how many files were deleted."""
    keep = {key for r in results for key in r.derivative_keys()} | {r.job_key for r in results}
    removed = 0
    if not cache.is_dir():
        return 0
    for path in sorted(cache.rglob("*")):
        if path.relative_to(cache).parts[0] == CLEAN_CACHE:
            continue  # the cleaned originals: jarida.originals prunes them
        if path.is_file() and (path.name.startswith(_TEMP) or path.name.split(".")[0] not in keep):
            path.unlink(missing_ok=True)
            removed += 1
    for folder in sorted(cache.iterdir()):
        if folder.is_dir():
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
    return removed


def failed(job: ImageJob, message: str, hint: str) -> ImageResult:
    """The result of a source that cannot be used: one error naming it."""
    problem = Diagnostic(path=job.name, message=f"the image {message}", hint=hint)
    return ImageResult(name=job.name, kind=Kind.FAILED, diagnostics=(problem,))
