"""The related-articles index: one sparse row per article, one column per term or key.

A score is a row of ``left`` times a row of ``right``: ``left`` carries the weights, ``right``
the plain values, so that the structural part adds up whole weights exactly, like Hugo's
inverted index, and the content part is ``weights.content`` times the cosine similarity of the
articles' TF-IDF vectors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse

from jarida.config import RelatedConfig
from jarida.model import ArticleId
from jarida.related.inputs import RelatedInput

#: Kind of the content columns (the taxonomies name the others).
CONTENT = "content"
#: Below this many articles every key still tells articles apart: no cardinality cut.
CARDINALITY_MIN_ARTICLES = 20
#: The IDF is damped by this power. News topics are carried by mid-frequency words («مباراة»,
#: «حكومة»); full IDF favours rare names and typos (measured: docs/related.md).
IDF_POWER = 0.5
#: Each article keeps only this many of its heaviest content terms (TF-IDF weight before row
#: normalization, ties by term), like Lucene's MoreLikeThis; ``None`` or 0 keeps them all.
#: 50, measured on the 10,114-article benchmark corpus (docs/related.md): precision@5 0.7197
#: against 0.7218 with every term (30 terms: 0.7130, 20: 0.7019), coverage 100%; CPU seconds of
#: the sparse product 1.6-1.7 against 2.3-2.7, of ``compute_related`` 2.9-3.0 against 3.6-4.0;
#: peak RSS 449 MiB against 484. Articles there have 62 weighted terms on average.
CONTENT_TERMS: int | None = 50
#: Rows ranked at a time by that cut (bounds its memory; the ranks are the same for any number).
STRONGEST_ROWS = 1024
#: Terms weighted at a time (bounds the memory of the weights' temporaries).
_BLOCK = 1 << 18

#: A ``scipy.sparse.csr_matrix`` (scipy ships no type information).
Matrix: TypeAlias = Any
Floats: TypeAlias = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedIndex:
    """Built once per build from every published article, sorted by id; never mutated."""

    ids: tuple[ArticleId, ...]
    #: Publication time in days since the epoch, per row.
    days: Floats
    #: The edition of each row, numbered (0 for all when the site has one): rows of two
    #: editions are never related.
    editions: npt.NDArray[np.int64]
    left: Matrix
    right: Matrix
    #: Kind (``content`` or a taxonomy) and term or slug of each column.
    kinds: tuple[str, ...]
    keys: tuple[str, ...]
    #: The content columns come first: ``[0, content_columns)``.
    content_columns: int


class _Numbering(dict[str, int]):
    """Terms numbered in the order first met."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


def _content(items: Sequence[RelatedInput]) -> tuple[Matrix, list[str]]:
    """Row-normalized TF-IDF (sublinear tf, damped smooth idf); words on one article dropped,
    then each row cut to its ``CONTENT_TERMS`` heaviest terms."""
    vocabulary = _Numbering()
    lengths = np.fromiter((len(i.content.terms) for i in items), dtype=np.int64, count=len(items))
    indptr = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(lengths)])
    total = int(indptr[-1])
    # Straight into arrays: lists of Python ints would take ~60 bytes a term (gigabytes at
    # 100,000 articles); each term numbered by a lookup in C (a new one by __missing__).
    terms = chain.from_iterable(i.content.terms for i in items)
    # int32 (as scipy keeps its indices) where the terms are fewer than 2**31: not copied by it.
    small = np.int32 if total < np.iinfo(np.int32).max else np.int64
    columns = np.fromiter(map(vocabulary.__getitem__, terms), dtype=small, count=total)
    each = chain.from_iterable(i.content.counts for i in items)
    values = np.fromiter(each, np.float64, count=total)  # the counts, made 1 + log(count)
    np.log(values, out=values)
    values += 1
    df = np.bincount(columns, minlength=len(vocabulary)).astype(np.float64)
    idf = (np.log((1 + len(items)) / (1 + df)) + 1) ** IDF_POWER
    idf[df < 2] = 0.0
    # In place and a block at a time: an array of this size is ~0.8 GB at 100,000 articles.
    for start in range(0, total, _BLOCK):
        values[start : start + _BLOCK] *= idf[columns[start : start + _BLOCK]]
    matrix = sparse.csr_matrix((values, columns, indptr), shape=(len(items), len(vocabulary)))
    del values, columns
    if CONTENT_TERMS:
        matrix.data[~_strongest(matrix, vocabulary, CONTENT_TERMS)] = 0.0
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(matrix.indptr))
    return matrix, list(vocabulary)


def _strongest(matrix: Matrix, vocabulary: Mapping[str, int], limit: int) -> npt.NDArray[np.bool_]:
    """Mask of the entries of ``matrix`` among the ``limit`` largest of their row, ties broken by
    the term, so that the cut depends on neither input order nor column numbering. Ranked
    :data:`STRONGEST_ROWS` rows at a time (a row's ranks are its own): the sort's arrays, about
    ten of them the size of the matrix, would be ~1 GB of transient memory at 100,000 articles."""
    lengths = np.diff(matrix.indptr)
    if not len(lengths) or lengths.max() <= limit:
        return np.ones(matrix.nnz, dtype=bool)
    by_term = np.empty(len(vocabulary), dtype=np.int64)
    by_term[[vocabulary[term] for term in sorted(vocabulary)]] = np.arange(len(vocabulary))
    kept = np.empty(matrix.nnz, dtype=bool)
    for first in range(0, len(lengths), STRONGEST_ROWS):
        last = min(first + STRONGEST_ROWS, len(lengths))
        start, stop = int(matrix.indptr[first]), int(matrix.indptr[last])
        rows = np.repeat(np.arange(last - first), lengths[first:last])
        data, indices = matrix.data[start:stop], matrix.indices[start:stop]
        order = np.lexsort((by_term[indices], -data, rows))
        rank = np.empty(stop - start, dtype=np.int64)
        rank[order] = np.arange(stop - start) - (matrix.indptr[first:last] - start)[rows[order]]
        kept[start:stop] = rank < limit
    return kept


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


def _editions(items: Sequence[RelatedInput]) -> npt.NDArray[np.int64]:
    """Each item's edition, numbered in the order of their codes (the default, "", is 0)."""
    number = {code: n for n, code in enumerate(sorted({item.edition for item in items}))}
    return np.asarray([number[item.edition] for item in items], dtype=np.int64)


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
        editions=_editions(items),
        left=left,
        right=right,
        kinds=(CONTENT,) * len(vocabulary) + tuple(kind for kind, _ in keys),
        keys=(*vocabulary, *(slug for _, slug in keys)),
        content_columns=len(vocabulary),
    )
