"""Every output of the site as one plan, and rendering one job to bytes."""

from __future__ import annotations

from jinja2 import Environment

from jarida import pages, syndication
from jarida.model import Site
from jarida.pages import Output, RenderJob
from jarida.xmlchars import strip_forbidden


def plan(site: Site) -> list[RenderJob]:
    """Pages, feeds, sitemaps, robots.txt and redirects, sorted by output path."""
    jobs = pages.plan_pages(site) + syndication.plan_syndication(site)
    return sorted(jobs, key=lambda job: job.out_path)


def render_job(env: Environment, site: Site, job: RenderJob) -> Output:
    if job.kind in syndication.SYNDICATION_KINDS:
        variables = syndication.context(site, job)
    else:
        variables = pages.context(site, job)
    text = env.get_template(job.template).render(variables)
    # Whatever carried them in (a config value, a template), feeds must stay readable XML.
    return Output(path=job.out_path, data=strip_forbidden(text).encode("utf-8"))
