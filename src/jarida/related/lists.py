"""Related lists made from their hits as (row, column, score) columns: the arrays of the state
the scoring left (:class:`~jarida.related.update.RelatedState`), or any columns of numbers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Protocol

from jarida.model import ArticleId, RelatedHit, RelatedReason


class Column(Protocol):
    """A numpy array or an :class:`array.array` of numbers."""

    def tolist(self) -> list[Any]: ...


def hit_lists(
    ids: Sequence[ArticleId],
    rows: Column,
    cols: Column,
    values: Column,
    reasons: Sequence[tuple[RelatedReason, ...]] | None = None,
) -> Mapping[ArticleId, tuple[RelatedHit, ...]]:
    """Every article's list (empty ones too), in the order of the hits: hit ``n`` is article
    ``ids[cols[n]]`` in the list of ``ids[rows[n]]``, with the score ``values[n]``. Equal
    scores are one float (~5 hits an article: ~12 MB at 100,000 articles as one each)."""
    lists: dict[ArticleId, list[RelatedHit]] = {article_id: [] for article_id in ids}
    scores: dict[float, float] = {}
    triples = zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True)
    for hit, (row, col, value) in enumerate(triples):
        score = round(value, 4)
        lists[ids[row]].append(
            RelatedHit(
                id=ids[col],
                score=scores.setdefault(score, score),
                reasons=reasons[hit] if reasons is not None else (),
            )
        )
    return MappingProxyType({article_id: tuple(hits) for article_id, hits in lists.items()})
