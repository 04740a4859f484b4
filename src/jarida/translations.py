"""Translations linked across the editions (docs/languages.md): the documents that share a
``translation_key`` (else the same path in each edition's folder) each get the list of all of
them (:attr:`Article.alternates`), for ``hreflang`` links, the language switcher and the
sitemap; each edition's site gets every edition's home (:attr:`Site.homes`).

A key used twice in one edition is an error naming both files; a translation whose key no
default-language document has is a warning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from babel import Locale, UnknownLocaleError

from jarida.errors import Diagnostic, error, shown, warning
from jarida.languages import local_id, primary
from jarida.model import Article, Site

#: What one translation is to the others: (code, ``hreflang``, URL, the language's own name).
Alternate = tuple[str, str, str, str]


def language_name(code: str) -> str:
    """The language's name in itself (``English``, ``Français``, ``العربية``)."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        name = None
    name = name or code
    return name[:1].upper() + name[1:]


def code_of(site: Site) -> str:
    """The code of an edition's site (the default's primary language for the default)."""
    return site.config.edition or primary(site.config.language)


def _alternate(site: Site, doc: Article) -> Alternate:
    code = code_of(site)
    return (code, site.config.language, doc.url, language_name(code))


def _problems(
    group: Mapping[str, list[Article]], key: str, explicit: set[str], default: str
) -> list[Diagnostic]:
    found = []
    for docs in group.values():
        if len(docs) > 1:
            paths = sorted(d.path for d in docs)
            found.append(
                error(
                    paths[0],
                    f"the translation key {shown(key)} is used by {len(paths)} documents of "
                    "one language: " + ", ".join(paths),
                    hint="give each translation of a story its own language, or another "
                    "`translation_key`",
                )
            )
    if default not in group:
        for docs in group.values():
            found += [
                warning(
                    d.path,
                    f"no document of the default language has the translation key {shown(key)}",
                    hint="give the original the same `translation_key`, or check its spelling",
                )
                for d in docs
                if d.id in explicit
            ]
    return found


def link_translations(site: Site, keys: Mapping[str, str]) -> tuple[Site, list[Diagnostic]]:
    """``site`` and its editions with their documents' translations and every edition's home;
    ``keys``: each source's own ``translation_key`` ("" when it gives none)."""
    if not site.editions:
        return site, []
    default = code_of(site)
    groups: dict[str, dict[str, list[Article]]] = defaultdict(dict)
    for edition in site.every_edition():
        for doc in (*edition.articles.values(), *edition.pages.values()):
            key = keys.get(doc.id, "") or local_id(site.config, doc.id)
            groups[key].setdefault(code_of(edition), []).append(doc)
    explicit = {i for i, key in keys.items() if key}
    problems: list[Diagnostic] = []
    alternates: dict[str, tuple[Alternate, ...]] = {}
    order = {code_of(e): n for n, e in enumerate(site.every_edition())}
    by_code = {code_of(e): e for e in site.every_edition()}
    for name, group in sorted(groups.items()):
        problems += _problems(group, name, explicit, default)
        if len(group) > 1:
            firsts = {code: min(docs, key=lambda d: d.id) for code, docs in group.items()}
            found = tuple(
                _alternate(by_code[code], doc)
                for code, doc in sorted(firsts.items(), key=lambda item: order[item[0]])
            )
            alternates |= {doc.id: found for doc in firsts.values()}
    homes = tuple(_alternate_home(e) for e in site.every_edition())
    editions = {code: _with(edition, alternates, homes) for code, edition in site.editions.items()}
    linked = replace(_with(site, alternates, homes), editions=MappingProxyType(editions))
    return linked, problems


def _alternate_home(site: Site) -> Alternate:
    code = code_of(site)
    return (code, site.config.language, site.config.base_path, language_name(code))


def _with(
    site: Site, alternates: Mapping[str, tuple[Alternate, ...]], homes: tuple[Alternate, ...]
) -> Site:
    def linked(docs: Mapping[str, Article]) -> Mapping[str, Article]:
        return MappingProxyType(
            {i: replace(d, alternates=alternates.get(i, ())) for i, d in docs.items()}
        )

    return replace(site, articles=linked(site.articles), pages=linked(site.pages), homes=homes)
