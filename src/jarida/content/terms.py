"""An article's content terms: what content similarity compares.

:func:`article_terms` reads nothing but the article's own title, summary and body text, so an
incremental build can cache its result per article, keyed by the source digest (and the Jarida
version, since the analysis may change between releases).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from jarida.i18n.arabic import term_counts


@dataclass(frozen=True, slots=True)
class TermBag:
    """Normalized, lightly stemmed terms and how often each occurs, sorted by term."""

    terms: tuple[str, ...] = ()
    #: (an array where a build holds every article's: :func:`jarida.parsecodec.packed_counts`)
    counts: Sequence[int] = ()

    def __len__(self) -> int:
        return len(self.terms)


def article_terms(
    title: str, summary: str, text: str, stems: dict[str, str] | None = None
) -> TermBag:
    """The term bag of one article: title, summary and body text together.

    Pure and per article: the result depends on these three strings only (``stems``, a memo of
    each word's term shared by the articles of a build, changes nothing but the time). Terms are
    interned so that the bags of a large site share one copy of each word.
    """
    ordered = sorted(term_counts(f"{title}\n{summary}\n{text}", stems).items())
    return TermBag(
        terms=tuple(sys.intern(term) for term, _ in ordered),
        counts=tuple(count for _, count in ordered),
    )
