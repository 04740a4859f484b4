"""What a page's templates read of the site, recorded while it renders and replayed later.

A page's context holds plain values (its URL, its pager's links, ...) and the site's shared
objects: articles, terms and the site itself. The plain values are hashed as they are
(:func:`encode`); a shared object is hashed as a reference (``["doc", id]``), and what the
templates read of it, field by field (``article.title``, ``site.taxonomies["tags"]["t1"]``,
``site.built_at.year``), is recorded during rendering by the views :func:`track` puts in the
context in place of the objects. Python code called with a view (a ``site`` method, the
structured-data helpers) reads through it too, so its reads are recorded as well.

A read is a key (:func:`jarida.fingerprint.replay_all` finds its value again on another build's
site) and the digest of the value it gave. A page whose plain values and recorded reads give the
same digests on the next build shows the same thing: its templates take the same path through the
same values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum
from json.encoder import encode_basestring as _quoted  # json_text of a text, without the call
from types import FunctionType, MappingProxyType
from typing import Any

from jarida.config import Config
from jarida.digests import digest, json_text, key_text
from jarida.model import Article, Body, BodyStore, NoBodies, Pager, ShownBody, Site, Term


class _Missing:
    """The value of a read that found nothing (a deleted article, a term no longer used)."""

    __slots__ = ()


MISSING = _Missing()

#: ``Site`` fields that are mappings of shared objects: read key by key, not as a whole.
_SITE_MAPPINGS = frozenset({"articles", "pages", "taxonomies", "related"})

#: The parts of a ``datetime`` a template may read without depending on the whole moment.
_PARTS = frozenset({"year", "month", "day", "hour", "minute", "second", "microsecond"})

Key = tuple[Any, ...]

#: Values that are their own encoding.
_PLAIN = frozenset({str, int, float, bool, type(None)})


#: A sequence at least this long is encoded as the digest of its items: a list's page links
#: (``pager.urls``, one per page of the list) would otherwise be hashed again for every page.
LONG = 64

#: Long tuples already encoded, by identity (the tuple is kept, so its id is not reused).
Memo = dict[int, tuple[tuple[Any, ...], Any]]


def encode(value: object, memo: Memo | None = None) -> Any:
    """A JSON value standing for ``value`` as templates see it (shared objects by reference);
    ``memo`` keeps long tuples' encodings for later calls (the same tuple in many contexts)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    exact = _EXACT.get(kind)  # the types of every context, found in one lookup
    if exact is not None:
        return exact(value, memo)
    return _encode_other(value, memo)


def _encode_other(value: object, memo: Memo | None) -> Any:
    """:func:`encode` of a value of a type not in :data:`_EXACT` (subclasses, views...)."""
    if value is MISSING:
        return ["missing"]
    if isinstance(value, _View):
        return list(value._jarida_ref)
    if isinstance(value, datetime | date):
        return ["dt", value.isoformat()]
    if isinstance(value, timedelta):
        return ["td", value.total_seconds()]
    if isinstance(value, Site):
        return ["site"]
    if isinstance(value, Config):
        return ["config"]  # in every page's base digest
    if isinstance(value, Body):
        return ["body", value.key, encode(value.rewrites, memo), value.base_path]
    if isinstance(value, Mapping):
        return _mapping(value, memo)
    if isinstance(value, tuple | list):
        return _sequence(value, memo)
    if isinstance(value, set | frozenset):
        return ["set", sorted(json.dumps(encode(v, memo), sort_keys=True) for v in value)]
    if isinstance(value, Enum):  # a job's kind: the string it stands for
        return encode(value.value)
    if is_dataclass(value) and not isinstance(value, type):
        names = _field_names(type(value))
        return [type(value).__name__, [encode(getattr(value, n), memo) for n in names]]
    if isinstance(value, FunctionType):
        return ["fn", value.__module__, value.__qualname__]
    return ["repr", repr(value)]


def _items(value: tuple[Any, ...] | list[Any], memo: Memo | None) -> list[Any]:
    plain = _PLAIN
    return [v if type(v) in plain else encode(v, memo) for v in value]


def _sequence(value: tuple[Any, ...] | list[Any], memo: Memo | None) -> Any:
    if len(value) < LONG:
        return _items(value, memo)
    if memo is not None and type(value) is tuple:
        known = memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
    encoded = ["many", digest(_items(value, memo))]
    if memo is not None and type(value) is tuple:
        memo[id(value)] = (value, encoded)
    return encoded


def _mapping(value: Mapping[Any, Any], memo: Memo | None) -> Any:
    """``["map", [[key, value], ...]]``, sorted by key (as text)."""
    if all(type(k) is str for k in value):  # unique texts: sorting the keys sorts the pairs
        plain = _PLAIN
        return [
            "map",
            [[k, v if type(v) in plain else encode(v, memo)] for k, v in sorted(value.items())],
        ]
    return ["map", sorted([str(k), encode(v, memo)] for k, v in value.items())]


def _term(value: Term, memo: Memo | None) -> Any:
    return ["term", value.kind, value.slug]


def _doc(value: Article, memo: Memo | None) -> Any:
    return ["doc", value.id]


