"""The Atom and RSS feeds: the site's (``atom.xml``, ``rss.xml``) and, with ``feeds.terms``,
each term's in its folder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jarida.model import Article, Site, Term
from jarida.outputs.base import file_context, term_feeds
from jarida.outputs.jobs import FEED_FILES, Kind, RenderJob, feed_formats, term_at, term_key
from jarida.structured import absolute


def plan(site: Site) -> list[RenderJob]:
    bases = [("", "")]
    if site.config.feeds.terms:
        bases += [
            (t.out_dir, term_key(t))
            for kind, terms in site.taxonomies.items()
            if term_feeds(site, kind)
            for t in terms.values()
        ]
    return [
        RenderJob(
            out_path=base + FEED_FILES[fmt], template=f"feeds/{fmt}.xml", kind=Kind.FEED, key=key
        )
        for fmt in feed_formats(site)
        for base, key in bases
    ]


def _items(site: Site, key: str) -> tuple[Sequence[Article], Term | None]:
    if not key:
        return site.listed_articles(), None
    term = term_at(site, key)
    return [site.articles[i] for i in term.article_ids], term


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    items, term = _items(site, job.key)
    items = list(items)[: site.config.feeds.count]
    page = term.url if term else site.config.base_path
    return file_context(site, job) | {
        "items": items,
        "term": term,
        "page_url": absolute(site, page),
        "updated": max((a.updated or a.date for a in items), default=site.built_at),
    }
