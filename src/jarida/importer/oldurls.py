"""The URL each page had on the old site, by that generator's own rules (decoded, from the site's
root): Jekyll's permalink styles and patterns, Hugo's default paths, ``permalinks`` and ``url:``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from urllib.parse import unquote

from jarida.importer.ssgconfig import SourceConfig

#: Jekyll's named permalink styles.
JEKYLL_STYLES: Mapping[str, str] = MappingProxyType(
    {
        "date": "/:categories/:year/:month/:day/:title:output_ext",
        "pretty": "/:categories/:year/:month/:day/:title/",
        "ordinal": "/:categories/:year/:y_day/:title:output_ext",
        "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none": "/:categories/:title:output_ext",
    }
)
_TOKEN = re.compile(r":([a-z_]+)")
_JEKYLL_PRETTY_KEEP = "._~!$&'()+,;=@"


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlFacts:
    """What an old URL may be made of."""

    #: ``post`` (dated), ``page``, or ``doc`` (a Jekyll collection's document).
    kind: str
    date: datetime | None
    #: The file's name without extension and, for a Jekyll post, without its date; a Hugo bundle's
    #: folder name.
    stem: str
    #: The file's name without extension (a Jekyll post's date included).
    basename: str
    #: The folder of the file (Hugo: under the content folder; Jekyll pages: under the site;
    #: Jekyll documents: under their collection's folder), ``""`` at the top.
    folder: str
    title: str
    slug: str | None = None
    categories: tuple[str, ...] = ()
    #: Hugo: the first folder; Jekyll: the collection's label.
    section: str = ""
    #: Jekyll ``permalink:`` / Hugo ``url:`` of the front matter.
    own: str | None = None


def clean(url: str) -> str:
    """``//a/./b`` → ``/a/b``, with a leading ``/``, percent-decoded, NFC (as Jarida reads
    aliases)."""
    url = re.sub(r"/{2,}", "/", "/" + url.replace("/./", "/"))
    return unicodedata.normalize("NFC", unquote(url))


# Jekyll ----------------------------------------------------------------------------------------


def _letter_mark_digit(c: str) -> bool:
    """Ruby's ``\\p{M}\\p{L}\\p{Nd}``."""
    return unicodedata.category(c)[0] in "LM" or unicodedata.category(c) == "Nd"


def jekyll_slugify(text: str, *, pretty: bool, cased: bool) -> str:
    """Jekyll's ``Utils.slugify``: ``default`` mode keeps letters and digits, ``pretty`` also
    ``._~!$&'()+,;=@``; every other run becomes one ``-``. Marks stay (``عمّان``)."""
    keep = _JEKYLL_PRETTY_KEEP if pretty else ""
    out = "".join(c if _letter_mark_digit(c) or c in keep else "-" for c in text)
    out = re.sub(r"-{2,}", "-", out).strip("-")
    return out if cased else out.lower()


def _jekyll_values(facts: UrlFacts) -> dict[str, str]:
    values = {
        "title": jekyll_slugify(facts.slug or facts.stem, pretty=True, cased=True),
        "slug": jekyll_slugify(facts.slug or facts.stem, pretty=False, cased=False),
        "name": jekyll_slugify(facts.basename, pretty=False, cased=False),
        "categories": "/".join(dict.fromkeys(c.lower() for c in facts.categories)),
        "output_ext": ".html",
        "collection": facts.section,
        "path": f"{facts.folder}/{facts.basename}".strip("/"),
        "basename": facts.basename,
    }
    if facts.date is not None:
        d = facts.date
        values |= {
            "year": f"{d.year:04d}",
            "month": f"{d.month:02d}",
            "day": f"{d.day:02d}",
            "i_month": str(d.month),
            "i_day": str(d.day),
            "short_year": f"{d.year % 100:02d}",
            "y_day": f"{d.timetuple().tm_yday:03d}",
            "hour": f"{d.hour:02d}",
            "minute": f"{d.minute:02d}",
            "second": f"{d.second:02d}",
            "week": f"{d.isocalendar()[1]:02d}",
            "short_day": d.strftime("%a"),
            "short_month": d.strftime("%b"),
            "long_month": d.strftime("%B"),
        }
    return values


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Jekyll's ``URL#generate_url_from_hash``: ``/:key`` dropped when the value is empty."""
    template = re.sub(r"/:([a-z_]+)", lambda m: "" if values.get(m[1]) == "" else m[0], template)
    return _TOKEN.sub(lambda m: values.get(m[1], m[0]), template)


