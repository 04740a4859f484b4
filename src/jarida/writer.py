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
import tempfile
from collections.abc import Sequence
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


def _swap_in(stage: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        stage.rename(out_dir)
        return
    if _exchange(stage, out_dir):
        shutil.rmtree(stage)
        return
    old = out_dir.with_name(stage.name + ".old")
    out_dir.rename(old)
    stage.rename(out_dir)
    shutil.rmtree(old)


def _write(stage: Path, output: Output) -> None:
    target = stage / safe_relative(output.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(output.data)


def commit(out_dir: Path, outputs: Sequence[Output], copies: Sequence[Copy]) -> None:
    """Replace ``out_dir`` with exactly ``outputs`` plus ``copies``, atomically."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.stage-", dir=out_dir.parent))
    try:
        for copy in copies:
            target = stage / safe_relative(copy.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(copy.source, target)
        for output in sorted(outputs, key=lambda o: o.path):
            _write(stage, output)
        stage.chmod(0o755)
        _swap_in(stage, out_dir)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
