"""Term files put on their terms (:mod:`jarida.content.termfiles`): a term's page shows its
file's title (its name everywhere), description, image and text.

A term file is matched to a term of its taxonomy by the folding of term names (its stem against
every spelling of the term) or by the term's slug. A term file whose term no published article
uses is a warning naming the file, and no page: a term's page lists its articles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from jarida.content.termfiles import stem_keys, term_file_of
from jarida.errors import Diagnostic, clip, warning
from jarida.i18n.arabic import normalize_for_match
from jarida.model import Article, Term

Taxonomies = dict[str, Mapping[str, Term]]


def _index(terms: Mapping[str, Term]) -> dict[str, str]:
    """Each term's slug by its slug and by every spelling of it, folded."""
    found: dict[str, str] = {}
    for term in terms.values():
        for variant in term.variants:
            found.setdefault(normalize_for_match(variant), term.slug)
    return found | {term.slug: term.slug for term in terms.values()}


def _unused(text: Article, kind: str, stem: str) -> Diagnostic:
    return warning(
        text.path,
        f"no published article has the {kind} term «{clip(stem)}» this file gives a text to; "
        "it makes no page",
        hint=f"name the file after the term as articles write it (`{kind}: [...]`) or its slug",
    )


def _twice(text: Article, first: Article) -> Diagnostic:
    return warning(
        text.path,
        f"{first.path} gives the same term a text already; this file is not used",
        hint="keep one file per term",
    )


def attach_term_texts(
    taxonomies: Taxonomies, texts: Sequence[Article]
) -> tuple[Taxonomies, dict[str, Article], list[Diagnostic]]:
    """``taxonomies`` with each term's text (its ``text`` id; its ``name`` the file's
    ``title`` when it gives one), the texts used (at their terms' URLs) by id, and warnings for
    the files that match no term or a term that has one."""
    indexes: dict[str, dict[str, str]] = {}  # made only for taxonomies with term files
    used: dict[tuple[str, str], Article] = {}
    problems: list[Diagnostic] = []
    for text in sorted(texts, key=lambda t: t.id):
        found = term_file_of(text.id, taxonomies)
        if found is None:
            continue
        kind, stem = found
        folded, slug = stem_keys(stem)
        if kind not in indexes:
            indexes[kind] = _index(taxonomies[kind])
        matched = indexes[kind].get(slug) or indexes[kind].get(folded)
        if matched is None:
            problems.append(_unused(text, kind, stem))
        elif (kind, matched) in used:
            problems.append(_twice(text, used[(kind, matched)]))
        else:
            used[(kind, matched)] = text
    out = dict(taxonomies)
    shown: dict[str, Article] = {}
    for (kind, slug), text in sorted(used.items()):
        term = out[kind][slug]
        shown[text.id] = replace(text, out_dir=term.out_dir, url=term.url, slug=term.slug)
        named = replace(term, text=text.id, name=text.title or term.name)
        out[kind] = MappingProxyType({**out[kind], slug: named})
    return out, shown, problems
