"""A Jekyll or Hugo page's front matter in Jarida's terms: the date (from the file's name when
the front matter has none), the lead image, the summary, the terms, drafts, and the keys that
are kept, dropped or renamed (each drop a note).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from jarida.importer.ssgdocs import SourceDoc, value_of

#: Where the old generators' themes keep the lead image, in order of preference.
IMAGE_KEYS = ("image", "feature", "featured_image", "featureimage", "cover", "images", "thumbnail")
SUMMARY_KEYS = ("description", "summary", "excerpt")
UPDATED_KEYS = ("lastmod", "last_modified_at", "updated", "modified")
DATE_KEYS = ("date", "publishdate", "pubdate", "published")
#: Keys Jarida reads with a meaning of its own that the old sites use otherwise: left out.
_JARIDA_KEYS = frozenset(
    {"featured", "breaking", "breaking_until", "publish_date", "expires", "image_credit"}
)
#: Keys read here (or meaningless in Jarida), never copied as they are.
_READ = frozenset(
    {"title", "slug", "draft", "published", "permalink", "url", "aliases", "redirect_from"}
    | {"tags", "tag", "categories", "category", "authors", "author", "layout", "type", "header"}
    | {"redirect_to", "weight", "menu", "outputs", "build", "cascade", "resources", "sitemap"}
    | set(IMAGE_KEYS)
    | set(SUMMARY_KEYS)
    | set(UPDATED_KEYS)
    | set(DATE_KEYS)
    | {"publishdate", "expirydate", "keywords", "image_alt", "imagealt", "alt", "image_caption"}
    | {"translationkey", "lang"}
)
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
_JEKYLL_DATE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Moment:
    at: datetime
    #: A date without a time of day (written as such).
    day_only: bool

    def written(self) -> str:
        return self.at.date().isoformat() if self.day_only else self.at.isoformat()


def parse_moment(value: Any, tz: tzinfo) -> Moment | None:
    """A front-matter date (YAML/TOML value or text such as Jekyll's ``2020-01-05 10:00:00
    +0300``) as a moment; naive ones are in ``tz``."""
    if isinstance(value, datetime):
        at = value if value.tzinfo else value.replace(tzinfo=tz)
        return Moment(at=at, day_only=False)
    if isinstance(value, date):
        return Moment(at=datetime.combine(value, time(), tz), day_only=True)
    if not isinstance(value, str):
        return None
    match = _JEKYLL_DATE.match(value.strip())
    if not match:
        return None
    day, clock, zone = match.groups()
    zone = zone or ""
    if zone and zone != "Z" and ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    y, m, d = (int(p) for p in day.split("-"))
    text = f"{y:04d}-{m:02d}-{d:02d}" + (
        f"T{clock.zfill(5) if len(clock) == 4 else clock}" if clock else ""
    )
    try:
        at = datetime.fromisoformat(text + zone.replace("Z", "+00:00"))
    except ValueError:
        return None
    return Moment(at=at if at.tzinfo else at.replace(tzinfo=tz), day_only=clock is None)


def names(value: Any, *, split_spaces: bool) -> list[str]:
    """Term names from a string (Jekyll splits ``tags: a b`` at spaces) or a list."""
    if isinstance(value, str):
        items: list[Any] = value.split() if split_spaces else [value]
    elif isinstance(value, list):
        items = value
    else:
        return []
    out = [str(v).strip() for v in items if isinstance(v, str | int | float) and str(v).strip()]
    return list(dict.fromkeys(out))


def lead_image(data: Mapping[str, Any]) -> str | None:
    value = value_of(data, *IMAGE_KEYS)
    header = value_of(data, "header")
    if value is None and isinstance(header, Mapping):
        value = value_of(header, "image", "overlay_image", "teaser")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, Mapping):
        value = value_of(value, "image", "src", "url", "path", "feature")
    if not isinstance(value, str) or not value.strip() or "{{" in value or "{%" in value:
        return None
    scheme = re.match(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):", value)
    return None if scheme and scheme[1].lower() not in ("http", "https") else value.strip()


def image_texts(data: Mapping[str, Any]) -> dict[str, str]:
    """``image_alt`` and ``image_caption`` from where themes keep them (``cover.alt``,
    ``image.caption``, ``image_alt``, ``alt``)."""
    found: dict[str, str] = {}
    tables = [data] + [v for v in (value_of(data, *IMAGE_KEYS),) if isinstance(v, Mapping)]
    for key, names in (
        ("image_alt", ("image_alt", "imagealt", "alt")),
        ("image_caption", ("image_caption", "caption")),
    ):
        for table in tables:
            value = value_of(table, *names)
            if isinstance(value, str) and value.strip() and "{{" not in value:
                found[key] = " ".join(value.split())
                break
    return found


def summary_text(data: Mapping[str, Any]) -> str | None:
    value = value_of(data, *SUMMARY_KEYS)
    if not isinstance(value, str) or not value.strip():
        return None
    text = re.sub(r"<[^>]*>", "", value)
    if "{{" in text or "{%" in text:
        return None  # template code: the summary is made from the body instead
    return " ".join(text.split())


def is_draft(sd: SourceDoc) -> bool:
    data = sd.doc.data
    return (
        sd.draft_folder or value_of(data, "draft") is True or value_of(data, "published") is False
    )


def the_date(sd: SourceDoc, tz: tzinfo, notes: list[str]) -> Moment:
    data = sd.doc.data
    for key in DATE_KEYS:
        found = value_of(data, key)
        if found is not None and not isinstance(found, bool):
            moment = parse_moment(found, tz)
            if moment is not None:
                return moment
            notes.append(f"{sd.rel}: `{key}` {str(found)[:40]!r} is no date; another was used")
    if sd.name_date is not None:
        try:
            return Moment(at=datetime(*sd.name_date, tzinfo=tz), day_only=True)
        except ValueError:
            notes.append(f"{sd.rel}: the date in the file's name is no date")
    updated = value_of(data, *UPDATED_KEYS)
    moment = parse_moment(updated, tz) if updated is not None else None
    if moment is not None:
        return moment
    stamp = datetime.fromtimestamp(int(sd.doc.file.path.stat().st_mtime), UTC).astimezone(tz)
    if sd.kind == "post":
        notes.append(f"{sd.rel}: no date; the file's time was used ({stamp.date()})")
    return Moment(at=stamp, day_only=False)


def extra_keys(
    data: Mapping[str, Any], taxonomies: frozenset[str], rel: str
) -> tuple[dict[str, Any], list[str]]:
    """The keys kept as they are (simple values under simple names), and notes on the rest."""
    kept: dict[str, Any] = {}
    notes: list[str] = []
    dropped: list[str] = []
    for key, value in data.items():
        name = str(key)
        lowered = name.lower()
        if lowered in _READ or lowered in taxonomies:
            if lowered in ("layout", "type"):
                dropped.append(f"{name}: {str(value)[:30]}")
            continue
        scalar = isinstance(value, str | int | float | bool)
        listed = isinstance(value, list) and all(isinstance(v, str | int | float) for v in value)
        if lowered in _JARIDA_KEYS or not _KEY.match(name) or not (scalar or listed):
            dropped.append(name)
            continue
        kept[name] = value
    if dropped:
        notes.append(f"{rel}: front-matter keys left out: " + ", ".join(dropped))
    return kept, notes
