"""The index of a taxonomy (``tags/``): its terms, most articles first."""

from __future__ import annotations

from typing import Any

from jarida.model import Site
from jarida.outputs.base import page_context, taxonomy_names, term_list
from jarida.outputs.jobs import Kind, RenderJob


def plan(site: Site) -> list[RenderJob]:
    """One for every taxonomy, used or not."""
    return [
        RenderJob(out_path=f"{kind}/index.html", template="terms.html", kind=Kind.TERMS, key=kind)
        for kind in site.config.taxonomy_names
    ]


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    return page_context(site, job) | {
        "taxonomy": job.key,
        "terms": term_list(site, job.key),
        **taxonomy_names(site, job.key),
    }
