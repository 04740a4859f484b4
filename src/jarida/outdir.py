"""The output folder: which folder a build (or a ``dir`` deploy) may replace, the marker that
says Jarida wrote it, the lock that keeps two writers of one folder apart, and what a failed
write reports.

Replacing a folder deletes everything in it, so a folder is replaced only when it is missing,
empty, or carries :data:`MARKER`, the file every output gets (the same bytes every time). An
output of an earlier Jarida, which has no marker yet, is recognised by the caller's ``legacy``
test (for a build: the manifest in ``.jarida/`` lists every file the folder holds). Never the
site itself, a folder that holds it, or one in its sources, its cache or its ``.git``; never a
file, nor a link (replacing a link would not replace the folder it points to).

Two writers of one folder take turns: each holds ``flock`` on ``.NAME.lock`` beside the folder
for as long as it works on it. The system releases the lock when the process ends, however it
ends (``kill -9`` included), so a dead build never blocks the next one.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jarida.errors import BuildFailed, Diagnostic, error
from jarida.journal import finish
from jarida.layout import GUARDED, MARKER, lock_file

MARKER_TEXT = (
    b"This folder is a site built by Jarida. Each build replaces it whole:\n"
    b"keep nothing else in it.\n"
)
#: How many of a refused folder's entries the message names.
SHOWN = 3
#: Errors of a full or read-only disk, and what to do about each.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})

Waiting = Callable[[str], None]


def site_problem(root: Path, out_dir: Path) -> Diagnostic | None:
    """Why ``out_dir`` may not be an output of the site at ``root``: it is the site, holds it,
    or lies in one of its :data:`GUARDED` folders (links followed)."""
    out, site = out_dir.resolve(), root.resolve()
    guarded = [site / name for name in GUARDED]
    if out == site or out in site.parents or any(out == g or g in out.parents for g in guarded):
        return error(
            str(out_dir),
            "the output folder would replace the site, its sources, its cache or its .git",
            hint="choose a folder such as public/",
        )
    return None


def _entries(folder: Path) -> list[str]:
    with os.scandir(folder) as found:
        return sorted(e.name + ("/" if e.is_dir(follow_symlinks=False) else "") for e in found)


def is_marked(folder: Path) -> bool:
    """Whether ``folder`` holds Jarida's marker (a plain file, not a link)."""
    marker = folder / MARKER
    return marker.is_file() and not marker.is_symlink()


def replace_problem(folder: Path, legacy: Callable[[], bool]) -> Diagnostic | None:
    """Why ``folder`` may not be replaced by a new output: it is a link, a file, or a folder
    with files that carries no marker and that ``legacy`` does not recognise."""
    hint = "choose another folder, or empty or remove this one yourself if nothing in it is needed"
    if folder.is_symlink():
        return error(
            str(folder),
            f"the output folder is a symbolic link (to {folder.readlink()}); "
            "a build would replace the link",
            hint="give the folder it points to instead",
        )
    if not folder.exists():
        return None
    if not folder.is_dir():
        return error(str(folder), "the output path is a file, not a folder", hint=hint)
    try:
        entries = _entries(folder)
    except OSError as exc:
        return error(str(folder), f"the output folder cannot be read: {exc.strerror}", hint=hint)
    if not entries or is_marked(folder) or legacy():
        return None
    shown = ", ".join(entries[:SHOWN]) + (", …" if len(entries) > SHOWN else "")
    return error(
        str(folder),
        f"the output folder is not empty ({shown}) and is not a site Jarida built (it has no "
        f"{MARKER}): replacing it would delete its files",
        hint=hint,
    )


def check_output_dir(root: Path, out_dir: Path, legacy: Callable[[], bool]) -> None:
    """Raise :class:`BuildFailed` unless ``out_dir`` may be (re)written by a build of ``root``."""
    problem = site_problem(root, out_dir) or replace_problem(out_dir, legacy)
    if problem is not None:
        raise BuildFailed([problem])


def only_listed(folder: Path, listed: frozenset[str], trees: tuple[str, ...] = ()) -> bool:
    """Whether every file under ``folder`` is in ``listed`` or under one of ``trees``: the
    output an earlier build recorded, perhaps with files deleted since, but none added."""
    prefixes = tuple(f"{tree}/" for tree in trees)
    for top, dirs, names in os.walk(folder):
        base = Path(top).relative_to(folder)
        links = [d for d in dirs if (Path(top) / d).is_symlink()]
        for name in [*names, *links]:
            path = (base / name).as_posix()
            if path not in listed and not path.startswith(prefixes):
                return False
    return True


@contextmanager
def locked(out_dir: Path, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the lock of ``out_dir`` while the body runs; when another process holds it, tell
    ``waiting`` and wait for it. A commit a killed holder left half-applied
    (:mod:`jarida.journal`) is finished before the body runs: whoever holds the lock sees the
    old or the new site, whole."""
    path = lock_file(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise write_failed(exc, out_dir) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(f"another build is writing {out_dir}; waiting for it to finish…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        finish(out_dir)  # a commit a killed holder left half-applied: finished first
        yield
    finally:
        os.close(handle)  # releases the lock


def write_failed(
    exc: OSError, out_dir: Path, stage: Path | None = None, *, decided: bool = False
) -> BuildFailed:
    """An error of the system while writing ``out_dir`` as a diagnostic: the path (a file of
    the ``stage`` named as the output file it was to become), the system's reason, and what
    to do (the previous output is as it was; or, once the commit is ``decided``, the next
    build finishes it: :mod:`jarida.journal`)."""
    where = exc.filename if isinstance(exc.filename, str) else str(out_dir)
    if stage is not None and Path(where).is_relative_to(stage):
        where = str(out_dir / Path(where).relative_to(stage))
    reason = exc.strerror or str(exc)
    if exc.errno in _FULL:
        hint = "free some space (or quota) on that disk, then try again"
    elif exc.errno in _READ_ONLY:
        hint = "make the folder writable, or choose another output folder"
    else:
        hint = "fix the cause, then try again"
    return BuildFailed(
        [
            error(
                where,
                f"could not write the output {out_dir}: {reason}",
                hint=f"{hint}; "
                + (
                    "the next build finishes this commit"
                    if decided
                    else "the previous output is unchanged"
                ),
            )
        ]
    )
