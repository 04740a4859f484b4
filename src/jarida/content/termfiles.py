"""Term files: ``content/<taxonomy>/<term>.md`` gives a term's page its title, description,
image and text (where Hugo's ``content/<taxonomy>/<term>/_index.md`` lands on import).

A term file is never an article: it is parsed as a source of kind ``term`` (no date), and the
assembly puts it on its term. Its stem names the term by the same folding as term names
(``غزّة.md`` is «غزة»), or by the term's slug (``gaza.md`` for a tag whose slug is ``gaza``).
"""

from __future__ import annotations

from collections.abc import Iterable

from jarida.i18n.arabic import normalize_for_match

TERM_KIND = "term"
_SUFFIX = ".md"


def term_file_of(source_id: str, taxonomies: Iterable[str]) -> tuple[str, str] | None:
    """(taxonomy, stem) when ``source_id`` (a path under ``content/``) is a term file: a
    Markdown file directly in the folder of one of ``taxonomies``; else None."""
    folder, _, name = source_id.partition("/")
    if "/" in name or not name.endswith(_SUFFIX) or folder not in taxonomies:
        return None
    stem = name.removesuffix(_SUFFIX)
    return (folder, stem) if stem and not stem.startswith(("_", ".")) else None


def stem_keys(stem: str) -> tuple[str, str]:
    """What a term file's stem is matched by: its folded spelling, and itself as a slug."""
    return normalize_for_match(stem), stem
