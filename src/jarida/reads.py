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
from dataclasses import fields, replace
from datetime import date, datetime
from json.encoder import encode_basestring as _quoted  # as key_text quotes a text
from types import FunctionType, MappingProxyType
from typing import Any

from jarida.digests import key_text
from jarida.encoding import MISSING, PLAIN, Referring, encode, read_digest, site_ref, term_ref
from jarida.model import Article, Body, BodyStore, NoBodies, Pager, ShownBody, Site, Term
from jarida.moments import moment

#: ``Site`` fields that are mappings of shared objects: read key by key, not as a whole.
_SITE_MAPPINGS = frozenset({"articles", "pages", "taxonomies", "related", "term_texts"})

Key = tuple[Any, ...]


Pair = tuple[str, str]


class ReadMemo:
    """What reads gave on the pages rendered so far from one site, shared by all of them (a
    key's value is the same on every page of one build): by key, and, for the views, by object
    and field (or by mapping and key), so that a view's first read of a field on a page is
    found by the field's name alone."""

    __slots__ = ("by_key", "fields", "texts")

    def __init__(self) -> None:
        self.by_key: dict[Key, Pair] = {}
        self.fields: dict[tuple[Any, ...], dict[Any, Pair]] = {}
        #: Each reference's JSON text, the start of its reads' key texts.
        self.texts: dict[tuple[Any, ...], str] = {}

    def of(self, ref: tuple[Any, ...]) -> dict[Any, Pair]:
        """The reads of ``ref``'s fields (or keys) known so far."""
        found = self.fields.get(ref)
        if found is None:
            found = self.fields[ref] = {}
        return found

    def pair(self, ref: tuple[Any, ...], how: str, name: Any, value: object) -> Pair:
        """The read ``(ref, how, name)`` as pages record it: its key's text (:func:`key_text` of
        that key, made from the reference's text kept once) and the digest of the value it
        gave."""
        start = self.texts.get(ref)
        if start is None:
            start = self.texts[ref] = key_text(ref)
        last = _quoted(name) if type(name) is str else key_text((name,))[1:-1]
        text = f"[{start},{_quoted(how)},{last}]"
        return text, read_digest(text, value)


class Recorder:
    """The reads of one page, in the order made (each once), with their values' digests: by the
    key's text, which stands for the key.

    ``memo`` is shared by every page rendered from the same site. ``bodies`` is where the views
    find the HTML of the bodies a page shows (:class:`ShownBody`).
    """

    __slots__ = ("bodies", "memo", "reads", "views")

    def __init__(self, memo: ReadMemo | None = None, bodies: BodyStore | None = None) -> None:
        self.memo = ReadMemo() if memo is None else memo
        self.bodies: BodyStore = NoBodies() if bodies is None else bodies
        self.reads: dict[str, Pair] = {}
        #: The page's views, by the identity of the object each shows (a view holds its
        #: object, so the identity is not another's while the page renders): an object shown
        #: many times is one view, its fields read once.
        self.views: dict[int, _View] = {}

    def view(self, obj: object, ref: tuple[Any, ...], kind: type[_View]) -> _View:
        """The page's view of ``obj`` (``ref``: how :func:`encode` refers to it)."""
        found = self.views.get(id(obj))
        if found is None:
            found = self.views[id(obj)] = kind(obj, self, ref, self.memo.of(ref))
        return found

    def read(self, key: Key, value: object) -> None:
        """Record the read ``key`` (``(ref, how, name)``), which gave ``value``."""
        known = self.memo.by_key.get(key)
        if known is None:
            ref, how, name = key
            known = self.memo.by_key[key] = self.memo.pair(ref, how, name, value)
        self.reads[known[0]] = known  # read before: the same pair, its place kept

    def pairs(self) -> tuple[Pair, ...]:
        """(key, digest of its value) of every read."""
        return tuple(self.reads.values())

    def finish(self) -> None:
        """Let the page's views go once it is rendered (its reads stay). A view holds this
        recorder, which holds it, and what a member of the view gave (a bound method) holds
        the view: cycles the collector would have to find, where letting go of them here frees
        the views as soon as the page's context is (a render worker's collections at 10,000
        articles: ~1.25 s with them, ~0.8 s without)."""
        for view in self.views.values():
            view.__dict__.clear()
        self.views.clear()


