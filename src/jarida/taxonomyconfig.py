"""``taxonomies:`` in ``jarida.yaml``: the site's own taxonomies beside the built-in tags,
categories and authors (``locations: {title: الأماكن, singular: مكان}``), and the related-list
weights over all of them (``related.weights``).

A taxonomy's name is a URL segment (``/locations/<slug>/``) and a front-matter key, so it is
lowercase ASCII letters, digits, ``-`` and ``_``, and not a folder the site's own pages use or
the first segment of the articles' permalink. Every problem is an error at the key's line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from jarida.configcheck import Checker, suggest
from jarida.errors import Diagnostic, shown

#: The taxonomies every site has, in the order pages list them.
BUILT_IN = ("tags", "categories", "authors")
#: The weight in related lists of a taxonomy ``related.weights`` does not name: 0, not used
#: (as Hugo uses only the indices it is given). Declaring a taxonomy changes no related list.
DEFAULT_WEIGHT = 0.0
#: First path segments of the site's own outputs: pages, pictures, fragments, search, files.
OWN_SEGMENTS = frozenset(
    {"page", "assets", "images", "fragments", "search", "pagefind", "404.html", "index.html"}
)
#: What a taxonomy's name may be (a URL segment and a front-matter key); the importers read it too.
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_MAX_NAME = 64


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxonomyConfig:
    """``taxonomies.<name>``: how a custom taxonomy is shown."""

    #: The heading of its index page (``/<name>/``) and the name it is shown by; default: the name.
    title: str = ""
    #: Shown before a term's name on its page (``مكان: غزة``); default: ``title``.
    singular: str = ""
    #: A feed per term, as tags have (when ``feeds.terms`` is on).
    feed: bool = True


def with_defaults(taxonomies: Mapping[str, TaxonomyConfig]) -> Mapping[str, TaxonomyConfig]:
    """Each taxonomy with its ``title`` and ``singular`` filled in."""
    filled = {}
    for name, taxonomy in sorted(taxonomies.items()):
        title = taxonomy.title.strip() or name
        singular = taxonomy.singular.strip() or title
        filled[name] = TaxonomyConfig(title=title, singular=singular, feed=taxonomy.feed)
    return MappingProxyType(filled)


def _name_problem(name: str, permalink: str) -> tuple[str, str] | None:
    """(why ``name`` cannot name a taxonomy, how to fix it), or None."""
    if name in BUILT_IN:
        return (
            f"`{name}` is built in; it needs no declaration",
            "remove it: its pages are titled by the language's strings (i18n/)",
        )
    if not NAME.match(name) or len(name) > _MAX_NAME:
        return (
            f"the taxonomy name {shown(name)} must be lowercase ASCII letters, digits, `-` "
            f"and `_` (at most {_MAX_NAME}): it is a URL segment and a front-matter key",
            "name it in Latin letters (`locations`) and give it an Arabic `title:`",
        )
    if name in OWN_SEGMENTS:
        return (
            f"the taxonomy name `{name}` is a folder used by the site's own pages",
            "choose another name, and give it the `title:` readers see",
        )
    prefix = permalink.strip("/").split("/")[0]
    if "{" not in prefix and prefix == name:
        return (
            f"the taxonomy name `{name}` is the first folder of the `permalink` of articles",
            "choose another name, or change the `permalink`",
        )
    return None


def check_taxonomies(
    c: Checker, taxonomies: Mapping[str, TaxonomyConfig], permalink: str
) -> list[Diagnostic]:
    """An error at its line for each name that cannot name a taxonomy."""
    out = []
    for name in taxonomies:
        problem = _name_problem(name, permalink)
        if problem is not None:
            out.append(c.fail(f"taxonomies.{name}", problem[0], problem[1]))
    return out


def resolve_weights(
    c: Checker, given: Mapping[str, float], defaults: Mapping[str, float], names: tuple[str, ...]
) -> tuple[Mapping[str, float], list[Diagnostic]]:
    """``related.weights``: the defaults with the ones given, for the taxonomies ``names`` and
    ``content``; an unknown key or a negative weight is an error at its line."""
    known = [*defaults, *(n for n in names if n not in defaults)]
    weights = dict(defaults)
    out: list[Diagnostic] = []
    for key, value in sorted(given.items()):
        where = f"related.weights.{key}"
        if key not in known:
            hint = suggest(key, known) + "; a taxonomy is declared in `taxonomies:`"
            out.append(c.fail(where, f"unknown config key `{where}`", hint))
        elif value < 0:
            out.append(c.fail(where, "a weight must be a number, 0 or more"))
        else:
            weights[key] = value
    return MappingProxyType(weights), out
