"""What a page's templates read of the site, recorded while it renders and replayed later.

A page's context holds plain values (its URL, its pager's links, ...) and the site's shared
objects: articles, terms and the site itself. The plain values are hashed as they are
(:func:`jarida.encoding.encode`); a shared object is hashed as a reference (``["doc", id]``),
and what the templates read of it, field by field (``article.title``,
``site.taxonomies["tags"]["t1"]``, ``site.built_at.year``), is recorded during rendering by the
views :func:`track` puts in the context in place of the objects. Python code called with a view
(a ``site`` method, the structured-data helpers) reads through it too, so its reads are recorded
as well. A page has one view per object, and a view keeps what each field gave: only the first
read of a field on a page is recorded, the others are plain attribute lookups.

A read is a key (:func:`jarida.fingerprint.replay_all` finds its value again on another build's
site) and the digest of the value it gave. A page whose plain values and recorded reads give the
same digests on the next build shows the same thing: its templates take the same path through the
same values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from types import FunctionType, MappingProxyType
from typing import Any

from jarida.digests import key_text
from jarida.encoding import MISSING, PLAIN, Referring, encode, read_digest, site_ref, term_ref
from jarida.model import Article, Body, BodyStore, NoBodies, Pager, ShownBody, Site, Term

#: ``Site`` fields that are mappings of shared objects: read key by key, not as a whole.
_SITE_MAPPINGS = frozenset({"articles", "pages", "taxonomies", "related", "term_texts"})

#: The parts of a ``datetime`` a template may read without depending on the whole moment.
_PARTS = frozenset({"year", "month", "day", "hour", "minute", "second", "microsecond"})

Key = tuple[Any, ...]


Pair = tuple[str, str]


def _pair(key: Key, value: object) -> Pair:
    """A read as pages record it: its key's text, and the digest of the value it gave."""
    text = key_text(key)
    return text, read_digest(text, value)


class ReadMemo:
    """What reads gave on the pages rendered so far from one site, shared by all of them (a
    key's value is the same on every page of one build): by key, and, for the views, by object
    and field, so that a view's first read of a field on a page is found by the field's name
    alone."""

    __slots__ = ("by_key", "fields")

    def __init__(self) -> None:
        self.by_key: dict[Key, Pair] = {}
        self.fields: dict[tuple[Any, ...], dict[str, Pair]] = {}


class Recorder:
    """The reads of one page, in the order made (each once), with their values' digests: by the
    key's text, which stands for the key.

    ``memo`` is shared by every page rendered from the same site. ``bodies`` is where the views
    find the HTML of the bodies a page shows (:class:`ShownBody`).
    """

    def __init__(self, memo: ReadMemo | None = None, bodies: BodyStore | None = None) -> None:
        self.memo = ReadMemo() if memo is None else memo
        self.bodies: BodyStore = NoBodies() if bodies is None else bodies
        self.reads: dict[str, Pair] = {}
        #: The page's views, by reference: an object shown many times is one view, its
        #: fields read once.
        self.views: dict[tuple[Any, ...], _View] = {}

    def view(self, obj: object, ref: tuple[Any, ...], kind: type[_View]) -> _View:
        """The page's view of ``obj`` (``ref``: how :func:`encode` refers to it)."""
        found = self.views.get(ref)
        if found is None or found._jarida_obj is not obj:
            fields = self.memo.fields.get(ref)
            if fields is None:
                fields = self.memo.fields[ref] = {}
            found = self.views[ref] = kind(obj, self, ref, fields)
        return found

    def read(self, key: Key, value: object) -> None:
        known = self.memo.by_key.get(key)
        if known is None:
            known = self.memo.by_key[key] = _pair(key, value)
        self.reads[known[0]] = known  # read before: the same pair, its place kept

    def pairs(self) -> tuple[Pair, ...]:
        """(key, digest of its value) of every read."""
        return tuple(self.reads.values())


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


class _View(Referring):
    """A shared object seen by templates: the first read of each field is recorded, and the
    value it gave kept in the view's ``__dict__``, so that later reads of it on the same page
    are plain attribute lookups (no bookkeeping: the read is recorded already)."""

    __slots__ = ("__dict__", "_jarida_fields", "_jarida_obj", "_jarida_recorder", "_jarida_ref")

    def __init__(
        self, obj: Any, recorder: Recorder, ref: tuple[Any, ...], fields: dict[str, Pair]
    ) -> None:
        object.__setattr__(self, "_jarida_obj", obj)
        object.__setattr__(self, "_jarida_recorder", recorder)
        object.__setattr__(self, "_jarida_ref", ref)
        #: The reads of this object's fields known so far (the memo's), by field.
        object.__setattr__(self, "_jarida_fields", fields)

    def __getattr__(self, name: str) -> Any:  # only what this view has not read yet
        if name[0] == "_":  # no field of the model starts so
            raise AttributeError(name)
        obj = self._jarida_obj
        members = _MEMBERS.get(obj.__class__)
        member = _member(obj.__class__, name) if members is None else members.get(name)
        if member is None:
            found = self._jarida_field(name, getattr(obj, name))
        else:
            found = member.__get__(self)  # a property or method: its reads go through this view
        self.__dict__[name] = found
        return found

    def _jarida_field(self, name: str, value: Any) -> Any:
        recorder = self._jarida_recorder
        known = self._jarida_fields.get(name)
        if known is None:
            known = self._jarida_fields[name] = _pair((self._jarida_ref, "attr", name), value)
        recorder.reads[known[0]] = known
        return value if type(value) in PLAIN else wrap(value, recorder)

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
        recorder = self._jarida_recorder
        if name in _SITE_MAPPINGS:
            return _MappingView(value, recorder, (*self._jarida_ref, name))
        if isinstance(value, datetime):
            return _moment(value, recorder, (*self._jarida_ref, name))
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
        known = key if type(key) in PLAIN else key_text(encode(key))
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
        known = key if type(key) in PLAIN else key_text(encode(key))
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


#: Values templates get as they are (:func:`wrap` would give them back after its checks): a
#: field's mapping of front-matter values or of term slugs, a date.
_AS_IS = frozenset({MappingProxyType, dict, datetime, date})


def wrap(value: Any, recorder: Recorder) -> Any:
    """``value`` as templates get it: shared objects behind views, containers rebuilt, bodies
    readable."""
    kind = type(value)
    if kind in PLAIN or kind in _AS_IS:
        return value
    if kind is Body:
        return ShownBody(value, recorder.bodies)
    if isinstance(value, Article):
        return recorder.view(value, ("doc", value.id), _View)  # as encode() refers to them
    if isinstance(value, Term):
        return recorder.view(value, tuple(term_ref(value)), _View)
    if isinstance(value, Site):
        return recorder.view(value, tuple(site_ref(value)), _SiteView)
    if isinstance(value, (tuple, list)):
        if PLAIN.issuperset(map(type, value)):  # a term's article ids: thousands, looked at in C
            return value
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
