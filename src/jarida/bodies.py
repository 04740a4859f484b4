"""An article's body by reference (:class:`Body`), the store rendering reads the HTML from
(:class:`BodyStore`) and a body as templates get it (:class:`ShownBody`): values of the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from jarida.urlpath import picture_tags, rebase_links


class BodyStore(Protocol):
    """Where rendering finds the HTML of the bodies kept by key (the parse cache)."""

    def html(self, key: str) -> str: ...


class NoBodies:
    """The store of a site whose bodies are all held inline (nothing is kept by key)."""

    def html(self, key: str) -> str:
        raise LookupError(f"no body store was given for the body {key}")


class RecentBodies:
    """A body store that keeps the last ``size`` bodies read from ``store``: a page shows an
    article's body, and so do the article's Atom and RSS entries, rendered soon after it (pages
    are rendered in the order of their paths). A few kept bodies spare most of those reads;
    the site's bodies are never all held."""

    def __init__(self, store: BodyStore, size: int = 64) -> None:
        self.store, self.size = store, size
        self._recent: dict[str, str] = {}

    def html(self, key: str) -> str:
        recent = self._recent
        found = recent.pop(key, None)
        if found is None:
            found = self.store.html(key)
            if len(recent) >= self.size:
                del recent[next(iter(recent))]  # the least recently shown
        recent[key] = found
        return found


@dataclass(frozen=True, slots=True)
class Body:
    """An article's HTML body, by reference: a site's bodies together are the largest thing a
    build holds, and an incremental build shows few of them. A plain value that reads nothing:
    rendering resolves it through the :class:`BodyStore` it is given (:meth:`html_in`).

    ``key`` names the HTML as Markdown rendered it in the store (the source's key in the parse
    cache), or is that HTML itself when the body is not ``stored`` (a parse the cache does not
    keep). Its root-relative links are put under ``base_path``
    (:func:`jarida.urlpath.rebase_links`), then ``rewrites`` are replaced in it, in order (links
    to sources resolved to URLs).
    """

    key: str
    stored: bool = True
    rewrites: tuple[tuple[str, str], ...] = ()
    base_path: str = "/"
    #: Pictures in place of its ``<img>``s: (output path, markup) (:func:`picture_tags`).
    pictures: tuple[tuple[str, str], ...] = ()

    @classmethod
    def inline(cls, html: str) -> Body:
        """A body held in memory (a build that keeps no cache, a test)."""
        return cls(html, stored=False)

    def html_in(self, store: BodyStore) -> str:
        """The HTML pages show, the stored part read from ``store``."""
        html = rebase_links(store.html(self.key) if self.stored else self.key, self.base_path)
        for old, new in self.rewrites:
            html = html.replace(old, new)
        return picture_tags(html, self.base_path, dict(self.pictures))


class ShownBody:
    """A body as templates get it: its HTML read from the body store when a page shows it."""

    __slots__ = ("_body", "_store")

    def __init__(self, body: Body, store: BodyStore) -> None:
        self._body, self._store = body, store

    @property
    def html(self) -> str:
        return self._body.html_in(self._store)
