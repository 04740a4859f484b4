"""The values that flow through the pipeline. All frozen; objects refer to each other by id."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any, TypeVar

# Bodies live in jarida.bodies; the model's users find them here too.
from jarida.bodies import Body as Body
from jarida.bodies import BodyStore as BodyStore
from jarida.bodies import NoBodies as NoBodies
from jarida.bodies import ShownBody as ShownBody
from jarida.config import Config
from jarida.errors import BuildFailed, clip, error
from jarida.textpickle import texts_pickled_as_utf8

#: POSIX path of the source under ``content/``, e.g. ``2025/budget.md``.
ArticleId = str

#: A link or image target in a body, the line it is on, and its tag: ``a`` (a link) or ``img``.
Reference = tuple[str, int, str]

#: The ``date`` of a standalone page that has none (never shown, never in a sitemap).
UNDATED = datetime(1970, 1, 1, tzinfo=UTC)

T = TypeVar("T")

NEWS_WINDOW = timedelta(days=2)  # how long an article stays in the Google News sitemap

#: The years a date may fall in (a date at Python's edge overflows when moved or widened).
YEARS = (1000, 9000)

#: The empty mapping shared by whatever has none (an article's ``extra``, ``picture``): one each
#: was ~100 bytes an article, ~20 MB at 100,000.
NO_VALUES: Mapping[str, Any] = MappingProxyType({})


def clock_now() -> datetime:
    """ "Now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the real clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return datetime.now(tz=UTC)
    latest = datetime(YEARS[1], 12, 31, 23, 59, 59, tzinfo=UTC)
    if int(epoch) > latest.timestamp():
        message = f"{clip(epoch, 20)} seconds is past the years {YEARS[0]} to {YEARS[1]}"
        hint = "set it to seconds since 1970, such as `git log -1 --format=%ct`"
        raise BuildFailed([error("SOURCE_DATE_EPOCH", message, hint=hint)])
    return datetime.fromtimestamp(int(epoch), tz=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Selection:
    """Which articles a build publishes."""

    now: datetime
    drafts: bool = False
    future: bool = False


@texts_pickled_as_utf8  # sent to Dask workers to parse, kept here to the end of the build
@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    id: ArticleId
    #: Path relative to the site root, as printed in diagnostics (``content/2025/budget.md``).
    path: str
    #: The decoded text; None when not held (:func:`jarida.content.loader.load_sources` keeps
    #: none: a parse reads the file again, where it runs).
    text: str | None
    digest: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleSource:
    """Front matter validated; the body not yet rendered."""

    id: ArticleId
    path: str
    digest: str
    title: str
    date: datetime
    updated: datetime | None
    #: Whether ``date``/``updated`` had a time of day (``2026-03-31``: no, none is shown).
    date_timed: bool = True
    updated_timed: bool = True
    #: Hidden before this moment, like a future ``date``.
    publish_date: datetime | None
    #: Dropped from lists, feeds and sitemaps from this moment.
    expires: datetime | None
    #: Old paths (``/2017/03/old-slug/``) that redirect to the article.
    aliases: tuple[str, ...]
    terms: Mapping[str, tuple[str, ...]]
    summary: str | None
    image: str | None
    image_alt: str
    slug: str | None
    #: The lead image's caption and who took it (front matter ``image_caption``, ``image_credit``).
    image_caption: str = ""
    image_credit: str = ""
    draft: bool
    #: The line of the source where the Markdown body starts.
    body_line: int
    extra: Mapping[str, object] = field(default_factory=lambda: NO_VALUES)
    #: ``article``, or ``page`` for a standalone page (``content/pages/`` or ``type: page``).
    kind: str = "article"
    #: The line of the ``image`` key (for diagnostics).
    image_line: int = 0
    #: The slug made from the title under the site's ``slugs`` style (parse time, cached):
    #: the URL's unless ``slug`` is given.
    title_slug: str = ""
    #: Warnings found while parsing, as (line, message): cached with the parse, so that a
    #: build from the cache repeats them.
    warnings: tuple[tuple[int, str], ...] = ()
    #: Other generators' template syntax in the front matter and the body, outside code
    #: (:mod:`jarida.foreign`): the syntax, the text and its line of the file.
    foreign: tuple[tuple[str, str, int], ...] = ()
    #: ``featured: true``: the home page's lead story; its breaking banner's end, or None.
    featured: bool = False
    breaking_until: datetime | None = None
    #: The edition's code (front matter ``lang:``, else ``content/<code>/``, else the default's).
    lang: str = ""
    #: What links translations (front matter ``translation_key``, else the path in the edition).
    translation_key: str = ""

    @property
    def changes_at(self) -> tuple[datetime, ...]:
        """The moments at which this source alone makes a different site: its date comes, it
        leaves the news sitemap, it is published (``publish_date``), it expires, its breaking
        banner ends."""
        ends = (self.publish_date, self.expires, self.breaking_until)
        return (self.date, self.date + NEWS_WINDOW, *(m for m in ends if m is not None))


@dataclass(frozen=True, slots=True)
class Resource:
    """A file of a page bundle, published with its article."""

    #: Its path under ``content/`` (``2026/flood/photo.jpg``).
    source: str
    #: Its output path, beside the article's page (``2026/03/flood/photo.jpg``).
    path: str


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedBody:
    """What Markdown rendering makes of a body."""

    html: str
    summary_text: str
    toc: tuple[Heading, ...]
    word_count: int
    #: The plain text of the whole body (no markup, no code), for related articles.
    text: str = ""
    #: Every link and image target with the line of the body it is on (1-based).
    links: tuple[Reference, ...] = ()
    #: The folded words the search index needs besides the page's own (see
    #: :mod:`jarida.searchterms`); "" when search is off.
    search_terms: str = ""
    #: (line of the body, length) of a word longer than the search index takes, or ().
    long_word: tuple[int, ...] = ()
    #: Other generators' template syntax outside code (:mod:`jarida.foreign`): the syntax, the
    #: text and its line of the body (1-based).
    foreign: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleBody:
    """What the build after parsing needs of a rendered body: the HTML by reference, the rest
    (small) by value. The plain text is not kept: the term bag (beside it in the parse result,
    :attr:`jarida.parse.ParseResult.bags`) holds what it was needed for."""

    html: Body
    summary_text: str
    toc: tuple[Heading, ...]
    word_count: int
    #: Every link and image target with the line of the body it is on (1-based).
    links: tuple[Reference, ...] = ()
    search_terms: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    id: ArticleId
    path: str
    digest: str
    title: str
    slug: str
    #: Output folder under the site root, unencoded (``2025/03/العربية/``).
    out_dir: str
    #: Link from the site, percent-encoded and prefixed by the base path (``/2025/03/%D8%A7…/``).
    url: str
    date: datetime
    updated: datetime | None
    #: Whether ``date`` and ``updated`` have a time of day (not a date alone).
    date_timed: bool = True
    updated_timed: bool = True
    draft: bool
    future: bool
    expired: bool
    aliases: tuple[str, ...]
    #: ``article``, or ``page`` for a standalone page (no date, tags, related list or comments).
    kind: str = "article"
    image_line: int = 0
    #: Link and image targets of the body with their line in the source file.
    links: tuple[Reference, ...] = ()
    #: Term slugs per taxonomy (``{"tags": ("الطيران",), ...}``); names live on :class:`Term`.
    terms: Mapping[str, tuple[str, ...]]
    summary: str
    image: str | None
    image_alt: str
    body: Body
    toc: tuple[Heading, ...]
    word_count: int
    extra: Mapping[str, object]
    search_terms: str = ""  # folded words for the search index ("" when search is off)
    image_caption: str = ""  # the lead image's caption and who took it
    image_credit: str = ""
    #: Its page bundle's files, published beside its page.
    resources: tuple[Resource, ...] = ()
    #: The lead picture's markup by role and its ``og`` and ``search`` URLs (jarida.pictures).
    picture: Mapping[str, str] = field(default_factory=lambda: NO_VALUES)
    #: ``featured: true`` (the home page's lead); its breaking banner's end (None: no banner).
    featured: bool = False
    breaking_until: datetime | None = None
    #: The edition it is in: "" for the default (at the root), else its code (at ``/<code>/``).
    edition: str = ""
    #: Its translations, itself among them, by code: (code, ``hreflang``, URL, the language's
    #: own name); () when it has none.
    alternates: tuple[tuple[str, str, str, str], ...] = ()

    @property
    def site_dir(self) -> str:
        """Its output folder under the output's root (``en/2025/03/x/``)."""
        return f"{self.edition}/{self.out_dir}" if self.edition else self.out_dir

    @property
    def body_html(self) -> str:
        """The body's HTML, for templates: their view of the article (:mod:`jarida.reads`)
        reads it from the rendering's body store."""
        return self.body.html  # type: ignore[attr-defined,no-any-return]

    @property
    def tags(self) -> tuple[str, ...]:
        return self.terms.get("tags", ())

    @property
    def categories(self) -> tuple[str, ...]:
        return self.terms.get("categories", ())

    @property
    def authors(self) -> tuple[str, ...]:
        return self.terms.get("authors", ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    kind: str
    slug: str
    name: str
    out_dir: str
    url: str
    #: Newest first.
    article_ids: tuple[ArticleId, ...]
    #: Every spelling that was folded into this term, most used first.
    variants: tuple[str, ...]
    #: The id of its term file (``locations/غزة.md``: :attr:`Site.term_texts`), or "".
    text: ArticleId = ""
    #: The edition it is in: "" for the default, else its code (:attr:`Article.edition`).
    edition: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedReason:
    """One signal's share of a related score: ``kind`` is a taxonomy (``tags``, ``categories``,
    ``authors``), ``content`` (``keys`` are the shared terms that weigh most) or ``recency``
    (``keys`` says how far apart; ``score`` is what the distance took off). The reasons of a hit
    add up to its score."""

    kind: str
    keys: tuple[str, ...]
    score: float

    def __str__(self) -> str:
        return f"{self.kind}: {'، '.join(self.keys)} ({self.score:+.2f})"


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedHit:
    id: ArticleId
    score: float
    #: Why, one entry per signal, largest first.
    reasons: tuple[RelatedReason, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    config: Config
    #: Published articles with a page, newest first (expired ones too when their page is kept).
    articles: Mapping[ArticleId, Article]
    #: The articles that lists, feeds and sitemaps show: published and not expired, newest first.
    listed: tuple[ArticleId, ...]
    taxonomies: Mapping[str, Mapping[str, Term]]
    related: Mapping[ArticleId, tuple[RelatedHit, ...]]
    built_at: datetime
    #: Standalone pages (``/about/``), by id; never in lists, feeds or related lists.
    pages: Mapping[ArticleId, Article] = field(default_factory=lambda: MappingProxyType({}))
    #: Term files (kind ``term``) by id, each at its term's URL: the text of the term's page.
    term_texts: Mapping[ArticleId, Article] = field(default_factory=lambda: MappingProxyType({}))
    #: The editions besides this default one, by code (:mod:`jarida.languages`), each a whole
    #: site of its own (its ``config`` the edition's); none in an edition.
    editions: Mapping[str, Site] = field(default_factory=lambda: MappingProxyType({}))
    #: Every edition's home when there are several, this one's among them: (code, ``hreflang``,
    #: URL, the language's own name), the default first.
    homes: tuple[tuple[str, str, str, str], ...] = ()
    #: Values derived from the site, each computed once (see :meth:`derived`).
    _derived: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once for this site: the site never changes, so neither does a
        value derived from it (the sitemap entries: wanted by the plan, fingerprints, templates)."""
        if name not in self._derived:
            self._derived[name] = compute()
        return self._derived[name]  # type: ignore[return-value]

    def edition(self, code: str) -> Site:
        """The site of the edition ``code`` ("" or the default's: this one)."""
        return self.editions.get(code, self)

    def every_edition(self) -> tuple[Site, ...]:
        """This site, then each other edition's."""
        return (self, *self.editions.values())

    def article(self, article_id: ArticleId) -> Article:
        return self.articles[article_id]

    def documents(self) -> tuple[Article, ...]:
        """Every article, standalone page and term file."""
        return (*self.articles.values(), *self.pages.values(), *self.term_texts.values())

    def document(self, article_id: ArticleId) -> Article:
        """An article, a standalone page or a term file (of any edition)."""
        for site in self.every_edition():
            found = site.articles.get(article_id) or site.pages.get(article_id)
            if found := found or site.term_texts.get(article_id):
                return found
        raise KeyError(article_id)

    def all_documents(self) -> tuple[Article, ...]:
        """Every edition's :meth:`documents`."""
        return tuple(d for site in self.every_edition() for d in site.documents())

    def term_text(self, term: Term) -> Article | None:
        """The term file of ``term``'s page, or None."""
        return self.term_texts.get(term.text) if term.text else None

    def term(self, kind: str, slug: str) -> Term:
        return self.taxonomies[kind][slug]

    def terms_of(self, article: Article, kind: str) -> tuple[Term, ...]:
        terms = self.taxonomies[kind]
        found = (terms.get(slug) for slug in article.terms.get(kind, ()))
        return tuple(term for term in found if term is not None)

    def listed_articles(self) -> tuple[Article, ...]:
        return tuple(self.articles[i] for i in self.listed)

    def related_articles(self, article: Article) -> tuple[Article, ...]:
        return tuple(self.articles[hit.id] for hit in self.related.get(article.id, ()))


@dataclass(frozen=True, slots=True, kw_only=True)
class Pager:
    """One page of a paginated list of articles (home, a term's pages), numbered from 1."""

    articles: tuple[Article, ...]
    number: int
    count: int
    urls: tuple[str, ...]

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None
