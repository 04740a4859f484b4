"""The encoding of what templates see: a JSON value standing for each value of a page's context
(:func:`encode`), shared objects by reference (``["doc", id]``, ``["term", kind, slug]``,
``["site"]``), and the digest of one recorded read (:func:`read_digest`). :mod:`jarida.reads`
records the reads; :mod:`jarida.digests` hashes the encodings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from json.encoder import encode_basestring as _quoted  # json_text of a text, without the call
from types import FunctionType, MappingProxyType
from typing import Any, cast

from jarida.config import Config
from jarida.digests import digest, json_text
from jarida.model import Article, Body, Site, Term


class Referring:
    """What a view of a shared object is to the encoding: its reference (``_jarida_ref``)."""

    __slots__ = ()
    _jarida_ref: tuple[Any, ...]


class _Missing:
    """The value of a read that found nothing (a deleted article, a term no longer used)."""

    __slots__ = ()


MISSING = _Missing()

#: Values that are their own encoding.
PLAIN = frozenset({str, int, float, bool, type(None)})

#: A sequence at least this long is encoded as the digest of its items: a list's page links
#: (``pager.urls``, one per page of the list) would otherwise be hashed again for every page.
LONG = 64

#: How a value of a type is encoded (the value, the memo).
Encoder = Callable[[Any, "Memo | None"], Any]


@dataclass(slots=True)
class Memo:
    """What encoding the contexts of one build keeps from one call to the next."""

    #: Long tuples already encoded, by identity (the tuple is kept, so its id is not reused).
    tuples: dict[int, tuple[tuple[Any, ...], Any]] = field(default_factory=dict)
    #: How each type met so far is encoded: found once per type, by the type alone (a page's
    #: job, its kind and its pager went through :func:`_encoder`'s checks on every page).
    encoders: dict[type, Encoder] = field(default_factory=dict)


def encode(value: object, memo: Memo | None = None) -> Any:
    """A JSON value standing for ``value`` as templates see it (shared objects by reference);
    ``memo`` keeps long tuples' encodings for later calls (the same tuple in many contexts)."""
    kind = type(value)
    if kind in PLAIN:
        return value
    found = _EXACT.get(kind)
    if found is None:
        if memo is None:
            found = _encoder(kind)
        else:
            found = memo.encoders.get(kind)
            if found is None:
                found = memo.encoders[kind] = _encoder(kind)
    return found(value, memo)


def _encoder(kind: type) -> Encoder:
    """How :func:`encode` encodes the values of a type not in :data:`_EXACT` (subclasses,
    views, jobs, enums...), decided by the type alone (kept in :attr:`Memo.encoders`)."""
    if kind is _Missing:
        return lambda value, memo: ["missing"]
    if issubclass(kind, Referring):  # a view
        return lambda value, memo: list(value._jarida_ref)
    if issubclass(kind, datetime | date):
        return _moment
    if issubclass(kind, timedelta):
        return lambda value, memo: ["td", value.total_seconds()]
    if issubclass(kind, Site):
        return lambda value, memo: site_ref(value)
    if issubclass(kind, Config):
        return lambda value, memo: ["config"]  # in every page's base digest
    if issubclass(kind, Body):
        return _body
    if issubclass(kind, Mapping):
        return _mapping
    if issubclass(kind, tuple | list):
        return _sequence
    if issubclass(kind, set | frozenset):
        return _set
    if issubclass(kind, Enum):  # a job's kind: the string it stands for
        return lambda value, memo: encode(value.value)
    if is_dataclass(kind):
        return _dataclass(kind)
    if issubclass(kind, FunctionType):
        return lambda value, memo: ["fn", value.__module__, value.__qualname__]
    return lambda value, memo: ["repr", repr(value)]


def _moment(value: datetime | date, memo: Memo | None) -> Any:
    return ["dt", value.isoformat()]


def _body(value: Body, memo: Memo | None) -> Any:
    body = [value.key, encode(value.rewrites, memo), value.base_path]
    return ["body", *body, encode(value.pictures, memo)]


def _set(value: set[Any] | frozenset[Any], memo: Memo | None) -> Any:
    return ["set", sorted(json.dumps(encode(v, memo), sort_keys=True) for v in value)]


def _dataclass(kind: type) -> Encoder:
    """``[class name, [each field encoded]]``."""
    name, names = kind.__name__, tuple(f.name for f in fields(kind))

    def encoded(value: object, memo: Memo | None) -> Any:
        plain = PLAIN
        found = [getattr(value, n) for n in names]
        return [name, [v if type(v) in plain else encode(v, memo) for v in found]]

    return encoded


def _items(value: tuple[Any, ...] | list[Any], memo: Memo | None) -> list[Any]:
    plain = PLAIN
    return [v if type(v) in plain else encode(v, memo) for v in value]


def _sequence(value: tuple[Any, ...] | list[Any], memo: Memo | None) -> Any:
    if len(value) < LONG:
        return _items(value, memo)
    if memo is not None and type(value) is tuple:
        known = memo.tuples.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
    encoded = ["many", digest(_items(value, memo))]
    if memo is not None and type(value) is tuple:
        memo.tuples[id(value)] = (value, encoded)
    return encoded


def _mapping(value: Mapping[Any, Any], memo: Memo | None) -> Any:
    """``["map", [[key, value], ...]]``, sorted by key (as text)."""
    if all(type(k) is str for k in value):  # unique texts: sorting the keys sorts the pairs
        plain = PLAIN
        return [
            "map",
            [[k, v if type(v) in plain else encode(v, memo)] for k, v in sorted(value.items())],
        ]
    return ["map", sorted([str(k), encode(v, memo)] for k, v in value.items())]


def _term(value: Term, memo: Memo | None) -> Any:
    return term_ref(value)


def term_ref(term: Term) -> list[str]:
    """How a term is referred to: ``["term", kind, slug]``, and its edition's code (another
    edition's term of the same slug is another term)."""
    ref = ["term", term.kind, term.slug]
    return [*ref, term.edition] if term.edition else ref


def site_ref(site: Site) -> list[str]:
    """How a site is referred to: ``["site"]``, or ``["edition", code]`` for another edition."""
    return ["edition", site.config.edition] if site.config.edition else ["site"]


def _doc(value: Article, memo: Memo | None) -> Any:
    return ["doc", value.id]


#: How the most frequent types are encoded, by exact type (:func:`_encode_other` the others,
#: in the same way).
_EXACT: Mapping[type, Encoder] = MappingProxyType(
    {
        tuple: _sequence,
        list: _sequence,
        Article: _doc,
        Term: _term,
        dict: _mapping,
        MappingProxyType: _mapping,
        datetime: _moment,
        date: _moment,
        Site: lambda value, memo: site_ref(value),
    }
)


#: The JSON of the scalars that are not numbers or texts.
_SCALARS: Mapping[object, str] = MappingProxyType({True: "true", False: "false", None: "null"})


def read_digest(text: str, value: object) -> str:
    """The digest of one read: 64 bits, as the related lists' row fingerprints (two values of
    the same read with the same digest, odds about 2⁻⁶⁴, would keep a stale page)."""
    kind = type(value)
    encoded: str | None
    if kind is str:
        encoded = _quoted(cast(str, value))
    else:  # the JSON of the most frequent others written out: json's own is slow for them
        encoded = _SCALARS.get(value) if kind is bool or value is None else None
        if encoded is None:
            encoded = str(value) if kind is int else json_text(encode(value))
    return hashlib.sha256(f"{text}\0{encoded}".encode()).hexdigest()[:16]
