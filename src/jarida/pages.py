"""What pages the site has (the render plan) and what each page's template receives.

A :class:`RenderJob` is plain data (ids, not objects), so that jobs can be fingerprinted and sent to
worker processes; :func:`render_job` turns one into bytes with a given Jinja environment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from jarida.model import TAXONOMIES, UNDATED, Article, Site, Term
from jarida.site import url_for


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderJob:
    #: Output file under the site's output folder, e.g. ``tags/الطيران/page/2/index.html``.
    out_path: str
    template: str
    #: ``article``, ``index``, ``term``, ``terms``, ``search`` or ``404``.
    kind: str
    #: The article id, ``tags/<slug>`` for a term page, or the taxonomy of a terms index.
    key: str = ""
    page: int = 1


#: The search page (when ``search`` is on).
SEARCH_PAGE = "search/index.html"

#: Feed file names, in the site's root and in each term's folder.
FEED_FILES = MappingProxyType({"atom": "atom.xml", "rss": "rss.xml"})
FEED_TYPES = MappingProxyType({"atom": "application/atom+xml", "rss": "application/rss+xml"})


#: What a page's templates read, as (key, digest of the value) pairs (:mod:`jarida.reads`).
PageReads = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Output:
    path: str
    data: bytes
    #: What the templates read of the site's shared objects: the page's fingerprint is made
    #: of them.
    reads: PageReads = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Pager:
    """One page of a paginated list. Page numbers are 1-based."""

    articles: tuple[Article, ...]
    number: int
    count: int
    urls: tuple[str, ...]

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def _page_dir(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def _page_count(items: int, per_page: int) -> int:
    return max(1, -(-items // per_page))


def _paginated(base: str, kind: str, key: str, items: int, per_page: int) -> list[RenderJob]:
    template = {"index": "index.html", "term": "term.html"}[kind]
    return [
        RenderJob(
            out_path=_page_dir(base, n) + "index.html",
            template=template,
            kind=kind,
            key=key,
            page=n,
        )
        for n in range(1, _page_count(items, per_page) + 1)
    ]


def plan_pages(site: Site) -> list[RenderJob]:
    """Every HTML page of the site, in a stable order."""
    per_page = site.config.paginate
    jobs = [
        RenderJob(
            out_path=a.out_dir + "index.html", template="article.html", kind="article", key=a.id
        )
        for a in site.articles.values()
    ]
    jobs += [
        RenderJob(out_path=p.out_dir + "index.html", template="page.html", kind="page", key=p.id)
        for p in site.pages.values()
    ]
    jobs += _paginated("", "index", "", len(site.listed), per_page)
    for kind in TAXONOMIES:
        jobs.append(
            RenderJob(out_path=f"{kind}/index.html", template="terms.html", kind="terms", key=kind)
        )
        for term in site.taxonomies[kind].values():
            jobs += _paginated(
                term.out_dir, "term", f"{kind}/{term.slug}", len(term.article_ids), per_page
            )
    jobs.append(RenderJob(out_path="404.html", template="404.html", kind="404"))
    if site.config.search:
        jobs.append(RenderJob(out_path=SEARCH_PAGE, template="search.html", kind="search"))
    return sorted(jobs, key=lambda job: job.out_path)


def searchable(site: Site, job: RenderJob) -> bool:
    """Whether search indexes the page: an article's, unless it expired (``article.html`` marks
    exactly these pages ``data-pagefind-body``)."""
    return job.kind == "article" and not site.articles[job.key].expired


def _term_of(site: Site, job: RenderJob) -> Term | None:
    if job.kind != "term":
        return None
    kind, slug = job.key.split("/", 1)
    return site.taxonomies[kind][slug]


def _list_of(site: Site, job: RenderJob) -> tuple[Term | None, str, Sequence[str]]:
    """A list page's term (None for the home pages), its folder and all its article ids."""
    term = _term_of(site, job)
    return (term, term.out_dir, term.article_ids) if term else (None, "", site.listed)


