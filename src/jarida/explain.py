"""``jarida related``: an article's related list, with the score and the reasons of each entry."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jarida.errors import BuildFailed, Diagnostic, error
from jarida.layout import CONTENT_DIR
from jarida.model import Article, Site


def _shown(root: Path, path: Path) -> str:
    resolved = path.resolve()
    base = root.resolve()
    return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(path)


def find_article(site: Site, path: Path, problems: Sequence[Diagnostic] = ()) -> Article:
    """The published article whose source is ``path`` (relative to the working folder or to
    the site). Raises :class:`BuildFailed` saying why it is not one; ``problems`` are the
    diagnostics of the site's load, of which those about this file are passed on."""
    root = site.config.root
    candidates = [path] if path.is_absolute() else [path, root / path]
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        raise BuildFailed([error(str(path), "no such file")])
    shown = _shown(root, found)
    content = (root / CONTENT_DIR).resolve()
    if not found.resolve().is_relative_to(content):
        raise BuildFailed([error(shown, f"not under {CONTENT_DIR}/ of the site at {root}")])
    article_id = found.resolve().relative_to(content).as_posix()
    for edition in site.every_edition():  # an edition's article too (docs/languages.md)
        if (article := edition.articles.get(article_id)) is not None:
            return article
    own = [d for d in problems if d.path == shown]
    raise BuildFailed(
        [
            *own,
            error(
                shown,
                "not a published article, so it has no related list",
                hint="it is a draft, dated in the future, skipped (a name starting with _ or .)"
                " or invalid",
            ),
        ]
    )


def explain_related(site: Site, article: Article) -> list[str]:
    """Lines for the terminal: the article, then each related article with score and reasons
    (of its own edition)."""
    site = next((e for e in site.every_edition() if article.id in e.articles), site)
    hits = site.related.get(article.id, ())
    lines = [f"{article.path}  «{article.title}»", f"{len(hits)} related article(s):"]
    for rank, hit in enumerate(hits, start=1):
        other = site.article(hit.id)
        lines.append(f"{rank:2d}. {hit.score:9.2f}  {other.path}  «{other.title}»")
        lines += [f"{'':15}{reason}" for reason in hit.reasons]
    if not hits:
        limit = site.config.related.min_score
        lines.append(f"    (no article shares enough with it to reach min_score {limit:g})")
    return lines
