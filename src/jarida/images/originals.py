"""Published originals without their metadata, cached: each source file cleaned by
:func:`jarida.images.clean.strip_metadata` once, its cleaned bytes kept in
``.jarida/images/clean/<sha256 of the source>.<ext>`` (:func:`jarida.layout.clean_cache`, atomic
writes) when it held metadata, and ``index.json`` there remembering each source's stat, so an
unchanged file is not read again (the image cache's racy-stat rule, :func:`~.store.trusted`).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jarida.errors import Diagnostic, error
from jarida.images.clean import CleanError, strip_metadata
from jarida.images.store import source_stat, trusted, write_atomic

INDEX = "index.json"


@dataclass(frozen=True, slots=True)
class Cleaned:
    """One source: its stat when read, when it was read, its cleaned file's name ("" when it
    holds no metadata: it is published as it is), or the problem that stopped it."""

    stat: list[int]
    file: str
    checked_ns: int
    problem: Diagnostic | None = None


def _load(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _recall(record: Any, source: Path, folder: Path) -> Cleaned | None:
    """What an unchanged source gave last time (its cleaned file still there)."""
    try:
        stat = source_stat(source)
    except OSError:
        return None
    if not trusted(record, stat):
        return None
    file, checked = record.get("file"), record["checked_ns"]
    if not isinstance(file, str):
        return None
    return Cleaned(stat, file, checked) if not file or (folder / file).is_file() else None


def _clean(source: Path, name: str, folder: Path, *, writable: bool) -> Cleaned:
    checked = time.time_ns()  # before the file is read: a later write is seen next time
    try:
        stat, data = source_stat(source), source.read_bytes()
        cleaned = strip_metadata(data)
    except (OSError, CleanError) as problem:
        message = f"the image {problem}: its metadata (EXIF, GPS position) cannot be removed"
        hint = "open it and save it again with an image editor, or replace it"
        return Cleaned([], "", checked, error(name, message, hint=hint))
    if cleaned == data:
        return Cleaned(stat, "", checked)
    file = f"{hashlib.sha256(data).hexdigest()}{source.suffix.lower()}"
    if writable and not (folder / file).is_file():
        write_atomic(folder / file, cleaned)
    return Cleaned(stat, file, checked)


def clean_files(
    sources: Sequence[tuple[Path, str]], folder: Path, *, writable: bool
) -> dict[str, Cleaned]:
    """Each source (its file, its name as the author knows it) cleaned, by name. When
    ``writable``, the cleaned files are written to ``folder``, the index saved (when it
    changed) and the cleaned files no source uses any more deleted; else nothing is written."""
    index, seen = _load(folder), dict[str, Cleaned]()
    for source, name in sources:
        if name not in seen:
            recalled = _recall(index.get(name), source, folder)
            seen[name] = recalled or _clean(source, name, folder, writable=writable)
    if writable:
        _save(folder, index, seen)
    return seen


def _save(folder: Path, index: dict[str, Any], seen: dict[str, Cleaned]) -> None:
    records = {
        name: {"stat": s.stat, "file": s.file, "checked_ns": s.checked_ns}
        for name, s in sorted(seen.items())
        if s.problem is None
    }
    if records != index:
        write_atomic(folder / INDEX, json.dumps(records, sort_keys=True).encode())
    if folder.is_dir():
        used = {s.file for s in seen.values()} | {INDEX}
        for path in folder.iterdir():
            if path.is_file() and path.name not in used:
                path.unlink(missing_ok=True)
