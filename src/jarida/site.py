"""Assemble the :class:`Site` (what is published, permalinks, order, terms), then relate it
(the related lists, a stage of their own).

:func:`assemble` is pure: it receives the parsed articles and the clock, and returns the site
plus its diagnostics, reading and writing nothing. :func:`relate` attaches the related lists
that the :data:`~jarida.related.Relate` it is given makes (a cached one reads and writes
``.jarida/``), with its notes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType
from urllib.parse import quote

from jarida.bundles import attach_resources
from jarida.config import Config
from jarida.content.article import summary_of
from jarida.content.termfiles import TERM_KIND
from jarida.content.terms import TermBag
from jarida.errors import Diagnostic, clip, error, shown, warning
from jarida.i18n.arabic import make_slug
from jarida.languages import edition_codes, edition_config, primary
from jarida.layout import CONFIG_FILE, NAME_BYTES, longest_name
from jarida.links import resolve_source_links
from jarida.model import (
    Article,
    ArticleBody,
    ArticleSource,
    Selection,
    Site,
    Term,
)
from jarida.related import Relate, RelatedInput
from jarida.taxonomy import Tagged, group_terms
from jarida.taxonomyconfig import BUILT_IN
from jarida.termtexts import attach_term_texts
from jarida.translations import link_translations
from jarida.urlpath import normal_path, site_link

#: First path segments the site's own pages use; an article may not take them.
RESERVED = frozenset({*BUILT_IN, "page", "assets", "404.html", "index.html"})
#: First path segments of the search page and its index, reserved when ``search`` is on.
SEARCH_RESERVED = frozenset({"search", "pagefind"})
#: Files the site writes at its root; an alias cannot take them either.
ROOT_FILES = frozenset(
    {"atom.xml", "rss.xml", "sitemap.xml", "news-sitemap.xml", "robots.txt", "_redirects"}
)


def url_for(config: Config, out_dir: str) -> str:
    """The link to an output folder or file of the edition: its base path + percent-encoded
    UTF-8 path."""
    return config.base_path + quote(out_dir, safe="/")


def site_url(config: Config, path: str) -> str:
    """The link to a path under the output's root (of any edition): the site's path + it."""
    return config.site_path + quote(path, safe="/")


def _out_dir(config: Config, source: ArticleSource, slug: str) -> str:
    """The folder of a page, in the normal form of every path (the permalink and the slug are
    checked where they are read: nothing here can leave the site)."""
    if source.kind == "page":
        return normal_path(slug + "/")
    local = source.date.astimezone(config.tz)
    path = config.permalink.format(
        year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug
    )
    return normal_path(path + "/")


def _article(config: Config, source: ArticleSource, body: ArticleBody, now: datetime) -> Article:
    slug = source.slug or source.title_slug or make_slug(source.title, config.slugs)
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
        date_timed=source.date_timed,
        updated_timed=source.updated_timed,
        draft=source.draft,
        future=max(source.date, source.publish_date or source.date) > now,
        expired=source.expires is not None and source.expires <= now,
        aliases=source.aliases,
        terms=source.terms,
        summary=summary_of(source, body),
        image=source.image and site_link(config.site_path, source.image),
        image_alt=source.image_alt,
        image_caption=source.image_caption,
        image_credit=source.image_credit,
        body=replace(body.html, base_path=config.site_path),
        toc=body.toc,
        word_count=body.word_count,
        search_terms=body.search_terms,
        extra=source.extra,
        kind=source.kind,
        image_line=source.image_line,
        featured=source.featured,
        breaking_until=source.breaking_until,
        edition=config.edition,
        links=tuple((url, source.body_line + line - 1, tag) for url, line, tag in body.links),
    )


def find_category(config: Config, categories: Mapping[str, Term], name: str) -> Term | None:
    """The category a config names (``home.sections``): by slug, name or any spelling of it."""
    slug = make_slug(name, config.slugs)
    found = categories.get(name) or categories.get(slug)
    return found or next((t for t in categories.values() if name in t.variants), None)


def _section_problems(config: Config, categories: Mapping[str, Term]) -> list[Diagnostic]:
    """A warning for each ``home.sections`` category that no listed article has."""
    return [
        warning(
            CONFIG_FILE,
            f"`home.sections[{n}]`: no published article has the category {shown(s.category)}; "
            "its block is left out of the home page",
            hint="check the spelling against the articles' `category:`",
        )
        for n, s in enumerate(config.home.sections)
        if find_category(config, categories, s.category) is None
    ]


def reserved(config: Config) -> frozenset[str]:
    """First path segments the site's own pages and files use (the taxonomies' too, and the
    other editions' codes in the default edition)."""
    own = RESERVED | frozenset(config.taxonomies)
    own |= frozenset(() if config.edition else edition_codes(config))
    return own | SEARCH_RESERVED if config.search else own


