"""The page a server shows for a missing path: ``404.html``."""

from __future__ import annotations

from typing import Any

from jarida.model import Site
from jarida.outputs.base import page_context
from jarida.outputs.jobs import Kind, RenderJob


def plan(site: Site) -> list[RenderJob]:
    return [RenderJob(out_path="404.html", template="404.html", kind=Kind.NOT_FOUND)]


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return page_context(site, job)
