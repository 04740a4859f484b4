"""The no-op build: when nothing a build reads has changed since the last build into the same
folder, nothing is read, rendered or written.

Every full build writes a stamp of its inputs into the output manifest: the size, mtime, ctime and
inode of every file a build may read (``jarida.yaml``, ``content/``, ``templates/``, ``static/``,
``i18n/``, Jarida's own package with its theme, and the Pagefind binary), the settings and build
options, and the window of time in which the same files give the same site (until a scheduled
article is due, an article expires or leaves the news sitemap, or the year in the footer turns).
A later build with the same stamp, inside that window, whose output files all still have the size
and mtime they were written with, is skipped: it reports the warnings of the build that wrote the
stamp and takes a fraction of a second, because it does not even import the pipeline.

As git's index does, a file modified shortly before the scan is not trusted (an edit in the same
clock tick could keep its size and mtime): no stamp is written, and the next build checks every
output's fingerprint as usual. "Shortly" is 100 ms where the file system keeps nanoseconds and
2 s where it keeps whole seconds (FAT), probed on a file in ``.jarida/``. A folder that is a link
also means no stamp.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jarida
from jarida import __version__
from jarida.cache import CacheFiles, output_intact
from jarida.config import Config
from jarida.dependencies import shaping_versions
from jarida.errors import BuildFailed, Diagnostic, Severity
from jarida.layout import CONFIG_FILE, INPUT_DIRS
from jarida.model import NEWS_WINDOW, ArticleSource, Selection
from jarida.outcome import BuildResult, SearchState
from jarida.searchindex import BUNDLE_DIR

#: Files modified less than this before a scan are not trusted to keep a stamp, where the file
#: system keeps times to the nanosecond (they come from a clock that ticks every few ms) ...
FINE_RACY_NS = 100_000_000
#: ... and where it keeps whole seconds or milliseconds (FAT keeps two seconds).
COARSE_RACY_NS = 2_000_000_000
#: The entry of the output manifest that holds the stamp.
STAMP = "inputs"
STAMP_FORMAT = 1


def _files(folder: Path) -> list[Path] | None:
    """Every file under ``folder``, sorted; None when a folder inside it is a link."""
    found: list[Path] = []
    for top, dirs, names in os.walk(folder):
        base = Path(top)
        if any((base / d).is_symlink() for d in dirs):
            return None
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += (base / name for name in names)
    return sorted(found)


def _input_files(root: Path, binary: str) -> list[Path] | None:
    folders = [root / name for name in INPUT_DIRS] + [Path(jarida.__file__).parent]
    files = [root / CONFIG_FILE] + ([Path(binary)] if binary else [])
    for folder in folders:
        inside = _files(folder)
        if inside is None:
            return None
        files += inside
    return files


def racy_window(folder: Path) -> int:
    """How long before a scan a file must have been modified for its size and mtime to be
    trusted: probed on a file written in ``folder`` (the cache folder, beside the sources). A
    time in whole milliseconds means a coarse file system."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-") as probe:
            modified = os.fstat(probe.fileno()).st_mtime_ns
    except OSError:
        return COARSE_RACY_NS
    return COARSE_RACY_NS if modified % 1_000_000 == 0 else FINE_RACY_NS


