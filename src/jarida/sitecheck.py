"""The site read without building it: :func:`check` goes through the build's stages up to the
plan (:mod:`jarida.build`), then renders every page to find the template errors, writing
nothing, not even the cache; :func:`load_site` reads, assembles and relates the site (what
``jarida related`` explains)."""

from __future__ import annotations

from jarida.build import plan_outputs
from jarida.cache import ParseCache
from jarida.config import Config
from jarida.content.loader import load_sources
from jarida.errors import Diagnostic, sorted_diagnostics
from jarida.model import Selection, Site
from jarida.parse import parse_key, parse_sources
from jarida.pictures import publish_images
from jarida.related.store import computed_related
from jarida.site import assemble, relate
from jarida.templatecheck import template_problems


def read_only_cache(config: Config) -> ParseCache:
    """The site's parse cache, used but never written."""
    return ParseCache(config.root, parse_key(config), writable=False)


def load_site(
    config: Config, selection: Selection, *, jobs: int = 1
) -> tuple[Site, list[Diagnostic]]:
    """The whole site read, assembled and related (lists with their reasons); nothing written."""
    cache = read_only_cache(config)
    parsed = parse_sources(config, load_sources(config.root, cache.seen), cache, jobs=jobs)
    site, found = assemble(config, parsed.parsed, selection, parsed.bundles, sources=parsed.sources)
    site, _ = relate(site, parsed.bags, computed_related(jobs, explain=True))
    return site, parsed.problems + found


def check(config: Config, selection: Selection, *, jobs: int = 1) -> tuple[Diagnostic, ...]:
    """Every problem of the site, found without writing anything (not even the cache): the
    sources that do not parse, and everything wrong with the site the others make, its pages
    rendered to find the template errors."""
    cache = read_only_cache(config)
    parsed = parse_sources(config, load_sources(config.root, cache.seen), cache, jobs=jobs)
    site, found = assemble(config, parsed.parsed, selection, parsed.bundles, sources=parsed.sources)
    site, _ = relate(site, parsed.bags, computed_related(jobs))
    pictures = publish_images(site, workers=jobs, writable=False)
    planned = plan_outputs(pictures.site, parsed, found, bodies=cache, images=pictures)
    problems = template_problems(
        planned.site, planned.jobs, assets=planned.assets, bodies=cache, workers=jobs
    )
    return sorted_diagnostics([*planned.problems, *problems])
