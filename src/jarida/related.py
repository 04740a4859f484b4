"""Related articles: weighted inverted indexes over shared terms, Hugo's ``related`` model.

Each taxonomy (tags, categories, authors) is an index with a weight. An article's candidates are the
articles that share a term with it; a term found on more than ``cardinality_threshold`` of the
articles says nothing and is ignored (on sites of at least ``CARDINALITY_MIN_ARTICLES`` articles:
on a smaller site every term still tells articles apart). The score is the sum of the weights of
the shared terms; only scores of at least ``min_score`` are listed. Ties break by date (newest
first), then id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from jarida.config import RelatedConfig
from jarida.model import ArticleId, RelatedHit


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedInput:
    id: ArticleId
    date: datetime
    #: Term slugs per taxonomy.
    terms: Mapping[str, tuple[str, ...]]


CARDINALITY_MIN_ARTICLES = 20

Postings = Mapping[tuple[str, str], tuple[int, ...]]


def _index(items: Sequence[RelatedInput], config: RelatedConfig) -> Postings:
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        for kind, slugs in item.terms.items():
            if config.weights.get(kind, 0.0) > 0:
                for slug in slugs:
                    postings[(kind, slug)].append(position)
    limit = config.cardinality_threshold * len(items)
    if len(items) < CARDINALITY_MIN_ARTICLES:
        limit = len(items)
    return MappingProxyType(
        {term: tuple(members) for term, members in postings.items() if len(members) <= limit}
    )


def _hits_for(
    position: int, items: Sequence[RelatedInput], postings: Postings, config: RelatedConfig
) -> tuple[RelatedHit, ...]:
    item = items[position]
    scores: dict[int, float] = defaultdict(float)
    reasons: dict[int, list[str]] = defaultdict(list)
    for kind, slugs in sorted(item.terms.items()):
        for slug in slugs:
            for other in postings.get((kind, slug), ()):
                if other == position:
                    continue
                if not config.include_newer and items[other].date > item.date:
                    continue
                scores[other] += config.weights[kind]
                reasons[other].append(f"{kind}: {slug}")
    ranked = sorted(
        (other for other, score in scores.items() if score >= config.min_score),
        key=lambda o: (-scores[o], -items[o].date.timestamp(), items[o].id),
    )
    return tuple(
        RelatedHit(id=items[o].id, score=scores[o], reasons=tuple(reasons[o]))
        for o in ranked[: config.count]
    )


def compute_related(
    items: Sequence[RelatedInput], config: RelatedConfig
) -> Mapping[ArticleId, tuple[RelatedHit, ...]]:
    """The related list of every article in ``items`` (which must hold only published ones)."""
    ordered = sorted(items, key=lambda item: item.id)
    postings = _index(ordered, config)
    return MappingProxyType(
        {item.id: _hits_for(i, ordered, postings, config) for i, item in enumerate(ordered)}
    )
