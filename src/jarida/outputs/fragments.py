"""Site-wide blocks served as small fragments that pages load (``fragments/``): the breaking
banner, the latest stories and each category's latest (the article page's sidebar).

Rendered into every page, such a block would make one new article re-render every page of the
site; as a fragment it re-renders once, and a page holds only a static fallback (a link to the
home page or the category's page) and the fragment's address, which ``fragments.js`` fetches.
A fragment is not a page: its name ends in ``.htm`` (Pagefind indexes ``*.html`` only), and no
sitemap or feed lists it. The home page renders the banner itself (it changes with every new
article anyway).
"""

from __future__ import annotations

from typing import Any

from jarida.model import Article, Site
from jarida.outputs.base import file_context
from jarida.outputs.jobs import Kind, RenderJob

#: The folder of the fragments under the site's root.
FOLDER = "fragments/"
#: The output path of the breaking banner, and of the latest stories (the site's, or under a
#: category's folder, ``fragments/categories/<slug>/latest.htm``).
BREAKING = FOLDER + "breaking.htm"
LATEST = "latest.htm"


def breaking_news(site: Site) -> tuple[Article, ...]:
    """The stories whose breaking banner is up at the build's time, newest first: listed (not
    expired), neither drafts nor scheduled, and before their ``breaking_until``."""

    def compute() -> tuple[Article, ...]:
        return tuple(
            a
            for a in site.listed_articles()
            if a.breaking_until is not None
            and site.built_at < a.breaking_until
            and not (a.draft or a.future)
        )

    return site.derived("breaking_news", compute)


def _job(out_path: str, template: str, key: str = "") -> RenderJob:
    return RenderJob(out_path=out_path, template=template, kind=Kind.FRAGMENT, key=key)


def plan(site: Site) -> list[RenderJob]:
    jobs = [
        _job(BREAKING, "fragments/breaking.html"),
        _job(FOLDER + LATEST, "fragments/latest.html"),
    ]
    jobs += [
        _job(FOLDER + term.out_dir + LATEST, "fragments/latest.html", term.slug)
        for term in site.taxonomies["categories"].values()
    ]
    return jobs


def context(site: Site, job: RenderJob) -> dict[str, Any]:
    """``breaking`` (the banner's stories), or ``articles`` (the latest, at most
    ``sidebar.count``) and ``term`` (their category, or None for the site's)."""
    if job.out_path == BREAKING:
        return file_context(site, job) | {"breaking": breaking_news(site)}
    count = site.config.sidebar.count
    term = site.taxonomies["categories"][job.key] if job.key else None
    ids = term.article_ids if term else site.listed
    return file_context(site, job) | {
        "term": term,
        "articles": tuple(site.articles[i] for i in ids[:count]),
    }
