"""Fingerprints: for every output, the digest of exactly the inputs its page reads.

The inputs are listed here as data, kind by kind, mirroring the built-in templates: an article
page reads its article, the cards of its related articles and the navigation; a list page reads
the cards of the articles on it; a feed reads its items in full. That list *is* the dependency
graph: an output whose fingerprint did not change is neither rendered nor rewritten.

Everything every page shares (Jarida's version, the configuration, every template and interface
string, the current names of the fingerprinted style sheets and scripts) is in the ``base``
digest. A site template that reads ``site`` directly may read anything, so with such an override
every page depends on the whole site (``whole_site``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, meta

from jarida import __version__, syndication
from jarida.dependencies import shaping_versions
from jarida.errors import BuildFailed, error
from jarida.layout import I18N_DIR, TEMPLATES_DIR, theme_dir
from jarida.model import Article, Site, Term
from jarida.pages import RenderJob, nav_categories, page_articles


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    # surrogateescape: a template's file name may be bytes that are not UTF-8
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _files_digest(folders: Sequence[Path]) -> list[tuple[str, str]]:
    return [
        (path.relative_to(folder).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest())
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


def reads_whole_site(env: Environment, root: Path) -> bool:
    """Whether a site template override uses the ``site`` variable itself."""
    folder = root / TEMPLATES_DIR
    if not folder.is_dir():
        return False
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt"):
            source = path.read_text(encoding="utf-8")
            try:
                tree = env.parse(source)
            except TemplateSyntaxError as exc:
                shown = path.relative_to(root).as_posix()
                raise BuildFailed(
                    [
                        error(
                            shown,
                            f"template syntax error: {exc.message}",
                            line=exc.lineno,
                            hint="fix the template at this line",
                        )
                    ]
                ) from None
            if "site" in meta.find_undeclared_variables(tree):
                return True
    return False


def base_digest(site: Site, whole_site: bool, asset_paths: Mapping[str, str]) -> str:
    """What every output depends on; ``asset_paths`` are the names pages link static files by."""
    theme = theme_dir()
    root = site.config.root
    parts: list[object] = [
        __version__,
        shaping_versions(),
        repr(site.config),
        _files_digest([t / n for t in (theme, root) for n in (TEMPLATES_DIR, I18N_DIR)]),
        # Only the renamed (fingerprinted) files: a new plain static file changes no page.
        sorted((plain, out) for plain, out in asset_paths.items() if plain != out),
    ]
    if whole_site:
        parts.append(
            [(a.id, a.digest, a.out_dir, sorted(a.terms.items())) for a in site.documents()]
        )
        parts.append(sorted((k, list(site.related.get(k, ()))) for k in site.articles))
    return _digest(parts)


@dataclass(frozen=True, slots=True)
class _Cards:
    """Per-article digests, computed once per build."""

    card: Mapping[str, str]
    full: Mapping[str, str]


def _term_names(site: Site, article: Article) -> list[list[str]]:
    return [
        [t.kind, t.name, t.url] for kind in site.taxonomies for t in site.terms_of(article, kind)
    ]


def _cards(site: Site) -> _Cards:
    card: dict[str, str] = {}
    full: dict[str, str] = {}
    for a in site.documents():
        shown = [
            a.id,
            a.title,
            a.url,
            a.date.isoformat(),
            a.updated and a.updated.isoformat(),
            a.summary,
            a.image,
            a.draft,
            a.future,
            _term_names(site, a),
        ]
        card[a.id] = _digest(shown)
        full[a.id] = _digest([shown, a.digest, a.image_alt, a.aliases, a.expired])
    return _Cards(card, full)


def _term_key(term: Term) -> list[object]:
    return [term.kind, term.name, term.url, len(term.article_ids)]


def _page_inputs(site: Site, job: RenderJob, cards: _Cards) -> object:
    nav = [[c.name, c.url] for c in nav_categories(site)] + [site.built_at.year]
    if job.kind == "page":
        return [nav, cards.full[job.key]]
    if job.kind == "article":
        related = [cards.card[hit.id] for hit in site.related.get(job.key, ())]
        return [nav, cards.full[job.key], related]
    if job.kind in ("index", "term"):
        term, articles, count = page_articles(site, job)
        listed = [cards.card[a.id] for a in articles]
        return [nav, term and _term_key(term), count, listed]
    if job.kind == "terms":
        return [nav, [_term_key(t) for t in site.taxonomies[job.key].values()]]
    return [nav]


def _syndication_inputs(site: Site, job: RenderJob, cards: _Cards) -> object:
    variables = syndication.context(site, job)
    if job.kind == "feed":
        term = variables["term"]
        return [
            term and _term_key(term),
            variables["updated"].isoformat(),
            [cards.full[a.id] for a in variables["items"]],
        ]
    if job.kind == "news-sitemap":
        return [
            variables["news_language"],
            [[a.url, a.date.isoformat(), a.title] for a in variables["items"]],
        ]
    if job.kind == "redirect":
        article = variables["article"]
        return [article.title, article.url]
    keep = {"entries", "parts", "sitemaps", "redirects"}
    return {k: v for k, v in variables.items() if k in keep}


def fingerprints(site: Site, jobs: Sequence[RenderJob], base: str) -> list[str]:
    """The fingerprint of each job, in order."""
    cards = _cards(site)
    inputs: Callable[[Site, RenderJob, _Cards], Any]
    out: list[str] = []
    for job in jobs:
        kinds = syndication.SYNDICATION_KINDS
        inputs = _syndication_inputs if job.kind in kinds else _page_inputs
        out.append(
            _digest(
                [
                    base,
                    job.out_path,
                    job.template,
                    job.kind,
                    job.key,
                    job.page,
                    inputs(site, job, cards),
                ]
            )
        )
    return out
