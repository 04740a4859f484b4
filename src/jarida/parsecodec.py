"""A parse in the form a store keeps it: small values as JSON, the term bag as plain text, the
HTML beside them (read only when a page shows it); and the key a parse is kept by.

JSON only, never pickle: dates are tagged, everything else is a plain value. :mod:`jarida.parse`
encodes in its workers and decodes what a store hands back; :mod:`jarida.cache` stores entries
without knowing what they hold.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from sys import intern
from types import MappingProxyType
from typing import Any

from jarida.model import (
    NO_VALUES,
    ArticleBody,
    ArticleSource,
    Body,
    Heading,
    RenderedBody,
    SourceFile,
)

#: A term bag as parsing makes it: the terms, sorted, and how often each occurs.
Bag = tuple[tuple[str, ...], Sequence[int]]
#: A parse with its term bag, until the bags are set apart (:attr:`jarida.parse.ParseResult.bags`).
Decoded = tuple[ArticleSource, ArticleBody, Bag]


def source_key(source_id: str, digest: str) -> str:
    """What a parse is cached by: the source's path and the digest of its bytes. The same bytes
    are a page under ``content/pages/`` and an article elsewhere, so the bytes alone are not
    enough."""
    return hashlib.sha256(f"{source_id}\0{digest}".encode()).hexdigest()


def digest_of(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


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


#: The texts of a parse that many articles repeat, besides their terms and link targets: each
#: is held once (:func:`sys.intern`), not once per article, from the parse to the end of the
#: build (a parse's JSON texts are new objects each).
_SHARED = ("kind", "lang")

#: The JSON values :func:`_decode_value` changes (the others are their own decoding).
_NESTED = frozenset({list, dict})


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
    source: ArticleSource, body: RenderedBody, bag: Bag
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


def decode_parsed(entry: ParsedEntry, file: SourceFile, html: Body) -> Decoded:
    meta = json.loads(entry.meta)
    nested = _NESTED  # most fields are texts, numbers or null: no call for them
    fields = {
        name: _decode_value(value) if type(value) in nested else value
        for name, value in meta["source"].items()
    }
    # What many articles repeat held once, not once each (~1 KB an article: see _SHARED)
    fields["terms"] = MappingProxyType(
        {intern(k): tuple(map(intern, v)) for k, v in fields["terms"].items()}
    )
    fields["extra"] = MappingProxyType(fields["extra"]) if fields["extra"] else NO_VALUES
    fields.update({name: intern(fields[name]) for name in _SHARED if name in fields})
    fields["aliases"] = tuple(fields["aliases"])
    fields["warnings"] = tuple((line, message) for line, message in fields.get("warnings", ()))

    fields["foreign"] = tuple(tuple(hit) for hit in fields["foreign"])
    source = ArticleSource(id=file.id, path=file.path, digest=file.digest, **fields)
    body = ArticleBody(
        html=html,
        summary_text=meta["summary"],
        toc=tuple(Heading(*h) for h in meta["toc"]),
        word_count=meta["words"],
        links=tuple((intern(url), line, intern(tag)) for url, line, tag in meta["links"]),
        search_terms=meta["search"],
    )
    terms = tuple(map(intern, entry.terms.split("\n"))) if entry.terms else ()
    # the counts as one JSON array: the parser makes the integers in C
    counts = packed_counts(json.loads(f"[{entry.counts.replace(' ', ',')}]"))
    return source, body, (terms, counts)  # the term bag


#: Array type codes by the largest count they hold.
_CODES = (("B", 1 << 8), ("H", 1 << 16), ("I", 1 << 32), ("Q", 1 << 64))


def packed_counts(counts: Sequence[int]) -> Sequence[int]:
    """``counts`` in the smallest array that holds them: most are under 256, a byte each, not
    the 8-byte pointer a tuple holds (a build holds every article's bag until its related lists
    are made: ~1,100 bytes an article less, ~100 MB at 100,000 articles)."""
    top = max(counts, default=0)
    return array(next(code for code, limit in _CODES if top < limit), counts)
