"""The site configuration: ``jarida.yaml`` parsed and validated into a frozen :class:`Config`.

Unknown keys are errors with a suggestion (Zola's ``deny_unknown_fields``). A site with no config
file builds with the defaults below. Validation is driven by the dataclasses' own type hints: a new
key is a new field, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from babel import Locale, UnknownLocaleError

from jarida.configcheck import Checker, validate
from jarida.errors import BuildFailed, Diagnostic, error
from jarida.yamlpos import error_position, load_yaml_with_lines

CONFIG_FILE = "jarida.yaml"
PERMALINK_FIELDS = frozenset({"year", "month", "day", "slug"})


def _frozen(values: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedConfig:
    count: int = 5
    #: The lowest score an article needs to be listed; nothing below it is shown as filler.
    min_score: float = 1.0
    include_newer: bool = True
    #: Terms on more than this share of articles are ignored (Hugo's ``cardinalityThreshold``).
    cardinality_threshold: float = 0.5
    weights: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"tags": 100.0, "categories": 50.0, "authors": 20.0}),
        metadata={"closed": True},
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkdownConfig:
    html: bool = True


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
class Config:
    root: Path
    title: str = "جريدة"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "ar"
    timezone: str = "UTC"
    paginate: int = 10
    permalink: str = "/{year}/{month}/{slug}/"
    slugs: Literal["unicode", "ascii"] = "unicode"
    date_format: str = "long"
    digits: Literal["auto", "latn", "arab", "arabext"] = "auto"
    hijri: bool = False
    words_per_minute: int = 200
    #: The social image of pages without one of their own (a path under the site or a URL).
    image: str = ""
    #: The publisher's logo, for structured data.
    logo: str = ""
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
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``, always ending in ``/`` (``/`` or ``/site/``)."""
        path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", self.base_url, flags=re.IGNORECASE)
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def origin(self) -> str:
        match = re.match(r"^[a-z][a-z0-9+.-]*://[^/]*", self.base_url, flags=re.IGNORECASE)
        return match.group() if match else ""

    def with_base_url(self, base_url: str) -> Config:
        return replace(self, base_url=base_url if base_url.endswith("/") else base_url + "/")


def _check_values(c: Checker, config: Config) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    try:
        Locale.parse(config.language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        out.append(
            c.fail(
                "language",
                f"unknown language `{config.language}`",
                "use a BCP 47 tag such as `ar`, `ar-EG` or `en`",
            )
        )
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        out.append(
            c.fail(
                "timezone",
                f"unknown timezone `{config.timezone}`",
                "use an IANA name such as `Asia/Riyadh` or `Africa/Cairo`",
            )
        )
    names = set(re.findall(r"{(\w*)}", config.permalink))
    if "slug" not in names or not names <= PERMALINK_FIELDS:
        out.append(
            c.fail(
                "permalink",
                f"bad permalink `{config.permalink}`",
                "use {year}, {month}, {day} and {slug}; {slug} is required",
            )
        )
    for key in ("paginate", "words_per_minute", "related.count", "feeds.count"):
        section, _, name = key.rpartition(".")
        holder = getattr(config, section) if section else config
        if getattr(holder, name) < 1:
            out.append(c.fail(key, f"`{key}` must be at least 1"))
    return out


def parse_config(root: Path, data: Mapping[str, object], checker: Checker) -> Config:
    """Validate a mapping read from ``jarida.yaml``; raise :class:`BuildFailed` on any problem."""
    values, problems = validate(Config, data, checker, skip=frozenset({"root"}))
    if problems:
        raise BuildFailed(problems)
    config = Config(root=root, **values)
    raise_problems = _check_values(checker, config)
    if raise_problems:
        raise BuildFailed(raise_problems)
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
