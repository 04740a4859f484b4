"""What every HTML page's template receives, and what every other file's (feeds, sitemaps,
robots.txt, redirects) receives; each family adds its own (``docs/templates.md``)."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from jarida.model import Site, Term
from jarida.outputs.jobs import FEED_FILES, FEED_TYPES, Kind, RenderJob, feed_formats
from jarida.site import url_for
from jarida.structured import absolute


def term_list(site: Site, kind: str) -> list[Term]:
    """The terms of a taxonomy, most articles first."""
    return sorted(site.taxonomies[kind].values(), key=lambda t: (-len(t.article_ids), t.name))


def taxonomy_names(site: Site, kind: str) -> dict[str, str | None]:
    """``taxonomy_title`` and ``taxonomy_singular`` of a custom taxonomy (``config.taxonomies``);
    None for a built-in one, which templates name by the language's strings."""
    declared = site.config.taxonomies.get(kind)
    return {
        "taxonomy_title": declared.title if declared else None,
        "taxonomy_singular": declared.singular if declared else None,
    }


def nav_categories(site: Site) -> list[Term]:
    return list(site.derived("nav_categories", lambda: tuple(term_list(site, "categories"))))


def feed_links(site: Site, term: Term | None) -> list[tuple[str, str, str]]:
    """(MIME type, link, title) of the feeds a page announces: its term's, then the site's
    (the same on every page: made once)."""
    title = site.config.title
    links = (
        []
        if term is None or not term_feeds(site, term.kind)
        else _feeds(site, term.out_dir, f"{term.name} | {title}")
    )
    return links + list(site.derived("site_feed_links", lambda: tuple(_feeds(site, "", title))))


def term_feeds(site: Site, kind: str) -> bool:
    """Whether the terms of a taxonomy have feeds (not a custom one's with ``feed: false``)."""
    declared = site.config.taxonomies.get(kind)
    return site.config.feeds.terms and (declared is None or declared.feed)


def _feeds(site: Site, folder: str, title: str) -> list[tuple[str, str, str]]:
    return [
        (FEED_TYPES[fmt], url_for(site.config, folder + FEED_FILES[fmt]), title)
        for fmt in feed_formats(site)
    ]


def page_context(
    site: Site, job: RenderJob, term: Term | None = None, *, url: str | None = None
) -> dict[str, Any]:
    """What every HTML page receives (``term``: the term whose pages it is one of; ``url``:
    the page's link when the caller has it already, as :func:`url_for` gives it)."""
    return {
        "site": site,
        "job": job,
        "page_url": url_for(site.config, job.out_path.removesuffix("index.html"))
        if url is None
        else url,
        # Not read where the editors set the header menu: a new category changes no page then.
        "nav_categories": [] if "main" in site.config.menus else nav_categories(site),
        "feeds": feed_links(site, term),
        "today": today(site) if job.kind is Kind.INDEX and job.page == 1 else None,
        **alternates(site, job),
    }


def alternates(site: Site, job: RenderJob) -> dict[str, Any]:
    """The page's versions in each edition, itself among them (``alternates``: (code,
    ``hreflang``, URL, the language's own name); none when there is no other) and the default
    language's URL among them (``x_default``, or "").: a document's translations, the homes of
    the editions for the home page."""
    found: tuple[tuple[str, str, str, str], ...] = ()
    if job.kind.document:
        found = site.document(job.key).alternates
    elif job.kind is Kind.INDEX and job.page == 1:
        found = site.homes
    default = site.homes[0][0] if site.homes else ""
    x_default = found[0][2] if found and found[0][0] == default else ""
    return {"alternates": found, "x_default": x_default}


def today(site: Site) -> datetime:
    """The build's day in the site's zone (midnight), for the masthead's date: only the home
    page shows it, so that a build the next day renders no other page again."""
    local = site.built_at.astimezone(site.config.tz)
    return datetime.combine(local.date(), time(0, 0), tzinfo=site.config.tz)


_ROOT_LINK = re.compile(r'(\s(?:href|src))="/(?!/)')


#: A ``srcset`` (pictures' widths) and the root-relative URLs of its candidates.
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')
_CANDIDATE = re.compile(r"(^|,\s*)/(?!/)")


def absolute_links(site: Site, html: str) -> str:
    """Root-relative links in an article body made absolute (``srcset`` too), for feed readers."""
    if '="/' not in html and "srcset=" not in html:  # most bodies: no link of the site's own
        return html
    origin = site.config.origin
    html = _ROOT_LINK.sub(lambda m: f'{m.group(1)}="{origin}/', html)
    return _SRCSET.sub(
        lambda m: m.group(1) + _CANDIDATE.sub(lambda c: f"{c.group(1)}{origin}/", m.group(2)) + '"',
        html,
    )


def file_context(site: Site, job: RenderJob) -> dict[str, Any]:
    """What every file that is not an HTML page receives."""
    return {
        "site": site,
        "job": job,
        "absolute_links": absolute_links,
        "self_url": absolute(site, url_for(site.config, job.out_path)),
    }
