"""What every page family shares: the kinds of output, the job that plans one output, the rendered
output, pagination, and the names of the feed files.

A :class:`RenderJob` is plain data (ids, not objects), so that jobs can be fingerprinted and sent
to worker processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from jarida.model import Article, Pager, Site, Term
from jarida.readnumbers import NumberedReads
from jarida.site import url_for
from jarida.textpickle import texts_pickled_as_utf8


class Kind(StrEnum):
    """What an output is. The values are the strings templates compare ``job.kind`` with (and
    the fingerprints hash)."""

    ARTICLE = "article"
    PAGE = "page"
    INDEX = "index"
    TERM = "term"
    TERMS = "terms"
    SEARCH = "search"
    NOT_FOUND = "404"
    FEED = "feed"
    SITEMAP = "sitemap"
    NEWS_SITEMAP = "news-sitemap"
    SITEMAP_INDEX = "sitemap-index"
    ROBOTS = "robots"
    REDIRECT = "redirect"
    REDIRECTS = "redirects"
    FRAGMENT = "fragment"

    @property
    def document(self) -> bool:
        """The page of a source file (an article or a standalone page): its key is the
        source's id."""
        return self in _DOCUMENTS

    @property
    def yields_to_static(self) -> bool:
        """A file of the same path in ``static/`` is written instead."""
        return self in _YIELDS_TO_STATIC


_DOCUMENTS = frozenset({Kind.ARTICLE, Kind.PAGE})
_YIELDS_TO_STATIC = frozenset({Kind.ROBOTS, Kind.REDIRECTS})


@texts_pickled_as_utf8  # sent to Dask workers, kept here to the end of the build
@dataclass(frozen=True, slots=True, kw_only=True)
class RenderJob:
    #: Output file under the site's output folder, e.g. ``tags/الطيران/page/2/index.html``.
    out_path: str
    template: str
    kind: Kind
    #: The source's id (:attr:`Kind.document`), ``tags/<slug>`` for a term's pages and feeds, the
    #: taxonomy of a terms index; what else a family's jobs need to tell them apart.
    key: str = ""
    page: int = 1
    #: The edition it is of: "" for the default, else its code (its out_path starts with it).
    edition: str = ""


#: What a page's templates read, as (key, digest of the value) pairs (:mod:`jarida.reads`).
PageReads = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Output:
    path: str
    data: bytes
    #: What the templates read of the site's shared objects: the page's fingerprint is made
    #: of them.
    reads: PageReads | NumberedReads = ()


#: Feed file names, in the site's root and in each term's folder.
FEED_FILES = MappingProxyType({"atom": "atom.xml", "rss": "rss.xml"})
FEED_TYPES = MappingProxyType({"atom": "application/atom+xml", "rss": "application/rss+xml"})


def feed_formats(site: Site) -> list[str]:
    """The feed formats the site writes (``atom``, ``rss``), in a stable order."""
    return [fmt for fmt in ("atom", "rss") if getattr(site.config.feeds, fmt)]


def term_key(term: Term) -> str:
    """The key of a term's jobs: ``tags/<slug>``."""
    return f"{term.kind}/{term.slug}"


def term_at(site: Site, key: str) -> Term:
    """The term a job's key (:func:`term_key`) names."""
    kind, slug = key.split("/", 1)
    return site.taxonomies[kind][slug]


# Pagination: a list of articles shown ``paginate`` at a time, in ``folder``,
# ``folder/page/2/``, ...


def page_dir(folder: str, number: int) -> str:
    return folder if number == 1 else f"{folder}page/{number}/"


def page_count(items: int, per_page: int) -> int:
    """Pages of a list: one at least, even for an empty list."""
    return max(1, -(-items // per_page))


def paginated(site: Site, folder: str, kind: Kind, key: str, items: int) -> list[RenderJob]:
    """The jobs of a list of ``items`` articles in ``folder``, one per page."""
    return [
        RenderJob(
            out_path=page_dir(folder, n) + "index.html",
            template=f"{kind}.html",
            kind=kind,
            key=key,
            page=n,
        )
        for n in range(1, page_count(items, site.config.paginate) + 1)
    ]


def pager(site: Site, job: RenderJob, folder: str, ids: Sequence[str]) -> Pager:
    """The page ``job`` of the list of articles ``ids`` in ``folder``."""
    per_page = site.config.paginate
    chunk = ids[(job.page - 1) * per_page : job.page * per_page]
    articles: tuple[Article, ...] = tuple(site.articles[i] for i in chunk)
    count = page_count(len(ids), per_page)
    urls = site.derived(  # once per list, not once per page of it (a list of 1,000 pages)
        f"pager_urls:{folder}",
        lambda: tuple(url_for(site.config, page_dir(folder, n)) for n in range(1, count + 1)),
    )
    return Pager(articles=articles, number=job.page, count=count, urls=urls)
