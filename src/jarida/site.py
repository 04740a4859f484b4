"""Assemble the :class:`Site`: what is published, permalinks, order, terms, related lists.

Pure: it receives the parsed articles and the clock, and returns the site plus its diagnostics.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType
from urllib.parse import quote

from jarida.config import Config
from jarida.errors import Diagnostic, error
from jarida.i18n.arabic import make_slug
from jarida.model import TAXONOMIES, Article, ArticleSource, RenderedBody, Site, Term
from jarida.related import RelatedInput, article_terms, compute_related
from jarida.taxonomy import Tagged, group_terms

#: First path segments the site's own pages use; an article may not take them.
RESERVED = frozenset({*TAXONOMIES, "page", "assets", "404.html", "index.html"})
SUMMARY_CHARS = 280


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Which articles a build publishes."""

    now: datetime
    drafts: bool = False
    future: bool = False


def url_for(config: Config, out_dir: str) -> str:
    """The link to an output folder or file: base path + percent-encoded UTF-8 path."""
    return config.base_path + quote(out_dir, safe="/")


def _out_dir(config: Config, source: ArticleSource, slug: str) -> str:
    local = source.date.astimezone(config.tz)
    path = config.permalink.format(
        year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug
    )
    return "/".join(part for part in path.split("/") if part) + "/"


def _shorten(text: str) -> str:
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def _article(config: Config, source: ArticleSource, body: RenderedBody, now: datetime) -> Article:
    slug = source.slug or make_slug(source.title, config.slugs)
    out_dir = _out_dir(config, source, slug)
    return Article(
        id=source.id,
        path=source.path,
        digest=source.digest,
        title=source.title,
        slug=slug,
        out_dir=out_dir,
        url=url_for(config, out_dir),
        date=source.date,
        updated=source.updated,
        draft=source.draft,
        future=source.date > now,
        terms=source.terms,
        summary=source.summary or _shorten(body.summary_text),
        image=source.image,
        image_alt=source.image_alt,
        body_html=body.html,
        toc=body.toc,
        word_count=body.word_count,
        extra=source.extra,
    )


def _collisions(articles: Sequence[Article]) -> list[Diagnostic]:
    by_dir: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        by_dir[article.out_dir].append(article.path)
    problems = [
        error(
            paths[0],
            f"{len(paths)} articles have the URL /{out_dir}: " + ", ".join(paths),
            hint="give one of them a different `slug:` in its front matter",
        )
        for out_dir, paths in by_dir.items()
        if len(paths) > 1
    ]
    problems += [
        error(
            a.path,
            f"the URL /{a.out_dir} is used by the site's own pages",
            hint="change the `slug:` or the site's `permalink`",
        )
        for a in articles
        if a.out_dir.split("/")[0] in RESERVED
    ]
    return problems


def _taxonomies(
    config: Config, articles: Sequence[Article]
) -> tuple[dict[str, Mapping[str, Term]], dict[str, dict[str, tuple[str, ...]]], list[Diagnostic]]:
    items = [Tagged(id=a.id, path=a.path, names=a.terms) for a in articles]
    taxonomies: dict[str, Mapping[str, Term]] = {}
    slugs: dict[str, dict[str, tuple[str, ...]]] = {a.id: {} for a in articles}
    problems: list[Diagnostic] = []
    for kind in TAXONOMIES:
        groups, found, landed = group_terms(kind, items, config.slugs)
        problems += found
        taxonomies[kind] = MappingProxyType(
            {
                slug: Term(
                    kind=kind,
                    slug=slug,
                    name=g.name,
                    out_dir=f"{kind}/{slug}/",
                    url=url_for(config, f"{kind}/{slug}/"),
                    article_ids=g.members,
                    variants=g.variants,
                )
                for slug, g in sorted(groups.items())
            }
        )
        for a in articles:
            slugs[a.id][kind] = tuple(
                dict.fromkeys(
                    landed[(a.id, n)] for n in a.terms.get(kind, ()) if (a.id, n) in landed
                )
            )
    return taxonomies, slugs, problems


def _related_inputs(articles: Sequence[Article], texts: Mapping[str, str]) -> list[RelatedInput]:
    return [
        RelatedInput(
            id=a.id,
            date=a.date,
            terms=a.terms,
            content=article_terms(a.title, a.summary, texts[a.id]),
        )
        for a in articles
    ]


def assemble(
    config: Config, parsed: Sequence[tuple[ArticleSource, RenderedBody]], selection: Selection
) -> tuple[Site, list[Diagnostic]]:
    """The site of the articles ``selection`` publishes; drafts and future articles are dropped
    here, before taxonomies and related lists, so they never appear in anyone's list."""
    chosen = [
        (source, body)
        for source, body in parsed
        if (selection.drafts or not source.draft)
        and (selection.future or source.date <= selection.now)
    ]
    published = [_article(config, source, body, selection.now) for source, body in chosen]
    published.sort(key=lambda a: (-a.date.timestamp(), a.id))
    problems = _collisions(published)
    taxonomies, term_slugs, found = _taxonomies(config, published)
    problems += found
    articles = [replace(a, terms=MappingProxyType(term_slugs[a.id])) for a in published]
    texts = {source.id: body.text for source, body in chosen}
    related = compute_related(_related_inputs(articles, texts), config.related)
    site = Site(
        config=config,
        articles=MappingProxyType({a.id: a for a in articles}),
        taxonomies=MappingProxyType(taxonomies),
        related=related,
        built_at=selection.now,
    )
    return site, problems
