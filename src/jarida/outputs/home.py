"""The home page and its next pages (``page/2/``...): the listed articles, newest first, but
the lead story: the newest ``featured: true`` one when there is one."""

from __future__ import annotations

from typing import Any

from jarida.model import ArticleId, Site
from jarida.outputs.base import page_context
from jarida.outputs.jobs import Kind, RenderJob, pager, paginated


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


def plan(site: Site) -> list[RenderJob]:
    return paginated(site, "", Kind.INDEX, "", len(site.listed))


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return page_context(site, job) | {"pager": pager(site, job, "", front_order(site))}
