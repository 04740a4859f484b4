"""``robots.txt``: every crawler welcome, and where the sitemaps are (every edition's)."""

from __future__ import annotations

from typing import Any

from jarida.model import Site
from jarida.outputs.base import file_context
from jarida.outputs.jobs import Kind, RenderJob
from jarida.outputs.sitemaps import plan as sitemaps
from jarida.site import url_for
from jarida.structured import absolute


def plan(site: Site) -> list[RenderJob]:
    if not site.config.robots:
        return []
    return [RenderJob(out_path="robots.txt", template="feeds/robots.txt", kind=Kind.ROBOTS)]


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    roots = ("sitemap.xml", "news-sitemap.xml")
    maps = [
        url_for(edition.config, j.out_path)
        for edition in site.every_edition()
        for j in sitemaps(edition)
        if j.out_path in roots
    ]
    return file_context(site, job) | {"sitemaps": [absolute(site, p) for p in maps]}
