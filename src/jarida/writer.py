"""Write the built site atomically: the only place output is written.

The whole new tree is staged in a folder beside the output and swapped in with one rename
(``renameat2(RENAME_EXCHANGE)`` on Linux, two renames elsewhere). A build that fails or is killed
leaves the previous output exactly as it was; files of earlier builds that the site no longer has
simply are not in the new tree.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jarida.errors import BuildFailed, error
from jarida.pages import Output

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True, slots=True)
class Copy:
    """A file copied as is (static files): its source and its path in the output."""

    source: Path
    path: str


def safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that cannot leave the output folder."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\x00" in path:
        raise BuildFailed([error(path, "refusing to write outside the output folder")])
    return pure


def check_output_dir(root: Path, out_dir: Path) -> None:
    """Refuse an output folder that would replace the site's own sources."""
    out, site = out_dir.resolve(), root.resolve()
    guarded = [site / name for name in ("content", "templates", "static")]
    if out == site or out in site.parents or any(out == g or g in out.parents for g in guarded):
        raise BuildFailed(
            [
                error(
                    str(out_dir),
                    "the output folder would overwrite the site's sources",
                    hint="choose a folder such as public/",
                )
            ]
        )


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


def _discard(tree: Path) -> None:
    """Delete the old output tree without making the build wait for it.

    Unlinking tens of thousands of files takes seconds; a detached ``rm`` does it after the build
    returns. Where there is no ``rm``, or it cannot start, the tree is deleted here. A tree left by
    an interrupted deletion is removed by the next build (its name starts like a stage's).
    """
    doomed = tree.with_name(tree.name.replace(".stage-", ".old-", 1))
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


def _swap_in(stage: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        stage.rename(out_dir)
        return
    if _exchange(stage, out_dir):
        _discard(stage)
        return
    old = out_dir.with_name(stage.name + "-previous")
    out_dir.rename(old)
    stage.rename(out_dir)
    _discard(old)


class _Stage:
    """The new tree being built beside the output; remembers the folders it made."""

    def __init__(self, root: Path) -> None:
        self.root = root
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


def _copy(stage: _Stage, out_dir: Path, copy: Copy) -> None:
    """A static file: linked from the old output when unchanged (same size and mtime as its
    source, since copies keep the source's mtime), else copied."""
    target = stage.target(copy.path)
    old = out_dir / copy.path
    if _same_file(old, copy.source.stat()):
        try:
            os.link(old, target)
            return
        except OSError:
            pass
    shutil.copy2(copy.source, target)


def _keep(stage: _Stage, out_dir: Path, path: str) -> None:
    """An unchanged page: a hard link to the old file, so its mtime is kept."""
    target = stage.target(path)
    try:
        os.link(out_dir / path, target)
    except OSError:
        shutil.copy2(out_dir / path, target)


def _keep_tree(stage: _Stage, out_dir: Path, folder: str) -> None:
    """A whole folder of the old output, unchanged (the search index): hard links, file by file."""
    root = out_dir / safe_relative(folder)
    for path in sorted(root.rglob("*")):
        if path.is_file():
            _keep(stage, out_dir, path.relative_to(out_dir).as_posix())


def _write(stage: _Stage, output: Output) -> None:
    stage.target(output.path).write_bytes(output.data)


def _stat_all(out_dir: Path, paths: Sequence[str]) -> dict[str, tuple[int, int]]:
    stats = {}
    for path in paths:
        info = (out_dir / path).stat()
        stats[path] = (info.st_size, info.st_mtime_ns)
    return stats


def commit(
    out_dir: Path,
    written: Sequence[Output],
    kept: Sequence[str],
    copies: Sequence[Copy],
    *,
    kept_trees: Sequence[str] = (),
    finish: Callable[[Path], object] | None = None,
) -> dict[str, tuple[int, int]]:
    """Replace ``out_dir`` atomically with ``written`` (new bytes), ``kept`` (files of the old
    output, unchanged), ``kept_trees`` (whole folders of the old output, unchanged) and
    ``copies`` (static files). Anything else the old output had is gone.

    ``finish`` runs on the complete staged tree just before the swap (the search indexer adds
    its folder there); if it raises, the old output stays as it was.

    Returns the size and mtime of every rendered file of the new output (for the manifest).
    """
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for pattern in (f".{out_dir.name}.stage-*", f".{out_dir.name}.old-*"):
        for stale in out_dir.parent.glob(pattern):  # left by a killed build or deletion
            shutil.rmtree(stale, ignore_errors=True)
    stage = _Stage(Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.stage-", dir=out_dir.parent)))
    try:
        for copy in copies:
            _copy(stage, out_dir, copy)
        for path in kept:
            _keep(stage, out_dir, path)
        for output in sorted(written, key=lambda o: o.path):
            _write(stage, output)
        for folder in kept_trees:
            _keep_tree(stage, out_dir, folder)
        stats = _stat_all(stage.root, [*kept, *(o.path for o in written)])
        if finish is not None:
            finish(stage.root)
        stage.root.chmod(0o755)
        _swap_in(stage.root, out_dir)
    except BaseException:
        shutil.rmtree(stage.root, ignore_errors=True)
        raise
    return stats
