"""A term's pages (``tags/<slug>/``, then ``page/2/``...): its articles, newest first."""

from __future__ import annotations

from typing import Any

from jarida.model import Site
from jarida.outputs.base import page_context, taxonomy_names
from jarida.outputs.jobs import Kind, RenderJob, pager, paginated, term_at, term_key


def plan(site: Site) -> list[RenderJob]:
    """The pages of every term of every taxonomy (one at least, for a term with no article)."""
    return [
        job
        for kind in site.config.taxonomy_names
        for term in site.taxonomies[kind].values()
        for job in paginated(site, term.out_dir, Kind.TERM, term_key(term), len(term.article_ids))
    ]


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    term = term_at(site, job.key)
    return page_context(site, job, term) | {
        "term": term,
        "pager": pager(site, job, term.out_dir, term.article_ids),
        # its term file, shown on the first page only
        "text": site.term_text(term) if job.page == 1 else None,
        **taxonomy_names(site, term.kind),
    }