def _page_template(style: str, facts: UrlFacts) -> str:
    if facts.basename == "index":
        return "/:path/".replace(":path", facts.folder)
    pretty = style.endswith("/") if style not in JEKYLL_STYLES else style == "pretty"
    return f"/{facts.folder}/:basename" + ("/" if pretty else ":output_ext")


def jekyll_url(config: SourceConfig, facts: UrlFacts) -> str:
    """The URL Jekyll gave ``facts``' page."""
    values = _jekyll_values(facts)
    style = config.permalink
    if facts.own:
        template = JEKYLL_STYLES.get(facts.own, facts.own)
    elif facts.kind == "page":
        template = _page_template(style, facts)
    elif facts.kind == "doc":
        settings = config.collections.get(facts.section, {})
        own = settings.get("permalink") if isinstance(settings, Mapping) else None
        template = str(own) if own else "/:collection/:path:output_ext"
        template = JEKYLL_STYLES.get(template, template)
    else:
        template = JEKYLL_STYLES.get(style, style)
    url = clean(_fill(template, values).replace("..", "/"))
    return url


# Hugo ------------------------------------------------------------------------------------------


def hugo_urlize(text: str) -> str:
    """Hugo's ``urlize`` (``MakePath``, lowercased): spaces become ``-``; letters, digits,
    marks and ``%./\\_-#+~`` stay; everything else goes."""
    out = []
    for c in text.strip():
        if c == " " or c == "\t":
            out.append("-")
        elif _letter_mark_digit(c) or c in "%./\\_-#+~":
            out.append(c)
    return "".join(out).lower()


def _hugo_values(facts: UrlFacts) -> dict[str, str]:
    slug = hugo_urlize(facts.slug) if facts.slug else ""
    values = {
        "title": hugo_urlize(facts.title),
        "slug": slug or hugo_urlize(facts.title),
        "slugorfilename": slug or facts.stem,
        "filename": facts.stem,
        "contentbasename": facts.stem,
        "section": facts.section,
        "sections": facts.folder,
    }
    if facts.date is not None:
        d = facts.date
        values |= {
            "year": f"{d.year:04d}",
            "month": f"{d.month:02d}",
            "monthname": d.strftime("%B").lower(),
            "day": f"{d.day:02d}",
            "weekday": str(d.isoweekday() % 7),
            "weekdayname": d.strftime("%A").lower(),
            "yearday": str(d.timetuple().tm_yday),
        }
    return values


def hugo_url(config: SourceConfig, facts: UrlFacts) -> str:
    """The URL Hugo gave ``facts``' page."""
    if facts.own:
        url = facts.own if facts.own.startswith("/") else "/" + facts.own
        return clean(url)
    pattern = config.permalinks.get(facts.section) if facts.section else None
    if pattern:
        path = _TOKEN.sub(lambda m: _hugo_values(facts).get(m[1], m[0]), pattern)
    else:
        name = hugo_urlize(facts.slug) if facts.slug else facts.stem.replace(" ", "-")
        path = f"/{facts.folder}/{name}/"
    path = path.lower()
    if config.ugly_urls and path.endswith("/") and path.strip("/"):
        path = path.rstrip("/") + ".html"
    return clean(path)


def old_url(config: SourceConfig, facts: UrlFacts) -> str:
    return (jekyll_url if config.dialect == "jekyll" else hugo_url)(config, facts)


def jarida_permalink(config: SourceConfig, sections: Sequence[str]) -> str | None:
    """The Jarida ``permalink`` for the posts (``sections``: each post's section), when the
    old pattern of most of them is one Jarida can write (``{year}``, ``{month}``, ``{day}``,
    ``{slug}`` and text), else None. Aliases keep the other old URLs."""
    if config.dialect == "jekyll":
        pattern = JEKYLL_STYLES.get(config.permalink, config.permalink)
        names = {"year": "year", "month": "month", "day": "day", "title": "slug", "slug": "slug"}
    else:
        found = Counter(config.permalinks.get(s, f"/{s}/:slugorfilename/") for s in sections)
        if not found:
            return None
        pattern = found.most_common(1)[0][0]
        names = {"year": "year", "month": "month", "day": "day", "slug": "slug"}
        names |= {"slugorfilename": "slug", "filename": "slug", "contentbasename": "slug"}
    tokens = _TOKEN.findall(pattern)
    if not pattern.endswith("/") or any(t not in names for t in tokens):
        return None
    if [names[t] for t in tokens].count("slug") != 1 or config.ugly_urls:
        return None
    return clean(_TOKEN.sub(lambda m: "{" + names[m[1]] + "}", pattern))