def page_articles(site: Site, job: RenderJob) -> tuple[Term | None, tuple[Article, ...], int]:
    """The term, the articles on the page and the page count of a list page."""
    term, _, ids = _list_of(site, job)
    per_page = site.config.paginate
    chunk = ids[(job.page - 1) * per_page : job.page * per_page]
    return term, tuple(site.articles[i] for i in chunk), _page_count(len(ids), per_page)


def _pager(site: Site, job: RenderJob) -> Pager:
    _, folder, _ = _list_of(site, job)
    _, articles, count = page_articles(site, job)
    urls = site.derived(  # once per list, not once per page of it (a list of 1,000 pages)
        f"pager_urls:{folder}",
        lambda: tuple(url_for(site.config, _page_dir(folder, n)) for n in range(1, count + 1)),
    )
    return Pager(articles=articles, number=job.page, count=count, urls=urls)


def term_list(site: Site, kind: str) -> list[Term]:
    """The terms of a taxonomy, most articles first."""
    return sorted(site.taxonomies[kind].values(), key=lambda t: (-len(t.article_ids), t.name))


def nav_categories(site: Site) -> list[Term]:
    return list(site.derived("nav_categories", lambda: tuple(term_list(site, "categories"))))


def _newest(site: Site, key: str, ids: Sequence[str]) -> datetime | None:
    """The newest date (``updated`` or ``date``) of the articles of a list, once per list."""
    return site.derived(
        f"newest:{key}",
        lambda: max(
            ((a.updated or a.date) for a in map(site.articles.__getitem__, ids)), default=None
        ),
    )


def lastmod(site: Site, job: RenderJob) -> datetime | None:
    """When what ``job``'s page shows last changed (for sitemaps)."""
    if job.kind in ("article", "page"):
        document = site.document(job.key)
        return document.updated or (None if document.date == UNDATED else document.date)
    if job.kind == "term":
        kind, slug = job.key.split("/", 1)
        return _newest(site, job.key, site.taxonomies[kind][slug].article_ids)
    return _newest(site, "", site.listed)


def feed_formats(site: Site) -> list[str]:
    """The feed formats the site writes (``atom``, ``rss``), in a stable order."""
    return [fmt for fmt in ("atom", "rss") if getattr(site.config.feeds, fmt)]


def feed_links(site: Site, term: Term | None) -> list[tuple[str, str, str]]:
    """(MIME type, link, title) of the feeds a page announces: the site's and its term's."""
    feeds = site.config.feeds
    links: list[tuple[str, str, str]] = []
    scopes = [("", site.config.title)]
    if term is not None and feeds.terms:
        scopes.insert(0, (term.out_dir, f"{term.name} | {site.config.title}"))
    for folder, title in scopes:
        for fmt in feed_formats(site):
            links.append((FEED_TYPES[fmt], url_for(site.config, folder + FEED_FILES[fmt]), title))
    return links


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    """The variables ``job``'s template receives (documented in ``docs/templates.md``)."""
    term = _term_of(site, job)
    base: dict[str, Any] = {
        "site": site,
        "job": job,
        "page_url": url_for(site.config, job.out_path.removesuffix("index.html")),
        "nav_categories": nav_categories(site),
        "feeds": feed_links(site, term),
    }
    if job.kind == "article":
        article = site.articles[job.key]
        return base | {
            "article": article,
            "related": site.related_articles(article),
            **{kind: site.terms_of(article, kind) for kind in TAXONOMIES},
        }
    if job.kind == "page":
        return base | {"article": site.pages[job.key]}
    if job.kind == "index":
        return base | {"pager": _pager(site, job)}
    if term is not None:
        return base | {"term": term, "pager": _pager(site, job)}
    if job.kind == "terms":
        return base | {"taxonomy": job.key, "terms": term_list(site, job.key)}
    return base
