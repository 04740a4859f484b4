"""The manifest of an output folder: what the last build into it wrote (each file's fingerprint,
size and mtime), the static files it copied, the digest of its search index, and the stamp that
lets the next build be skipped (:mod:`jarida.unchanged`).

A typed, frozen :class:`Manifest`, read and written as JSON here and nowhere else: one file per
output folder, ``.jarida/manifest-<hash of the folder>.json`` (``jarida serve`` keeps its own in
its temporary folder). Written atomically, keys sorted, so the same manifest is the same bytes.
One of another format or Jarida version, or for another folder, or damaged, is read as empty
with a note: the next build then checks every page, never gets one wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_args

from jarida import __version__
from jarida.cachefile import write_cache_chunks
from jarida.errors import Diagnostic, Severity, clip
from jarida.jsonblocks import document_chunks, object_chunks
from jarida.layout import CACHE_DIR, manifest_file, pages_dir, reads_file
from jarida.outcome import SearchState
from jarida.readtable import Reads, load_reads, save_reads

#: The layout of the JSON (:meth:`Manifest.to_json`), versioned on its own since the manifest left
#: the parse cache's module (5 is the layout it had there); 6: the reads in their own file.
MANIFEST_FORMAT = 6
#: The entry that holds the stamp (the inputs of the build).
STAMP_ENTRY = "inputs"


@dataclass(frozen=True, slots=True)
class FileStat:
    """A file's size and mtime, as a build left it in the output."""

    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A rendered output as written: the fingerprint of what it shows, its size and mtime."""

    fingerprint: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Stamp:
    """What a build read, and the window of time in which the same inputs give the same site:
    a later build with the same stamp in that window, its outputs intact, is skipped."""

    #: The digest of every input's size, mtime, ctime and inode, the settings and the options.
    digest: str
    built_at: datetime
    #: The first moment the same inputs give another site (an article due, the year turning).
    until: datetime
    #: The Pagefind binary the digest covers ("" with search off).
    binary: str
    #: The warnings of the build, replayed by a skipped one.
    warnings: tuple[Diagnostic, ...]
    search: SearchState
    #: The static files copied into the output, as they were left there.
    copies: Mapping[str, FileStat]


def _empty() -> Mapping[str, OutputFile]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    """What the last build wrote into an output folder (empty: nothing known)."""

    files: Mapping[str, OutputFile] = field(default_factory=_empty)
    #: The static files copied, by output path.
    static: tuple[str, ...] = ()
    #: The digest of the search index (None without one).
    search: str | None = None
    #: None when the build could not vouch for its inputs (a file modified just before it).
    stamp: Stamp | None = None
    #: The digest of the file of what each page's templates read when it was last rendered
    #: (:mod:`jarida.readtable`; "": none).
    reads: str = ""

    def still_renders(self, out_dir: Path, path: str, fingerprint: str) -> bool:
        """Whether the file ``path`` that this build wrote in ``out_dir`` is there, unchanged,
        and is what ``fingerprint`` renders."""
        written = self.files.get(path)
        return (
            written is not None
            and written.fingerprint == fingerprint
            and intact(out_dir, path, written)
        )

    def to_json(self, *, key: str) -> str:
        """The manifest as JSON for the output folder ``key``: the same bytes for the same
        manifest."""
        return "".join(self.json_chunks(key=key))

    def json_chunks(self, *, key: str) -> Iterator[str]:
        """:meth:`to_json`'s text a block of files at a time (never whole: ~30 MB at 100,000
        articles, twice that as a string holding Arabic paths)."""
        entries: dict[str, object] = {"static": sorted(self.static)}
        if self.search is not None:
            entries["search"] = self.search
        if self.stamp is not None:
            entries[STAMP_ENTRY] = _encode_stamp(self.stamp)
        if self.reads:
            entries["reads"] = self.reads
        files = object_chunks(self.files, _file_entry)
        payload = {"format": MANIFEST_FORMAT, "version": __version__, "key": key}
        return document_chunks(payload, {"entries": document_chunks(entries, {"files": files})})

    @classmethod
    def from_json(cls, text: str, *, key: str) -> Manifest:
        """The manifest in ``text``; :class:`ManifestError` (saying why) when it is not one of
        this format and Jarida version for the output folder ``key``."""
        try:
            data = json.loads(text)
        except ValueError:
            raise ManifestError("was unreadable; it will be rebuilt") from None
        if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
            raise ManifestError("is not a Jarida cache; replaced")
        if (data.get("format"), data.get("version"), data.get("key")) != (
            MANIFEST_FORMAT,
            __version__,
            key,
        ):
            raise ManifestError("is from another Jarida version or settings; rebuilt")
        try:
            return _decode(data["entries"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ManifestError(f"is damaged ({clip(str(exc))}); it will be rebuilt") from None


class ManifestError(Exception):
    """Why a manifest cannot be used (the end of a note that begins with its file's name)."""


def _encode_stamp(stamp: Stamp) -> dict[str, object]:
    return {
        "digest": stamp.digest,
        "built_at": stamp.built_at.isoformat(),
        "until": stamp.until.isoformat(),
        "binary": stamp.binary,
        "warnings": [asdict(d) for d in stamp.warnings],
        "search": stamp.search,
        "copies": {p: [s.size, s.mtime_ns] for p, s in stamp.copies.items()},
    }


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _number(value: object) -> int:
    if type(value) is not int:
        raise TypeError(f"{value!r} is not a whole number")
    return value


def _table(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"{value!r} is not a table")
    return value


def _decode(entries: dict[str, Any]) -> Manifest:
    files = {}
    for path, (fingerprint, size, mtime) in _table(entries["files"]).items():
        # Checked inline: tens of thousands of them are read before a no-op is decided.
        if type(fingerprint) is not str or type(size) is not int or type(mtime) is not int:
            raise TypeError(f"{path!r}: {[fingerprint, size, mtime]!r} is not a written file")
        files[path] = OutputFile(fingerprint, size, mtime)
    static = entries["static"]
    if not isinstance(static, list):
        raise TypeError(f"{static!r} is not a list")
    search = entries.get("search")
    stamp = entries.get(STAMP_ENTRY)
    return Manifest(
        files=MappingProxyType(files),
        static=tuple(map(_text, static)),
        search=None if search is None else _text(search),
        stamp=None if stamp is None else _decode_stamp(_table(stamp)),
        reads=_text(entries.get("reads", "")),
    )


def _decode_stamp(record: dict[str, Any]) -> Stamp:
    search = record["search"]
    if search not in get_args(SearchState):
        raise ValueError(f"{search!r} is not a search state")
    warnings = tuple(
        Diagnostic(**{**_table(d), "severity": Severity(_table(d)["severity"])})
        for d in record["warnings"]
    )
    copies = {p: FileStat(_number(s), _number(m)) for p, (s, m) in _table(record["copies"]).items()}
    return Stamp(
        digest=_text(record["digest"]),
        built_at=datetime.fromisoformat(_text(record["built_at"])),
        until=datetime.fromisoformat(_text(record["until"])),
        binary=_text(record["binary"]),
        warnings=warnings,
        search=search,
        copies=MappingProxyType(copies),
    )


@dataclass(frozen=True, slots=True)
class LoadedManifest:
    """A manifest as read (empty when it was missing or unusable), and why it was dropped."""

    manifest: Manifest
    note: str = ""
    #: The file's (inode, size, mtime) when it was read; None when there was none.
    stat: tuple[int, int, int] | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    """The files a build wrote into an output folder, and whether it wrote a search index."""

    files: frozenset[str]
    search: bool


@dataclass(frozen=True, slots=True)
class ManifestFiles:
    """The manifests of the outputs built from the site in ``root``: one per output folder, in
    ``manifest_dir`` (the site's ``.jarida/`` unless given: ``jarida serve`` keeps the manifest
    of its temporary output in its temporary folder)."""

    root: Path
    manifest_dir: Path | None = None

    def path(self, out_dir: Path) -> Path:
        return manifest_file(*self._where(out_dir))

    def _where(self, out_dir: Path) -> tuple[Path, str]:
        tag = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:12]
        return self.root / CACHE_DIR if self.manifest_dir is None else self.manifest_dir, tag

    def pages(self, out_dir: Path) -> Path:
        """Where the pages of ``out_dir`` are kept (:mod:`jarida.pagestore`)."""
        return pages_dir(*self._where(out_dir))

    def reads(self, out_dir: Path, manifest: Manifest) -> Reads:
        """The reads table ``manifest`` names (empty when it is not the one on disk)."""
        path = reads_file(*self._where(out_dir))
        return load_reads(path, key=str(out_dir.resolve()), tag=manifest.reads)

    def save_reads(self, out_dir: Path, reads: Reads) -> tuple[str, str]:
        """Write the reads table of ``out_dir`` (before its manifest, which names its digest):
        the digest, and a note when it could not be written."""
        path = reads_file(*self._where(out_dir))
        return save_reads(path, reads, key=str(out_dir.resolve()))

    def load(self, out_dir: Path) -> LoadedManifest:
        path = self.path(out_dir)
        try:
            stat = self._stat(out_dir)
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return LoadedManifest(Manifest())
        except (OSError, UnicodeDecodeError):
            return LoadedManifest(Manifest(), f"{path.name} was unreadable; it will be rebuilt")
        try:
            return LoadedManifest(Manifest.from_json(text, key=str(out_dir.resolve())), stat=stat)
        except ManifestError as exc:
            return LoadedManifest(Manifest(), f"{path.name} {exc}")

    def _stat(self, out_dir: Path) -> tuple[int, int, int] | None:
        try:
            info = self.path(out_dir).stat()
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def current(self, out_dir: Path, loaded: LoadedManifest) -> bool:
        """Whether ``loaded`` is still the manifest of ``out_dir`` (each save is a new file)."""
        try:
            return loaded.stat is not None and self._stat(out_dir) == loaded.stat
        except OSError:
            return False

    def save(self, out_dir: Path, manifest: Manifest) -> str:
        """Write atomically; a note when it cannot be written (that only costs speed)."""
        path = self.path(out_dir)
        return write_cache_chunks(path, manifest.json_chunks(key=str(out_dir.resolve())))[1]

    def recorded(self, out_dir: Path) -> Recorded | None:
        """What the manifest says the last build wrote into ``out_dir``, whichever Jarida
        version wrote it (a manifest of another version is not used, but it still tells which
        files are Jarida's); None when there is no readable record of a build into it."""
        try:
            data = json.loads(self.path(out_dir).read_text(encoding="utf-8"))
            entries = data["entries"]
            if data["key"] != str(out_dir.resolve()):
                return None
            files = [*entries.get("files", {}), *entries.get("static", [])]
            return Recorded(frozenset(map(str, files)), search="search" in entries)
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
            return None


def _file_entry(written: OutputFile) -> list[object]:
    return [written.fingerprint, written.size, written.mtime_ns]


def stat_of(out_dir: Path, path: str) -> FileStat | None:
    """The size and mtime of the output file ``path``; None when it is missing."""
    try:
        # os, not pathlib: once per page in a no-op, where pathlib took a third of the time
        info = os.stat(os.path.join(out_dir, path))  # noqa: PTH116, PTH118
    except OSError:
        return None
    return FileStat(info.st_size, info.st_mtime_ns)


def intact(out_dir: Path, path: str, written: OutputFile | FileStat) -> bool:
    """Whether the output file ``path`` still has the size and mtime it was written with."""
    found = stat_of(out_dir, path)
    return found is not None and (found.size, found.mtime_ns) == (written.size, written.mtime_ns)
