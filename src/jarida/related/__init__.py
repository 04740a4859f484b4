"""Related articles: structural keys (Hugo-style) plus Arabic-aware content similarity.

The interface is small: :func:`compute_related` turns the :class:`RelatedInput` of every
published article (its terms, date and :class:`~jarida.content.terms.TermBag`, made per article
by the content analysis) into their related lists. How the score is made
and measured is in docs/related.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from jarida.config import RelatedConfig
from jarida.model import ArticleId, RelatedHit
from jarida.related.inputs import RelatedInput

if TYPE_CHECKING:
    from jarida.parallel import Jobs

#: Every published article's related list, by article id.
RelatedLists = Mapping[str, tuple[RelatedHit, ...]]
#: What makes the related lists of a build from every published article's input, with notes
#: about the state it kept (unreadable, not written): cached (:mod:`jarida.related.store`) or
#: computed afresh. ``site.relate`` is handed one, so assembling never imports the store.
Relate = Callable[[Sequence[RelatedInput], RelatedConfig], tuple[RelatedLists, tuple[str, ...]]]

__all__ = ("Relate", "RelatedInput", "RelatedLists", "compute_related")


def compute_related(
    items: Sequence[RelatedInput], config: RelatedConfig, *, explain: bool = True, jobs: Jobs = 1
) -> Mapping[ArticleId, tuple[RelatedHit, ...]]:
    """:func:`jarida.related.rank.compute_related`, imported only when lists are computed
    (numpy and scipy take a third of a second to import)."""
    from jarida.related.rank import compute_related as compute

    return compute(items, config, explain=explain, jobs=jobs)
