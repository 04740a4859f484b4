"""Structured data (schema.org JSON-LD) for search engines: NewsArticle, BreadcrumbList, WebSite.

Plain dicts; templates serialize them with Jinja's ``tojson``, which escapes ``<``, ``>``, ``&``
and ``'``, so no user text can close the ``<script>`` element.
"""

from __future__ import annotations

from typing import Any

from jarida.model import Article, Site, Term
from jarida.urlpath import site_link

SCHEMA = "https://schema.org"


def absolute(site: Site, url: str) -> str:
    """A site link (``/path/``) or an absolute URL made absolute with the site's origin."""
    if url.startswith(("http://", "https://")):
        return url
    if not url.startswith("/"):
        url = site.config.base_path + url
    return site.config.origin + url


def _publisher(site: Site) -> dict[str, Any]:
    publisher: dict[str, Any] = {
        "@type": "NewsMediaOrganization",
        "name": site.config.title,
        "url": site.config.base_url,
    }
    if site.config.logo:
        logo = site_link(site.config.site_path, site.config.logo)
        publisher["logo"] = {"@type": "ImageObject", "url": absolute(site, logo)}
    return publisher


def website(site: Site) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": site.config.title,
        # an edition's home (/en/); the default's is the site's address as it is written
        "url": absolute(site, site.config.base_path)
        if site.config.edition
        else site.config.base_url,
        "inLanguage": site.config.language,
    }
    if site.config.description:
        data["description"] = site.config.description
    return data


def news_article(site: Site, article: Article) -> dict[str, Any]:
    tz = site.config.tz
    authors = site.terms_of(article, "authors")
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.title,
        "url": absolute(site, article.url),
        "mainEntityOfPage": absolute(site, article.url),
        "datePublished": article.date.astimezone(tz).isoformat(timespec="seconds"),
        "dateModified": (article.updated or article.date)
        .astimezone(tz)
        .isoformat(timespec="seconds"),
        "inLanguage": site.config.language,
        "publisher": _publisher(site),
        "author": [
            {"@type": "Person", "name": a.name, "url": absolute(site, a.url)} for a in authors
        ]
        or [_publisher(site)],
    }
    image = article.image or site_link(site.config.site_path, site.config.image)
    if image:
        data["image"] = [absolute(site, image)]
    if article.summary:
        data["description"] = article.summary
    sections = site.terms_of(article, "categories")
    if sections:
        data["articleSection"] = [c.name for c in sections]
    tags = site.terms_of(article, "tags")
    if tags:
        data["keywords"] = [t.name for t in tags]
    return data


def breadcrumbs(site: Site, trail: list[tuple[str, str]]) -> dict[str, Any]:
    """``trail`` of (name, site link), from the home page down to the current page."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(site, url)}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def article_trail(site: Site, article: Article, home: str) -> list[tuple[str, str]]:
    trail = [(home, site.config.base_path)]
    categories: tuple[Term, ...] = site.terms_of(article, "categories")
    if categories:
        trail.append((categories[0].name, categories[0].url))
    trail.append((article.title, article.url))
    return trail