#: How the most frequent types are encoded, by exact type (:func:`_encode_other` the others,
#: in the same way).
_EXACT: Mapping[type, Callable[[Any, Memo | None], Any]] = MappingProxyType(
    {
        tuple: _sequence,
        list: _sequence,
        Article: _doc,
        Term: _term,
        dict: _mapping,
        MappingProxyType: _mapping,
        datetime: lambda value, memo: ["dt", value.isoformat()],
        date: lambda value, memo: ["dt", value.isoformat()],
        Site: lambda value, memo: ["site"],
    }
)


#: The field names of the model's dataclasses, the ones encoded on every page.
_FIELDS: Mapping[type, tuple[str, ...]] = MappingProxyType(
    {kind: tuple(f.name for f in fields(kind)) for kind in (Article, Term, Site, Body, Pager)}
)


def _field_names(kind: type) -> tuple[str, ...]:
    known = _FIELDS.get(kind)
    return tuple(f.name for f in fields(kind)) if known is None else known


def read_digest(text: str, value: object) -> str:
    """The digest of one read: 64 bits, as the related lists' row fingerprints (two values of
    the same read with the same digest, odds about 2⁻⁶⁴, would keep a stale page)."""
    encoded = _quoted(value) if type(value) is str else json_text(encode(value))
    return hashlib.sha256(f"{text}\0{encoded}".encode()).hexdigest()[:16]


class Recorder:
    """The reads of one page, in the order made (each once), with their values' digests.

    ``memo`` is shared by every page rendered from the same site: the value of a key is the
    same for all of them. ``bodies`` is where the views find the HTML of the bodies a page
    shows (:class:`ShownBody`).
    """

    def __init__(self, memo: dict[Key, tuple[str, str]], bodies: BodyStore | None = None) -> None:
        self.memo = memo
        self.bodies: BodyStore = NoBodies() if bodies is None else bodies
        self.reads: dict[Key, tuple[str, str]] = {}

    def read(self, key: Key, value: object) -> None:
        if key in self.reads:
            return
        known = self.memo.get(key)
        if known is None:
            text = key_text(key)
            known = self.memo[key] = (text, read_digest(text, value))
        self.reads[key] = known

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """(key, digest of its value) of every read."""
        return tuple(self.reads.values())


_get = object.__getattribute__


def _member(kind: type[object], name: str) -> Any:
    """The property or function ``name`` of the class ``kind`` (None: a field, read and
    recorded)."""
    member = getattr(kind, name, None)
    return member if type(member) is property or type(member) is FunctionType else None


def _members(kind: type[object]) -> Mapping[str, Any]:
    found = {name: _member(kind, name) for name in dir(kind) if not name.startswith("_")}
    return MappingProxyType({name: m for name, m in found.items() if m is not None})


#: The properties and methods of the classes views stand for, looked up once: views are asked
#: for them on every page.
_MEMBERS: Mapping[type, Mapping[str, Any]] = MappingProxyType(
    {kind: _members(kind) for kind in (Article, Term, Site)}
)


def _method(kind: type[object], name: str) -> Any:
    members = _MEMBERS.get(kind)
    return _member(kind, name) if members is None else members.get(name)


class _View:
    """A shared object seen by templates: every field read is recorded (the view's own slots
    are read with ``object.__getattribute__``, not through its own ``__getattribute__``)."""

    __slots__ = ("_jarida_obj", "_jarida_recorder", "_jarida_ref")

    def __init__(self, obj: Any, recorder: Recorder, ref: tuple[Any, ...]) -> None:
        object.__setattr__(self, "_jarida_obj", obj)
        object.__setattr__(self, "_jarida_recorder", recorder)
        object.__setattr__(self, "_jarida_ref", ref)

    def __getattribute__(self, name: str) -> Any:
        if name[0] == "_":  # the view's own (and no field of the model starts so)
            return _get(self, name)
        obj = _get(self, "_jarida_obj")
        member = _method(obj.__class__, name)
        if member is None:
            return _get(self, "_jarida_field")(name, getattr(obj, name))
        return member.__get__(self)  # a property or method: its reads go through this view

    def _jarida_field(self, name: str, value: Any) -> Any:
        recorder = _get(self, "_jarida_recorder")
        key = (_get(self, "_jarida_ref"), "attr", name)
        if key not in recorder.reads:
            recorder.read(key, value)
        return value if type(value) in _PLAIN else wrap(value, recorder)

    def __repr__(self) -> str:
        self._jarida_recorder.read((self._jarida_ref, "repr", ""), repr(self._jarida_obj))
        return repr(self._jarida_obj)

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return bool(self._jarida_obj == unwrap(other))

    def __hash__(self) -> int:
        return hash(key_text(self._jarida_ref))


class _SiteView(_View):
    __slots__ = ()

    def _jarida_field(self, name: str, value: Any) -> Any:
        recorder = _get(self, "_jarida_recorder")
        if name in _SITE_MAPPINGS:
            return _MappingView(value, recorder, (*_get(self, "_jarida_ref"), name))
        if isinstance(value, datetime):
            return _moment(value, recorder, (*_get(self, "_jarida_ref"), name))
        return super()._jarida_field(name, value)