def input_digest(
    config: Config, out_dir: Path, selection: Selection, *, binary: str, trusted_before: int
) -> str | None:
    """The digest of everything a build reads besides the clock; None when a file was modified
    at or after ``trusted_before`` (ns since the epoch) or a folder is a link: no stamp then.
    """
    files = _input_files(config.root, binary)
    if files is None:
        return None
    digest = hashlib.sha256()
    versions = (STAMP_FORMAT, __version__, sys.version, shaping_versions())
    settings = (versions, repr(config), str(out_dir.resolve()))
    options = (selection.drafts, selection.future, os.environ.get("PAGEFIND_BINARY_PATH", ""))
    digest.update(repr((settings, options, binary)).encode())
    for path in files:
        try:
            info = path.stat()
        except OSError:  # missing (no jarida.yaml, a broken link): its absence is the input
            digest.update(f"{path}\0-\n".encode("utf-8", "surrogateescape"))
            continue
        if info.st_mtime_ns >= trusted_before:
            return None
        fields = (path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        digest.update("\0".join(map(str, fields)).encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def stable_until(sources: Iterable[ArticleSource], now: datetime) -> datetime:
    """The first moment after ``now`` at which the same sources give a different site: an
    article's date or ``publish_date`` comes, one ``expires``, one leaves the news sitemap, or
    the year (in the footer) turns."""
    moments = [datetime(now.year + 1, 1, 1, tzinfo=UTC)]
    for source in sources:
        moments += [source.date, source.date + NEWS_WINDOW]
        moments += [m for m in (source.publish_date, source.expires) if m is not None]
    return min(m for m in moments if m > now)


def stamp(
    digest: str,
    *,
    selection: Selection,
    until: datetime,
    binary: str,
    warnings: Iterable[Diagnostic],
    search: SearchState,
    copies: Mapping[str, list[int]],
) -> dict[str, Any]:
    """The manifest entry that lets the next build be skipped."""
    return {
        "digest": digest,
        "built_at": selection.now.isoformat(),
        "until": until.isoformat(),
        "binary": binary,
        "warnings": [asdict(d) for d in warnings],
        "search": search,
        "copies": dict(copies),
    }


def copy_stats(out_dir: Path, paths: Iterable[str]) -> dict[str, list[int]] | None:
    """Size and mtime of each copied file in the output; None when one is missing."""
    stats: dict[str, list[int]] = {}
    for path in paths:
        try:
            info = (out_dir / path).stat()
        except OSError:
            return None
        stats[path] = [info.st_size, info.st_mtime_ns]
    return stats


def _outputs_intact(out_dir: Path, files: object, copies: object) -> bool:
    if not isinstance(files, dict) or not isinstance(copies, dict):
        return False
    return all(output_intact(out_dir, path, entry) for path, entry in files.items()) and all(
        copy_stats(out_dir, [path]) == {path: entry} for path, entry in copies.items()
    )


def _diagnostic(fields: Mapping[str, Any]) -> Diagnostic:
    return Diagnostic(**{**fields, "severity": Severity(fields["severity"])})


def skip_unchanged(
    config: Config, out_dir: Path, selection: Selection, *, strict: bool = False
) -> BuildResult | None:
    """The result of a build that finds nothing changed since the last one (which it then
    does not do), or None when a full build is needed. With ``strict``, the last build's
    warnings fail it, as they would fail the full build."""
    started = time.perf_counter()
    checked_ns = time.time_ns()
    manifest = CacheFiles(config.root).load_manifest(out_dir).entries
    record = manifest.get(STAMP)
    if not isinstance(record, dict):
        return None
    try:
        built_at = datetime.fromisoformat(record["built_at"])
        until = datetime.fromisoformat(record["until"])
        binary, search = str(record["binary"]), record["search"]
        warnings = tuple(_diagnostic(d) for d in record["warnings"])
    except (KeyError, TypeError, ValueError):
        return None
    if not built_at <= selection.now < until:
        return None
    # No window here: a file modified since the stamp has another mtime, or the same as stamped.
    digest = input_digest(config, out_dir, selection, binary=binary, trusted_before=checked_ns)
    if digest is None or digest != record.get("digest"):
        return None
    files, copies = manifest.get("files"), record.get("copies")
    if not _outputs_intact(out_dir, files, copies) or not isinstance(files, dict):
        return None
    if search in ("indexed", "kept") and not (out_dir / BUNDLE_DIR / "pagefind.js").is_file():
        return None
    if strict and warnings:
        raise BuildFailed(warnings)
    return BuildResult(
        site=None,
        pages=len(files),
        rendered=0,
        unchanged=len(files),
        removed=0,
        files=len(files) + len(copies),  # type: ignore[arg-type]
        seconds=time.perf_counter() - started,
        warnings=warnings,
        search="kept" if search == "indexed" else search,
    )
