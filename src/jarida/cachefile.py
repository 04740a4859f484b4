"""The files of ``.jarida/`` that are written whole or not at all (the manifest, the reads
table, the related lists): a temporary file beside the file, then renamed over it, so that a
build killed while writing leaves the last complete file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_cache_text(path: Path, text: str) -> str:
    """Write ``text`` to ``path`` atomically; a note when it cannot be written (a cache that is
    not written only costs speed next time), else ""."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(name).replace(path)
    except OSError as exc:
        return f"could not write the cache {path}: {exc.strerror}"
    return ""
