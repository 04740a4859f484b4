"""The search page (``search/``), when ``search`` is on."""

from __future__ import annotations

from typing import Any

from jarida.model import Site
from jarida.outputs.base import page_context
from jarida.outputs.jobs import Kind, RenderJob

SEARCH_PAGE = "search/index.html"


def plan(site: Site) -> list[RenderJob]:
    if not site.config.search:
        return []
    return [RenderJob(out_path=SEARCH_PAGE, template="search.html", kind=Kind.SEARCH)]


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return page_context(site, job)
