"""The journal of a commit in place: how a build that changes a few files of a large output
stays all-or-nothing while costing what changed.

The writer (:mod:`jarida.writer`) puts each new file in a stage folder beside the output, under
a number, and then writes the journal (``.NAME.journal`` beside the output): the stage's name,
which numbered file becomes which output path, and which output files go. The journal is
written to a temporary name, flushed to the disk (``fsync``) and renamed into place: that rename
is the commit. Until then a killed build leaves the old output untouched (its stage is removed
by the next build); from then on the commit is decided, and :func:`finish` rolls it forward:
each file deleted, each staged file renamed into its place (one atomic rename per file), the
journal removed last. A build killed half-way through leaves the journal, and the next build,
``serve`` or ``deploy`` of that folder finishes it before it does anything else (each step can
run twice: a file already moved is not in the stage any more, a file already deleted is
missing). A reader that goes through Jarida never sees a half-committed folder.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from jarida.errors import BuildFailed, error
from jarida.layout import journal_file, stage_prefix
from jarida.urlpath import PathError, normal_path

#: The journal's format; a journal of another format is refused, never half-understood.
JOURNAL_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Journal:
    """A decided commit of an output folder in place."""

    #: The stage folder beside the output that holds the new files.
    stage: str
    #: (file in the stage, output path it becomes), in the order they are moved.
    moves: tuple[tuple[str, str], ...]
    #: Output paths that go (files of the last build the new one does not have).
    deletes: tuple[str, ...]


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_journal(out_dir: Path, journal: Journal) -> None:
    """Decide the commit: the journal on the disk under its name (written, flushed, renamed)."""
    path = journal_file(out_dir)
    payload = {
        "format": JOURNAL_FORMAT,
        "stage": journal.stage,
        "moves": [list(move) for move in journal.moves],
        "deletes": list(journal.deletes),
    }
    temporary = path.with_name(path.name + ".new")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    _sync_folder(path.parent)


def _unusable(path: Path, why: str) -> BuildFailed:
    return BuildFailed(
        [
            error(
                str(path),
                f"the journal of an unfinished build cannot be read ({why})",
                hint="delete it, then build with --clean (the output may hold a mix of two builds)",
            )
        ]
    )


def _relative(value: object) -> str | None:
    """``value`` when it is an output path in its normal form (never one that leaves the folder)."""
    if not isinstance(value, str):
        return None
    try:
        normal = normal_path(value)
    except PathError:
        return None
    return value if normal == value else None


def _paths(values: object) -> tuple[str, ...] | None:
    if not isinstance(values, list):
        return None
    paths = tuple(p for p in (_relative(v) for v in values) if p is not None)
    return paths if len(paths) == len(values) else None


def read_journal(out_dir: Path) -> Journal | None:
    """The journal a killed build left beside ``out_dir``; None when there is none."""
    path = journal_file(out_dir)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unusable(path, str(exc)) from None
    if not isinstance(payload, dict) or payload.get("format") != JOURNAL_FORMAT:
        raise _unusable(path, f"not a journal of format {JOURNAL_FORMAT}")
    stage, moves = payload.get("stage"), payload.get("moves")
    flat = [v for move in moves if isinstance(move, list) for v in move] if moves else []
    pairs = _paths(flat) if isinstance(moves, list) and len(flat) == 2 * len(moves) else None
    deletes = _paths(payload.get("deletes"))
    named = isinstance(stage, str) and "/" not in stage
    named = named and str(stage).startswith(stage_prefix(out_dir))
    if pairs is None or deletes is None or not named:
        raise _unusable(path, "its entries are not output paths")
    return Journal(str(stage), tuple(zip(pairs[::2], pairs[1::2], strict=True)), deletes)


def _delete(out_dir: Path, path: str) -> None:
    """One output file gone, and the folders it leaves empty."""
    target = out_dir / path
    try:
        target.unlink()
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(target)
    folder = target.parent
    while folder != out_dir:
        try:
            folder.rmdir()
        except OSError:  # not empty (or gone): its parents are not empty either
            return
        folder = folder.parent


def _move(staged: Path, target: Path) -> None:
    """A staged file into its place (nothing when an earlier run of the journal moved it)."""
    if not staged.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        staged.replace(target)
    except IsADirectoryError:  # a folder where the new output has a file: it is stale
        shutil.rmtree(target)
        staged.replace(target)


def apply(out_dir: Path, journal: Journal) -> None:
    """Roll the commit forward: deletions, then the staged files moved into place, then the
    journal and the stage removed."""
    stage = out_dir.parent / journal.stage
    for path in journal.deletes:
        _delete(out_dir, path)
    for name, path in journal.moves:
        _move(stage / name, out_dir / path)
    journal_file(out_dir).unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)


def finish(out_dir: Path) -> bool:
    """Finish the commit a killed build left half-applied in ``out_dir`` (the caller holds
    the folder's lock); whether there was one."""
    journal = read_journal(out_dir)
    if journal is None:
        return False
    apply(out_dir, journal)
    return True


def pending(out_dir: Path) -> bool:
    """Whether ``out_dir`` has a commit to finish."""
    return journal_file(out_dir).exists()


def settled(out_dir: Path, *, poll: float = 0.005, limit: float = 30.0) -> None:
    """Wait while a commit of ``out_dir`` is being applied (a reader in the process that
    builds, such as ``serve``'s server, then never reads a file of the old site after one of
    the new: the journal goes last). A journal still there after ``limit`` seconds is left."""
    pause = threading.Event()
    waited = 0.0
    while waited < limit and pending(out_dir):
        pause.wait(poll)
        waited += poll
