"""The languages of a WordPress export, where a multilingual plugin wrote them.

- Polylang: each item names its language as ``<category domain="language" nicename="en">`` and
  its group of translations as ``<category domain="post_translations" nicename="pll_…">``; the
  channel's ``post_translations`` terms hold each group's members as a PHP-serialized map
  (``a:2:{s:2:"ar";i:12;s:2:"en";i:15;}``), which also places an item whose own category is
  missing.
- WPML: its export writes the language and the group as post meta
  (``_wpml_import_language_code``, ``_wpml_import_translation_group``).

Items in the site's default language stay where they are; the others go under
``content/<code>/``, and every member of a group gets the group's name as ``translation_key``.
An export without any of this imports as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from jarida.errors import clip
from jarida.i18n import primary_language
from jarida.importer.items import Channel, Item

POLYLANG_LANGUAGE = "language"
POLYLANG_GROUP = "post_translations"
WPML_LANGUAGE = "_wpml_import_language_code"
WPML_GROUP = "_wpml_import_translation_group"
#: What a language code may be to become a folder and a URL prefix: ``en``, ``pt-br``, ``zh-hans``.
_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}")
#: One ``code => post id`` pair of a PHP-serialized map.
_PHP_PAIR = re.compile(r's:\d+:"([^"]{1,40})";i:(\d{1,18});')
#: The longest translation key written (a group's name is the plugin's, not the author's).
KEY_CHARS = 120


def language_code(text: str) -> str:
    """``en``, ``pt_BR`` → ``pt-br``; "" for what cannot be a language code."""
    code = text.strip().replace("_", "-").lower()
    return code if _CODE.fullmatch(code) else ""


def code_region(code: str) -> str:
    """``BR`` of ``pt-br``; "" for a code without a region."""
    return next((p.upper() for p in code.split("-")[1:] if len(p) == 2 and p.isalpha()), "")


def translation_map(description: str) -> dict[str, int]:
    """A Polylang group's members, code → post id, from its PHP-serialized description."""
    return {code: int(post) for code, post in _PHP_PAIR.findall(description)}


def _item_language(item: Item) -> str:
    for term in item.terms:
        if term.domain == POLYLANG_LANGUAGE and term.slug.strip():
            return term.slug
    return item.meta.get(WPML_LANGUAGE, "")


def _item_group(item: Item) -> str:
    for term in item.terms:
        if term.domain == POLYLANG_GROUP and term.slug.strip():
            return term.slug.strip()
    return item.meta.get(WPML_GROUP, "").strip()


@dataclass(frozen=True, slots=True, kw_only=True)
class Editions:
    """Each item's edition ("" for the default language) and translation key."""

    default: str = ""
    languages: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    keys: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    notes: tuple[str, ...] = ()

    def edition(self, post_id: int) -> str:
        """The folder under ``content/`` of an item's edition, "" for the default language: its
        language without the region (``pt`` of ``pt-br``: a Jarida edition is a language)."""
        code = primary_language(self.languages.get(post_id, ""))
        return "" if code in ("", primary_language(self.default)) else code

    def key(self, post_id: int) -> str:
        return self.keys.get(post_id, "")

    @property
    def codes(self) -> tuple[str, ...]:
        """The other editions' codes, sorted."""
        return tuple(sorted({e for e in map(self.edition, self.languages) if e}))

    def region(self, edition: str) -> str:
        """The region of an edition's language (``BR`` of ``pt-br``) when its items have one."""
        found = {code_region(c) for c in self.languages.values() if primary_language(c) == edition}
        return found.pop() if len(found) == 1 else ""

    def counted(self, post_ids: Iterable[int]) -> dict[str, int]:
        """How many of ``post_ids`` each language has (none when the export had no languages)."""
        if not self.languages:
            return {}
        counts = Counter(self.languages.get(p) or self.default for p in post_ids)
        return dict(sorted(counts.items()))


class EditionsIndex:
    """Pass 1 of an import: every item's language and group, as the export states them."""

    def __init__(self) -> None:
        self.languages: dict[int, str] = {}
        self.groups: dict[int, str] = {}
        self.notes: list[str] = []

    def add(self, item: Item) -> None:
        stated = _item_language(item)
        if stated:
            code = language_code(stated)
            if code:
                self.languages[item.post_id] = code
            else:
                self.notes.append(
                    f"item {item.post_id}: its language «{clip(stated, 40)}» is not a language "
                    "code; it was imported in the default language"
                )
        group = _item_group(item)
        if group:
            self.groups[item.post_id] = clip(group, KEY_CHARS)

    def finish(self, channel: Channel, default_language: str) -> Editions:
        """The editions, the default being ``default_language``'s primary code; a group's
        members named only by its term's map are placed too."""
        languages, groups = dict(self.languages), dict(self.groups)
        for name, description in channel.translation_groups.items():
            for code, post in translation_map(description).items():
                if language_code(code):
                    languages.setdefault(post, language_code(code))
                if name:
                    groups.setdefault(post, clip(name, KEY_CHARS))
        if not languages:
            return Editions()
        members = Counter(groups.values())
        keys = {post: key for post, key in groups.items() if members[key] > 1}
        return Editions(
            default=primary_language(default_language),
            languages=MappingProxyType(languages),
            keys=MappingProxyType(keys),
            notes=tuple(self.notes),
        )


def languages_config(editions: Editions, title: str) -> dict[str, dict[str, str]]:
    """``languages:`` for ``jarida.yaml``: each other edition, titled as the site."""
    block: dict[str, dict[str, str]] = {}
    for code in editions.codes:
        region = editions.region(code)
        block[code] = {"title": title, "region": region} if region else {"title": title}
    return block


def languages_summary(counts: Mapping[str, int], default: str) -> str:
    """``Languages: ar (default) 12, en 5``."""
    parts = [f"{c} (default) {n}" if c == default else f"{c} {n}" for c, n in counts.items()]
    return "Languages: " + ", ".join(parts)
