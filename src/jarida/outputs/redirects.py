"""Redirects from old paths (an article's or page's ``aliases``): a page at each old path, and
``_redirects`` listing them all for hosts that read it (every edition's: an alias is a path
from the site's root, as the old URL was)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from jarida.model import Site
from jarida.outputs.base import file_context
from jarida.outputs.jobs import Kind, RenderJob
from jarida.site import alias_out_path, site_url


def plan(site: Site) -> list[RenderJob]:
    """A redirect for every alias and, when there is one, the list of them all."""
    jobs = [
        RenderJob(
            out_path=alias_out_path(alias), template="redirect.html", kind=Kind.REDIRECT, key=a.id
        )
        for a in site.documents()
        for alias in a.aliases
    ]
    if jobs or any(a.aliases for e in site.editions.values() for a in e.documents()):
        jobs.append(
            RenderJob(out_path="_redirects", template="feeds/_redirects", kind=Kind.REDIRECTS)
        )
    return jobs


def _redirect(site: Site, job: RenderJob) -> dict[str, Any]:
    return file_context(site, job) | {"article": site.document(job.key)}


def _listed(site: Site, job: RenderJob) -> dict[str, Any]:
    pairs = [
        (site_url(site.config, alias.lstrip("/")), a.url)
        for edition in site.every_edition()
        for a in edition.documents()
        for alias in a.aliases
    ]
    return file_context(site, job) | {"redirects": sorted(pairs)}


_CONTEXTS: Mapping[Kind, Callable[[Site, RenderJob], dict[str, Any]]] = MappingProxyType(
    {Kind.REDIRECT: _redirect, Kind.REDIRECTS: _listed}
)


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return _CONTEXTS[job.kind](site, job)
