"""``jarida new article``: a Markdown file with its front matter filled in, never over another.

The file is ``content/<year>/<slug>.md`` (``content/<code>/<year>/<slug>.md`` in the edition
``--lang <code>``): the year of "now" in the site's time zone, the slug made
from the title by the site's ``slugs`` rule (or given). The date is "now" in the site's zone, to
the second. When the file exists, nothing is written and the error says so: two articles with one
slug would also share one URL, so the way out is another title or ``--slug``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jarida.config import Config, load_config
from jarida.errors import JaridaError
from jarida.i18n.arabic import SLUG_BYTES, make_slug
from jarida.languages import edition_codes, primary, suggest_code
from jarida.layout import CONTENT_DIR

#: Tags given as one string are separated by commas, Latin or Arabic.
_TAG_SEPARATORS = re.compile("[,،]")


class ArticleExists(JaridaError):  # noqa: N818 (reads as a sentence)
    """The article's file exists already; nothing was written."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NewArticle:
    site: Path
    title: str
    category: str = ""
    tags: str = ""
    slug: str = ""
    draft: bool = False
    #: The edition's code (``en``: ``content/en/``); "" or the default's: ``content/``.
    lang: str = ""


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def front_matter(options: NewArticle, date: datetime) -> str:
    lines = [f"title: {_quoted(options.title)}", f"date: {date.isoformat()}"]
    if options.slug:
        lines.append(f"slug: {_quoted(options.slug)}")
    if options.category.strip():
        lines.append(f"category: {_quoted(options.category.strip())}")
    tags = [t.strip() for t in _TAG_SEPARATORS.split(options.tags) if t.strip()]
    if tags:
        lines.append("tags: [" + ", ".join(_quoted(t) for t in tags) + "]")
    if options.draft:
        lines.append("draft: true")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _folder(config: Config, lang: str) -> Path:
    """The content folder of the edition ``lang`` (docs/languages.md)."""
    content = config.root / CONTENT_DIR
    if not lang or lang in (config.language, primary(config.language)):
        return content
    if lang not in edition_codes(config):
        raise JaridaError(f"the site has no edition in `{lang}`: {suggest_code(lang, config)}")
    return content / lang


def new_article(options: NewArticle, now: datetime) -> Path:
    """Write the article and return its path; raise :class:`ArticleExists` if it is there."""
    title = " ".join(options.title.split())
    if not title:
        raise JaridaError("the title is empty")
    config = load_config(options.site)
    date = now.astimezone(config.tz).replace(microsecond=0)
    slug = options.slug.strip() or make_slug(title, config.slugs)
    if "/" in slug or "\\" in slug or slug.startswith("."):
        raise JaridaError(f"`{slug}` cannot be a slug: no /, \\ or leading dot")
    if len(slug.encode()) > SLUG_BYTES:
        raise JaridaError(
            f"the slug is {len(slug.encode())} bytes long; it may be at most {SLUG_BYTES} "
            "(an Arabic letter takes 2 bytes)"
        )
    path = _folder(config, options.lang.strip()) / f"{date.year:04d}" / f"{slug}.md"
    text = front_matter(
        NewArticle(
            site=options.site,
            title=title,
            category=options.category,
            tags=options.tags,
            slug=options.slug.strip(),
            draft=options.draft,
        ),
        date,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)
    except FileExistsError:
        raise ArticleExists(
            f"{path} exists; nothing was written. Choose another title, or a slug with --slug"
        ) from None
    return path