def _member(kind: type[object], name: str) -> Any:
    """The property or function ``name`` of the class ``kind`` (None: a field, read and
    recorded)."""
    member = getattr(kind, name, None)
    return member if type(member) is property or type(member) is FunctionType else None


class _View(Referring):
    """A shared object seen by templates: the first read of each field is recorded, and the
    value it gave kept in the view's ``__dict__``, so that later reads of it on the same page
    are plain attribute lookups (no bookkeeping: the read is recorded already).

    A model class's views are of a class of their own (:func:`_view_class`) whose fields and
    members are descriptors: a first read calls one, where a missing attribute would cost an
    error made and dropped (``__getattr__`` sees only names the model class does not have)."""

    __slots__ = ("__dict__", "_jarida_fields", "_jarida_obj", "_jarida_recorder", "_jarida_ref")

    def __init__(
        self, obj: Any, recorder: Recorder, ref: tuple[Any, ...], fields: dict[Any, Pair]
    ) -> None:
        self._jarida_obj = obj
        self._jarida_recorder = recorder
        self._jarida_ref = ref
        #: The reads of this object's fields known so far (the memo's), by field.
        self._jarida_fields = fields

    def __getattr__(self, name: str) -> Any:  # a subclass's own, or no attribute at all
        if name[0] == "_":  # no field of the model starts so
            raise AttributeError(name)
        member = _member(self._jarida_obj.__class__, name)
        how = _Field(name) if member is None else _Member(name, member)
        return how.__get__(self)

    def __repr__(self) -> str:
        self._jarida_recorder.read((self._jarida_ref, "repr", ""), repr(self._jarida_obj))
        return repr(self._jarida_obj)

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return bool(self._jarida_obj == unwrap(other))

    def __hash__(self) -> int:
        return hash(key_text(self._jarida_ref))


class _Field:
    """A field of a model class on its views: read, recorded and kept in the view the first
    time a page reads it (later reads find it in the view's ``__dict__``, before this)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, view: _View | None, owner: type | None = None) -> Any:
        if view is None:
            return self
        name, recorder = self.name, view._jarida_recorder
        value = getattr(view._jarida_obj, name)
        known = view._jarida_fields.get(name)
        if known is None:
            known = view._jarida_fields[name] = recorder.memo.pair(
                view._jarida_ref, "attr", name, value
            )
        recorder.reads[known[0]] = known
        found = view.__dict__[name] = value if type(value) in PLAIN else wrap(value, recorder)
        return found


class _SiteField(_Field):
    """A field of the site: a mapping is read key by key (:class:`_MappingView`), a moment part
    by part (:class:`jarida.moments.Moment`), any other value as a field."""

    __slots__ = ()

    def __get__(self, view: _View | None, owner: type | None = None) -> Any:
        if view is None:
            return self
        name, recorder, ref = self.name, view._jarida_recorder, view._jarida_ref
        value = getattr(view._jarida_obj, name)
        if name in _SITE_MAPPINGS:
            found: Any = _MappingView(value, recorder, (*ref, name))
        elif isinstance(value, datetime):
            found = moment(value, recorder, (*ref, name))
        else:
            return super().__get__(view, owner)
        view.__dict__[name] = found
        return found


class _Member:
    """A property or method of a model class on its views: run with the view as ``self``, so
    that what it reads goes through the view and is recorded."""

    __slots__ = ("member", "name")

    def __init__(self, name: str, member: Any) -> None:
        self.name, self.member = name, member

    def __get__(self, view: _View | None, owner: type | None = None) -> Any:
        if view is None:
            return self
        found = view.__dict__[self.name] = self.member.__get__(view)
        return found


def _view_class(model: type, field: type[_Field]) -> type[_View]:
    """The class of the views of ``model``'s objects: a descriptor per field and member."""
    names = [f.name for f in fields(model) if not f.name.startswith("_")]
    found: dict[str, object] = {name: field(name) for name in names}
    for name in dir(model):
        member = None if name.startswith("_") else _member(model, name)
        if member is not None:
            found[name] = _Member(name, member)
    # Named as the model class: a template's error names what it reads ("'jarida.model.Article
    # object' has no attribute 'x'"), not the view.
    names_as = {"__module__": model.__module__, "__qualname__": model.__qualname__}
    return type(model.__name__, (_View,), {"__slots__": (), **names_as, **found})


