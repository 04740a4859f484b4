"""The related lists of the last build, kept in ``.jarida/`` with the digest of the inputs they
were made from: as plain JSON (``related-lists.json``), read when nothing they come from changed,
so that such a build never imports numpy and scipy; and the state that brings them up to date
when something did (``related.npz``, :mod:`jarida.related.statefile`).

Both are written atomically; one from another Jarida version or format, or unreadable, or made
from other inputs, is ignored (the lists are then brought up to date or computed from scratch,
never wrong).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from jarida import __version__
from jarida.cache import FORMAT
from jarida.cachefile import write_cache_chunks
from jarida.config import RelatedConfig
from jarida.jsonblocks import array_chunks, document_chunks
from jarida.layout import CACHE_DIR, RELATED_LISTS
from jarida.model import RelatedHit
from jarida.parallel import Jobs, elsewhere
from jarida.related import Relate, RelatedLists, compute_related
from jarida.related.inputs import RelatedInput
from jarida.related.lists import hit_lists

if TYPE_CHECKING:  # numpy: the state is imported only where lists are scored
    from jarida.related.update import RelatedState

#: From this many articles the lists are scored away from the main process (the index then takes
#: tens of megabytes, ~400 MB at 100,000 articles; below, a fork or a task costs more than it
#: saves).
AWAY_ITEMS = 2000


def computed_related(jobs: Jobs, *, explain: bool = False) -> Relate:
    """The related lists computed afresh (:func:`compute_related`) in ``jobs`` processes; with
    ``explain``, each hit carries its reasons (``jarida related`` shows them; pages never do)."""

    def relate(
        items: Sequence[RelatedInput], settings: RelatedConfig
    ) -> tuple[RelatedLists, tuple[str, ...]]:
        return compute_related(items, settings, explain=explain, jobs=jobs), ()

    return relate


def stored_related(root: Path, parse: str, jobs: Jobs, *, fresh: bool) -> Relate:
    """The related lists from the state the last build left in ``.jarida/``: as they were when
    the inputs (every published article's terms, date and term bag, and the settings) are the
    same, brought up to date otherwise (:func:`update_related`), from scratch with ``fresh``;
    the new state is saved here. A term bag is known by its source's digest and the parse
    settings (``parse``). The lists of :data:`AWAY_ITEMS` articles or more are scored away
    from this process (:func:`~jarida.parallel.elsewhere`: a process forked for them, or a
    task of the Dask cluster), which builds the index and fans out to ``jobs`` in turn: the
    index and its arrays are never this process's.
    """

    def relate(
        items: Sequence[RelatedInput], settings: RelatedConfig
    ) -> tuple[RelatedLists, tuple[str, ...]]:
        key = _key(items, settings, parse)
        own = {item.id: item.id for item in items}  # the lists hold these, not copies
        kept = None if fresh else load_lists(root, key, own)
        if kept is not None:
            return kept, ()
        return _scored(root, key, items, settings, jobs, fresh=fresh, own=own)

    return relate


def _scored(
    root: Path,
    key: str,
    items: Sequence[RelatedInput],
    settings: RelatedConfig,
    jobs: Jobs,
    *,
    fresh: bool,
    own: Mapping[str, str],
) -> tuple[RelatedLists, tuple[str, ...]]:
    """The lists of ``items`` (inputs ``key``) from the state kept, brought up to date, or from
    scratch with ``fresh``, with the notes about the state; the state and the lists saved,
    holding ``own`` (the items' ids, each by itself)."""
    # numpy only now: something the lists come from changed (scipy where they are scored)
    from jarida.related.statefile import StoredState, load_state, save_state

    stored = StoredState("", None) if fresh else load_state(root)
    state, notes = stored.state, [stored.note]
    if state is None or stored.key != key:
        previous = state

        def update(jobs: Jobs) -> RelatedState:
            from jarida.related.update import update_related

            return update_related(items, settings, previous, jobs=jobs)[1]

        state = elsewhere(jobs, update) if len(items) >= AWAY_ITEMS else update(jobs)
        notes.append(save_state(root, key, state))
    # the state's ids are copies when it was scored away: the lists hold the articles' own
    lists = hit_lists([own.get(i, i) for i in state.ids], state.rows, state.cols, state.values)
    return lists, _notes(*notes, save_lists(root, key, lists))


def _key(items: Sequence[RelatedInput], settings: RelatedConfig, parse: str) -> str:
    """The digest of what the lists come from: every published article's id, date, terms and
    term bag (known by its source's digest and the parse settings ``parse``), the settings."""
    digest = hashlib.sha256(repr((settings, parse)).encode())
    for item in sorted(items, key=lambda i: i.id):
        terms = sorted(item.terms.items())
        bag = item.source or repr((item.content.terms, item.content.counts))
        digest.update(repr((item.id, item.date.isoformat(), terms, bag, item.edition)).encode())
    return digest.hexdigest()


def load_lists(root: Path, key: str, own: Mapping[str, str] | None = None) -> RelatedLists | None:
    """The lists kept for the inputs ``key``; None when there are none (or another build's,
    another version's, damaged ones). ``own``: the articles' ids, each by itself: the lists
    hold those, not the file's copies, and each score once (as :func:`hit_lists`)."""
    ids = own or {}
    scores: dict[float, float] = {}

    def _id(value: object) -> str:
        if type(value) is not str:
            raise TypeError(value)
        return ids.get(value, value)

    def _score(value: object) -> float:
        if type(value) is not float and type(value) is not int:
            raise TypeError(value)
        score = float(value)
        return scores.setdefault(score, score)

    try:
        data = json.loads((root / CACHE_DIR / RELATED_LISTS).read_text(encoding="utf-8"))
        if (data["format"], data["version"], data["key"]) != (FORMAT, __version__, key):
            return None
        return MappingProxyType(
            {
                _id(article): tuple(
                    RelatedHit(id=_id(h), score=_score(s), reasons=()) for h, s in hits
                )
                for article, hits in data["lists"]
            }
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None


def save_lists(root: Path, key: str, lists: RelatedLists) -> str:
    """Write atomically, a block of articles at a time (made one text with a list per hit, 160,000
    hits took 52.5 MB at the moment's peak, and 100,000 articles have 500,000); lists that
    cannot be written only cost speed next time."""
    entries = ([a, [[h.id, h.score] for h in hits]] for a, hits in lists.items())
    fields = {"format": FORMAT, "version": __version__, "key": key}
    chunks = document_chunks(fields, {"lists": array_chunks(entries)})
    return write_cache_chunks(root / CACHE_DIR / RELATED_LISTS, chunks)[1]


def _notes(*notes: str) -> tuple[str, ...]:
    return tuple(n for n in notes if n)
