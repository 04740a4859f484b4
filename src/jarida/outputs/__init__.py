"""Every output of the site as one plan, each output's template context, and rendering one job
to bytes.

Each page family has its module here, holding which outputs it has (its plan, as
:class:`~jarida.outputs.jobs.RenderJob` values) and what its template receives (its context):
:data:`FAMILIES` finds the family of a job's kind. What the families share is in
:mod:`jarida.outputs.jobs` and :mod:`jarida.outputs.base`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
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
from jarida.reads import ReadMemo, Recorder, track
from jarida.xmlchars import encoded_for_xml


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


#: The files only the site's root has (they speak for every edition).
ROOT_ONLY = frozenset({Kind.ROBOTS, Kind.REDIRECTS})
#: What is at its own path from the site's root in every edition: an old path (an alias).
FROM_ROOT = frozenset({Kind.REDIRECT})


def plan(site: Site) -> list[RenderJob]:
    """Pages, feeds, sitemaps, robots.txt, redirects and fragments, sorted by output path: the
    default edition's, then each other edition's under its code (``en/...``)."""
    jobs = [job for edition in site.every_edition() for job in _edition_plan(edition)]
    return sorted(jobs, key=lambda job: job.out_path)


def _edition_plan(site: Site) -> list[RenderJob]:
    jobs = [job for family in dict.fromkeys(FAMILIES.values()) for job in family.plan(site)]
    code = site.config.edition
    if not code:
        return jobs
    return [
        replace(job, out_path=job.out_path if job.kind in FROM_ROOT else f"{code}/{job.out_path}")
        for job in (replace(job, edition=code) for job in jobs)
        if job.kind not in ROOT_ONLY
    ]


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    """The variables ``job``'s template receives (documented in ``docs/templates.md``), from
    the site of its edition, as its family planned it there (its path in the edition)."""
    return FAMILIES[job.kind].context(site.edition(job.edition), in_edition(job))


def in_edition(job: RenderJob) -> RenderJob:
    """``job`` as its family planned it in its edition (``en/x/index.html`` → ``x/index.html``)."""
    if not job.edition or job.kind in FROM_ROOT:
        return job
    return replace(job, out_path=job.out_path.removeprefix(job.edition + "/"))


def render_job(
    env: Environment,
    site: Site,
    job: RenderJob,
    memo: ReadMemo | None = None,
    *,
    bodies: BodyStore,
    partials: Partials | None = None,
) -> Output:
    """``job`` rendered, with what its templates read (``memo``: the reads' digests known from
    the pages rendered before from the same site; ``partials``: the partials rendered for
    them); the bodies it shows are read from ``bodies``."""
    recorder = Recorder(memo, bodies)
    variables = track(context(site, job), recorder)
    shared = Partials() if partials is None else partials
    variables["partial_cached"] = shared.bound(env, site.edition(job.edition), recorder)
    text = env.get_template(job.template).render(variables)
    # Whatever carried them in (a config value, a template), feeds must stay readable XML.
    recorder.finish()
    return Output(path=job.out_path, data=encoded_for_xml(text), reads=recorder.pairs())
