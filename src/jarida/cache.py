"""The persistent build cache in ``.jarida/``: parsed articles by path and content hash
(SQLite), the related lists of the last build, and the manifest of the last output (each file's
fingerprint, size and mtime).

JSON and SQLite only, never pickle. A cache written by another Jarida version or with other
settings that affect parsing is ignored as a whole; a corrupt or foreign one is discarded with a
note. Nothing here can make a page wrong: at worst, work is done again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jarida import __version__
from jarida.model import (
    ArticleBody,
    ArticleSource,
    Body,
    Heading,
    RenderedBody,
    SourceFile,
)

CACHE_DIR = ".jarida"
#: 5: slugs cut to a byte budget (a cached 288-byte title slug would still break the build);
#: parse warnings and other generators' template syntax kept with the parse; entries keyed by
#: the source's path and content (:func:`source_key`).
FORMAT = 5
#: The parse cache (SQLite).
PARSE_DB = "parsed.sqlite"


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a cache file held (empty when it was missing or unusable) and why it was dropped."""

    entries: Mapping[str, Any]
    note: str = ""


def source_key(source_id: str, digest: str) -> str:
    """What a parse is cached by: the source's path and the digest of its bytes. The same bytes
    are a page under ``content/pages/`` and an article elsewhere, so the bytes alone are not
    enough."""
    return hashlib.sha256(f"{source_id}\0{digest}".encode()).hexdigest()


def digest_of(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _read(path: Path, key: str) -> Loaded:
    if not path.is_file():
        return Loaded(MappingProxyType({}))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Loaded(MappingProxyType({}), f"{path.name} was unreadable; it will be rebuilt")
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        return Loaded(MappingProxyType({}), f"{path.name} is not a Jarida cache; replaced")
    if (data.get("format"), data.get("version"), data.get("key")) != (FORMAT, __version__, key):
        return Loaded(
            MappingProxyType({}), f"{path.name} is from another Jarida version or settings; rebuilt"
        )
    return Loaded(MappingProxyType(data["entries"]))


def _write(path: Path, key: str, entries: Mapping[str, Any]) -> str:
    """Write atomically; a cache that cannot be written only costs speed next time."""
    payload = {"format": FORMAT, "version": __version__, "key": key, "entries": entries}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            # dumps, not dump: one call of the C encoder instead of Python-level chunks
            text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            out.write(text)
        Path(name).replace(path)
    except OSError as exc:
        return f"could not write the cache {path}: {exc.strerror}"
    return ""


@dataclass(frozen=True, slots=True)
class CacheFiles:
    """The manifests of the outputs built from the site in ``root``: one per output folder, in
    ``manifest_dir`` (the site's ``.jarida/`` unless given: ``jarida serve`` keeps the manifest
    of its temporary output in its temporary folder)."""

    root: Path
    manifest_dir: Path | None = None

    def manifest_file(self, out_dir: Path) -> Path:
        tag = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:12]
        folder = self.root / CACHE_DIR if self.manifest_dir is None else self.manifest_dir
        return folder / f"manifest-{tag}.json"

    def load_manifest(self, out_dir: Path) -> Loaded:
        return _read(self.manifest_file(out_dir), str(out_dir.resolve()))

    def save_manifest(self, out_dir: Path, entries: Mapping[str, Any]) -> str:
        return _write(self.manifest_file(out_dir), str(out_dir.resolve()), entries)

    def recorded(self, out_dir: Path) -> Recorded | None:
        """What the manifest says the last build wrote into ``out_dir``, whichever Jarida
        version wrote it (a cache of another version is not used, but it still tells which
        files are Jarida's); None when there is no readable record of a build into it."""
        try:
            data = json.loads(self.manifest_file(out_dir).read_text(encoding="utf-8"))
            entries = data["entries"]
            if data["key"] != str(out_dir.resolve()):
                return None
            files = [*entries.get("files", {}), *entries.get("static", [])]
            return Recorded(frozenset(map(str, files)), search="search" in entries)
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
            return None


@dataclass(frozen=True, slots=True)
class Recorded:
    """The files a build wrote into an output folder, and whether it wrote a search index."""

    files: frozenset[str]
    search: bool


