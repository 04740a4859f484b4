"""The home page and its next pages (``page/2/``...): the listed articles, newest first."""

from __future__ import annotations

from typing import Any

from jarida.model import Site
from jarida.outputs.base import page_context
from jarida.outputs.jobs import Kind, RenderJob, pager, paginated


def plan(site: Site) -> list[RenderJob]:
    return paginated(site, "", Kind.INDEX, "", len(site.listed))


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return page_context(site, job) | {"pager": pager(site, job, "", site.listed)}
