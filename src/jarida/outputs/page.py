"""A standalone page (``content/pages/``): ``page.html`` in its folder."""

from __future__ import annotations

from typing import Any

from jarida.model import Site
from jarida.outputs.base import page_context
from jarida.outputs.jobs import Kind, RenderJob


def plan(site: Site) -> list[RenderJob]:
    return [
        RenderJob(out_path=p.out_dir + "index.html", template="page.html", kind=Kind.PAGE, key=p.id)
        for p in site.pages.values()
    ]


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return page_context(site, job) | {"article": site.pages[job.key]}