_ARTICLE_VIEW = _view_class(Article, _Field)
_TERM_VIEW = _view_class(Term, _Field)
_SITE_VIEW = _view_class(Site, _SiteField)


#: Values a site's mappings hold that are no mapping themselves (told without asking
#: :class:`Mapping`'s subclass hooks, which are slow).
_LEAVES = frozenset({Article, Term, tuple, list, str, int, float, bool, type(None)})


def _plain(key: Any) -> Any:
    """A mapping's key as its reads name it. A key of another type (an object, not a slug or an
    id) is never found on replay: such a page is rendered again every time, never kept stale."""
    return key if type(key) in PLAIN else key_text(encode(key))


class _MappingView(Mapping[Any, Any]):
    """One of the site's mappings (``site.taxonomies``, ``site.articles``...): each key read is
    recorded, so that a page depends on the entries it looked up, not on all of them. What a
    key gave is kept for the page (a card's terms are looked up again on every card)."""

    __slots__ = ("_got", "_known", "_obj", "_recorder", "_ref")

    def __init__(self, obj: Mapping[Any, Any], recorder: Recorder, ref: tuple[Any, ...]) -> None:
        self._obj, self._recorder, self._ref = obj, recorder, ref
        #: The reads of its keys known so far (the memo's), and what each gave on this page.
        self._known = recorder.memo.of(ref)
        self._got: dict[Any, Any] = {}

    def _get(self, key: Any) -> Any:
        known = _plain(key)
        found = self._got.get(known, self)
        if found is not self:
            return found
        value = self._obj.get(unwrap(key), MISSING)
        nested = type(value) not in _LEAVES and isinstance(value, Mapping)
        pair = self._known.get(known)
        if pair is None:
            pair = self._known[known] = self._recorder.memo.pair(
                self._ref, "key", known, ["mapping"] if nested else value
            )
        self._recorder.reads[pair[0]] = pair
        if nested:
            found = _MappingView(value, self._recorder, (*self._ref, known))
        else:
            found = wrap(value, self._recorder)
        self._got[known] = found
        return found

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
        self._recorder.read((self._ref, "in", _plain(key)), found)
        return found

    def _all(self) -> list[Any]:
        keys = list(self._obj)
        self._recorder.read((self._ref, "keys", ""), keys)
        return keys

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


#: Values templates get as they are (:func:`wrap` would give them back after its checks): a
#: field's mapping of front-matter values or of term slugs, a date.
_AS_IS = frozenset({MappingProxyType, dict, datetime, date})


def wrap(value: Any, recorder: Recorder) -> Any:
    """``value`` as templates get it: shared objects behind views, containers rebuilt, bodies
    readable."""
    kind = type(value)
    if kind in PLAIN or kind in _AS_IS:
        return value
    found = recorder.views.get(id(value))
    if found is not None:  # a shared object this page has a view of already
        return found
    if kind is Body:
        return ShownBody(value, recorder.bodies)
    if isinstance(value, Article):
        return recorder.view(value, ("doc", value.id), _ARTICLE_VIEW)  # as encode() refers to them
    if isinstance(value, Term):
        return recorder.view(value, tuple(term_ref(value)), _TERM_VIEW)
    if isinstance(value, Site):
        return recorder.view(value, tuple(site_ref(value)), _SITE_VIEW)
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
