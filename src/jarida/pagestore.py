"""The pages of the last build, kept beside its manifest in ``.jarida/`` so that an output folder
deleted or emptied by hand (``rm -rf public``, a CI job that restores ``.jarida/`` and nothing
else) costs what changed, not every page rendered again.

Each page the manifest records is kept as a hard link to its file in the output, named by its
fingerprint (which names what it shows): no second copy while the output has the file, the
page itself once the output has lost it. A kept page stands in for a missing one only while
its size and mtime are those the manifest recorded when it was written. A hard link is the
output file's own inode: a change made in place to either shows on both, and neither is used
(the page is rendered again); a file put in the page's place in the output is a new inode, and
the kept page gives the page its bytes back.

A kept page let go of (its page changed, or was written again) is often the last link of a file
the output no longer holds: unlinking it frees its blocks, ~0.3 ms a page (~4 s of a clean build
of 10,000 articles). Such pages are moved aside, into a folder a detached process deletes once
the build has returned (as the replaced output tree is: :func:`jarida.treeswap.discard`).

Like every cache, keeping pages is best effort: an output on another file system than
``.jarida/`` (no hard link between them), a store that is not a folder of ours (a symbolic
link is neither read nor written) or an error of the system costs speed, never the output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from jarida.layout import PAGES_ASIDE_PREFIX, PAGES_PREFIX
from jarida.manifest import Manifest, OutputFile
from jarida.outputs.jobs import RenderJob
from jarida.treeswap import remove_detached

#: Errors that no page of the output can escape: another file system than the store's (no hard
#: link between them), no space, no permission.
_NOWHERE = frozenset(
    {errno.EXDEV, errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
)

#: Output folders whose pages are kept at once (the one just built and those built last): a site
#: built into a new temporary folder each time does not fill ``.jarida/`` with copies of itself.
STORES = 3


def split_kept(
    manifest: Manifest,
    out_dir: Path,
    store: Path,
    jobs: Sequence[RenderJob],
    prints: Sequence[str],
) -> tuple[list[RenderJob], dict[str, Path]]:
    """The jobs to render: those whose page ``out_dir`` does not hold as ``manifest`` recorded
    it, with the same fingerprint (``prints``, in order), and the store ``store`` does not keep
    either; and the pages to restore from the store, with their kept copies, by path."""
    usable = store.is_dir() and not store.is_symlink()
    todo: list[RenderJob] = []
    restore: dict[str, Path] = {}
    for job, fingerprint in zip(jobs, prints, strict=True):
        path = job.out_path
        if manifest.still_renders(out_dir, path, fingerprint):
            continue
        written = manifest.files.get(path)
        if usable and written is not None and _holds(store, fingerprint, written):
            restore[path] = store / fingerprint
        else:
            todo.append(job)
    return todo, restore


def _holds(store: Path, fingerprint: str, written: OutputFile) -> bool:
    """Whether the store keeps the page ``written`` as it was written: a file of its own (not a
    link to one elsewhere) named by the manifest's fingerprint, never by a name read from disk."""
    if written.fingerprint != fingerprint:
        return False
    try:
        found = (store / fingerprint).lstat()
    except OSError:
        return False
    same = (found.st_size, found.st_mtime_ns) == (written.size, written.mtime_ns)
    return same and stat.S_ISREG(found.st_mode)


def keep_pages(
    store: Path, out_dir: Path, files: Mapping[str, OutputFile], rendered: Collection[str]
) -> None:
    """Keep every page of ``files`` (the manifest of the output just committed to ``out_dir``)
    by its fingerprint, and nothing else: ``rendered`` (paths written by this build) are linked
    afresh, as a kept page of the same name may be a file changed in place."""
    if store.is_symlink():
        return
    try:
        store.mkdir(exist_ok=True)
        with os.scandir(store) as entries:
            found = {entry.name: entry.is_dir(follow_symlinks=False) for entry in entries}
    except OSError:
        return
    present = found.keys()
    wanted = {written.fingerprint: path for path, written in files.items()}
    again = {files[path].fingerprint for path in rendered if path in files}
    pages = {name for name, is_folder in found.items() if not is_folder}
    # let go: the pages no longer wanted and those written again (linked afresh below); a
    # folder in a page's place stays, and that page alone is not kept
    _set_aside(store, sorted(pages & ((present - wanted.keys()) | again)))
    _retire_others(store)
    for fingerprint in sorted((wanted.keys() - present) | (again & present)):
        try:
            os.link(out_dir / wanted[fingerprint], store / fingerprint)
        except OSError as exc:
            if exc.errno in _NOWHERE:
                return  # no page can be kept here
            _unlink(store / fingerprint)  # this page only (gone from the output meanwhile...)


def _set_aside(store: Path, names: Sequence[str]) -> None:
    """``names`` moved out of ``store`` into a new folder beside it, which a detached process
    deletes (where a page cannot be moved, it is unlinked here), and the folders an interrupted
    build left handed to one too."""
    for left in store.parent.glob(f"{PAGES_ASIDE_PREFIX}*"):
        if left.is_dir() and not left.is_symlink():
            remove_detached(left)
    if not names:
        return
    try:
        aside: Path | None = Path(tempfile.mkdtemp(prefix=PAGES_ASIDE_PREFIX, dir=store.parent))
    except OSError:
        aside = None
    for name in names:
        if aside is None or not _moved(store / name, aside / name):
            _unlink(store / name)
    if aside is not None:
        remove_detached(aside)


def _retire_others(store: Path) -> None:
    """``store`` marked as the one used last; the stores of other output folders but the
    :data:`STORES` used last deleted."""
    with contextlib.suppress(OSError):
        os.utime(store)
    others = []
    for other in store.parent.glob(f"{PAGES_PREFIX}*"):
        with contextlib.suppress(OSError):
            if other != store and other.is_dir() and not other.is_symlink():
                others.append((other.stat().st_mtime_ns, other.name, other))
    for *_, old in sorted(others, reverse=True)[STORES - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _moved(source: Path, target: Path) -> bool:
    try:
        source.rename(target)
    except OSError:
        return False
    return True


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
