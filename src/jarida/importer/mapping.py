"""One WordPress item to one Jarida source: where it goes, its front matter, its Markdown body.

Posts go to ``content/<year>/<slug>.md``, pages to ``content/pages/<slug>.md`` (under
``content/<code>/`` for an item in another language than the site's, :mod:`.wplanguages`).
Dates come from the GMT fields, shown in the site's timezone (WordPress leaves
``0000-00-00 00:00:00`` in the GMT field of drafts: their local ``post_date`` is then read in the
site's timezone). Slugs are WordPress's
``post_name``, percent-decoded, so Arabic slugs stay Arabic.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import yaml

from jarida.i18n.arabic import SLUG_BYTES, cut_slug, make_slug
from jarida.importer.convert import html_to_markdown
from jarida.importer.items import Channel, Comment, Item
from jarida.importer.media import ExportIndex, MediaPlacer
from jarida.importer.wphtml import prepare
from jarida.importer.wplanguages import Editions
from jarida.layout import NAME_BYTES, longest_name

PAGES_DIR = "content/pages"
#: Statuses imported as drafts, with the reason the report gives.
DRAFT_STATUSES: Mapping[str, str] = MappingProxyType(
    {"draft": "draft", "pending": "pending review", "private": "private", "future": "scheduled"}
)
MAX_STEM_BYTES = 120
#: The most characters of an old URL quoted in the report.
SHOWN_LINK = 100
_UNSAFE_SLUG = re.compile(r"[/\\\x00-\x1f\x7f?#%]|^\.+$|\.\.")
_BIDI_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(
    r"</?(?:p|div|li|dd|dt|h[1-6]|tr|blockquote|pre|table|ul|ol|dl)\b[^>]*>", re.I
)
_BREAK = re.compile(r"<br\s*/?>|</t[dh]\s*>", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What mapping needs besides the item: the site's settings and the export's shared parts."""

    tz: tzinfo
    slugs: str
    permalink: str
    base_path: str
    channel: Channel
    media: ExportIndex
    comments: bool
    #: The items' languages (Polylang, WPML); none for a one-language export.
    editions: Editions = field(default_factory=Editions)


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where an item goes, decided before its content is converted."""

    kind: str
    path: str
    slug: str
    date: datetime
    draft_reason: str
    notes: tuple[str, ...]
    #: The item's old path, when it is an alias (not the new URL, and safe).
    alias: str | None = None
    #: The item's edition (``content/<code>/``), "" for the site's default language.
    edition: str = ""
    translation_key: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    place: Place
    text: str
    comments: int
    raw_html: int
    dynamic_blocks: tuple[str, ...]
    kept_shortcodes: tuple[str, ...]


if TYPE_CHECKING:
    _BaseDumper = yaml.SafeDumper
else:  # libyaml's emitter when PyYAML has it: five times faster on a large export
    _BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):
    """YAML that reads well: no anchors, multi-line text as ``|`` blocks, Arabic as is."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_text(self, data: str) -> yaml.ScalarNode:
        style = "|" if "\n" in data else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _Dumper.represent_text)