def _collisions(articles: Sequence[Article], taken: frozenset[str]) -> list[Diagnostic]:
    by_dir: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        by_dir[article.out_dir].append(article.path)
    problems = [
        error(
            sorted(paths)[0],
            f"{len(paths)} articles have the URL /{out_dir}: " + ", ".join(sorted(paths)),
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
        if a.out_dir.split("/")[0] in taken
    ]
    return problems + _too_long(articles)


def _too_long(articles: Sequence[Article]) -> list[Diagnostic]:
    """Output folders with a name longer than a file system takes (a long ``permalink``)."""
    problems = []
    for article in articles:
        longest = longest_name(article.out_dir)
        if longest > NAME_BYTES:
            problems.append(
                error(
                    article.path,
                    f"the URL /{clip(article.out_dir)} has a part of {longest} bytes; "
                    f"a folder name may have at most {NAME_BYTES}",
                    hint="shorten the text around {slug} in the `permalink` of jarida.yaml, "
                    "or give the article a shorter `slug:`",
                )
            )
    return problems


def alias_out_path(alias: str) -> str:
    """``/2017/03/old/`` → ``2017/03/old/index.html``; ``/old.html`` stays a file. ``alias`` is in
    its normal form (:func:`jarida.urlpath.url_path`), so the result is too."""
    path = normal_path(alias)
    last = path.rstrip("/").rpartition("/")[2]
    if path.endswith("/") or not path:
        return path + "index.html"
    return path if "." in last else path + "/index.html"


def _live_aliases(
    articles: Sequence[Article], reserved: frozenset[str]
) -> tuple[list[Article], list[Diagnostic]]:
    """Aliases that can redirect: not on a page of the site, nor on another alias (first wins)."""
    taken = {a.out_dir + "index.html" for a in articles}
    problems: list[Diagnostic] = []
    kept: list[Article] = []
    for article in sorted(articles, key=lambda a: a.id):
        live = []
        for alias in article.aliases:
            out = alias_out_path(alias)
            if out in taken or out.split("/")[0] in reserved | ROOT_FILES:
                problems.append(
                    warning(
                        article.path,
                        f"the alias {alias} is the URL of another page of the site; "
                        "it does not redirect",
                        hint="remove the alias, or keep it if the old link may now show that page",
                    )
                )
                continue
            taken.add(out)
            live.append(alias)
        kept.append(
            replace(article, aliases=tuple(live)) if len(live) < len(article.aliases) else article
        )
    return kept, problems


def _taxonomies(
    config: Config, articles: Sequence[Article], listed: frozenset[str]
) -> tuple[dict[str, Mapping[str, Term]], dict[str, dict[str, tuple[str, ...]]], list[Diagnostic]]:
    """Terms over every article with a page; a term lists (and exists for) listed articles only."""
    items = [Tagged(id=a.id, path=a.path, names=a.terms) for a in articles]
    taxonomies: dict[str, Mapping[str, Term]] = {}
    slugs: dict[str, dict[str, tuple[str, ...]]] = {a.id: {} for a in articles}
    problems: list[Diagnostic] = []
    for kind in config.taxonomy_names:
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
                    edition=config.edition,
                    article_ids=tuple(m for m in g.members if m in listed),
                    variants=g.variants,
                )
                for slug, g in sorted(groups.items())
                if any(m in listed for m in g.members)
            }
        )
        for a in articles:
            slugs[a.id][kind] = tuple(
                dict.fromkeys(
                    landed[(a.id, n)] for n in a.terms.get(kind, ()) if (a.id, n) in landed
                )
            )
    return taxonomies, slugs, problems


