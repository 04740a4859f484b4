"""Page bundles in the assembled site: each bundle's files published beside its article's page,
and the references to them resolved.

A relative reference of a body (``![x](photo.jpg)``, ``[pdf](docs/report.pdf)``, a raw
``<img src="map.png">``) or a relative ``image`` is read against the folder of its source under
``content/``; when it names a file of a published bundle (its own, or another article's), it
becomes that file's link from the site's root, with the base path (``/ar/2026/03/flood/photo.jpg``):
the same on the page, in feeds and on cards. Other references are left to :mod:`jarida.links`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from html import escape
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote, urlsplit

from jarida.layout import CONTENT_DIR
from jarida.links import relative_target
from jarida.model import Article, Reference, Resource, Site

#: The attribute that holds a reference of each tag.
_ATTRIBUTE = MappingProxyType({"a": "href", "img": "src"})


def _resources(article: Article, files: Sequence[str]) -> tuple[Resource, ...]:
    """The files of ``article``'s bundle (paths under ``content/``), each beside its page."""
    folder = posixpath.dirname(article.id) + "/"
    return tuple(Resource(f, article.site_dir + f.removeprefix(folder)) for f in files)


def _in_content(source_id: str, target: str) -> str | None:
    """The path under ``content/`` that a relative ``target`` of the source names, or None."""
    path = relative_target(target)
    if path is None:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_id), path))
    return None if joined.startswith("../") or joined == ".." else joined


def _suffix(target: str) -> str:
    """The query and fragment of ``target``, as written (``?v=2``, ``#page=3``)."""
    parts = urlsplit(target)
    return (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else ""
    )


def _rewrites(target: str, url: str, tag: str) -> list[tuple[str, str]]:
    """The attribute as Markdown writes it (double quotes, ``&<>"`` escaped) and as raw HTML
    may (single quotes), replaced by ``url``."""
    attribute, new = _ATTRIBUTE[tag], escape(url)
    written = escape(target, quote=False).replace('"', "&quot;")
    pairs = [(f'{attribute}="{written}"', f'{attribute}="{new}"')]
    if tag == "img":
        pairs.append((f"{attribute}='{target}'", f"{attribute}='{new}'"))
    return pairs


def _resolved(
    article: Article, published: Mapping[str, str], url_of: Callable[[str], str]
) -> Article:
    """``article`` with its references to files of bundles resolved (its ``links`` then name
    the files' output paths from the site's root, which the link check finds)."""
    rewrites: list[tuple[str, str]] = []
    links: list[Reference] = []
    for target, line, tag in article.links:
        source = _in_content(article.id, target)
        path = published.get(source) if source else None
        if path is None:
            links.append((target, line, tag))
            continue
        rewrites += _rewrites(target, url_of(path) + _suffix(target), tag)
        links.append(("/" + quote(path) + _suffix(target), line, tag))
    image = article.image
    source = image and _in_content(article.id, image)
    if source and source in published:
        image = url_of(published[source])
    if not rewrites and image == article.image:
        return article
    body = replace(article.body, rewrites=(*article.body.rewrites, *dict.fromkeys(rewrites)))
    return replace(article, body=body, links=tuple(links), image=image)


def attach_resources(
    articles: Sequence[Article],
    bundles: Mapping[str, Sequence[str]],
    url_of: Callable[[str], str],
) -> list[Article]:
    """``articles`` with the files of their bundles (``bundles``: paths under ``content/`` by
    the id of the ``index.md``) and every reference to a file of a published bundle resolved;
    ``url_of`` makes an output path a link (base path, percent-encoding)."""
    with_files = [
        replace(a, resources=_resources(a, bundles[a.id])) if a.id in bundles else a
        for a in articles
    ]
    published = {r.source: r.path for a in with_files for r in a.resources}
    return [_resolved(a, published, url_of) for a in with_files]


def published_files(site: Site) -> list[tuple[Path, str]]:
    """Every file of the published articles' bundles: its source file and its output path."""
    content = site.config.root / CONTENT_DIR
    return [(content / r.source, r.path) for d in site.all_documents() for r in d.resources]
