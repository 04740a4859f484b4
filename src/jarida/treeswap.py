"""The output's trees swapped and discarded beside it: the new tree put in the old one's place
in one step, and the old one deleted without making the build wait."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from jarida.layout import old_prefix

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
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


def discard(tree: Path, out_dir: Path) -> None:
    """Delete the old output tree without making the build wait for it: unlinking tens of
    thousands of files takes seconds, a detached ``rm`` does it after the build returns (where
    it cannot, the tree is deleted here). A tree left by an interrupted deletion, or still
    being deleted, is handed to another ``rm`` by the next build."""
    doomed = Path(tempfile.mkdtemp(prefix=old_prefix(out_dir), dir=tree.parent))
    doomed.rmdir()
    tree.rename(doomed)
    remove_detached(doomed)


def remove_detached(tree: Path) -> None:
    """Delete ``tree`` in a detached ``rm -rf``, or here where there is none."""
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


def swap_in(stage: Path, out_dir: Path) -> None:
    """Put ``stage`` in the place of ``out_dir``; the old output is deleted."""
    if not out_dir.exists():
        stage.rename(out_dir)
        return
    if exchange(stage, out_dir):
        old = stage
    else:
        old = out_dir.with_name(stage.name + "-previous")
        out_dir.rename(old)
        try:
            stage.rename(out_dir)
        except OSError:
            old.rename(out_dir)  # the old output back in its place
            raise
    discard(old, out_dir)
