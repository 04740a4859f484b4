"""Related articles: structural keys (Hugo-style) plus Arabic-aware content similarity.

The interface is small: :func:`compute_related` turns the :class:`RelatedInput` of every
published article (its terms, date and :class:`~jarida.content.terms.TermBag`, made per article
by the content analysis) into their related lists. How the score is made
and measured is in docs/related.md.
"""

from __future__ import annotations

from jarida.related.index import RelatedInput
from jarida.related.rank import compute_related

__all__ = ("RelatedInput", "compute_related")
