"""What a news site publishes besides pages: feeds, sitemaps, the Google News sitemap, robots.txt
and redirects from old paths (aliases). Planned as :class:`RenderJob` values like pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jarida.model import NEWS_WINDOW, Article, Site
from jarida.pages import FEED_FILES, RenderJob, feed_formats, lastmod, plan_pages
from jarida.site import alias_out_path, url_for
from jarida.structured import absolute

SITEMAP_LIMIT = 50_000
NEWS_LIMIT = 1_000
#: Languages Google News names by region; every other language by its primary subtag.
_NEWS_LANGUAGES = frozenset({"zh-cn", "zh-tw"})


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None


def _chunks(prefix: str, count: int, limit: int) -> list[str]:
    return [f"{prefix}-{n}.xml" for n in range(1, -(-count // limit) + 1)]


def _feed_jobs(site: Site) -> list[RenderJob]:
    feeds = site.config.feeds
    formats = feed_formats(site)
    bases = [("", "")]
    if feeds.terms:
        bases += [
            (t.out_dir, f"{t.kind}/{t.slug}")
            for terms in site.taxonomies.values()
            for t in terms.values()
        ]
    return [
        RenderJob(
            out_path=base + FEED_FILES[fmt], template=f"feeds/{fmt}.xml", kind="feed", key=key
        )
        for fmt in formats
        for base, key in bases
    ]


def sitemap_entries(site: Site) -> list[SitemapEntry]:
    """Every public page: not the 404 or search page, not an expired article's page."""
    return site.derived(
        "sitemap_entries",
        lambda: [
            SitemapEntry(
                absolute(
                    site,
                    site.document(job.key).url  # the same link, already made
                    if job.kind in ("article", "page")
                    else url_for(site.config, job.out_path.removesuffix("index.html")),
                ),
                lastmod(site, job),
            )
            for job in plan_pages(site)
            if job.kind not in ("404", "search")
            and not (job.kind == "article" and site.articles[job.key].expired)
        ],
    )


def news_articles(site: Site) -> list[Article]:
    since = site.built_at - NEWS_WINDOW
    return [a for a in site.listed_articles() if since <= a.date <= site.built_at]


def _split(kind: str, count: int, limit: int) -> list[RenderJob]:
    """``kind.xml`` for up to ``limit`` entries; past it, an index of ``kind-N.xml`` files."""
    template = f"feeds/{kind}.xml"
    if count <= limit:
        return [RenderJob(out_path=f"{kind}.xml", template=template, kind=kind, key="0")]
    index = RenderJob(
        out_path=f"{kind}.xml", template="feeds/sitemap-index.xml", kind="sitemap-index", key=kind
    )
    return [index] + [
        RenderJob(out_path=path, template=template, kind=kind, key=str(n))
        for n, path in enumerate(_chunks(kind, count, limit))
    ]


def _sitemap_jobs(site: Site) -> list[RenderJob]:
    jobs: list[RenderJob] = []
    if site.config.sitemap:
        jobs += _split("sitemap", len(sitemap_entries(site)), SITEMAP_LIMIT)
    count = len(news_articles(site))
    if site.config.news_sitemap and count:  # an empty urlset is not a valid sitemap
        jobs += _split("news-sitemap", count, NEWS_LIMIT)
    return jobs


def plan_syndication(site: Site) -> list[RenderJob]:
    jobs = _feed_jobs(site) + _sitemap_jobs(site)
    if site.config.robots:
        jobs.append(RenderJob(out_path="robots.txt", template="feeds/robots.txt", kind="robots"))
    redirects = [
        RenderJob(
            out_path=alias_out_path(alias), template="redirect.html", kind="redirect", key=a.id
        )
        for a in site.documents()
        for alias in a.aliases
    ]
    if redirects:
        jobs += redirects
        jobs.append(RenderJob(out_path="_redirects", template="feeds/_redirects", kind="redirects"))
    return jobs


def _feed_items(site: Site, key: str) -> tuple[Sequence[Article], Any]:
    if not key:
        return site.listed_articles(), None
    kind, slug = key.split("/", 1)
    term = site.taxonomies[kind][slug]
    return [site.articles[i] for i in term.article_ids], term


_ROOT_LINK = re.compile(r'(\s(?:href|src))="/(?!/)')


def absolute_links(site: Site, html: str) -> str:
    """Root-relative links in an article body made absolute, for feed readers."""
    return _ROOT_LINK.sub(lambda m: f'{m.group(1)}="{site.config.origin}/', html)


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    base: dict[str, Any] = {
        "site": site,
        "job": job,
        "absolute_links": absolute_links,
        "self_url": absolute(site, url_for(site.config, job.out_path)),
    }
    if job.kind == "feed":
        items, term = _feed_items(site, job.key)
        items = list(items)[: site.config.feeds.count]
        page = term.url if term else site.config.base_path
        return base | {
            "items": items,
            "term": term,
            "page_url": absolute(site, page),
            "updated": max((a.updated or a.date for a in items), default=site.built_at),
        }
    if job.kind == "sitemap":
        entries = sitemap_entries(site)
        start = int(job.key) * SITEMAP_LIMIT
        return base | {"entries": entries[start : start + SITEMAP_LIMIT]}
    if job.kind == "news-sitemap":
        start = int(job.key) * NEWS_LIMIT
        language = site.config.language.lower().replace("_", "-")
        if language not in _NEWS_LANGUAGES:
            language = language.split("-")[0]
        return base | {
            "items": news_articles(site)[start : start + NEWS_LIMIT],
            "news_language": language,
        }
    if job.kind == "sitemap-index":
        parts = [j.out_path for j in _sitemap_jobs(site) if j.out_path.startswith(job.key + "-")]
        return base | {"parts": [absolute(site, url_for(site.config, p)) for p in parts]}
    if job.kind == "robots":
        roots = ("sitemap.xml", "news-sitemap.xml")
        maps = [j.out_path for j in _sitemap_jobs(site) if j.out_path in roots]
        return base | {"sitemaps": [absolute(site, url_for(site.config, p)) for p in maps]}
    if job.kind == "redirect":
        return base | {"article": site.document(job.key)}
    pairs = [
        (url_for(site.config, alias.lstrip("/")), a.url)
        for a in site.documents()
        for alias in a.aliases
    ]

    return base | {"redirects": sorted(pairs)}


SYNDICATION_KINDS = frozenset(
    {"feed", "sitemap", "news-sitemap", "sitemap-index", "robots", "redirect", "redirects"}
)
