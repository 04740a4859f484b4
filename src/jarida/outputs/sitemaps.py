"""The sitemap of every public page, the Google News sitemap of the latest articles, and past
their limits, a sitemap index of their parts (``sitemap-1.xml``...)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from jarida.model import NEWS_WINDOW, UNDATED, Article, Site
from jarida.outputs.article import plan as articles
from jarida.outputs.base import alternates, file_context
from jarida.outputs.home import plan as home_pages
from jarida.outputs.jobs import Kind, RenderJob, term_at
from jarida.outputs.page import plan as pages
from jarida.outputs.termindex import plan as term_indexes
from jarida.outputs.termlist import plan as term_pages
from jarida.site import url_for
from jarida.structured import absolute

SITEMAP_LIMIT = 50_000
NEWS_LIMIT = 1_000
#: Languages Google News names by region; every other language by its primary subtag.
_NEWS_LANGUAGES = frozenset({"zh-cn", "zh-tw"})

#: The plans of the page families sitemaps list: not the 404 or search page.
LISTED = (articles, pages, home_pages, term_indexes, term_pages)


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None
    #: The page in every edition that has it, as (``hreflang``, absolute URL), ``x-default``
    #: last when the default language has it (docs/languages.md); () with one edition.
    alternates: tuple[tuple[str, str], ...] = ()


def _newest(site: Site, key: str, ids: Sequence[str]) -> datetime | None:
    """The newest date (``updated`` or ``date``) of the articles of a list, once per list."""
    return site.derived(
        f"newest:{key}",
        lambda: max(
            ((a.updated or a.date) for a in map(site.articles.__getitem__, ids)), default=None
        ),
    )


def lastmod(site: Site, job: RenderJob) -> datetime | None:
    """When what ``job``'s page shows last changed."""
    if job.kind.document:
        document = site.document(job.key)
        return document.updated or (None if document.date == UNDATED else document.date)
    if job.kind is Kind.TERM:
        return _newest(site, job.key, term_at(site, job.key).article_ids)
    return _newest(site, "", site.listed)


def listed(site: Site, job: RenderJob) -> bool:
    """Whether sitemaps list a page of the :data:`LISTED` families: not an expired article's."""
    return not (job.kind is Kind.ARTICLE and site.articles[job.key].expired)


def _entry(site: Site, job: RenderJob) -> SitemapEntry:
    if job.kind.document:
        link = site.document(job.key).url  # the same link, already made
    else:
        link = url_for(site.config, job.out_path.removesuffix("index.html"))
    found = alternates(site, job)
    pairs = [(hreflang, absolute(site, url)) for _, hreflang, url, _ in found["alternates"]]
    if found["x_default"]:
        pairs.append(("x-default", absolute(site, found["x_default"])))
    return SitemapEntry(absolute(site, link), lastmod(site, job), tuple(pairs))


def _listed_jobs(site: Site) -> list[RenderJob]:
    """The jobs of every public page, in the order of their output paths."""
    jobs = (j for family in LISTED for j in family(site) if listed(site, j))
    return sorted(jobs, key=lambda j: j.out_path)


def entries(site: Site, start: int = 0, stop: int | None = None) -> list[SitemapEntry]:
    """The entries of the public pages from ``start`` to ``stop`` in the order of their output
    paths: made for the part a sitemap lists, not kept (at 100,000 articles the site's
    ~135,000 entries, held by the process that plans, were ~45 MB)."""
    return [_entry(site, job) for job in _listed_jobs(site)[start:stop]]


def _count(site: Site) -> int:
    return site.derived("sitemap_count", lambda: len(_listed_jobs(site)))


def news_articles(site: Site) -> list[Article]:
    since = site.built_at - NEWS_WINDOW
    return [a for a in site.listed_articles() if since <= a.date <= site.built_at]


def _split(name: str, kind: Kind, count: int, limit: int) -> list[RenderJob]:
    """``name.xml`` for up to ``limit`` entries; past it, an index of ``name-N.xml`` files."""
    template = f"feeds/{name}.xml"
    if count <= limit:
        return [RenderJob(out_path=f"{name}.xml", template=template, kind=kind, key="0")]
    index = RenderJob(
        out_path=f"{name}.xml",
        template="feeds/sitemap-index.xml",
        kind=Kind.SITEMAP_INDEX,
        key=name,
    )
    return [index] + [
        RenderJob(out_path=f"{name}-{n + 1}.xml", template=template, kind=kind, key=str(n))
        for n in range(-(-count // limit))
    ]


def plan(site: Site) -> list[RenderJob]:
    jobs: list[RenderJob] = []
    if site.config.sitemap:
        jobs += _split("sitemap", Kind.SITEMAP, _count(site), SITEMAP_LIMIT)
    count = len(news_articles(site))
    if site.config.news_sitemap and count:  # an empty urlset is not a valid sitemap
        jobs += _split("news-sitemap", Kind.NEWS_SITEMAP, count, NEWS_LIMIT)
    return jobs


def _sitemap(site: Site, job: RenderJob) -> dict[str, Any]:
    start = int(job.key) * SITEMAP_LIMIT
    return file_context(site, job) | {"entries": entries(site, start, start + SITEMAP_LIMIT)}


def _news(site: Site, job: RenderJob) -> dict[str, Any]:
    start = int(job.key) * NEWS_LIMIT
    language = site.config.language.lower().replace("_", "-")
    if language not in _NEWS_LANGUAGES:
        language = language.split("-")[0]
    return file_context(site, job) | {
        "items": news_articles(site)[start : start + NEWS_LIMIT],
        "news_language": language,
    }


def _index(site: Site, job: RenderJob) -> dict[str, Any]:
    parts = [j.out_path for j in plan(site) if j.out_path.startswith(job.key + "-")]
    return file_context(site, job) | {
        "parts": [absolute(site, url_for(site.config, p)) for p in parts]
    }


_CONTEXTS: Mapping[Kind, Callable[[Site, RenderJob], dict[str, Any]]] = MappingProxyType(
    {Kind.SITEMAP: _sitemap, Kind.NEWS_SITEMAP: _news, Kind.SITEMAP_INDEX: _index}
)


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return _CONTEXTS[job.kind](site, job)