def front_matter_text(front: Mapping[str, object], body: str) -> str:
    block = yaml.dump(dict(front), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{block}---\n\n{body}"


def wp_datetime(text: str) -> datetime | None:
    """``2017-03-05 10:00:00`` as a naive datetime; None for WordPress's zero date or junk."""
    text = text.strip()
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 (zone given by caller)
    except ValueError:
        return None


def item_date(gmt: str, local: str, tz: tzinfo) -> datetime | None:
    """The GMT field in ``tz``, else the local field read as ``tz``."""
    found = wp_datetime(gmt)
    if found is not None:
        return found.replace(tzinfo=UTC).astimezone(tz)
    found = wp_datetime(local)
    return found.replace(tzinfo=tz) if found is not None else None


def _rfc822(text: str, tz: tzinfo) -> datetime | None:
    try:
        found = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if found.tzinfo is None or found.year < 1970:
        return None
    return found.astimezone(tz)


def plain_text(markup: str) -> str:
    """Text of a bit of HTML (titles, excerpts, comments): tags dropped, entities decoded."""
    text = _BREAK.sub("\n", _BLOCK_END.sub("\n\n", markup.replace("\r\n", "\n")))
    text = html.unescape(_TAG.sub("", text))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return unicodedata.normalize("NFC", "\n\n".join(p for p in paragraphs if p))


def clean_name(name: str) -> str:
    """A category, tag or author name: entities decoded, no invisible marks at its ends."""
    return " ".join(html.unescape(name).strip(_BIDI_MARKS + " \t\n").split())


def decode_slug(post_name: str) -> str:
    """``%d8%ae%d8%a8%d8%b1`` → ``خبر``: percent-decoded, NFC, without invisible marks."""
    slug = unicodedata.normalize("NFC", unquote(post_name.strip(), errors="replace"))
    slug = re.sub(r"__trashed(-\d+)?$", "", slug)
    return "".join(c for c in slug if unicodedata.category(c) != "Cf").strip("-")


def old_alias(link: str) -> tuple[str | None, str]:
    """The alias for an item's WordPress URL (``<link>``), or None and why it cannot be one.

    The path is percent-decoded (so Arabic paths read as Arabic) and normalised as a browser
    does: empty and ``.`` parts go. ``%`` is written ``%25``, which the build decodes back to
    ``%``. A path that climbs (``..``), holds a control character, ``\\``, ``?`` or ``#``
    once decoded, is not UTF-8, is the home page, or has a part too long for a file name is
    no alias, and the reason goes into the import report. ``?p=123`` links and the site's own
    address have no path to keep: None without a reason.
    """
    parts = urlsplit(link.strip())
    if parts.query or not parts.path.strip("/"):
        return None, ""
    try:
        path = unicodedata.normalize("NFC", unquote_to_bytes(parts.path).decode("utf-8"))
    except UnicodeDecodeError:
        return None, "its path is not UTF-8 once percent-decoded"
    segments = path.split("/")
    kept = [segment for segment in segments if segment not in ("", ".")]
    why = _unsafe_path(path, segments, kept)
    if why:
        return None, why
    folder = segments[-1] in ("", ".") or "." not in kept[-1]
    alias = "/" + "/".join(kept) + ("/" if folder else "")
    if alias != alias.strip():
        return None, "its path ends with a space"
    return alias.replace("%", "%25"), ""


def _unsafe_path(path: str, segments: list[str], kept: list[str]) -> str:
    """Why a decoded path cannot be an alias ("" when it can)."""
    if ".." in segments:
        return "its path climbs out of the site (`..`)"
    control = next((c for c in path if unicodedata.category(c) == "Cc"), "")
    if control:
        return f"its path holds the control character U+{ord(control):04X} once decoded"
    special = next((c for c in "\\?#" if c in path), "")
    if special:
        return f"its path holds `{special}` once percent-decoded"
    if not kept:
        return "its path is the home page"
    longest = longest_name("/".join(kept))
    if longest > NAME_BYTES:
        return f"a part of its path is {longest} bytes long; a file name may have {NAME_BYTES}"
    return ""


def file_stem(slug: str, post_id: int) -> str:
    """A file name for ``slug`` the loader will read (no leading ``_`` or ``.``), not too long."""
    stem = slug.lstrip("_.")
    encoded = stem.encode("utf-8")[:MAX_STEM_BYTES]
    stem = encoded.decode("utf-8", errors="ignore").rstrip("-.")
    return stem or f"item-{post_id}"


def title_of(item: Item) -> tuple[str, tuple[str, ...]]:
    title = plain_text(item.title).replace("\n", " ")
    if title:
        return title, ()
    words = plain_text(item.content).split()[:8]
    made = " ".join(words) or decode_slug(item.post_name) or f"#{item.post_id}"
    return made, (f"item {item.post_id} has no title; it was given «{made}»",)


class Placer:
    """Decide each item's file, keeping slugs unique among posts and among pages, in file order."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.claimed: dict[tuple[str, str], set[str]] = {}

    def place(self, item: Item, kind: str) -> Place:
        c = self.context
        title, notes = title_of(item)
        date = (
            item_date(item.post_date_gmt, item.post_date, c.tz)
            or item_date(item.post_modified_gmt, item.post_modified, c.tz)
            or _rfc822(item.pub_date, c.tz)
            or _rfc822(c.channel.pub_date, c.tz)
            or datetime(1970, 1, 1, tzinfo=UTC).astimezone(c.tz)
        )
        slug = decode_slug(item.post_name)
        if not slug or _UNSAFE_SLUG.search(slug):
            slug = make_slug(slug or title, c.slugs) or f"item-{item.post_id}"
        if len(slug.encode()) > SLUG_BYTES:  # WordPress allows 200 characters
            cut = cut_slug(slug)
            notes += (
                f"item {item.post_id}: its slug is {len(slug.encode())} bytes, more than the "
                f"{SLUG_BYTES} a slug may take; cut to «{cut}» (the old URL is kept as an alias)",
            )
            slug = cut
        edition = c.editions.edition(item.post_id)
        claimed = self.claimed.setdefault((edition, kind), set())
        base, n = slug, 2
        while slug in claimed:  # a number after it, the slug still at most SLUG_BYTES
            slug, n = f"{cut_slug(base, SLUG_BYTES - len(str(n)) - 1)}-{n}", n + 1
        if slug != base:
            notes += (f"item {item.post_id}: slug «{base}» was taken; it became «{slug}»",)
        claimed.add(slug)
        folder = PAGES_DIR if kind == "page" else f"content/{date.year:04d}"
        if edition:
            folder = f"content/{edition}/" + folder.removeprefix("content/")
        reason = DRAFT_STATUSES.get(item.status, "")
        if item.password:
            reason = "password-protected"
        place = Place(
            kind=kind,
            path=f"{folder}/{file_stem(slug, item.post_id)}.md",
            slug=slug,
            date=date,
            draft_reason=reason,
            notes=notes,
            edition=edition,
            translation_key=c.editions.key(item.post_id),
        )
        alias, why = old_alias(item.link)
        if why:
            link = item.link.strip()
            link = link if len(link) <= SHOWN_LINK else link[: SHOWN_LINK - 1] + "…"
            notes += (f"item {item.post_id}: no alias for its old URL {link}: {why}",)
        return replace(place, alias=None if alias == _new_url(c, place) else alias, notes=notes)


def _new_url(context: Context, place: Place) -> str:
    """The item's URL on the new site: within its edition's prefix (``/en/``)."""
    prefix = context.base_path + (f"{place.edition}/" if place.edition else "")
    if place.kind == "page":
        return f"{prefix}{place.slug}/"
    local = place.date
    path = context.permalink.format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        slug=place.slug,
    )
    return prefix + "/".join(p for p in path.split("/") if p) + "/"


def _terms(item: Item, domain: str) -> list[str]:
    names = (clean_name(t.name) for t in item.terms if t.domain == domain)
    return list(dict.fromkeys(n for n in names if n))


def _comments(item: Item, tz: tzinfo) -> list[dict[str, object]]:
    approved = [c for c in item.comments if c.approved == "1" and c.type in ("", "comment")]
    dated: list[tuple[datetime, Comment]] = []
    for comment in approved:
        when = item_date(comment.date_gmt, comment.date, tz)
        if when is not None and plain_text(comment.content):
            dated.append((when, comment))
    dated.sort(key=lambda pair: (pair[0], pair[1].id))
    return [
        {"author": clean_name(c.author) or "—", "date": when, "text": plain_text(c.content)}
        for when, c in dated
    ]


def _image(item: Item, context: Context, placer: MediaPlacer, path: str) -> dict[str, object]:
    thumbnail = item.meta.get("_thumbnail_id", "").strip()
    attachment = context.media.attachments.get(int(thumbnail)) if thumbnail.isdigit() else None
    if attachment is None or not attachment.url:
        return {}
    placed = placer.place(attachment.url, path)
    found: dict[str, object] = {"image": placed.link if placed.local else attachment.url}
    if attachment.alt:
        found["image_alt"] = clean_name(attachment.alt)
    return found


def _article_fields(
    item: Item, place: Place, context: Context, placer: MediaPlacer
) -> dict[str, object]:
    """Author, terms, summary and featured image: what a post has and a page has not."""
    fields: dict[str, object] = {}
    author = context.channel.authors.get(item.creator)
    name = clean_name(author.display_name if author else item.creator)
    if name:
        fields["author"] = [name] if re.search("[,،]", name) else name
    for key, domain in (("categories", "category"), ("tags", "post_tag")):
        names = _terms(item, domain)
        if names:
            fields[key] = names
    summary = plain_text(item.excerpt).replace("\n\n", " ")
    if summary:
        fields["summary"] = summary
    fields.update(_image(item, context, placer, place.path))
    return fields


def build_entry(item: Item, place: Place, context: Context, placer: MediaPlacer) -> Entry:
    """The source file for ``item``: front matter (keys in a readable order) and Markdown."""
    prepared = prepare(
        item.content,
        post_id=item.post_id,
        media=context.media,
        footnotes=item.meta.get("footnotes", ""),
    )
    converted = html_to_markdown(prepared.html)
    body = placer.rewrite(converted.markdown, place.path)
    title, _ = title_of(item)
    updated = item_date(item.post_modified_gmt, item.post_modified, context.tz)
    front: dict[str, object] = {"title": title, "date": place.date}
    if updated is not None and updated > place.date:
        front["updated"] = updated
    front["slug"] = place.slug
    if place.translation_key:
        front["translation_key"] = place.translation_key
    if place.kind == "page":
        front["type"] = "page"
    else:
        front.update(_article_fields(item, place, context, placer))
    if place.draft_reason:
        front["draft"] = True
    if place.alias:
        front["aliases"] = [place.alias]
    comments = _comments(item, context.tz) if context.comments and place.kind == "post" else []
    if comments:
        front["comments"] = comments
    return Entry(
        place=place,
        text=front_matter_text(front, body),
        comments=len(comments),
        raw_html=converted.raw_html,
        dynamic_blocks=prepared.dynamic_blocks,
        kept_shortcodes=prepared.kept_shortcodes,
    )
