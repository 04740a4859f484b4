"""Related lists brought up to date from the last build's, with exactly the lists a computation
from scratch gives.

An article's scores against the others depend only on its own row of the index and theirs. The
state a build leaves (:class:`RelatedState`) holds a fingerprint of every row (its keys and values
in storage order, and its date) and every row's best hits with their scores. The next build
compares fingerprints: the rows that changed (``changed``) are scored again in full; so is every
row whose last list named a changed article (its score against it may have dropped, and the one
that would replace it is unknown). Every other row keeps the scores of its last list, which are
its best among the unchanged articles, and meets only the changed articles again: its new list is
the best of both. Scores are float32 sums taken in the same order either way, so they are equal
to the bit.

A different set of articles (a new, deleted or unpublished one) changes every term's weight, and
other settings change everything: then, and when more than :data:`MOST_CHANGED` of the rows
changed, the lists are computed from scratch. The fingerprints are 64-bit: two different rows
with the same fingerprint (odds about 2⁻⁶⁴ per changed row) would keep a stale list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from jarida.config import RelatedConfig
from jarida.model import ArticleId, RelatedHit
from jarida.parallel import Jobs
from jarida.related.index import Floats, RelatedIndex, build_index
from jarida.related.inputs import RelatedInput
from jarida.related.rank import Ints, Scores, best_of, best_pairs, hits_of, mask_scores

UInts = npt.NDArray[np.uint64]
#: Past this share of changed rows, scoring everything again is as quick.
MOST_CHANGED = 0.2
_MIX = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedState:
    """What a computation of the related lists leaves for the next one."""

    #: The settings it was made with (``repr`` of :class:`RelatedConfig`).
    settings: str
    ids: tuple[ArticleId, ...]
    days: Floats
    #: Fingerprint of each row of the index.
    prints: UInts
    #: Every row's best hits: row, column (both indices into ``ids``) and score, rows ascending,
    #: best first.
    rows: Ints
    cols: Ints
    values: Scores


def _key_hashes(index: RelatedIndex) -> UInts:
    """A stable 64-bit hash of each column's kind and key (Python's ``hash`` is per process)."""
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(f"{k}\0{key}".encode(), digest_size=8).digest(), "big")
            for k, key in zip(index.kinds, index.keys, strict=True)
        ),
        dtype=np.uint64,
        count=len(index.keys),
    )


def _mix(values: UInts) -> UInts:
    """splitmix64's finaliser: every input bit moves every output bit."""
    with np.errstate(over="ignore"):
        values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def row_prints(index: RelatedIndex) -> UInts:
    """A fingerprint of each row: its (key, weight, value) entries in storage order (the order
    the scores are summed in) and its edition. ``left`` is ``right`` times the settings'
    weights, which the state's ``settings`` cover."""
    right = index.right
    lengths = np.diff(right.indptr)
    rows = np.repeat(np.arange(len(lengths)), lengths)
    position = (np.arange(right.nnz) - right.indptr[rows]).astype(np.uint64)
    bits = np.ascontiguousarray(right.data, dtype=np.float32).view(np.uint32).astype(np.uint64)
    with np.errstate(over="ignore"):
        entry = _mix(_key_hashes(index)[right.indices] ^ (bits << np.uint64(32)) ^ position * _MIX)
    prints = np.zeros(len(lengths), dtype=np.uint64)
    np.add.at(prints, rows, entry)
    edition = index.editions.astype(np.uint64) << np.uint64(40)  # 0 on a site of one edition
    with np.errstate(over="ignore"):
        return _mix(prints ^ (lengths.astype(np.uint64) ^ edition) * _MIX)


def _state(
    index: RelatedIndex, settings: str, prints: UInts, found: tuple[Ints, Ints, Scores]
) -> RelatedState:
    rows, cols, values = found
    return RelatedState(
        settings=settings,
        ids=index.ids,
        days=index.days,
        prints=prints,
        rows=rows,
        cols=cols,
        values=values,
    )


def _merge(
    index: RelatedIndex,
    config: RelatedConfig,
    previous: RelatedState,
    keep: Ints,
    changed: Ints,
) -> tuple[Ints, Ints, Scores]:
    """The lists of the rows ``keep``, whose last lists name no changed row: their last hits,
    and their scores against the ``changed`` rows, the best of both."""
    kept = np.isin(previous.rows, keep)
    rows, cols, values = previous.rows[kept], previous.cols[kept], previous.values[kept]
    if len(changed) and len(keep):
        scores: Scores = (index.left[keep] @ index.right[changed].T).toarray()
        mask_scores(scores, index, config, keep, changed)
        floor = max(float(config.min_score), float(np.finfo(np.float32).tiny))
        at, of = np.nonzero(scores >= np.float32(floor))
        rows = np.concatenate([rows, keep[at]])
        cols = np.concatenate([cols, changed[of]])
        values = np.concatenate([values, scores[at, of]])
    return best_of(index, rows, cols, values, config.count)


def update_related(
    items: Sequence[RelatedInput],
    config: RelatedConfig,
    previous: RelatedState | None,
    *,
    jobs: Jobs = 1,
) -> tuple[Mapping[ArticleId, tuple[RelatedHit, ...]], RelatedState, int]:
    """The related lists of ``items`` (without reasons), the state for the next build, and how
    many rows were scored in full."""
    index = build_index(sorted(items, key=lambda item: item.id), config)
    settings = repr(config)
    prints = row_prints(index)
    total = len(index.ids)
    changed = _changed_rows(index, settings, prints, previous)
    if previous is None or changed is None:
        found = best_pairs(index, config, jobs)
        scored = total
    else:
        again = np.union1d(changed, previous.rows[np.isin(previous.cols, changed)])
        keep = np.setdiff1d(np.arange(total), again)
        fresh = best_pairs(index, config, jobs, again)
        merged = _merge(index, config, previous, keep, changed)
        rows, cols, values = (np.concatenate([m, f]) for m, f in zip(merged, fresh, strict=True))
        order = np.argsort(rows, kind="stable")  # each row's hits stay best first
        found, scored = (rows[order], cols[order], values[order]), len(again)
    state = _state(index, settings, prints, found)
    return hits_of(index, *found, explain=False), state, scored


def _changed_rows(
    index: RelatedIndex, settings: str, prints: UInts, previous: RelatedState | None
) -> Ints | None:
    """The rows whose fingerprint or date changed since ``previous``; None when everything
    must be scored again (no state, other articles or settings, too many changes)."""
    if previous is None or (previous.settings, previous.ids) != (settings, index.ids):
        return None
    changed = np.flatnonzero((prints != previous.prints) | (index.days != previous.days))
    return None if len(changed) > MOST_CHANGED * len(index.ids) else changed
