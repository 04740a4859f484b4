"""An article's page: ``article.html`` in the article's folder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jarida.model import Site
from jarida.outputs.base import page_context
from jarida.outputs.jobs import Kind, RenderJob
from jarida.taxonomyconfig import BUILT_IN


def plan(site: Site) -> list[RenderJob]:
    """A page for every published article, an expired one too when its page is kept."""
    return [
        RenderJob(
            out_path=a.out_dir + "index.html", template="article.html", kind=Kind.ARTICLE, key=a.id
        )
        for a in site.articles.values()
    ]


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    article = site.articles[job.key]
    # its page is in its folder: the page's link is the article's (made by url_for too)
    return page_context(site, job, url=article.url) | {
        "article": article,
        "related": site.related_articles(article),
        **{kind: site.terms_of(article, kind) for kind in BUILT_IN},
        "taxonomy_terms": [
            (kind, taxonomy.title, terms)
            for kind, taxonomy in site.config.taxonomies.items()
            if (terms := site.terms_of(article, kind))
        ],
    }


def searchable(site: Site, job: RenderJob) -> bool:
    """Whether search indexes the page: an article's, unless it expired (``article.html`` marks
    exactly these pages ``data-pagefind-body``)."""
    return job.kind is Kind.ARTICLE and not site.articles[job.key].expired


def indexed_pages(
    site: Site, jobs: Sequence[RenderJob], prints: Sequence[str]
) -> list[tuple[str, str]]:
    """The pages the search index holds (none with search off), as (output path, fingerprint)."""
    if not site.config.search:
        return []
    return [
        (j.out_path, p)
        for j, p in zip(jobs, prints, strict=True)
        if searchable(site.edition(j.edition), j)
    ]
