"""The Jinja environment: template lookup (site overrides, then the built-in theme) and filters.

A file in the site's ``templates/`` replaces the built-in template of the same name and can extend
the original as ``theme/<name>``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, MutableMapping
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from jarida import structured
from jarida.assets import Assets
from jarida.config import Config
from jarida.i18n import Text, Translator, load_strings
from jarida.i18n.arabic import isolate_ltr_html, language_direction, localize_digits
from jarida.i18n.dates import (
    babel_locale,
    format_date,
    format_hijri,
    format_time,
    numbering_system,
)
from jarida.layout import TEMPLATES_DIR, THEME_DIR
from jarida.model import Article, Site
from jarida.outputs.base import absolute_links
from jarida.searchterms import TERMS_ID
from jarida.urlpath import site_link


class _Environment(Environment):
    """An environment whose templates see its globals as one plain dict.

    Jinja gives each template a ``ChainMap`` of its own globals over the environment's, so that
    a change of the environment's globals after loading shows; every context made from a
    template (each page, each include) then copies that map in Python. Jarida sets its globals
    before any template loads and never changes them, so one dict each does, copied in C.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def make_loader(root: Path) -> ChoiceLoader:
    theme = PackageLoader("jarida", f"{THEME_DIR}/{TEMPLATES_DIR}")
    return ChoiceLoader(
        [FileSystemLoader(root / TEMPLATES_DIR), PrefixLoader({"theme": theme}), theme]
    )


def _filters(config: Config) -> dict[str, Callable[..., Any]]:
    tz = config.tz
    system = numbering_system(config.language, config.digits)

    @functools.lru_cache(maxsize=65536)  # per environment: Babel takes ~0.3 ms a date
    def date(value: datetime, pattern: str | None = None) -> str:
        return format_date(
            value,
            language=config.language,
            tz=tz,
            pattern=pattern or config.date_format,
            digits=config.digits,
        )

    @functools.lru_cache(maxsize=65536)
    def time(value: datetime, pattern: str | None = None) -> str:
        return format_time(
            value,
            language=config.language,
            tz=tz,
            pattern=pattern or config.time_format,
            digits=config.digits,
        )

    @functools.lru_cache(maxsize=65536)  # an article's date is shown on many pages
    def isodate(value: datetime) -> str:
        return value.astimezone(tz).isoformat(timespec="seconds")

    @functools.lru_cache(maxsize=65536)
    def isoday(value: datetime) -> str:
        return value.astimezone(tz).date().isoformat()

    def link(url: str) -> str:
        """``/about/`` → the site's path + the percent-encoded path; full URLs stay."""
        return site_link(config.site_path, url)

    def edition_link(url: str) -> str:
        """``/fragments/x.htm`` → the edition's path (``/en/``) + the percent-encoded path."""
        return site_link(config.base_path, url)

    @functools.lru_cache(maxsize=65536)
    def rfc822(value: datetime) -> str:
        return format_datetime(value.astimezone(tz))

    @functools.lru_cache(maxsize=65536)
    def hijri(value: datetime) -> str:
        return format_hijri(value, tz=tz, digits=system, language=config.language) or ""

    def num(value: object) -> str:
        return localize_digits(str(value), system)

    @functools.lru_cache(maxsize=65536)
    def bidi(value: object) -> Markup:
        return Markup(isolate_ltr_html(str(value)))

    def absolute(url: str) -> str:
        return config.origin + url if url.startswith("/") else url

    def minutes(words: int) -> int:
        return max(1, math.ceil(words / config.words_per_minute))

    return {
        "date": date,
        "isodate": isodate,
        "isoday": isoday,
        "time": time,
        "hijri": hijri,
        "num": num,
        "bidi": bidi,
        "absolute": absolute,
        "rfc822": rfc822,
        "site_link": link,
        "edition_link": edition_link,
        "reading_minutes": minutes,
    }


#: Each network's share link: its address, and the query it is given from a page's absolute URL
#: and title (WhatsApp takes one text, Facebook the URL alone), each value already percent-encoded
#: (spaces as ``%20``) by :func:`share_links`.
SHARE_NETWORKS: tuple[tuple[str, str, Callable[[str, str], dict[str, str]]], ...] = (
    ("whatsapp", "https://wa.me/", lambda url, title: {"text": f"{title}%20{url}"}),
    ("telegram", "https://t.me/share/url", lambda url, title: {"url": url, "text": title}),
    ("x", "https://x.com/intent/tweet", lambda url, title: {"url": url, "text": title}),
    ("facebook", "https://www.facebook.com/sharer/sharer.php", lambda url, title: {"u": url}),
)


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(network, link) of each share link of a page, every value percent-encoded (what
    ``urlencode(query, quote_via=quote)`` gives), the URL and the title encoded once each."""
    encoded = quote(url, safe=""), quote(str(title), safe="")
    return [
        (name, f"{address}?" + "&".join(f"{k}={v}" for k, v in query(*encoded).items()))
        for name, address, query in SHARE_NETWORKS
    ]


def search_terms(article: Article) -> str:
    """The folded words of an article's title and body that Pagefind would miss by itself
    (worked out when the article is parsed, and cached with it)."""
    return article.search_terms


def _search_settings(config: Config, strings: Mapping[str, Text]) -> dict[str, object]:
    """What the search page's script needs, as JSON: where the index is, how to show numbers,
    and the ``search_*`` interface strings (plural forms as mappings)."""
    return {
        "bundle": f"{config.site_path}pagefind/pagefind.js",
        "base": config.site_path,
        "lang": config.language,
        "digits": numbering_system(config.language, config.digits),
        "terms_id": TERMS_ID,
        "strings": {
            k: v if isinstance(v, str) else dict(v)
            for k, v in sorted(strings.items())
            if k.startswith("search_")
        },
    }


def make_environment(config: Config, assets: Assets) -> Environment:
    """One environment per process: environments do not pickle.

    ``asset(name)`` links a static file by its plain name (``asset("jarida.css")``) to the name
    the build wrote it under (``/assets/jarida.3f9a1c2b.css``).
    """
    env = _Environment(
        loader=make_loader(config.root),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build makes its own environments: no template changes while one renders, so
        # every page need not stat every template it includes again.
        auto_reload=False,
        # Every template kept in a plain dict: a theme has some dozens, and the bounded cache
        # reorders a locked list on every include.
        cache_size=-1,
    )
    env.filters.update(_filters(config))
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    strings = load_strings(config.language, config.root)
    t = Translator(
        strings, babel_locale(config.language), numbering_system(config.language, config.digits)
    )
    env.globals.update(
        t=t,
        config=config,
        lang=config.language,
        dir=language_direction(config.language),
        schema_website=structured.website,
        schema_news_article=structured.news_article,
        schema_breadcrumbs=structured.breadcrumbs,
        article_trail=structured.article_trail,
        absolute_links=absolute_links,
        asset=lambda name: config.site_path + quote(assets.resolve(name), safe="/"),
        search_terms=search_terms,
        share_links=share_links,
        search_terms_id=TERMS_ID,
        search_settings=_search_settings(config, strings),
        numbering_system=numbering_system(config.language, config.digits),
    )
    return env


def edition_environments(
    site: Site,
    assets: Assets,
    make: Callable[[Config, Assets], Environment] = make_environment,
) -> Callable[[str], Environment]:
    """The environment of each edition (its language, strings, dates and links), by its code
    ("": the default), each made (by ``make``) when first asked for."""
    made: dict[str, Environment] = {}

    def environment(code: str) -> Environment:
        if code not in made:
            made[code] = make(site.edition(code).config, assets)
        return made[code]

    return environment
