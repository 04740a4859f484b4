"""WordPress exports (WXR 1.2) written by tests: a channel, its terms and its items, with the
language information Polylang and WPML put in them."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>{title}</title>
<link>{link}</link>
<description></description>
<language>{language}</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{link}</wp:base_site_url>
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """One item; ``language`` and ``group`` as Polylang writes them (categories) or, with
    ``wpml``, as WPML's export writes them (post meta)."""

    id: int
    title: str
    slug: str
    path: str
    date: str = "2024-03-05 09:00:00"
    kind: str = "post"
    language: str = ""
    group: str = ""
    wpml: bool = False
    body: str = "<p>نص.</p>"


def _term(taxonomy: str, slug: str, name: str, description: str) -> str:
    return (
        f"<wp:term><wp:term_id>{zlib.crc32(slug.encode()) % 10000}</wp:term_id>"
        f"<wp:term_taxonomy><![CDATA[{taxonomy}]]></wp:term_taxonomy>"
        f"<wp:term_slug><![CDATA[{slug}]]></wp:term_slug>"
        f"<wp:term_name><![CDATA[{name}]]></wp:term_name>"
        f"<wp:term_description><![CDATA[{description}]]></wp:term_description></wp:term>\n"
    )


def php_map(members: dict[str, int]) -> str:
    """A Polylang ``post_translations`` description: a PHP-serialized map code → post id."""
    pairs = "".join(f's:{len(code)}:"{code}";i:{post};' for code, post in members.items())
    return f"a:{len(members)}:{{{pairs}}}"


def _meta(key: str, value: str) -> str:
    return (
        f"<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
    )


def _item(link: str, post: Post) -> str:
    parts = [
        f"<item><title>{post.title}</title>",
        f"<link>{link}{quote(post.path)}</link>",
        "<dc:creator><![CDATA[admin]]></dc:creator>",
        f"<content:encoded><![CDATA[{post.body}]]></content:encoded>",
        f"<wp:post_id>{post.id}</wp:post_id>",
        f"<wp:post_date_gmt>{post.date}</wp:post_date_gmt>",
        f"<wp:post_name><![CDATA[{quote(post.slug)}]]></wp:post_name>",
        "<wp:status><![CDATA[publish]]></wp:status>",
        f"<wp:post_type><![CDATA[{post.kind}]]></wp:post_type>",
    ]
    if post.wpml:
        parts += [_meta("_wpml_import_language_code", post.language)] if post.language else []
        parts += [_meta("_wpml_import_translation_group", post.group)] if post.group else []
    else:
        if post.language:
            name = {"ar": "العربية", "en": "English", "fr": "Français"}.get(post.language, "?")
            parts.append(
                f'<category domain="language" nicename="{post.language}">{name}</category>'
            )
        if post.group:
            parts.append(
                f'<category domain="post_translations" nicename="{post.group}">'
                f"{post.group}</category>"
            )
    return "".join(parts) + "</item>\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class Export:
    title: str = "جريدة الوادي"
    link: str = "https://wadi.example"
    language: str = "ar"
    posts: tuple[Post, ...] = ()
    #: Polylang's ``post_translations`` terms: group → {code: post id}.
    groups: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Polylang's ``language`` terms.
    languages: tuple[str, ...] = ()

    def write(self, path: Path) -> Path:
        text = HEAD.format(title=self.title, link=self.link, language=self.language)
        for code in self.languages:
            text += _term("language", code, code, 'a:1:{s:6:"locale";s:5:"xx_XX";}')
        for group, members in self.groups.items():
            text += _term("post_translations", group, group, php_map(members))
        text += "".join(_item(self.link, post) for post in self.posts)
        path.write_text(text + "</channel></rss>\n", encoding="utf-8")
        return path


POLYLANG = Export(
    languages=("ar", "en", "fr"),
    groups={"pll_5f3a2b": {"ar": 10, "en": 11, "fr": 12}},
    posts=(
        Post(
            id=10,
            title="الميزانية الجديدة",
            slug="الميزانية",
            path="/2024/03/الميزانية/",
            language="ar",
            group="pll_5f3a2b",
        ),
        Post(
            id=11,
            title="The new budget",
            slug="the-budget",
            path="/en/2024/03/the-budget/",
            language="en",
            group="pll_5f3a2b",
            body="<p>Text.</p>",
        ),
        # Its group only in the term's map, as in an export cut by hand.
        Post(
            id=12,
            title="Le nouveau budget",
            slug="le-budget",
            path="/fr/2024/03/le-budget/",
            language="fr",
            body="<p>Texte.</p>",
        ),
        Post(
            id=13,
            title="Only in English",
            slug="only",
            path="/en/2024/03/only/",
            language="en",
            body="<p>Text.</p>",
        ),
        Post(id=20, title="من نحن", slug="about", path="/about/", kind="page", language="ar"),
        Post(
            id=21,
            title="About us",
            slug="about",
            path="/en/about/",
            kind="page",
            language="en",
            body="<p>Us.</p>",
        ),
    ),
)

WPML = Export(
    language="en-US",
    link="https://gulf.example",
    title="Gulf Daily",
    posts=(
        Post(
            id=1,
            title="Oil prices rise",
            slug="oil",
            path="/2024/03/oil/",
            language="en",
            group="post_1",
            wpml=True,
            body="<p>Text.</p>",
        ),
        Post(
            id=2,
            title="ارتفاع أسعار النفط",
            slug="نفط",
            path="/ar/2024/03/نفط/",
            language="ar",
            group="post_1",
            wpml=True,
        ),
    ),
)
