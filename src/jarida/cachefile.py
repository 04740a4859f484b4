"""The files of ``.jarida/`` that are written whole or not at all (the manifest, the reads
table, the related lists): a temporary file beside the file, then renamed over it, so that a
build killed while writing leaves the last complete file."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Characters gathered before they are encoded, hashed and written (as a string holding Arabic
#: paths, two bytes a character, then joined and encoded: a few times this in memory).
_BLOCK = 1 << 18


def write_cache_chunks(path: Path, chunks: Iterable[str]) -> tuple[str, str]:
    """Write the text ``chunks`` make to ``path`` atomically, a block at a time (a large table
    is never one string in memory). Returns the SHA-256 of the UTF-8 bytes written (what
    hashing the file gives) and "", or "" and a note when it cannot be written (a cache that is
    not written only costs speed next time)."""
    digest = hashlib.sha256()
    name = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        with os.fdopen(handle, "wb") as out:
            for block in _blocks(chunks):
                data = block.encode("utf-8")
                digest.update(data)
                out.write(data)
        Path(name).replace(path)
    except OSError as exc:
        if name:
            Path(name).unlink(missing_ok=True)
        return "", f"could not write the cache {path}: {exc.strerror}"
    return digest.hexdigest(), ""


def _blocks(chunks: Iterable[str]) -> Iterator[str]:
    """``chunks`` joined into blocks of about :data:`_BLOCK` characters."""
    block: list[str] = []
    size = 0
    for chunk in chunks:
        block.append(chunk)
        size += len(chunk)
        if size >= _BLOCK:
            yield "".join(block)
            block, size = [], 0
    if block:
        yield "".join(block)
