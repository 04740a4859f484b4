"""The no-op build: when nothing a build reads has changed since the last build into the same
folder, nothing is read, rendered or written.

Every full build writes a stamp of its inputs into the output manifest (:mod:`jarida.manifest`):
the size, mtime, ctime and inode of every file a build may read (``jarida.yaml``, ``content/``,
``templates/``, ``static/``, ``i18n/``, Jarida's own package with its theme, and the Pagefind
binary), the settings and build options, and the window of time in which the same files give the
same site (until a scheduled article is due, an article expires or leaves the news sitemap, or the
year in the footer turns).
A later build with the same stamp, inside that window, whose output files all still have the size
and mtime they were written with, is skipped: it reports the warnings of the build that wrote the
stamp and takes a fraction of a second. :func:`decide` is that decision, and
:func:`jarida.build.build` makes it first, so every caller (``jarida build``, ``jarida serve``,
the tests) gets it; the command line makes it with the same function before it even imports the
pipeline (:func:`skip_unchanged`), whose imports take longer than a whole skipped build.

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
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import jarida
from jarida import __version__
from jarida.config import Config
from jarida.dependencies import shaping_versions
from jarida.errors import BuildFailed, Diagnostic
from jarida.filestat import SETTLED_NS
from jarida.journal import pending
from jarida.layout import CACHE_DIR, CONFIG_FILE, INPUT_DIRS
from jarida.manifest import (
    FileStat,
    LoadedManifest,
    Manifest,
    ManifestFiles,
    Stamp,
    intact,
    stat_of,
)
from jarida.model import Selection
from jarida.outcome import BuildResult, SearchState
from jarida.searchindex import BUNDLE_DIR, pagefind_binary

#: Files modified less than this before a scan are not trusted to keep a stamp, where the file
#: system keeps times to the nanosecond (they come from a clock that ticks every few ms) ...
FINE_RACY_NS = 100_000_000
#: ... and where it keeps whole seconds or milliseconds (FAT keeps two seconds).
COARSE_RACY_NS = SETTLED_NS
STAMP_FORMAT = 1


def _files(folder: Path) -> list[str] | None:
    """Every file under ``folder``, sorted; None when a folder inside it is a link. Plain
    strings and ``os`` calls: the no-op build scans every source, and ``pathlib`` took half of
    its time at 10,000 articles."""
    found: list[str] = []
    join, islink = os.path.join, os.path.islink
    for top, dirs, names in os.walk(folder):
        if any(islink(join(top, d)) for d in dirs):
            return None
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += (join(top, name) for name in names)
    return sorted(found)


def _input_files(root: Path, binary: str) -> list[str] | None:
    folders = [root / name for name in INPUT_DIRS] + [Path(jarida.__file__).parent]
    files = [str(root / CONFIG_FILE)] + ([binary] if binary else [])
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


@dataclass(frozen=True, slots=True)
class Inputs:
    """One scan of everything a build reads besides the clock."""

    #: None when a folder is a link: then no stamp.
    digest: str | None
    #: The Pagefind binary the digest covers ("" with search off).
    binary: str
    #: The newest mtime of the files read, and when the scan began (ns since the epoch).
    newest_ns: int
    scanned_ns: int

    def trusted(self, window_ns: int) -> str | None:
        """The digest, unless a file was modified less than ``window_ns`` before the scan."""
        return self.digest if self.newest_ns < self.scanned_ns - window_ns else None


def scan_inputs(config: Config, out_dir: Path, selection: Selection, *, binary: str) -> Inputs:
    """The size, mtime, ctime and inode of every file a build reads, the settings and the
    options, in one digest."""
    scanned_ns = time.time_ns()
    files = _input_files(config.root, binary)
    if files is None:
        return Inputs(None, binary, 0, scanned_ns)
    digest = hashlib.sha256()
    versions = (STAMP_FORMAT, __version__, sys.version, shaping_versions())
    settings = (versions, repr(config), str(out_dir.resolve()))
    options = (selection.drafts, selection.future, os.environ.get("PAGEFIND_BINARY_PATH", ""))
    digest.update(repr((settings, options, binary)).encode())
    newest = 0
    for path in files:
        try:
            info = os.stat(path)  # noqa: PTH116 (strings: see _files)
        except OSError:  # missing (no jarida.yaml, a broken link): its absence is the input
            digest.update(f"{path}\0-\n".encode("utf-8", "surrogateescape"))
            continue
        newest = max(newest, info.st_mtime_ns)
        fields = (path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        digest.update("\0".join(map(str, fields)).encode("utf-8", "surrogateescape") + b"\n")
    return Inputs(digest.hexdigest(), binary, newest, scanned_ns)


def stable_until(changes_at: Iterable[datetime], now: datetime) -> datetime:
    """The first moment after ``now`` at which the same sources give a different site
    (``changes_at``: :attr:`jarida.parse.ParseResult.changes_at`), or the year (in the footer)
    turns."""
    turn = datetime(now.year + 1, 1, 1, tzinfo=UTC)
    return min(min((m for m in changes_at if m > now), default=turn), turn)


def stamp(
    digest: str,
    *,
    selection: Selection,
    until: datetime,
    binary: str,
    warnings: Iterable[Diagnostic],
    search: SearchState,
    copies: Mapping[str, FileStat],
) -> Stamp:
    """The record that lets the next build be skipped."""
    return Stamp(
        digest=digest,
        built_at=selection.now,
        until=until,
        binary=binary,
        warnings=tuple(warnings),
        search=search,
        copies=MappingProxyType(dict(copies)),
    )


def copy_stats(out_dir: Path, paths: Iterable[str]) -> dict[str, FileStat] | None:
    """Size and mtime of each copied file in the output; None when one is missing."""
    stats: dict[str, FileStat] = {}
    for path in paths:
        found = stat_of(out_dir, path)
        if found is None:
            return None
        stats[path] = found
    return stats


def _outputs_intact(out_dir: Path, manifest: Manifest, stamp: Stamp) -> bool:
    return all(intact(out_dir, path, f) for path, f in manifest.files.items()) and all(
        intact(out_dir, path, s) for path, s in stamp.copies.items()
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a build can be skipped: the result of the build not done (None: build), and the
    inputs scanned to decide (None when there was no need), which the full build stamps."""

    skipped: BuildResult | None
    inputs: Inputs | None = None