class _MappingView(Mapping[Any, Any]):
    """One of the site's mappings (``site.taxonomies``, ``site.articles``...): each key read is
    recorded, so that a page depends on the entries it looked up, not on all of them."""

    __slots__ = ("_obj", "_recorder", "_ref")

    def __init__(self, obj: Mapping[Any, Any], recorder: Recorder, ref: tuple[Any, ...]) -> None:
        self._obj, self._recorder, self._ref = obj, recorder, ref

    def _get(self, key: Any) -> Any:
        value = self._obj.get(unwrap(key), MISSING)
        # A key of another type (an object, not a slug or an id) is never found on replay:
        # such a page is rendered again every time, never kept stale.
        known = key if type(key) in _PLAIN else key_text(encode(key))
        if isinstance(value, Mapping):
            self._recorder.read((self._ref, "key", known), ["mapping"])
            return _MappingView(value, self._recorder, (*self._ref, known))
        self._recorder.read((self._ref, "key", known), value)
        return wrap(value, self._recorder)

    def __getitem__(self, key: Any) -> Any:
        found = self._get(key)
        if found is MISSING:
            raise KeyError(key)
        return found

    def get(self, key: Any, default: Any = None) -> Any:
        found = self._get(key)
        return default if found is MISSING else found

    def __contains__(self, key: object) -> bool:
        found = unwrap(key) in self._obj
        known = key if type(key) in _PLAIN else key_text(encode(key))
        self._recorder.read((self._ref, "in", known), found)
        return found

    def _all(self) -> list[Any]:
        keys = list(self._obj)
        self._recorder.read((self._ref, "keys", ""), keys)
        return keys

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _Moment(datetime):
    """A ``datetime`` of the site (``site.built_at``): reading its year alone depends on the year
    alone (the footer's copyright); any other use depends on the whole moment."""

    _jarida_recorder: Recorder
    _jarida_ref: tuple[Any, ...]

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("_jarida"):
            return object.__getattribute__(self, name)
        ref, recorder = self._jarida_ref, self._jarida_recorder
        value = super().__getattribute__(name)
        if name in _PARTS:
            recorder.read((ref, "attr", name), value)
        else:
            self._jarida_whole()
        return value

    def _jarida_whole(self) -> datetime:
        whole = datetime.fromisoformat(datetime.isoformat(self))
        ref = self._jarida_ref
        self._jarida_recorder.read((ref[:-1], "attr", ref[-1]), whole)
        return whole

    def __str__(self) -> str:
        return str(self._jarida_whole())

    def __repr__(self) -> str:
        return repr(self._jarida_whole())

    def __format__(self, spec: str) -> str:
        return format(self._jarida_whole(), spec)

    def __hash__(self) -> int:
        return hash(self._jarida_whole())

    def __eq__(self, other: object) -> bool:
        return self._jarida_whole() == other

    def __lt__(self, other: Any) -> bool:
        return bool(self._jarida_whole() < other)

    def __le__(self, other: Any) -> bool:
        return bool(self._jarida_whole() <= other)

    def __gt__(self, other: Any) -> bool:
        return bool(self._jarida_whole() > other)

    def __ge__(self, other: Any) -> bool:
        return bool(self._jarida_whole() >= other)

    def __sub__(self, other: Any) -> Any:
        return self._jarida_whole() - other

    def __add__(self, other: Any) -> Any:
        return self._jarida_whole() + other

    def __reduce__(self) -> Any:
        return self._jarida_whole().__reduce__()


def _moment(value: datetime, recorder: Recorder, ref: tuple[Any, ...]) -> _Moment:
    moment = _Moment(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        value.tzinfo,
        fold=value.fold,
    )
    object.__setattr__(moment, "_jarida_recorder", recorder)
    object.__setattr__(moment, "_jarida_ref", ref)
    return moment


def wrap(value: Any, recorder: Recorder) -> Any:
    """``value`` as templates get it: shared objects behind views, containers rebuilt, bodies
    readable."""
    if type(value) in _PLAIN:
        return value
    if type(value) is Body:
        return ShownBody(value, recorder.bodies)
    if isinstance(value, Article):
        return _View(value, recorder, ("doc", value.id))  # as encode() refers to them
    if isinstance(value, Term):
        return _View(value, recorder, ("term", value.kind, value.slug))
    if isinstance(value, Site):
        return _SiteView(value, recorder, ("site",))
    if isinstance(value, (tuple, list)):
        wrapped = [wrap(v, recorder) for v in value]
        if all(w is v for w, v in zip(wrapped, value, strict=True)):
            return value
        return type(value)(wrapped) if isinstance(value, list) else tuple(wrapped)
    if isinstance(value, Pager):
        return replace(value, articles=wrap(value.articles, recorder))
    return value


def unwrap(value: object) -> object:
    return value._jarida_obj if isinstance(value, _View) else value


def track(context: Mapping[str, Any], recorder: Recorder) -> dict[str, Any]:
    """``context`` with every shared object behind a view that records its reads."""
    return {name: wrap(value, recorder) for name, value in context.items()}