def output_intact(out_dir: Path, path: str, entry: object) -> bool:
    """Whether the output file ``path`` still has the size and mtime that its manifest entry
    (``[fingerprint, size, mtime_ns]``) recorded when it was written."""
    if not isinstance(entry, list) or len(entry) != 3:
        return False
    try:
        info = (out_dir / path).stat()
    except OSError:
        return False
    return [info.st_size, info.st_mtime_ns] == entry[1:]


# Parsed articles as JSON: dates tagged, everything else as plain values.


def _encode_value(value: object) -> object:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, Mapping):
        return {"$map": {str(k): _encode_value(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [_encode_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(type(value).__name__)


def _decode_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode_value(v) for v in value]
    if isinstance(value, dict):
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        if "$time" in value:
            return time.fromisoformat(value["$time"])
        return {k: _decode_value(v) for k, v in value["$map"].items()}
    return value


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One source's parse as the cache stores it, but the HTML (stored beside it, read only
    when a page shows it): small values as JSON, the term bag as plain text."""

    meta: str
    terms: str
    counts: str


def encode_parsed(
    source: ArticleSource, body: RenderedBody, bag: tuple[tuple[str, ...], tuple[int, ...]]
) -> tuple[ParsedEntry, str] | None:
    """A cache entry and the HTML, or None when a front-matter value cannot be stored as JSON."""
    try:
        fields = {
            name: _encode_value(getattr(source, name))
            for name in ArticleSource.__slots__
            if name not in ("id", "path", "digest")
        }
    except TypeError:
        return None
    meta = {
        "source": fields,
        "summary": body.summary_text,
        "toc": [[h.level, h.id, h.text] for h in body.toc],
        "words": body.word_count,
        "links": [list(link) for link in body.links],
        "search": body.search_terms,
    }
    terms, counts = bag
    entry = ParsedEntry(
        meta=json.dumps(meta, ensure_ascii=False, separators=(",", ":")),
        terms="\n".join(terms),
        counts=" ".join(map(str, counts)),
    )
    return entry, body.html


def decode_parsed(
    entry: ParsedEntry, file: SourceFile, html: Body
) -> tuple[ArticleSource, ArticleBody]:
    meta = json.loads(entry.meta)
    fields = {name: _decode_value(value) for name, value in meta["source"].items()}
    fields["terms"] = MappingProxyType({k: tuple(v) for k, v in fields["terms"].items()})
    fields["extra"] = MappingProxyType(fields["extra"])
    fields["aliases"] = tuple(fields["aliases"])
    fields["warnings"] = tuple((line, message) for line, message in fields.get("warnings", ()))

    fields["foreign"] = tuple(tuple(hit) for hit in fields["foreign"])
    source = ArticleSource(id=file.id, path=file.path, digest=file.digest, **fields)
    body = ArticleBody(
        html=html,
        summary_text=meta["summary"],
        toc=tuple(Heading(*h) for h in meta["toc"]),
        word_count=meta["words"],
        links=tuple((url, line) for url, line in meta["links"]),
        search_terms=meta["search"],
        terms=tuple(map(sys.intern, entry.terms.split("\n"))) if entry.terms else (),
        term_counts=tuple(map(int, entry.counts.split())),
    )
    return source, body


#: What :class:`ParseCache` keeps of an entry it no longer needs to hand out.
_RELEASED = ParsedEntry(meta="", terms="", counts="")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parsed (
    source_key TEXT PRIMARY KEY, meta TEXT NOT NULL, html TEXT NOT NULL,
    terms TEXT NOT NULL, counts TEXT NOT NULL
);
"""


class ParseCache:
    """Parsed sources by :func:`source_key` (path and digest of the bytes), in
    ``.jarida/parsed.sqlite``: one row per source, so that one edit writes one row, and the HTML
    in a column read only when a page shows it. SQLite (standard library) makes each save one
    transaction: a killed build leaves the last complete cache.

    A cache of another format, Jarida version or parse settings is emptied; an unreadable one is
    deleted; either way with a note. Without ``writable``, nothing is ever written (``jarida
    check``), and a missing cache stays missing. Each process opens its own connection (the
    render pool forks), read only in the pool's workers.
    """

    def __init__(self, root: Path, key: str, *, writable: bool = True, clean: bool = False) -> None:
        self.path = root / CACHE_DIR / PARSE_DB
        self.key = key
        self.writable = writable
        self.note = ""
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._rows: dict[str, ParsedEntry] = {}
        try:
            self._rows = self._load()
            if clean and self._rows and (db := self._connect()) is not None:
                self._reset(db)
                self._rows = {}
        except sqlite3.Error:
            self._close()
            self.note = f"{PARSE_DB} was unreadable; it will be rebuilt"
            if writable:
                self._discard()
        if writable:  # the JSON parse cache of earlier Jarida builds: replaced by this one
            (self.path.parent / "parsed.json").unlink(missing_ok=True)

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None and self._pid == os.getpid():
            return self._db
        if not self.writable and not self.path.is_file():
            return None
        if self.writable:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        else:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            db = sqlite3.connect(uri, uri=True, timeout=60)
        self._db, self._pid = db, os.getpid()
        return db

    def _close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None

    def _discard(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _load(self) -> dict[str, ParsedEntry]:
        if not self.path.is_file():
            return {}
        db = self._connect()
        if db is None:
            return {}
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if not {"info", "parsed"} <= tables:
            self.note = f"{PARSE_DB} is not a Jarida cache; replaced"
            self._reset(db)
            return {}
        info = dict(db.execute("SELECT name, value FROM info"))
        if info != self._info():
            self.note = f"{PARSE_DB} is from another Jarida version or settings; rebuilt"
            self._reset(db)
            return {}
        rows = db.execute("SELECT source_key, meta, terms, counts FROM parsed")
        return {key: ParsedEntry(*rest) for key, *rest in rows}

    def _info(self) -> dict[str, str]:
        return {"format": str(FORMAT), "version": __version__, "key": self.key}

    def _reset(self, db: sqlite3.Connection) -> None:
        """Empty the cache (only when writable: a read-only one is just not used)."""
        if not self.writable:
            return
        db.executescript("DROP TABLE IF EXISTS parsed; DROP TABLE IF EXISTS info;" + _SCHEMA)

    @property
    def entries(self) -> Mapping[str, ParsedEntry]:
        """Every cached parse by :func:`source_key` (without the HTML: see :meth:`html`)."""
        return MappingProxyType(self._rows)

    def release(self) -> None:
        """Forget the loaded entries (kept: what is in the cache, and the HTML lookups): once
        decoded they are a few KB an article held for nothing (gigabytes at 100,000)."""
        self._rows = dict.fromkeys(self._rows, _RELEASED)

    def html(self, key: str) -> str:
        db = self._connect()
        found = db and db.execute("SELECT html FROM parsed WHERE source_key = ?", (key,)).fetchone()
        if not found:
            raise LookupError(f"{PARSE_DB} lost the body of {key}; build with --clean")
        return str(found[0])

    def save(
        self, fresh: Mapping[str, tuple[ParsedEntry, str]], keep: set[str] | None = None
    ) -> str:
        """Add ``fresh`` (entries with their HTML) and, given ``keep``, drop the rows not in it,
        in one transaction. Returns a note when the cache could not be written."""
        stale = set() if keep is None else set(self._rows) - keep
        if not self.writable or not (fresh or stale):
            return ""
        try:
            db = self._connect()
            assert db is not None
            db.executescript(_SCHEMA)
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO info VALUES (?, ?)", self._info().items())
            db.executemany(
                "INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?)",
                ((d, e.meta, html, e.terms, e.counts) for d, (e, html) in fresh.items()),
            )
            db.executemany("DELETE FROM parsed WHERE source_key = ?", ((d,) for d in stale))
            db.execute("COMMIT")
        except (OSError, sqlite3.Error) as exc:
            self._close()
            return f"could not write the cache {self.path}: {exc}"
        self._rows = {d: e for d, e in self._rows.items() if d not in stale}
        self._rows |= dict.fromkeys(fresh, _RELEASED)  # the caller has them
        return ""
