"""Related articles: structural keys (Hugo-style) plus Arabic-aware content similarity.

The interface is small: :func:`article_terms` turns one article's own text into a
:class:`TermBag` (cacheable per article), and :func:`compute_related` turns the
:class:`RelatedInput` of every published article into their related lists. How the score is made
and measured is in docs/related.md.
"""

from __future__ import annotations

from jarida.related.index import RelatedInput
from jarida.related.rank import compute_related
from jarida.related.terms import TermBag, article_terms

__all__ = ("RelatedInput", "TermBag", "article_terms", "compute_related")
