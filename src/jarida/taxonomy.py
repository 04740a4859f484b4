"""Tags, categories and authors: terms grouped by their Arabic-normalized spelling.

«الإقتصاد» and «الاقتصاد», or ``MeToo`` and ``metoo``, are one term with one page; the name shown is
the spelling used most (ties: the one that sorts first), and a warning lists the variants.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from jarida.errors import Diagnostic, clip, warning
from jarida.i18n.arabic import make_slug, normalize_for_match


@dataclass(frozen=True, slots=True, kw_only=True)
class TermGroup:
    """A term before URLs are known: its slug, shown name, spellings and members (given order)."""

    slug: str
    name: str
    variants: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Tagged:
    """What taxonomy needs of an article: its id, shown path and raw names per taxonomy."""

    id: str
    path: str
    names: Mapping[str, tuple[str, ...]]


def _group_key(name: str) -> str:
    return normalize_for_match(name)


def group_terms(
    kind: str, items: Sequence[Tagged], slug_style: str
) -> tuple[Mapping[str, TermGroup], list[Diagnostic], Mapping[tuple[str, str], str]]:
    """Group the names of one taxonomy; ``items`` in the order terms should list them.

    Returns the groups by slug, warnings for folded spellings, and a map from
    ``(article id, raw name)`` to the slug it landed on.
    """
    spellings: dict[str, Counter[str]] = {}
    members: dict[str, dict[str, None]] = {}  # ordered sets of article ids
    where: dict[str, dict[str, str]] = {}
    keys: dict[str, str] = {}  # name -> group key: a site has far fewer names than uses

    def key_of(name: str) -> str:
        if name not in keys:
            keys[name] = _group_key(name)
        return keys[name]

    for item in items:
        for name in item.names.get(kind, ()):
            key = key_of(name)
            if not key:
                continue
            spellings.setdefault(key, Counter())[name] += 1
            members.setdefault(key, {})[item.id] = None
            where.setdefault(key, {}).setdefault(name, item.path)
    groups: dict[str, TermGroup] = {}
    slug_of_key: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for key in sorted(spellings):
        ranked = sorted(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))
        name = ranked[0][0]
        slug = make_slug(name, slug_style)
        base, n = slug, 2
        while slug in groups:
            slug, n = f"{base}-{n}", n + 1
        slug_of_key[key] = slug
        variants = tuple(spelling for spelling, _ in ranked)
        groups[slug] = TermGroup(
            slug=slug, name=name, variants=variants, members=tuple(members[key])
        )
        if len(variants) > 1:
            others = ", ".join(f"«{clip(v)}» ({where[key][v]})" for v in variants[1:])
            problems.append(
                warning(
                    where[key][variants[1]],
                    f"{kind}: spellings {others} were merged into «{clip(name)}»",
                    hint=f"write «{clip(name)}» everywhere to silence this warning",
                )
            )
    landed = {
        (item.id, name): slug_of_key[key_of(name)]
        for item in items
        for name in item.names.get(kind, ())
        if key_of(name)
    }
    return MappingProxyType(groups), problems, MappingProxyType(landed)
