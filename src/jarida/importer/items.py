"""The records of a WordPress export (channel, authors, items, terms, comments) as frozen values,
and how an ``<item>`` element becomes an :class:`Item`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

WP_NS = re.compile(r"^https?://wordpress\.org/export/[0-9.]+/(excerpt/)?$")
_PREFIXES = MappingProxyType(
    {
        "http://purl.org/rss/1.0/modules/content/": "content",
        "http://purl.org/dc/elements/1.1/": "dc",
        "http://wellformedweb.org/CommentAPI/": "wfw",
    }
)


def local_name(tag: str) -> str:
    """``{https://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``, whatever the version."""
    if not tag.startswith("{"):
        return tag
    uri, _, name = tag[1:].partition("}")
    match = WP_NS.match(uri)
    if match:
        return ("excerpt:" if match.group(1) else "wp:") + name
    return f"{_PREFIXES.get(uri, uri)}:{name}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    login: str
    display_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    title: str
    link: str
    description: str
    language: str
    wxr_version: str
    base_blog_url: str
    pub_date: str
    authors: Mapping[str, Author]
    #: Polylang's ``post_translations`` terms: each group's slug → its description (a
    #: PHP-serialized map of language code → post id).
    translation_groups: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    domain: str
    slug: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    id: int
    author: str
    date: str
    date_gmt: str
    content: str
    approved: str
    type: str
    parent: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    post_name: str
    post_date: str
    post_date_gmt: str
    post_modified: str
    post_modified_gmt: str
    pub_date: str
    parent: int
    menu_order: int
    password: str
    attachment_url: str
    terms: tuple[Term, ...]
    #: The first value of each post meta key.
    meta: Mapping[str, str]
    comments: tuple[Comment, ...]


def _int(text: str) -> int:
    try:
        return int(text.strip() or 0)
    except ValueError:
        return 0


def texts(elem: ET.Element) -> dict[str, str]:
    return {local_name(child.tag): (child.text or "") for child in elem}


def _comment(elem: ET.Element) -> Comment:
    f = texts(elem)
    return Comment(
        id=_int(f.get("wp:comment_id", "")),
        author=f.get("wp:comment_author", "").strip(),
        date=f.get("wp:comment_date", ""),
        date_gmt=f.get("wp:comment_date_gmt", ""),
        content=f.get("wp:comment_content", ""),
        approved=f.get("wp:comment_approved", "").strip(),
        type=f.get("wp:comment_type", "").strip(),
        parent=_int(f.get("wp:comment_parent", "")),
    )


def build_item(elem: ET.Element) -> Item:
    fields: dict[str, str] = {}
    terms: list[Term] = []
    meta: dict[str, str] = {}
    comments: list[Comment] = []
    for child in elem:
        name = local_name(child.tag)
        if name == "category":
            terms.append(
                Term(
                    domain=child.get("domain", ""),
                    slug=child.get("nicename", ""),
                    name=(child.text or "").strip(),
                )
            )
        elif name == "wp:postmeta":
            pair = texts(child)
            meta.setdefault(pair.get("wp:meta_key", ""), pair.get("wp:meta_value", ""))
        elif name == "wp:comment":
            comments.append(_comment(child))
        else:
            fields.setdefault(name, child.text or "")
    f = fields.get
    return Item(
        post_id=_int(f("wp:post_id", "")),
        post_type=f("wp:post_type", "").strip(),
        status=f("wp:status", "").strip(),
        title=f("title", "").strip(),
        link=f("link", "").strip(),
        creator=f("dc:creator", "").strip(),
        content=f("content:encoded", ""),
        excerpt=f("excerpt:encoded", ""),
        post_name=f("wp:post_name", "").strip(),
        post_date=f("wp:post_date", "").strip(),
        post_date_gmt=f("wp:post_date_gmt", "").strip(),
        post_modified=f("wp:post_modified", "").strip(),
        post_modified_gmt=f("wp:post_modified_gmt", "").strip(),
        pub_date=f("pubDate", "").strip(),
        parent=_int(f("wp:post_parent", "")),
        menu_order=_int(f("wp:menu_order", "")),
        password=f("wp:post_password", ""),
        attachment_url=f("wp:attachment_url", "").strip(),
        terms=tuple(terms),
        meta=MappingProxyType(meta),
        comments=tuple(comments),
    )
