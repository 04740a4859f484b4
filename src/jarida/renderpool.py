"""Render jobs to bytes, serially or in a process pool (see :mod:`jarida.parallel`), or on an
executor's workers (:mod:`jarida.remote`: what they read the site's files and bodies from).

Each process builds its own Jinja environment (environments do not pickle).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from types import MappingProxyType

from jinja2 import Environment

from jarida.assets import Assets
from jarida.bodies import RecentBodies
from jarida.model import BodyStore, Site
from jarida.outputs import render_job
from jarida.outputs.jobs import Kind, Output, RenderJob
from jarida.outputs.partials import Partials
from jarida.parallel import CHUNK, Jobs, Progress, forks, job_count, parallel_iter
from jarida.readnumbers import NumberedReads, Numbering
from jarida.reads import ReadMemo
from jarida.remote import WorkerSite, for_workers
from jarida.render import edition_environments, make_environment


def render_outputs(
    site: Site,
    jobs: Sequence[RenderJob],
    *,
    assets: Assets,
    bodies: BodyStore,
    workers: Jobs,
    progress: Progress | None = None,
    on_error: Callable[[Environment, Exception, RenderJob], Exception],
) -> Iterator[Output]:
    """Render ``jobs`` to bytes, as the caller takes them (so that a site's pages are never all
    in memory at once), each body a page shows read from ``bodies`` then; a template error
    becomes ``on_error``'s exception."""
    environments: list[Callable[[str], Environment]] = []
    memo = ReadMemo()  # per process: the site is the same for every job
    partials = Partials()  # the same: cards and related cards, rendered once each
    there = WorkerSite(site.config, site.config.root)
    # Numbered reads (jarida.readnumbers) need each process's pages taken in order: the forked
    # pool's are, a Dask worker's threads' are not; one process notes its own strings cheaply.
    pool = forks(workers) and job_count(workers) > 1
    numbering: list[Numbering] | None = [] if pool else None
    if not isinstance(workers, int) and not workers.forks:
        there, bodies = for_workers(site.config, bodies, workers.shared_root)
    bodies = RecentBodies(bodies)  # one per process: each worker's own

    def render(job: RenderJob) -> Output:
        if not environments:
            moved = there.config_there
            environments.append(
                edition_environments(site, assets, lambda c, a: make_environment(moved(c), a))
            )
        env = environments[0](job.edition)
        try:
            output = render_job(env, site, job, memo, bodies=bodies, partials=partials)
        except Exception as exc:  # any template error: converted at the stage boundary
            raise on_error(env, exc, job) from None
        if numbering is None or isinstance(output.reads, NumberedReads):
            return output
        if not numbering or not numbering[-1].here():  # made in the process that renders
            numbering.append(Numbering())
        return replace(output, reads=numbering[-1].numbered(output.reads))

    ordered = heaviest_first(jobs)
    return parallel_iter(render, ordered, jobs=workers, progress=progress, weight=_weight)


#: How much a page of each kind weighs against an article's (:func:`_weight`).
_HEAVY = MappingProxyType({Kind.SITEMAP: CHUNK, Kind.FEED: 8, Kind.NEWS_SITEMAP: 8})


def _weight(job: RenderJob) -> int:
    """A page's part of a chunk of the pool's (:data:`jarida.parallel.CHUNK` article pages,
    ~2 MB): a sitemap part (~20 MB at 100,000 articles) goes alone, a feed (~200 KB) as 8
    pages; the chunks the writer waits for then hold ~2 MB each, not 64 feeds or 3 sitemaps
    (~60 MB more for a moment at the main process's peak)."""
    return _HEAVY.get(job.kind, 1)


def heaviest_first(jobs: Sequence[RenderJob]) -> list[RenderJob]:
    """Sitemap parts, then feeds, then the other pages, each in the order given: the writer
    holds the least when the largest arrive (at 100,000 articles what it notes grows by
    ~180 MiB as the pages come, and a sitemap part that came late was the main process's
    peak)."""
    return sorted(jobs, key=lambda job: -_weight(job))
