"""Every output of the site as one plan, each output's template context, and rendering one job
to bytes.

Each page family has its module here, holding which outputs it has (its plan, as
:class:`~jarida.outputs.jobs.RenderJob` values) and what its template receives (its context):
:data:`FAMILIES` finds the family of a job's kind. What the families share is in
:mod:`jarida.outputs.jobs` and :mod:`jarida.outputs.base`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Protocol

from jinja2 import Environment

from jarida.model import BodyStore, Site
from jarida.outputs import (
    article,
    feeds,
    fragments,
    home,
    notfound,
    page,
    redirects,
    robots,
    search,
    sitemaps,
    termindex,
    termlist,
)
from jarida.outputs.jobs import Kind, Output, RenderJob
from jarida.outputs.partials import Partials
from jarida.reads import Key, Recorder, track
from jarida.xmlchars import strip_forbidden


class Family(Protocol):
    """A page family's module."""

    def plan(self, site: Site) -> list[RenderJob]:
        """The family's outputs."""

    def context(self, site: Site, job: RenderJob) -> dict[str, Any]:
        """What the template of one of them receives."""


#: The family of each kind of output (the plan lists the families in this order).
FAMILIES: Mapping[Kind, Family] = MappingProxyType(
    {
        Kind.ARTICLE: article,
        Kind.PAGE: page,
        Kind.INDEX: home,
        Kind.TERM: termlist,
        Kind.TERMS: termindex,
        Kind.NOT_FOUND: notfound,
        Kind.SEARCH: search,
        Kind.FEED: feeds,
        Kind.SITEMAP: sitemaps,
        Kind.NEWS_SITEMAP: sitemaps,
        Kind.SITEMAP_INDEX: sitemaps,
        Kind.ROBOTS: robots,
        Kind.REDIRECT: redirects,
        Kind.REDIRECTS: redirects,
        Kind.FRAGMENT: fragments,
    }
)


def plan(site: Site) -> list[RenderJob]:
    """Pages, feeds, sitemaps, robots.txt, redirects and fragments, sorted by output path."""
    jobs = [job for family in dict.fromkeys(FAMILIES.values()) for job in family.plan(site)]
    return sorted(jobs, key=lambda job: job.out_path)


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    """The variables ``job``'s template receives (documented in ``docs/templates.md``)."""
    return FAMILIES[job.kind].context(site, job)


def render_job(
    env: Environment,
    site: Site,
    job: RenderJob,
    memo: dict[Key, tuple[str, str]] | None = None,
    *,
    bodies: BodyStore,
    partials: Partials | None = None,
) -> Output:
    """``job`` rendered, with what its templates read (``memo``: the reads' digests known from
    the pages rendered before from the same site; ``partials``: the partials rendered for
    them); the bodies it shows are read from ``bodies``."""
    recorder = Recorder({} if memo is None else memo, bodies)
    variables = track(context(site, job), recorder)
    shared = Partials() if partials is None else partials
    variables["partial_cached"] = shared.bound(env, site, recorder)
    text = env.get_template(job.template).render(variables)
    # Whatever carried them in (a config value, a template), feeds must stay readable XML.
    data = strip_forbidden(text).encode("utf-8")
    return Output(path=job.out_path, data=data, reads=recorder.pairs())
