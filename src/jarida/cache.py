"""The persistent parse cache in ``.jarida/``: parsed articles by path and content hash
(SQLite). The related lists of the last build are in :mod:`jarida.related.store`, the manifest
of each output in :mod:`jarida.manifest`.

JSON and SQLite only, never pickle. A cache written by another Jarida version or with other
settings that affect parsing is ignored as a whole; a corrupt or foreign one is discarded with a
note. Nothing here can make a page wrong: at worst, work is done again.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from jarida import __version__
from jarida.content.seen import Seen
from jarida.layout import CACHE_DIR, OLD_PARSE_CACHE, PARSE_DB
from jarida.parsecodec import ParsedEntry

#: 5: slugs cut to a byte budget (a cached 288-byte title slug would still break the build);
#: parse warnings and other generators' template syntax kept with the parse; entries keyed by
#: the source's path and content (:func:`jarida.parsecodec.source_key`). 6: each link's tag
#: (``a`` or ``img``) and own line; ``image_caption`` and ``image_credit``. 7: ``featured``
#: and ``breaking_until``. 8: whether ``date`` and ``updated`` have a time of day
#: (``date_timed``, ``updated_timed``). 9: how each source was when it was read
#: (:mod:`jarida.content.seen`).
FORMAT = 9


#: What :class:`ParseCache` keeps of an entry it no longer needs to hand out.
_RELEASED = ParsedEntry(meta="", terms="", counts="")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parsed (
    source_key TEXT PRIMARY KEY, meta TEXT NOT NULL, html TEXT NOT NULL,
    terms TEXT NOT NULL, counts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (
    source_id TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, digest TEXT NOT NULL,
    read_ns INTEGER NOT NULL
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
        #: The sources' records as the file has them; None once let go (:meth:`release`).
        self._seen: dict[str, Seen] | None = {}
        try:
            self._rows, self._seen = self._load(clean=clean)
        except sqlite3.Error:
            self._close()
            self.note = f"{PARSE_DB} was unreadable; it will be rebuilt"
            if writable:
                self._discard()
        if writable:  # the JSON parse cache of earlier Jarida builds: replaced by this one
            (self.path.parent / OLD_PARSE_CACHE).unlink(missing_ok=True)

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

    def _load(self, *, clean: bool) -> tuple[dict[str, ParsedEntry], dict[str, Seen]]:
        """The rows kept; with ``clean``, none: the cache is emptied without reading them (those
        of 100,000 articles take ~0.5 GB in memory)."""
        if not self.path.is_file():
            return {}, {}
        db = self._connect()
        if db is None:
            return {}, {}
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if not {"info", "parsed", "seen"} <= tables:
            self.note = f"{PARSE_DB} is not a Jarida cache; replaced"
            self._reset(db)
            return {}, {}
        info = dict(db.execute("SELECT name, value FROM info"))
        if info != self._info():
            self.note = f"{PARSE_DB} is from another Jarida version or settings; rebuilt"
            self._reset(db)
            return {}, {}
        if clean:
            self._reset(db)
            return {}, {}
        rows = db.execute("SELECT source_key, meta, terms, counts FROM parsed")
        entries = {key: ParsedEntry(*rest) for key, *rest in rows}
        seen = {
            source_id: Seen((size, mtime, ctime, inode), digest, read_ns)
            for source_id, size, mtime, ctime, inode, digest, read_ns in db.execute(
                "SELECT * FROM seen"
            )
        }
        return entries, seen

    def _info(self) -> dict[str, str]:
        return {"format": str(FORMAT), "version": __version__, "key": self.key}

    def _reset(self, db: sqlite3.Connection) -> None:
        """Empty the cache (only when writable: a read-only one is just not used)."""
        if not self.writable:
            return
        db.executescript(
            "DROP TABLE IF EXISTS parsed; DROP TABLE IF EXISTS info; DROP TABLE IF EXISTS seen;"
            + _SCHEMA
        )

    @property
    def entries(self) -> Mapping[str, ParsedEntry]:
        """Every cached parse by :func:`source_key` (without the HTML: see :meth:`html`)."""
        return MappingProxyType(self._rows)

    def release(self) -> None:
        """Forget the loaded entries (kept: what is in the cache, and the HTML lookups): once
        decoded they are a few KB an article held for nothing (gigabytes at 100,000); and the
        sources' records (~340 bytes a source: a later save given records writes them whole)."""
        self._rows = dict.fromkeys(self._rows, _RELEASED)
        self._seen = None

    @property
    def seen(self) -> Mapping[str, Seen]:
        """How each source was when the last build read it, by id (none once released)."""
        return MappingProxyType(self._seen or {})

    def html(self, key: str) -> str:
        return _html(self._connect(), key)

    def save(
        self,
        fresh: Mapping[str, tuple[ParsedEntry, str]],
        keep: set[str] | None = None,
        seen: Mapping[str, Seen] | None = None,
    ) -> str:
        """Add ``fresh`` (entries with their HTML) and, given ``keep``, drop the rows not in it;
        given ``seen``, keep it as the sources' records (only the rows that changed written);
        in one transaction. Returns a note when the cache could not be written."""
        stale = set() if keep is None else set(self._rows) - keep
        whole = seen is not None and self._seen is None  # the file's records not known
        known = self._seen or {}
        seen = known if seen is None else seen
        told = [(i, *r.stat, r.digest, r.read_ns) for i, r in seen.items() if known.get(i) != r]
        gone = [(i,) for i in known if i not in seen]
        if not self.writable or not (fresh or stale or told or gone or whole):
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
            if whole:
                db.execute("DELETE FROM seen")
            db.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?, ?, ?, ?)", told)
            db.executemany("DELETE FROM seen WHERE source_id = ?", gone)
            db.execute("COMMIT")
        except (OSError, sqlite3.Error) as exc:
            self._close()
            return f"could not write the cache {self.path}: {exc}"
        self._rows = {d: e for d, e in self._rows.items() if d not in stale}
        self._rows |= dict.fromkeys(fresh, _RELEASED)  # the caller has them
        if self._seen is not None or whole:  # written whole: known again
            self._seen = dict(seen)
        return ""


def _html(db: sqlite3.Connection | None, key: str) -> str:
    found = db and db.execute("SELECT html FROM parsed WHERE source_key = ?", (key,)).fetchone()
    if not found:
        raise LookupError(f"{PARSE_DB} lost the body of {key}; build with --clean")
    return str(found[0])


class SharedBodies:
    """The bodies of the parse cache of the site at ``root``, read there by a worker that is not
    forked from the build (a Dask worker that shares the site's folder): only the path travels
    with it; each process opens the file read-only when it first reads a body."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / PARSE_DB
        self._db: sqlite3.Connection | None = None

    def __getstate__(self) -> Path:
        return self.path

    def __setstate__(self, path: Path) -> None:
        self.path, self._db = path, None

    def html(self, key: str) -> str:
        if self._db is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, timeout=60, check_same_thread=False)
        return _html(self._db, key)
