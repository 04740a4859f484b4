"""Sparse top-k over the related index: every article's ``count`` best, never an N×N matrix.

Rows are scored a block at a time (``BLOCK_CELLS`` scores), masked (self, newer articles when
``include_newer`` is off, below ``min_score``), optionally discounted by distance in time, and cut
to the best ``count``. Ties break by date (newest first), then id, so the lists never depend on
input order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from jarida.config import RelatedConfig
from jarida.model import ArticleId, RelatedHit, RelatedReason
from jarida.parallel import Jobs, job_count, parallel_iter
from jarida.related.index import CONTENT, Floats, Matrix, RelatedIndex, build_index
from jarida.related.inputs import RelatedInput
from jarida.related.lists import hit_lists

#: Scores held at once per block: 64 MiB as float32 (plus up to twice that for the sparse
#: product they come from), whatever the size of the site.
BLOCK_CELLS = 1 << 24
#: Blocks per process when the rows are shared by several (so that they finish together).
BLOCKS_PER_JOB = 4
#: Below this many articles the lists take less time than starting processes.
PARALLEL_ROWS = 2000
#: Width of the column chunks whose maxima give each row a cheap lower bound for its k-th best.
CHUNK = 64
#: Shared terms named in a content reason.
CONTENT_KEYS = 5
#: Hits whose reasons are worked out at once.
HIT_CHUNK = 1 << 15

Scores = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]


def mask_scores(
    scores: Scores, index: RelatedIndex, config: RelatedConfig, rows: Ints, cols: Ints | None = None
) -> None:
    """Discount by distance in time and rule out self, other editions' articles and (optionally)
    newer articles, in place. ``scores[i, j]`` is row ``rows[i]`` against column ``cols[j]``
    (every column by default)."""
    days = index.days[rows, None]
    col_days = index.days[None, :] if cols is None else index.days[None, cols]
    if index.editions.any():
        col_editions = index.editions[None, :] if cols is None else index.editions[None, cols]
        scores[index.editions[rows, None] != col_editions] = -np.inf
    if config.recency_days:
        gap = np.abs(col_days - days)
        scores *= np.exp2(-gap / config.recency_days).astype(np.float32)
    if not config.include_newer:
        scores[col_days > days] = -np.inf
    if cols is None:
        scores[np.arange(len(rows)), rows] = -np.inf
    else:
        scores[rows[:, None] == cols[None, :]] = -np.inf


def _floor(scores: Scores, count: int, min_score: float) -> Scores:
    """Per row, a score the ``count``-th best is sure to reach: the count-th best chunk maximum."""
    width = scores.shape[1] - scores.shape[1] % CHUNK
    if width // CHUNK < count:
        return np.full(scores.shape[0], max(min_score, 0.0), dtype=np.float32)
    maxima = scores[:, :width].reshape(scores.shape[0], -1, CHUNK).max(axis=2)
    floor = -np.partition(-maxima, count - 1, axis=1)[:, count - 1]
    return np.maximum(floor, np.float32(min_score))


def _top(
    scores: Scores, index: RelatedIndex, count: int, min_score: float
) -> tuple[Ints, Ints, Scores]:
    """The best ``count`` (row, column, score) per row, best first, ties by date then id."""
    floor = np.maximum(_floor(scores, count, min_score), np.finfo(np.float32).tiny)
    rows, cols = np.nonzero(scores >= floor[:, None])
    return best_of(index, rows, cols, scores[rows, cols], count)


def best_of(
    index: RelatedIndex, rows: Ints, cols: Ints, values: Scores, count: int
) -> tuple[Ints, Ints, Scores]:
    """Of candidate (row, column, score) triples, each row's best ``count``, rows ascending,
    best first, ties by date (newest first) then id."""
    order = np.lexsort((cols, -index.days[cols], -values.astype(np.float64), rows))
    rows, cols, values = rows[order], cols[order], values[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < count
    return rows[keep], cols[keep], values[keep]


def best_pairs(
    index: RelatedIndex, config: RelatedConfig, jobs: Jobs, rows: Ints | None = None
) -> tuple[Ints, Ints, Scores]:
    """The best ``count`` (row, column, score) of each of ``rows`` (default: every row), a
    block of rows at a time, the blocks shared by ``jobs`` processes (a row's scores do not
    depend on the block it is in), or by the executor ``jobs`` whatever their number."""
    total = len(index.ids)
    wanted = np.arange(total) if rows is None else rows
    if isinstance(jobs, int) and len(wanted) < PARALLEL_ROWS:
        jobs = 1
    right_t = index.right.T.tocsr()
    blocks = BLOCKS_PER_JOB * job_count(jobs)
    step = max(1, min(BLOCK_CELLS // max(total, 1), -(-len(wanted) // blocks)))

    def block(start: int) -> tuple[Ints, Ints, Scores]:
        part = wanted[start : start + step]
        scores: Scores = (index.left[part] @ right_t).toarray()
        mask_scores(scores, index, config, part)
        found, cols, values = _top(scores, index, config.count, config.min_score)
        return part[found], cols, values

    starts = range(0, len(wanted), step)
    found = list(parallel_iter(block, starts, jobs=jobs, chunk=1, minimum=2))
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    return (
        np.concatenate([f[0] for f in found]),
        np.concatenate([f[1] for f in found]),
        np.concatenate([f[2] for f in found]),
    )


def _best_per_row(shares: Matrix, limit: int) -> tuple[Ints, Ints]:
    """(row, column) of the ``limit`` largest entries of each row, largest first."""
    coo = shares.tocoo()
    order = np.lexsort((coo.col, -coo.data, coo.row))
    rows, cols = coo.row[order], coo.col[order]
    keep = np.arange(len(rows)) - np.searchsorted(rows, rows) < limit
    return rows[keep], cols[keep]


def _content_reasons(index: RelatedIndex, shares: Matrix) -> list[RelatedReason | None]:
    """Per hit: the content share of the score, named by its largest shared terms."""
    content = shares[:, : index.content_columns]
    totals = np.asarray(content.sum(axis=1)).ravel()
    keys: list[list[str]] = [[] for _ in range(shares.shape[0])]
    for row, col in zip(*_best_per_row(content, CONTENT_KEYS), strict=True):
        keys[row].append(index.keys[col])
    return [
        RelatedReason(kind=CONTENT, keys=tuple(k), score=float(t)) if k else None
        for k, t in zip(keys, totals, strict=True)
    ]


def _key_reasons(index: RelatedIndex, shares: Matrix) -> list[list[RelatedReason]]:
    """Per hit: one reason per taxonomy, with every shared key."""
    keys = shares[:, index.content_columns :].tocsr()
    found: list[list[RelatedReason]] = []
    for hit in range(keys.shape[0]):
        start, stop = keys.indptr[hit], keys.indptr[hit + 1]
        by_kind: dict[str, list[tuple[str, float]]] = {}
        for col, value in zip(keys.indices[start:stop], keys.data[start:stop], strict=True):
            column = index.content_columns + col
            by_kind.setdefault(index.kinds[column], []).append((index.keys[column], value))
        found.append(
            [
                RelatedReason(
                    kind=kind,
                    keys=tuple(sorted(k for k, _ in parts)),
                    score=float(sum(v for _, v in parts)),
                )
                for kind, parts in by_kind.items()
            ]
        )
    return found


def _reasons(
    parts: list[RelatedReason], score: float, days_apart: float
) -> tuple[RelatedReason, ...]:
    """Largest first; recency says what the distance in time took off the sum of the others."""
    lost = score - sum(reason.score for reason in parts)
    if lost < -1e-3:
        parts.append(
            RelatedReason(kind="recency", keys=(f"{days_apart:.0f} days apart",), score=lost)
        )
    parts.sort(key=lambda r: (-r.score, r.kind))
    return tuple(RelatedReason(kind=r.kind, keys=r.keys, score=round(r.score, 4)) for r in parts)


def _explained(index: RelatedIndex, rows: Ints, cols: Ints) -> list[list[RelatedReason]]:
    """The reasons of each hit, ``HIT_CHUNK`` hits at a time to bound memory on large sites."""
    found: list[list[RelatedReason]] = []
    for start in range(0, len(rows), HIT_CHUNK):
        part = slice(start, start + HIT_CHUNK)
        shares = index.left[rows[part]].multiply(index.right[cols[part]]).tocsr()
        content = _content_reasons(index, shares)
        for keyed, shared in zip(_key_reasons(index, shares), content, strict=True):
            found.append(keyed + ([shared] if shared is not None else []))
    return found


def hits_of(
    index: RelatedIndex, rows: Ints, cols: Ints, values: Scores, *, explain: bool
) -> Mapping[ArticleId, tuple[RelatedHit, ...]]:
    """The related lists of (row, column, score) hits, with their reasons if ``explain``."""
    if not explain:
        return hit_lists(index.ids, rows, cols, values)
    explained = _explained(index, rows, cols)
    apart: Floats = np.abs(index.days[rows] - index.days[cols])
    reasons = [
        _reasons(parts, float(value), float(gap))
        for parts, value, gap in zip(explained, values, apart, strict=True)
    ]
    return hit_lists(index.ids, rows, cols, values, reasons)


def compute_related(
    items: Sequence[RelatedInput], config: RelatedConfig, *, explain: bool = True, jobs: Jobs = 1
) -> Mapping[ArticleId, tuple[RelatedHit, ...]]:
    """The related list of every article in ``items``, which must hold only published ones;
    without ``explain``, the hits carry no reasons (pages never show them; working them out
    took a tenth of a 10,000-article build).

    Pure: the same items in any order give the same lists.
    """
    index = build_index(sorted(items, key=lambda item: item.id), config)
    rows, cols, values = best_pairs(index, config, jobs)
    return hits_of(index, rows, cols, values, explain=explain)
