"""The related-articles index: one sparse row per article, one column per term or key.

A score is a row of ``left`` times a row of ``right``: ``left`` carries the weights, ``right``
the plain values, so that the structural part adds up whole weights exactly, like Hugo's
inverted index, and the content part is ``weights.content`` times the cosine similarity of the
articles' TF-IDF vectors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse

from jarida.config import RelatedConfig
from jarida.model import ArticleId
from jarida.related.terms import TermBag

#: Kind of the content columns (the taxonomies name the others).
CONTENT = "content"
#: Below this many articles every key still tells articles apart: no cardinality cut.
CARDINALITY_MIN_ARTICLES = 20
#: The IDF is damped by this power. News topics are carried by mid-frequency words («مباراة»,
#: «حكومة»); full IDF favours rare names and typos (measured: docs/related.md).
IDF_POWER = 0.5

#: A ``scipy.sparse.csr_matrix`` (scipy ships no type information).
Matrix: TypeAlias = Any
Floats: TypeAlias = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedInput:
    """What related-article scoring needs of one published article."""

    id: ArticleId
    date: datetime
    #: Term slugs per taxonomy.
    terms: Mapping[str, tuple[str, ...]]
    #: Content terms from :func:`jarida.related.article_terms`; empty: structure only.
    content: TermBag = field(default_factory=TermBag)
    #: The digest of the source the content terms come from ("": none), which stands for them
    #: in the key of the related-lists cache.
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedIndex:
    """Built once per build from every published article, sorted by id; never mutated."""

    ids: tuple[ArticleId, ...]
    #: Publication time in days since the epoch, per row.
    days: Floats
    left: Matrix
    right: Matrix
    #: Kind (``content`` or a taxonomy) and term or slug of each column.
    kinds: tuple[str, ...]
    keys: tuple[str, ...]
    #: The content columns come first: ``[0, content_columns)``.
    content_columns: int


def _content(items: Sequence[RelatedInput]) -> tuple[Matrix, list[str]]:
    """Row-normalized TF-IDF (sublinear tf, damped smooth idf); words on one article dropped."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for item in items:
        indices += [vocabulary.setdefault(term, len(vocabulary)) for term in item.content.terms]
        counts += item.content.counts
        indptr.append(len(indices))
    columns = np.asarray(indices, dtype=np.int64)
    df = np.bincount(columns, minlength=len(vocabulary)).astype(np.float64)
    idf = (np.log((1 + len(items)) / (1 + df)) + 1) ** IDF_POWER
    idf[df < 2] = 0.0
    values = (1 + np.log(np.asarray(counts, dtype=np.float64))) * idf[columns]
    matrix = sparse.csr_matrix(
        (values, columns, np.asarray(indptr)), shape=(len(items), len(vocabulary))
    )
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(matrix.indptr))
    return matrix, list(vocabulary)


def _keys(items: Sequence[RelatedInput], config: RelatedConfig) -> dict[tuple[str, str], list[int]]:
    """Postings of the structural keys that can link articles, Hugo's cardinality cut applied."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, item in enumerate(items):
        for kind, slugs in sorted(item.terms.items()):
            if kind != CONTENT and config.weights.get(kind, 0.0) > 0:
                for slug in dict.fromkeys(slugs):
                    postings[(kind, slug)].append(row)
    limit = len(items)
    if len(items) >= CARDINALITY_MIN_ARTICLES:
        limit = int(config.cardinality_threshold * len(items))
    return {key: rows for key, rows in sorted(postings.items()) if 2 <= len(rows) <= limit}


def _structure(
    items: Sequence[RelatedInput], config: RelatedConfig
) -> tuple[Matrix, Matrix, list[tuple[str, str]]]:
    postings = _keys(items, config)
    rows = [row for members in postings.values() for row in members]
    cols = [col for col, members in enumerate(postings.values()) for _ in members]
    weights = [config.weights[kind] for (kind, _), members in postings.items() for _ in members]
    shape = (len(items), len(postings))
    plain = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    weighted = sparse.csr_matrix((np.asarray(weights, dtype=np.float64), (rows, cols)), shape=shape)
    return weighted, plain, list(postings)


def build_index(items: Sequence[RelatedInput], config: RelatedConfig) -> RelatedIndex:
    """The index of ``items`` (sorted by id by the caller)."""
    content, vocabulary = _content(items)
    weighted, plain, keys = _structure(items, config)
    content_weight = config.weights.get(CONTENT, 0.0)
    left = sparse.hstack([content * content_weight, weighted], format="csr", dtype=np.float32)
    right = sparse.hstack([content, plain], format="csr", dtype=np.float32)
    return RelatedIndex(
        ids=tuple(item.id for item in items),
        days=np.asarray([item.date.timestamp() / 86400 for item in items], dtype=np.float64),
        left=left,
        right=right,
        kinds=(CONTENT,) * len(vocabulary) + tuple(kind for kind, _ in keys),
        keys=(*vocabulary, *(slug for _, slug in keys)),
        content_columns=len(vocabulary),
    )
