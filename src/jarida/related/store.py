"""The related state of the last build on disk: ``.jarida/related.npz`` (numpy arrays, never
pickle), with the digest of the inputs it was made from.

Written atomically; one from another Jarida version or format, or unreadable, is ignored with a
note (the lists are then computed from scratch, never wrong).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jarida import __version__
from jarida.cache import FORMAT
from jarida.config import RelatedConfig
from jarida.layout import CACHE_DIR, RELATED_STATE
from jarida.parallel import Jobs
from jarida.related import Relate, RelatedLists
from jarida.related.index import RelatedInput
from jarida.related.rank import compute_related, hit_lists
from jarida.related.update import RelatedState, update_related


@dataclass(frozen=True, slots=True)
class StoredState:
    #: The digest of the inputs the state was made from ("" when none was found).
    key: str
    state: RelatedState | None
    note: str = ""


def _blob(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _text(blob: np.ndarray) -> str:
    return bytes(blob.astype(np.uint8)).decode("utf-8")


def load_state(root: Path) -> StoredState:
    path = root / CACHE_DIR / RELATED_STATE
    if not path.is_file():
        return StoredState("", None)
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(_text(data["meta"]))
            if (meta.get("format"), meta.get("version")) != (FORMAT, __version__):
                return StoredState(
                    "", None, f"{RELATED_STATE} is from another Jarida version; rebuilt"
                )
            ids = tuple(_text(data["ids"]).split("\0")) if len(data["ids"]) else ()
            state = RelatedState(
                settings=str(meta["settings"]),
                ids=ids,
                days=data["days"].astype(np.float64),
                prints=data["prints"].astype(np.uint64),
                rows=data["rows"].astype(np.int64),
                cols=data["cols"].astype(np.int64),
                values=data["values"].astype(np.float32),
            )
            key = str(meta["key"])
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return StoredState("", None, f"{RELATED_STATE} was unreadable; it will be rebuilt")
    sizes = {len(state.ids), len(state.days), len(state.prints)}
    hits = {len(state.rows), len(state.cols), len(state.values)}
    in_range = not len(state.rows) or max(state.rows.max(), state.cols.max()) < len(state.ids)
    if len(sizes) != 1 or len(hits) != 1 or not in_range:
        return StoredState("", None, f"{RELATED_STATE} is not a Jarida cache; replaced")
    return StoredState(key, state)


def save_state(root: Path, key: str, state: RelatedState) -> str:
    """Write atomically; a state that cannot be written only costs speed next time."""
    folder = root / CACHE_DIR
    meta = {"format": FORMAT, "version": __version__, "key": key, "settings": state.settings}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=RELATED_STATE + ".", suffix=".npz")
        with os.fdopen(handle, "wb") as out:
            np.savez(
                out,
                meta=_blob(json.dumps(meta, sort_keys=True)),
                ids=_blob("\0".join(state.ids)),
                days=state.days,
                prints=state.prints,
                rows=state.rows,
                cols=state.cols,
                values=state.values,
            )
        Path(name).replace(folder / RELATED_STATE)
    except OSError as exc:
        return f"could not write the cache {folder / RELATED_STATE}: {exc.strerror}"
    return ""


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
    the new state is saved. A term bag is known by its source's digest and the parse settings
    (``parse``).
    """

    def relate(
        items: Sequence[RelatedInput], settings: RelatedConfig
    ) -> tuple[RelatedLists, tuple[str, ...]]:
        digest = hashlib.sha256(repr((settings, parse)).encode())
        for item in sorted(items, key=lambda i: i.id):
            terms = sorted(item.terms.items())
            bag = item.source or repr((item.content.terms, item.content.counts))
            digest.update(repr((item.id, item.date.isoformat(), terms, bag)).encode())
        key = digest.hexdigest()
        stored = StoredState("", None) if fresh else load_state(root)
        state = stored.state
        if state is not None and stored.key == key:
            return hit_lists(state.ids, state.rows, state.cols, state.values), _notes(stored.note)
        lists, state, _ = update_related(items, settings, state, jobs=jobs)
        return lists, _notes(stored.note, save_state(root, key, state))

    return relate


def _notes(*notes: str) -> tuple[str, ...]:
    return tuple(n for n in notes if n)
