"""Every output of the site as one plan, each output's template context, and rendering one job
to bytes."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from jarida import pages, syndication
from jarida.model import BodyStore, Site
from jarida.pages import Output, RenderJob
from jarida.reads import Key, Recorder, track
from jarida.xmlchars import strip_forbidden


def plan(site: Site) -> list[RenderJob]:
    """Pages, feeds, sitemaps, robots.txt and redirects, sorted by output path."""
    jobs = pages.plan_pages(site) + syndication.plan_syndication(site)
    return sorted(jobs, key=lambda job: job.out_path)


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    """The variables ``job``'s template receives."""
    if job.kind in syndication.SYNDICATION_KINDS:
        return syndication.context(site, job)
    return pages.context(site, job)


def render_job(
    env: Environment,
    site: Site,
    job: RenderJob,
    memo: dict[Key, tuple[str, str]] | None = None,
    *,
    bodies: BodyStore,
) -> Output:
    """``job`` rendered, with what its templates read (``memo``: the reads' digests known from
    the pages rendered before from the same site); the bodies it shows are read from
    ``bodies``."""
    recorder = Recorder({} if memo is None else memo, bodies)
    variables = track(context(site, job), recorder)
    text = env.get_template(job.template).render(variables)
    # Whatever carried them in (a config value, a template), feeds must stay readable XML.
    data = strip_forbidden(text).encode("utf-8")
    return Output(path=job.out_path, data=data, reads=recorder.pairs())