def decide(
    config: Config, out_dir: Path, selection: Selection, manifest: Manifest, *, strict: bool
) -> Decision:
    """Whether nothing a build reads has changed since the build that wrote ``manifest``: the
    same stamp, inside its window of time, every output as it was written. With ``strict``,
    the last build's warnings fail it (:class:`BuildFailed`), as they would fail the full build.
    :func:`jarida.build.build` decides with this, first; so does the command line, before it
    even imports the pipeline (:func:`skip_unchanged`)."""
    started = time.perf_counter()
    record = manifest.stamp
    if record is None or not record.built_at <= selection.now < record.until:
        return Decision(None)
    if pending(out_dir):  # a commit a killed build left: the build finishes it
        return Decision(None)
    # No window here: a file modified since the stamp has another mtime, or the same as stamped.
    inputs = scan_inputs(config, out_dir, selection, binary=record.binary)
    if inputs.trusted(0) != record.digest or not _outputs_intact(out_dir, manifest, record):
        return Decision(None, inputs)
    if (
        record.search in ("indexed", "kept")
        and not (out_dir / BUNDLE_DIR / "pagefind.js").is_file()
    ):
        return Decision(None, inputs)
    if strict and record.warnings:
        raise BuildFailed(record.warnings)
    result = BuildResult(
        site=None,
        skipped=True,
        pages=len(manifest.files),
        rendered=0,
        unchanged=len(manifest.files),
        removed=0,
        files=len(manifest.files) + len(record.copies),
        seconds=time.perf_counter() - started,
        warnings=record.warnings,
        search="kept" if record.search == "indexed" else record.search,
    )
    return Decision(result, inputs)


@dataclass(frozen=True, slots=True)
class Decided:
    """The last build's manifest of an output folder, and the decision taken on it."""

    loaded: LoadedManifest
    decision: Decision
    #: What the no-op stamp records the inputs by, scanned before anything is read (when the
    #: build is not skipped).
    scan: Scan | None = None


def decide_build(
    config: Config,
    out_dir: Path,
    selection: Selection,
    manifests: ManifestFiles | None = None,
    known: Decided | None = None,
    *,
    strict: bool,
    clean: bool = False,
    scan: bool = True,
) -> Decided:
    """The manifest of ``out_dir`` (none when ``clean``) and :func:`decide`'s decision on it:
    ``known`` (the command line's, for the same folder, selection and strictness, taken before
    it imported the pipeline) while the manifest is the one it read, so that an edit reads and
    scans once. ``manifests``: the site's in ``.jarida/`` unless given. When the build is not
    skipped, the inputs are scanned for its stamp here (unless not ``scan``: the command line,
    before the output folder is checked, writes nothing), before it reads anything."""
    manifests = manifests or ManifestFiles(config.root)
    if known is not None and not clean and manifests.current(out_dir, known.loaded):
        decided = known
    else:
        loaded = LoadedManifest(Manifest()) if clean else manifests.load(out_dir)
        decided = Decided(
            loaded, decide(config, out_dir, selection, loaded.manifest, strict=strict)
        )
    if not scan or decided.decision.skipped is not None or decided.scan is not None:
        return decided
    inputs = decided.decision.inputs
    return replace(decided, scan=stamp_scan(config, out_dir, selection, inputs))


def skip_unchanged(
    config: Config, out_dir: Path, selection: Selection, *, strict: bool = False
) -> BuildResult | None:
    """The result of a build into ``out_dir`` that finds nothing changed (:func:`decide`, on
    the site's manifest of that folder), or None when a full build is needed."""
    return decide_build(config, out_dir, selection, strict=strict).decision.skipped


@dataclass(frozen=True, slots=True)
class Scan:
    """What the no-op stamp of a build records its inputs by: their digest (None when a file
    changed too recently to tell), and the Pagefind binary."""

    digest: str | None
    binary: str


def stamp_scan(config: Config, out_dir: Path, selection: Selection, scanned: Inputs | None) -> Scan:
    """The inputs scanned before anything is read: the scan that decided, unless it covers
    another Pagefind binary."""
    binary = str(pagefind_binary() or "") if config.search else ""
    if scanned is None or scanned.binary != binary:
        scanned = scan_inputs(config, out_dir, selection, binary=binary)
    return Scan(scanned.trusted(racy_window(config.root / CACHE_DIR)), binary)
