"""Write the built site atomically: the only place output is written.

The whole new tree is staged in a folder beside the output and swapped in with one rename
(``renameat2(RENAME_EXCHANGE)`` on Linux, two renames elsewhere). A build that fails or is killed
leaves the previous output exactly as it was; files of earlier builds that the site no longer has
simply are not in the new tree.

With ``keep_spare`` (builds), the replaced tree is kept beside the output as ``.NAME.spare``
(when the new tree kept at least as many of its files as it rewrote) and becomes the next build's
stage: only the files that differ from the output are replaced in
it (a file is the same when it is the same inode, as unchanged files are hard links), and the
files the site no longer has are deleted. Staging then costs what changed, not one folder and
one link per page (creating 10,000 article folders took seconds). Files are never written in
place: a file that changes is unlinked and written anew, so the live output, which shares inodes
with the stage, never sees a partial write.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jarida.errors import BuildFailed, error
from jarida.layout import MARKER, old_prefix, spare_dir, stage_prefix
from jarida.outdir import MARKER_TEXT, is_marked, write_failed
from jarida.outputs.jobs import Output
from jarida.urlpath import PathError, normal_path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True, slots=True)
class Copy:
    """A file copied as is (static files): its source and its path in the output."""

    source: Path
    path: str


def safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that cannot leave the output folder. It must be in its
    normal form (:func:`jarida.urlpath.normal_path`): two spellings of one file would let one
    output replace another unseen."""
    try:
        normal = normal_path(path)
    except PathError:
        normal = ""
    if not normal or normal != path:
        message = "refusing to write outside the output folder, or by a second name of a path"
        raise BuildFailed([error(path, message)])
    return PurePosixPath(path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _discard(tree: Path, out_dir: Path) -> None:
    """Delete the old output tree without making the build wait for it.

    Unlinking tens of thousands of files takes seconds; a detached ``rm`` does it after the build
    returns. Where there is no ``rm``, or it cannot start, the tree is deleted here. A tree left by
    an interrupted deletion is removed by the next build (its name starts like a stage's).
    """
    doomed = Path(tempfile.mkdtemp(prefix=old_prefix(out_dir), dir=tree.parent))
    doomed.rmdir()
    tree.rename(doomed)
    tree = doomed
    remover = shutil.which("rm")
    if remover and os.name == "posix":
        try:
            subprocess.Popen(
                [remover, "-rf", "--", str(tree)],
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            return
        except OSError:
            pass
    shutil.rmtree(tree, ignore_errors=True)


def _swap_in(stage: Path, out_dir: Path, *, keep_spare: bool) -> None:
    """Put ``stage`` in the place of ``out_dir``; the old output is deleted, or kept as the spare
    that the next build recycles."""
    if not out_dir.exists():
        stage.rename(out_dir)
        return
    if _exchange(stage, out_dir):
        old = stage
    else:
        old = out_dir.with_name(stage.name + "-previous")
        out_dir.rename(old)
        try:
            stage.rename(out_dir)
        except OSError:
            old.rename(out_dir)  # the old output back in its place
            raise
    spare = spare_dir(out_dir)
    if keep_spare:
        if spare.exists():  # one that was not worth recycling
            _discard(spare, out_dir)
        old.rename(spare)
    else:
        _discard(old, out_dir)


class _Stage:
    """The new tree being built beside the output; remembers the folders it made (or found,
    when ``recycled``: it is then the output before the last, being brought up to date)."""

    def __init__(self, root: Path, *, recycled: bool = False) -> None:
        self.root = root
        self.recycled = recycled
        self.made: set[Path] = {root}

    def target(self, path: str) -> Path:
        target = self.root / safe_relative(path)
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.update(target.parents)
        return target


def _same_file(a: Path, b: os.stat_result) -> bool:
    try:
        mine = a.stat()
    except OSError:
        return False
    return mine.st_size == b.st_size and mine.st_mtime_ns == b.st_mtime_ns


def _same_inode(a: Path, b: Path) -> bool:
    try:
        first, second = a.lstat(), b.lstat()
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _copy(stage: _Stage, out_dir: Path, copy: Copy) -> None:
    """A static file: linked from the old output when unchanged (same size and mtime as its
    source, since copies keep the source's mtime), else copied."""
    target = stage.target(copy.path)
    old = out_dir / copy.path
    unchanged = _same_file(old, copy.source.stat())
    if stage.recycled:
        if unchanged and _same_inode(target, old):
            return
        target.unlink(missing_ok=True)
    if unchanged:
        try:
            os.link(old, target)
            return
        except OSError:
            pass
    shutil.copy2(copy.source, target)


def _keep(stage: _Stage, out_dir: Path, path: str) -> None:
    """An unchanged page: a hard link to the old file, so its mtime is kept."""
    target = stage.target(path)
    if stage.recycled:
        if _same_inode(target, out_dir / path):
            return
        target.unlink(missing_ok=True)
    try:
        os.link(out_dir / path, target)
    except OSError:
        shutil.copy2(out_dir / path, target)


def _files_under(out_dir: Path, folder: str) -> list[str]:
    root = out_dir / safe_relative(folder)
    return [p.relative_to(out_dir).as_posix() for p in sorted(root.rglob("*")) if p.is_file()]


def _keep_tree(stage: _Stage, out_dir: Path, folder: str) -> None:
    """A whole folder of the old output, unchanged (the search index): hard links, file by file."""
    for path in _files_under(out_dir, folder):
        _keep(stage, out_dir, path)


def _write(stage: _Stage, output: Output) -> None:
    target = stage.target(output.path)
    if stage.recycled:  # never into the old inode: the live output may share it
        target.unlink(missing_ok=True)
    target.write_bytes(output.data)


def _mark(stage: _Stage, out_dir: Path) -> None:
    """The marker that says Jarida wrote the folder: linked from the old output when it is
    there with the same bytes, else written."""
    old = out_dir / MARKER
    same_size = is_marked(out_dir) and old.stat().st_size == len(MARKER_TEXT)
    if same_size and old.read_bytes() == MARKER_TEXT:
        _keep(stage, out_dir, MARKER)
        return
    _write(stage, Output(MARKER, MARKER_TEXT))


def _recycle(out_dir: Path) -> _Stage | None:
    """The spare tree (the output before the last) as a stage, under a stage's name (so that
    a killed build's half-updated stage is removed like any other)."""
    spare = spare_dir(out_dir)
    if spare.is_symlink() or not spare.is_dir():
        return None
    root = Path(tempfile.mkdtemp(prefix=stage_prefix(out_dir), dir=out_dir.parent))
    root.rmdir()
    spare.rename(root)
    return _Stage(root, recycled=True)


def _prune(stage: _Stage, wanted: set[str]) -> None:
    """Delete what the recycled stage has and the new tree must not; note its folders."""

    def prune(folder: str, prefix: str) -> bool:
        """Prune ``folder``; whether anything is left in it."""
        left = False
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if prune(entry.path, f"{prefix}{entry.name}/"):
                        left = True
                    else:
                        os.rmdir(entry.path)  # noqa: PTH106 (no Path per entry: 10,000s)
                elif prefix + entry.name in wanted and not entry.is_symlink():
                    left = True
                else:
                    os.unlink(entry.path)  # noqa: PTH108
        if left:
            stage.made.add(Path(folder))
        return left

    prune(str(stage.root), "")


def _stat_all(out_dir: Path, paths: Sequence[str]) -> dict[str, tuple[int, int]]:
    stats = {}
    for path in paths:
        info = (out_dir / path).stat()
        stats[path] = (info.st_size, info.st_mtime_ns)
    return stats


def _new_stage(out_dir: Path, *, recycle: bool) -> _Stage:
    """A stage beside ``out_dir``: the spare, brought up to date, when ``recycle`` allows it,
    else a new folder. Stages and old trees left by a killed build or deletion are removed."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for pattern in (f"{stage_prefix(out_dir)}*", f"{old_prefix(out_dir)}*"):
        for stale in out_dir.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)
    # Recycling pays when most pages are kept; when most are rewritten (a clean build), deleting
    # the spare's files one by one would cost more than staging afresh.
    recycled = _recycle(out_dir) if recycle and out_dir.is_dir() else None
    return recycled or _Stage(
        Path(tempfile.mkdtemp(prefix=stage_prefix(out_dir), dir=out_dir.parent))
    )


def commit(
    out_dir: Path,
    written: Iterable[Output],
    kept: Sequence[str],
    copies: Sequence[Copy],
    *,
    kept_trees: Sequence[str] = (),
    finish: Callable[[Path], object] | None = None,
    keep_spare: bool = False,
    expected: int = 0,
) -> dict[str, tuple[int, int]]:
    """Replace ``out_dir`` atomically with ``written`` (new bytes), ``kept`` (files of the old
    output, unchanged), ``kept_trees`` (whole folders of the old output, unchanged) and
    ``copies`` (static files), plus the marker :data:`~jarida.outdir.MARKER`. Anything else
    the old output had is gone: the caller has checked that the folder may be replaced
    (:func:`jarida.outdir.replace_problem`) and holds its lock (:func:`jarida.outdir.locked`).

    ``finish`` runs on the complete staged tree just before the swap (the search indexer adds
    its folder there); if it raises, the old output stays as it was.

    With ``keep_spare``, the replaced output is kept to be the next commit's stage (see the
    module's documentation); the spare is recycled only when ``kept`` are at least ``expected``,
    the number of pages ``written`` will give.

    An error of the system (a full disk, a read-only folder) is raised as :class:`BuildFailed`
    naming the path and the reason; the stage is removed and the old output stays as it was.

    Returns the size and mtime of every rendered file of the new output (for the manifest).
    """
    try:
        stage = _new_stage(out_dir, recycle=keep_spare and len(kept) >= expected)
    except OSError as exc:
        raise write_failed(exc, out_dir) from None
    try:
        if stage.recycled:
            trees = [p for folder in kept_trees for p in _files_under(out_dir, folder)]
            wanted = {*kept, *trees, *(c.path for c in copies), MARKER}
            _prune(stage, wanted)  # written: replaced
        for copy in copies:
            _copy(stage, out_dir, copy)
        for path in kept:
            _keep(stage, out_dir, path)
        new = []
        for output in written:  # rendered while this loop takes them
            _write(stage, output)
            new.append(output.path)
        for folder in kept_trees:
            _keep_tree(stage, out_dir, folder)
        _mark(stage, out_dir)
        stats = _stat_all(stage.root, sorted([*kept, *new]))
        if finish is not None:
            finish(stage.root)
        stage.root.chmod(0o755)
        # The replaced output is worth keeping when it shares most files with the new one;
        # after a clean build it shares none, and bringing it up to date would cost more than
        # staging afresh (an unlink and a link per file instead of a link).
        worth_it = len(kept) >= len(new)
        if keep_spare and not stage.recycled and spare_dir(out_dir).is_dir():
            _discard(spare_dir(out_dir), out_dir)  # older than the output it replaces: of no use
        _swap_in(stage.root, out_dir, keep_spare=keep_spare and worth_it)
    except BaseException as exc:
        shutil.rmtree(stage.root, ignore_errors=True)
        if isinstance(exc, OSError):  # a full disk, a read-only folder: said, not a traceback
            raise write_failed(exc, out_dir, stage.root) from None
        raise
    return stats


def copies_unchanged(out_dir: Path, copies: Sequence[Copy], previous: set[str]) -> bool:
    """Whether ``out_dir`` holds every one of ``copies`` as its source is (size and mtime), and
    ``previous`` (the copies of the last build) names the same files."""
    for copy in copies:
        try:
            old, new = (out_dir / copy.path).stat(), copy.source.stat()
        except OSError:
            return False
        if (old.st_size, old.st_mtime_ns) != (new.st_size, new.st_mtime_ns):
            return False
    return previous == {c.path for c in copies}
