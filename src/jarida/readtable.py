"""The table of what each page's templates read when it was last rendered, kept between builds
in its own file beside the output's manifest (``.jarida/reads-<folder>.json``), so that a no-op
build, which only reads the manifest, never loads it.

Per key (:func:`jarida.fingerprint.replay_all` finds its value again): the digest of the value
it gave on the last build's site. Per page: the numbers of its keys, in the order read, and the
digest of their values' digests (:func:`jarida.digests.reads_digest`). A build replays every
key, and only the pages that read a key whose value changed have their reads combined again;
every other page's reads digest is the one kept here (one lookup).

New keys are appended to the table: the pages kept keep their numbers (one new article used to
renumber every page's entry). The table is made again, sorted and without the keys no page
reads any more, only when a build rendered most pages anyway.

The manifest names the digest of this file's text (:attr:`jarida.manifest.Manifest.reads`): a
table that is not the one the manifest was written with, damaged, or of another format is read
as empty (every page rendered again, never a stale one).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from types import MappingProxyType

from jarida import __version__
from jarida.cachefile import write_cache_chunks
from jarida.jsonblocks import array_chunks, document_chunks, object_chunks
from jarida.readcolumns import Entries

#: The layout of the file's JSON.
READS_FORMAT = 1


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Reads:
    """What each page's templates read when it was last rendered: a table of keys (with the
    digest of each one's value then), and per output path the indexes of its keys in the table,
    in the order they were read (hexadecimal, comma-separated: a site's pages hold some hundred
    reads each, and this form keeps them small), with the digest of their values."""

    keys: Sequence[str] = ()
    pages: Mapping[str, str] = field(default_factory=_empty)
    #: Per key: the digest of its value on the last build's site (empty: not known).
    values: Sequence[str] = ()
    #: Per output path: the digest of its reads' digests (:func:`jarida.digests.reads_digest`).
    digests: Mapping[str, str] = field(default_factory=_empty)

    def indexes(self, path: str) -> list[int] | None:
        """The indexes in :attr:`keys` of what ``path`` read (None: unknown, or unreadable)."""
        found = self.pages.get(path)
        if not isinstance(found, str):
            return None
        try:
            numbers = list(map(int, found.split(","), repeat(16))) if found else []
        except ValueError:
            return None
        if numbers and not (min(numbers) >= 0 and max(numbers) < len(self.keys)):
            return None
        return numbers

    def keys_of(self, path: str) -> list[str] | None:
        numbers = self.indexes(path)
        return None if numbers is None else [self.keys[n] for n in numbers]

    def to_json(self, *, key: str) -> str:
        """The table as JSON for the output folder ``key``: the same bytes for the same table."""
        return "".join(self.json_chunks(key=key))

    def json_chunks(self, *, key: str) -> Iterator[str]:
        """:meth:`to_json`'s text a block of entries at a time (at 100,000 articles the text is
        ~0.5 GB: never held whole, and the columns never copied whole)."""
        fields = {"format": READS_FORMAT, "version": __version__, "key": key}
        large = {
            "digests": object_chunks(self.digests),
            "keys": array_chunks(self.keys),
            "pages": object_chunks(self.pages),
            "values": array_chunks(self.values),
        }
        return document_chunks(fields, large)

    @classmethod
    def from_json(cls, text: str | bytes, *, key: str) -> Reads:
        """The table in ``text``; an empty one when it is not one of this format and version
        for the output folder ``key``, or damaged."""
        try:
            data = json.loads(text)
        except ValueError:
            return cls()
        if not isinstance(data, dict) or (
            data.get("format"),
            data.get("version"),
            data.get("key"),
        ) != (READS_FORMAT, __version__, key):
            return cls()
        keys, values = data.get("keys"), data.get("values")
        pages, digests = data.get("pages"), data.get("digests")
        if not (isinstance(keys, list) and isinstance(values, list)) or len(values) != len(keys):
            return cls()
        if not (isinstance(pages, dict) and isinstance(digests, dict)):
            return cls()
        return cls(keys, MappingProxyType(pages), values, MappingProxyType(digests))


def _tag(digest: str) -> str:
    """What the manifest names a table's file by: the first half of its bytes' SHA-256."""
    return digest[:32]


def text_digest(text: str) -> str:
    """The tag of a table whose file holds ``text``."""
    return _tag(hashlib.sha256(text.encode("utf-8")).hexdigest())


def load_reads(path: Path, *, key: str, tag: str | None) -> Reads:
    """The table in the file ``path`` when its digest is ``tag`` (the manifest's); empty
    otherwise (no file, another build's, unreadable)."""
    if not tag:
        return Reads()
    try:
        data = path.read_bytes()  # hashed as read: no encoded copy of a decoded text to hash
    except OSError:
        return Reads()
    if _tag(hashlib.sha256(data).hexdigest()) != tag:
        return Reads()
    return Reads.from_json(data, key=key)  # bytes that are not UTF-8: a ValueError, empty


def save_reads(path: Path, reads: Reads, *, key: str) -> tuple[str, str]:
    """Write the table atomically: its digest for the manifest, and a note when it could not
    be written (the digest is then "": the next build renders every page again)."""
    digest, note = write_cache_chunks(path, reads.json_chunks(key=key))
    return ("", note) if note else (_tag(digest), "")


@dataclass(frozen=True, slots=True)
class Recorded:
    """What the pages a build rendered read: the keys, sorted, each once, with the digest of
    each one's value (the same on every page of one build); per page the numbers of its keys
    in the order read (at 100,000 articles there are ~135,000 pages of some hundred reads
    each), and the digest of their values' digests (:func:`jarida.digests.reads_digest`)."""

    table: Sequence[str]
    values: Sequence[str]
    pages: Mapping[str, Sequence[int]]
    digests: Mapping[str, str]

    @classmethod
    def of(
        cls,
        pages: Mapping[str, Sequence[str]],
        values: Mapping[str, str],
        digests: Mapping[str, str],
    ) -> Recorded:
        """The record of pages given by their keys (``values``: each key's digest)."""
        table = tuple(sorted({k for keys in pages.values() for k in keys}))
        number = {k: n for n, k in enumerate(table)}
        rows = {p: [number[k] for k in keys] for p, keys in pages.items()}
        return cls(table, tuple(values[k] for k in table), rows, digests)


def next_reads(
    last: Reads,
    replayed: Sequence[str],
    kept: Mapping[str, str],
    rendered: Recorded,
) -> Reads:
    """The table after a build: the kept pages' entries as ``last`` has them, with their reads
    digests (``kept``: by output path), the rendered pages' new ones. ``replayed``: the digest
    of each key of ``last`` on this build's site; a key a rendered page read keeps the digest
    its render recorded. New keys are appended (no kept page's entry
    changes) unless the build rendered most pages: the table is then made again, sorted, with
    only the keys some page reads (as a clean build makes it)."""
    digests = dict(kept) | dict(rendered.digests)
    if len(rendered.pages) > len(kept) or len(replayed) != len(last.keys):
        return _made_again(last, replayed, kept, rendered, digests)
    position = {k: n for n, k in enumerate(last.keys)}
    keys, values = list(last.keys), list(replayed)
    pages = {p: last.pages[p] for p in kept if p in last.pages}
    hexes: dict[int, str] = {}
    numbered = []  # each rendered key's number in the table
    for k, value in zip(rendered.table, rendered.values, strict=True):
        n = position.get(k)
        if n is None:
            n = position[k] = len(keys)
            keys.append(k)
            values.append(value)
        else:  # as rendered: a read replay cannot find again then differs next time
            values[n] = value
        numbered.append(_hex(n, hexes))
    for path, read in rendered.pages.items():
        pages[path] = ",".join(map(numbered.__getitem__, read))
    return _table(keys, values, pages, digests)


def _made_again(
    last: Reads,
    replayed: Sequence[str],
    kept: Mapping[str, str],
    rendered: Recorded,
    digests: dict[str, str],
) -> Reads:
    old = {p: [last.keys[n] for n in ns] for p in kept if (ns := last.indexes(p)) is not None}
    if not old:  # a clean build: the rendered pages alone
        return _afresh(rendered, digests)
    return _merged(last, replayed, old, rendered, digests)


def _merged(
    last: Reads,
    replayed: Sequence[str],
    old: Mapping[str, Sequence[str]],
    rendered: Recorded,
    digests: dict[str, str],
) -> Reads:
    """The table of the kept pages' keys (``old``) and the rendered pages', sorted."""
    value_of = dict(zip(last.keys, replayed, strict=False))
    value_of.update(zip(rendered.table, rendered.values, strict=True))
    every = {k for read in old.values() for k in read}
    every.update(rendered.table)
    keys = sorted(every)
    del every
    hexes = {k: format(n, "x") for n, k in enumerate(keys)}
    pages = {p: ",".join(map(hexes.__getitem__, r)) for p, r in old.items()}
    numbered = [hexes[k] for k in rendered.table]
    del hexes
    for path, read in rendered.pages.items():
        pages[path] = ",".join(map(numbered.__getitem__, read))
    return _table(keys, [value_of.get(k, "") for k in keys], pages, digests)


def _afresh(rendered: Recorded, digests: dict[str, str]) -> Reads:
    """The table of the rendered pages alone: theirs, as it is (what :func:`_merged` makes of
    them, without a set and a dict of every key and a dict of their digests, ~250 MB at
    100,000 articles at the main process's peak). Its pages' entries are made as they are
    read (:class:`~jarida.readcolumns.Entries`), not held as strings (~200 MB more)."""
    pages = Entries(rendered.pages)
    return Reads(rendered.table, pages, rendered.values, _digests_of(pages, digests))


def _hex(number: int, known: dict[int, str]) -> str:
    found = known.get(number)
    if found is None:
        found = known[number] = format(number, "x")
    return found


def _table(
    keys: Sequence[str], values: Sequence[str], pages: dict[str, str], digests: dict[str, str]
) -> Reads:
    return Reads(
        tuple(keys),
        MappingProxyType(dict(sorted(pages.items()))),
        tuple(values),
        _digests_of(pages, digests),
    )


def _digests_of(pages: Mapping[str, str], digests: Mapping[str, str]) -> Mapping[str, str]:
    """The reads digests of the pages the table has an entry for, by path in order."""
    return MappingProxyType({p: digests[p] for p in sorted(pages) if p in digests})