def assemble(
    config: Config,
    parsed: Sequence[tuple[ArticleSource, ArticleBody]],
    selection: Selection,
    bundles: Mapping[str, Sequence[str]] = MappingProxyType({}),
    *,
    sources: Iterable[str] = (),
) -> tuple[Site, list[Diagnostic]]:
    """The site of the articles ``selection`` publishes, without related lists (:func:`relate`
    adds them); drafts and future articles are dropped here, before taxonomies and related
    lists, so they never appear in anyone's list. ``sources`` names every source file (broken
    ones too), for link checks; ``bundles`` the files of each page bundle
    (:func:`jarida.bundles.attach_resources`). Each edition (:mod:`jarida.languages`) is
    assembled alike from its own sources, its translations linked (:mod:`jarida.translations`)."""
    names = frozenset(sources)
    default = primary(config.language)
    site, problems = _edition(
        config, [p for p in parsed if (p[0].lang or default) == default], selection, bundles, names
    )
    editions = {}
    for code in edition_codes(config):
        mine = [p for p in parsed if p[0].lang == code]
        edition, found = _edition(edition_config(config, code), mine, selection, bundles, names)
        editions[code], problems = edition, problems + found + _empty_edition(edition, code)
    site = replace(site, editions=MappingProxyType(editions))
    site, found = link_translations(site, {s.id: s.translation_key for s, _ in parsed})
    return site, problems + found


def _empty_edition(edition: Site, code: str) -> list[Diagnostic]:
    """A warning when the edition ``code`` publishes no article (its home would be empty)."""
    if edition.articles:
        return []
    return [
        warning(
            CONFIG_FILE,
            f"`languages.{code}`: the edition `{code}` publishes no article; its home page and "
            "lists are empty",
            hint=f"put its articles under `content/{code}/`, or give them `lang: {code}`",
        )
    ]


def _edition(
    config: Config,
    parsed: Sequence[tuple[ArticleSource, ArticleBody]],
    selection: Selection,
    bundles: Mapping[str, Sequence[str]],
    sources: frozenset[str],
) -> tuple[Site, list[Diagnostic]]:
    """The site of one edition (:func:`assemble`)."""
    published = [
        article
        for article in (
            _article(config, source, body, selection.now)
            for source, body in parsed
            if selection.drafts or not source.draft
        )
        if (selection.future or not article.future)
        and not (article.expired and config.expired == "remove")
    ]
    texts = [replace(a, aliases=()) for a in published if a.kind == TERM_KIND]
    published = [a for a in published if a.kind != TERM_KIND]
    published = attach_resources(published, bundles, lambda path: site_url(config, path))
    published, problems = _live_aliases(published, reserved(config))
    hidden = ({source.id for source, _ in parsed} | sources) - {a.id for a in published}
    published, found_links = resolve_source_links(published, hidden)
    problems += found_links
    published.sort(key=lambda a: (-a.date.timestamp(), a.id))
    problems += _collisions(published, reserved(config))
    pages = [replace(a, terms=MappingProxyType({})) for a in published if a.kind == "page"]
    published = [a for a in published if a.kind == "article"]
    listed = tuple(a.id for a in published if not a.expired)
    taxonomies, term_slugs, found = _taxonomies(config, published, frozenset(listed))
    problems += found + _section_problems(config, taxonomies["categories"])
    taxonomies, term_texts, found = attach_term_texts(taxonomies, texts)
    problems += found
    articles = [replace(a, terms=MappingProxyType(term_slugs[a.id])) for a in published]
    site = Site(
        config=config,
        articles=MappingProxyType({a.id: a for a in articles}),
        listed=listed,
        taxonomies=MappingProxyType(taxonomies),
        related=MappingProxyType({}),
        built_at=selection.now,
        pages=MappingProxyType({p.id: p for p in sorted(pages, key=lambda p: p.id)}),
        term_texts=MappingProxyType(term_texts),
    )
    return site, problems


def relate(site: Site, bags: Mapping[str, TermBag], lists: Relate) -> tuple[Site, tuple[str, ...]]:
    """``site`` with the related lists of its articles that have not expired, as ``lists``
    makes them from their terms, dates and term bags (``bags``, by id); and its notes. The
    lists of every edition are made at once, each of its own edition's articles."""
    items = [
        RelatedInput(
            id=a.id,
            date=a.date,
            terms=a.terms,
            content=bags[a.id],
            source=a.digest,
            edition=edition.config.edition,
        )
        for edition in site.every_edition()
        for a in edition.articles.values()
        if not a.expired
    ]
    related, notes = lists(items, site.config.related)

    def own(edition: Site) -> Site:
        mine = {i: hits for i, hits in related.items() if i in edition.articles}
        return replace(edition, related=MappingProxyType(mine), _derived={})

    editions = {code: own(edition) for code, edition in site.editions.items()}
    if not editions:
        return replace(site, related=related, _derived={}), notes
    return replace(own(site), editions=MappingProxyType(editions)), notes
