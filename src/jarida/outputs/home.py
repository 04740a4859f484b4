"""The home page and its next pages (``page/2/``...): the listed articles, newest first, but
the lead story: the newest ``featured: true`` one when there is one."""

from __future__ import annotations

from typing import Any

from jarida.model import Article, ArticleId, Site, Term
from jarida.outputs.base import page_context
from jarida.outputs.fragments import breaking_news
from jarida.outputs.jobs import Kind, RenderJob, pager, paginated
from jarida.site import find_category


def _front(site: Site) -> tuple[ArticleId, ...]:
    """The listed articles in the home page's order: the newest featured first (drafts and
    scheduled stories shown by ``--drafts``/``--future`` never lead), then the rest by date."""
    articles = site.articles
    lead = next(
        (
            i
            for i in site.listed
            if articles[i].featured and not (articles[i].draft or articles[i].future)
        ),
        None,
    )
    if lead is None:
        return site.listed
    return (lead, *(i for i in site.listed if i != lead))


def front_order(site: Site) -> tuple[ArticleId, ...]:
    return site.derived("front_order", lambda: _front(site))


def sections(site: Site) -> tuple[tuple[Term, tuple[Article, ...]], ...]:
    """The blocks of ``home.sections``: each category found, with its latest ``count``."""
    categories = site.taxonomies["categories"]
    found = [
        (term, section.count)
        for section in site.config.home.sections
        if (term := find_category(site.config, categories, section.category)) is not None
    ]
    return tuple(
        (term, tuple(site.articles[i] for i in term.article_ids[:count])) for term, count in found
    )


def plan(site: Site) -> list[RenderJob]:
    return paginated(site, "", Kind.INDEX, "", len(site.listed))


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return page_context(site, job) | {
        "pager": pager(site, job, "", front_order(site)),
        "breaking": breaking_news(site),
        "sections": sections(site) if job.page == 1 else (),
    }
