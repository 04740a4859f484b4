"""The site configuration: ``jarida.yaml`` parsed and validated into a frozen :class:`Config`.

Unknown keys are errors with a suggestion (Zola's ``deny_unknown_fields``). A site with no config
file builds with the defaults below. Validation is driven by the dataclasses' own type hints: a new
key is a new field, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from babel import Locale, UnknownLocaleError

from jarida.buildconfig import BuildConfig, check_build
from jarida.configcheck import Checker, validate
from jarida.errors import BuildFailed, Diagnostic, error
from jarida.i18n.dates import PATTERN_HINT, pattern_problems
from jarida.images.spec import DEFAULT_WIDTHS, check_widths
from jarida.languages import Languages, with_languages
from jarida.layout import CONFIG_FILE
from jarida.taxonomyconfig import BUILT_IN, TaxonomyConfig, check_taxonomies, resolve_weights
from jarida.taxonomyconfig import with_defaults as taxonomy_defaults
from jarida.themeconfig import CommentsConfig, check_comments, check_menus, measure_logo
from jarida.urlpath import PathError, base_url_problem, normal_path
from jarida.yamlpos import error_position, load_yaml_with_lines

PERMALINK_FIELDS = frozenset({"year", "month", "day", "slug"})
WEIGHTS = MappingProxyType({"tags": 100.0, "categories": 50.0, "authors": 20.0, "content": 100.0})


def _frozen(values: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedConfig:
    """``related:`` in ``jarida.yaml``; see docs/related.md for how the score is made."""

    count: int = 5
    #: The lowest score an article needs to be listed; nothing below it is shown as filler.
    #: With the default weights, 5 is a content similarity of 0.05: most unrelated pairs of
    #: news articles fall below it (docs/related.md).
    min_score: float = 5.0
    include_newer: bool = True
    #: Terms on more than this share of articles are ignored (Hugo's ``cardinalityThreshold``).
    cardinality_threshold: float = 0.5
    #: Optional preference for stories close in time: a candidate this many days away from the
    #: article keeps half its score. ``None``: no preference.
    recency_days: float | None = None
    #: Points per shared term of a taxonomy (a custom one: 0 unless given); ``content``
    #: multiplies the cosine similarity (0-1) of the articles' Arabic-normalized, stemmed terms.
    #: Only these keys and the declared taxonomies' (:func:`resolve_weights`).
    weights: Mapping[str, float] = field(default_factory=lambda: _frozen(WEIGHTS))


@dataclass(frozen=True, slots=True, kw_only=True)
class ImagesConfig:
    """``images:`` in ``jarida.yaml``: what every picture of the site is published as."""

    #: The widths of the derivatives, in pixels (never wider than the source).
    widths: tuple[int, ...] = DEFAULT_WIDTHS
    #: The modern formats offered before the source's own (AVIF only where Pillow writes it).
    formats: tuple[Literal["avif", "webp"], ...] = ("avif", "webp")  # the engine's MODERN
    #: The quality of the AVIF, WebP and JPEG files, 1 to 100; 0: each encoder's own.
    quality: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkdownConfig:
    #: Raw HTML in Markdown: passed through (true), escaped (false), or cleaned by nh3
    #: ("sanitize": tags and attributes from a safe list; no scripts, event handlers or iframes).
    html: Literal[True, False, "sanitize"] = True


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedsConfig:
    atom: bool = True
    rss: bool = True
    #: Items per feed, newest first.
    count: int = 20
    content: Literal["full", "summary"] = "full"
    #: A feed for every tag, category and author too.
    terms: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class MenuItem:
    title: str
    #: A link from the site's root (``/about/``; the base path is added) or a full URL.
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeSection:
    """A block of the home page: a category's latest stories."""

    #: The category, by name (as articles write it) or slug.
    category: str
    count: int = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeConfig:
    """``home:`` in ``jarida.yaml``: the home page's blocks after its lead and latest stories."""

    sections: tuple[HomeSection, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SidebarConfig:
    """``sidebar:``: the article page's sidebar (the latest stories, the category's latest)."""

    count: int = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class DeployTarget:
    """One place ``jarida deploy`` publishes the built site to (``deploy.NAME`` in jarida.yaml)."""

    #: ``git``: commit to a branch and push; ``rsync``: rsync to a path or host; ``dir``: a folder.
    type: Literal["git", "rsync", "dir"]
    #: git: the repository (a URL, ``user@host:path`` or a local path); ``${VAR}`` is read from
    #: the environment at deploy time, so a token never has to be in this file.
    remote: str = ""
    #: git: the branch (created without history of its own when missing).
    branch: str = "gh-pages"
    #: rsync: a local path or ``user@host:path``; dir: a local folder.
    dest: str = ""
    #: git: written to ``CNAME`` (a custom domain for GitHub Pages).
    domain: str = ""
    #: The largest share of the remote's files a deploy may delete without ``--force``.
    max_delete: float = 0.5


def _no_targets() -> Mapping[str, DeployTarget]:
    return MappingProxyType({})


#: The metadata of a field of :class:`Config` that is no key of ``jarida.yaml``: the site's
#: folder, and what the build worked out from the keys (the logo's size).
DERIVED = MappingProxyType({"derived": True})


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    root: Path = field(metadata=DERIVED)
    title: str = "جريدة"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "ar"
    timezone: str = "UTC"
    paginate: int = 10
    permalink: str = "/{year}/{month}/{slug}/"
    slugs: Literal["unicode", "ascii"] = "unicode"
    date_format: str = "long"
    #: How a time of day is shown beside a date: ``short``, ``medium`` or a CLDR pattern
    #: (``HH:mm``); the language's own form by default (``٩:٠٥ ص``).
    time_format: str = "short"
    #: Times of the last days shown as «منذ ساعتين» in the reader's browser (the absolute date
    #: and time stay in the page, as the element's title).
    relative_times: bool = False
    digits: Literal["auto", "latn", "arab", "arabext"] = "auto"
    hijri: bool = False
    words_per_minute: int = 200
    #: The social image of pages without one of their own (a path under the site or a URL).
    image: str = ""
    #: The publisher's logo (SVG, PNG, JPEG or WebP, a path of ``static/`` or a URL): in the
    #: header, linking home, and in structured data.
    logo: str = ""
    #: The logo's width and height in pixels, read from its file (None for a URL or no logo):
    #: in ``repr``, so a logo of another size renders the pages again.
    logo_size: tuple[int, int] | None = field(default=None, metadata=DERIVED)
    #: The site's account for Twitter cards, e.g. ``@jarida``.
    twitter: str = ""
    #: What happens to an article's own page after its ``expires`` date.
    expired: Literal["keep", "remove"] = "keep"
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    sitemap: bool = True
    news_sitemap: bool = True
    robots: bool = True
    json_ld: bool = True
    #: Arabic full-text search: a Pagefind index of the articles, /search/ and a header box.
    search: bool = True
    related: RelatedConfig = field(default_factory=RelatedConfig)
    #: The site's own taxonomies beside tags, categories and authors (docs: README).
    taxonomies: Mapping[str, TaxonomyConfig] = field(default_factory=lambda: MappingProxyType({}))
    #: What article pages offer readers below the article: an email prompt or a provider.
    comments: CommentsConfig = field(default_factory=CommentsConfig)
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    images: ImagesConfig = field(default_factory=ImagesConfig)
    home: HomeConfig = field(default_factory=HomeConfig)
    sidebar: SidebarConfig = field(default_factory=SidebarConfig)
    #: Named menus of links, e.g. ``footer: [{title: من نحن, url: /about/}]``; ``main`` is the
    #: header's (the categories, most articles first, when it is not set).
    menus: Mapping[str, tuple[MenuItem, ...]] = field(default_factory=lambda: MappingProxyType({}))
    #: Where ``jarida deploy`` publishes. Not in ``repr``, which pages' fingerprints read: a
    #: deploy setting changes no page.
    deploy: Mapping[str, DeployTarget] = field(default_factory=_no_targets, repr=False)
    #: Where a build runs (docs/scale.md); not in ``repr`` either: it changes no page.
    build: BuildConfig = field(default_factory=BuildConfig, repr=False)
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    #: ``languages:``: each edition's own values (:mod:`jarida.languages`).
    languages: Languages = field(default_factory=lambda: MappingProxyType({}), metadata=DERIVED)
    #: The edition this is the config of: "" for the default (at the root), else its code.
    edition: str = field(default="", metadata=DERIVED)

    @property
    def taxonomy_names(self) -> tuple[str, ...]:
        """Every taxonomy: the built-in ones, then the declared ones by name."""
        return (*BUILT_IN, *self.taxonomies)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """This edition's path: :attr:`site_path`, then a code for another edition (``/en/``)."""
        return self.site_path + (self.edition + "/" if self.edition else "")

    @property
    def site_path(self) -> str:
        """The path part of ``base_url``, always ending in ``/`` (``/`` or ``/site/``)."""
        path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", self.base_url, flags=re.IGNORECASE)
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def origin(self) -> str:
        match = re.match(r"^[a-z][a-z0-9+.-]*://[^/]*", self.base_url, flags=re.IGNORECASE)
        return match.group() if match else ""

    def served_at(self, base_url: str, given_by: str) -> Config:
        """This config with ``base_url`` given by ``given_by`` (``--base-url``): an error
        unless it is a site's address."""
        if (problem := base_url_problem(base_url)) is not None:
            hint = "give the address the site is served at"
            raise BuildFailed([error(given_by, problem, hint=hint)])
        return self.with_base_url(base_url)

    def with_base_url(self, base_url: str) -> Config:
        return replace(self, base_url=base_url if base_url.endswith("/") else base_url + "/")


def _permalink_problem(permalink: str) -> str | None:
    """None for a good permalink; else what to add to "bad permalink" ("" or ": why")."""
    names = set(re.findall(r"{(\w*)}", permalink))
    try:
        normal_path(permalink)
    except PathError as exc:
        return f": it {exc}"
    return "" if "slug" not in names or not names <= PERMALINK_FIELDS else None


def _check_values(c: Checker, config: Config) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    try:
        Locale.parse(config.language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        hint = "use a BCP 47 tag such as `ar`, `ar-EG` or `en`"
        out.append(c.fail("language", f"unknown language `{config.language}`", hint))
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        hint = "use an IANA name such as `Asia/Riyadh` or `Africa/Cairo`"
        out.append(c.fail("timezone", f"unknown timezone `{config.timezone}`", hint))
    patterns = pattern_problems(config.date_format, config.time_format)
    out += [c.fail(key, problem, PATTERN_HINT) for key, problem in patterns]
    if (problem := _permalink_problem(config.permalink)) is not None:
        out.append(
            c.fail(
                "permalink",
                f"bad permalink `{config.permalink}`{problem}",
                "use {year}, {month}, {day} and {slug}; {slug} is required",
            )
        )
    if (problem := base_url_problem(config.base_url)) is not None:
        out.append(c.fail("base_url", problem, "write the address the site is served at"))
    out += _check_targets(c, config.deploy)
    counts = ("paginate", "words_per_minute", "related.count", "feeds.count", "sidebar.count")
    for key in counts:
        section, _, name = key.rpartition(".")
        holder = getattr(config, section) if section else config
        if getattr(holder, name) < 1:
            out.append(c.fail(key, f"`{key}` must be at least 1"))
    out += [
        c.fail(f"home.sections[{n}].count", f"`home.sections[{n}].count` must be at least 1")
        for n, section in enumerate(config.home.sections)
        if section.count < 1
    ]
    if not 0 <= config.images.quality <= 100:
        out.append(c.fail("images.quality", "`images.quality` must be from 1 to 100, or 0"))
    try:
        check_widths(config.images.widths)
    except ValueError as problem:
        out.append(c.fail("images.widths", f"`images.widths`: {problem}"))
    return out + _related_ranges(c, config.related)


def _related_ranges(c: Checker, related: RelatedConfig) -> list[Diagnostic]:
    """Values of the right type but out of range."""
    wrong = {
        "min_score": (related.min_score < 0, "`related.min_score` must not be negative"),
        "cardinality_threshold": (
            not 0 < related.cardinality_threshold <= 1,
            "`related.cardinality_threshold` must be above 0 and at most 1",
        ),
        "recency_days": (
            related.recency_days is not None and related.recency_days <= 0,
            "`related.recency_days` must be a positive number of days, or null",
        ),
    }
    return [c.fail(f"related.{key}", message) for key, (bad, message) in wrong.items() if bad]


#: What each deploy type needs.
_TARGET_NEEDS = MappingProxyType({"git": "remote", "rsync": "dest", "dir": "dest"})


def _check_targets(c: Checker, targets: Mapping[str, DeployTarget]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for name, target in targets.items():
        key = f"deploy.{name}"
        needed = _TARGET_NEEDS[target.type]
        if not getattr(target, needed).strip():
            out.append(c.fail(key, f"`{key}.{needed}` is required when `type` is {target.type}"))
        if not 0 <= target.max_delete <= 1:
            out.append(
                c.fail(
                    f"{key}.max_delete",
                    f"`{key}.max_delete` must be a share between 0 and 1",
                    "0.5 lets a deploy delete up to half of the remote's files",
                )
            )
        if target.type == "git" and not target.branch.strip():
            out.append(c.fail(f"{key}.branch", f"`{key}.branch` must not be empty"))
    return out


def derived_fields() -> frozenset[str]:
    """The fields of :class:`Config` that are no keys of ``jarida.yaml``."""
    return frozenset(f.name for f in fields(Config) if f.metadata.get("derived"))


def parse_config(root: Path, data: Mapping[str, object], checker: Checker) -> Config:
    """Validate a mapping read from ``jarida.yaml``; raise :class:`BuildFailed` on any problem."""
    own = {k: v for k, v in data.items() if k != "languages"}
    values, problems = validate(Config, own, checker, skip=derived_fields())
    if problems:
        raise BuildFailed(problems)
    config = with_languages(checker, Config(root=root, **values), data.get("languages"))
    size, logo_problems = measure_logo(checker, root, config.logo)
    raise_problems = _check_values(checker, config) + logo_problems
    raise_problems += check_comments(checker, config.comments) + check_build(checker, config.build)
    raise_problems += check_menus(checker, values.get("menus"))
    for code, given in config.languages.items():
        raise_problems += check_menus(checker, given.get("menus"), f"languages.{code}.menus")
    raise_problems += check_taxonomies(checker, config.taxonomies, config.permalink)
    names = (*BUILT_IN, *config.taxonomies)
    weights, found = resolve_weights(checker, config.related.weights, WEIGHTS, names)
    if raise_problems or found:
        raise BuildFailed(raise_problems + found)
    images = replace(config.images, widths=check_widths(config.images.widths))
    related = replace(config.related, weights=weights)
    taxonomies = taxonomy_defaults(config.taxonomies)
    config = replace(config, images=images, logo_size=size, related=related, taxonomies=taxonomies)
    return config.with_base_url(config.base_url)


def load_config(root: Path) -> Config:
    """Read ``root/jarida.yaml``; a missing file gives the defaults."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config(root=root)
    text = path.read_text(encoding="utf-8-sig")
    try:
        data, lines = load_yaml_with_lines(text, line_offset=0)
    except yaml.MarkedYAMLError as exc:
        line = error_position(exc, text)[0] + 1
        raise BuildFailed(
            [
                error(
                    CONFIG_FILE,
                    f"invalid YAML: {exc.problem}",
                    line=line,
                    hint="check the indentation and quoting on this line",
                )
            ]
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BuildFailed([error(CONFIG_FILE, "the config must be a mapping of keys to values")])
    return parse_config(root, data, Checker(CONFIG_FILE, lines))
