"""Write the built site atomically: the only place output is written.

Two ways, one guarantee (a build that fails or is killed leaves the old or the new complete
site):

- **Whole tree** (a first or clean build, one that rewrites most pages, a search index to make on
  the complete tree, a folder whose last files are not known): the new tree is staged in a folder
  beside the output (hard links to the unchanged files) and swapped in with one rename
  (``renameat2(RENAME_EXCHANGE)`` on Linux, two renames elsewhere); files of earlier builds that
  the site no longer has simply are not in the new tree. The old tree is deleted after the
  build returns.
- **In place** (most pages kept, and the caller knows what the last commit left, ``previous``):
  only the new files are staged, under numbers, and a journal (:mod:`jarida.journal`) decides
  the commit; the staged files are then renamed into the output one by one and the files the
  site no longer has deleted. A build killed after the journal is written leaves it, and the
  next build, ``serve`` or ``deploy`` finishes it first. Staging costs what changed: no folder
  and no link per page (creating 10,000 article folders took seconds).

Files are never written in place: a file that changes is written anew in the stage and renamed
over the old one, so the live output never holds a partial file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from jarida.errors import BuildFailed, error
from jarida.journal import Journal, apply, write_journal
from jarida.journal import finish as finish_journal
from jarida.layout import MARKER, old_prefix, spare_dir, stage_prefix
from jarida.manifest import Manifest
from jarida.outdir import MARKER_TEXT, is_marked, write_failed
from jarida.outputs.jobs import Output
from jarida.treeswap import discard, remove_detached, swap_in
from jarida.urlpath import PathError, normal_path

_NOTHING: Mapping[str, Path] = MappingProxyType({})


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


class _Stage:
    """The new tree being built beside the output; remembers the folders it made. A stage
    ``in_place`` holds only the new files, numbered, and the output paths they become."""

    def __init__(self, root: Path, *, in_place: bool = False) -> None:
        self.root = root
        self.in_place = in_place
        #: The folders made, relative ("": the stage itself): strings, not paths (a site's
        #: pages have a folder each: ~1 KB a ``Path``, ~130 MB at 100,000 articles).
        self.made: set[str] = {""}
        self.moves: list[tuple[str, str]] = []
        #: Whether the journal of this stage is written (the commit decided).
        self.decided = False

    def target(self, path: str) -> Path:
        relative = safe_relative(path)
        if self.in_place:
            name = str(len(self.moves))
            self.moves.append((name, path))
            return self.root / name
        target = self.root / relative
        folder = path.rpartition("/")[0]
        if folder not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            while folder not in self.made:
                self.made.add(folder)
                folder = folder.rpartition("/")[0]
        return target


def _same_file(a: Path, b: os.stat_result) -> bool:
    try:
        mine = a.stat()
    except OSError:
        return False
    return mine.st_size == b.st_size and mine.st_mtime_ns == b.st_mtime_ns


def _copy(stage: _Stage, out_dir: Path, copy: Copy) -> None:
    """A static file: kept (in place) or linked from the old output when unchanged (same size
    and mtime as its source, since copies keep the source's mtime), else copied."""
    old = out_dir / copy.path
    unchanged = _same_file(old, copy.source.stat())
    if unchanged and stage.in_place:
        return
    target = stage.target(copy.path)
    if unchanged:
        try:
            os.link(old, target)
            return
        except OSError:
            pass
    shutil.copy2(copy.source, target)


def _keep(stage: _Stage, out_dir: Path, path: str, source: Path | None = None) -> None:
    """An unchanged page: a hard link to the old file (or to ``source``, its kept copy), so
    its mtime is kept."""
    target = stage.target(path)
    source = out_dir / path if source is None else source
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _files_under(out_dir: Path, folder: str) -> list[str]:
    root = out_dir / safe_relative(folder)
    return [p.relative_to(out_dir).as_posix() for p in sorted(root.rglob("*")) if p.is_file()]


def _keep_tree(stage: _Stage, out_dir: Path, folder: str) -> None:
    """A whole folder of the old output, unchanged (the search index): hard links, file by file."""
    for path in _files_under(out_dir, folder):
        _keep(stage, out_dir, path)


def _write(stage: _Stage, output: Output) -> None:
    stage.target(output.path).write_bytes(output.data)


def _mark(stage: _Stage, out_dir: Path) -> None:
    """The marker that says Jarida wrote the folder: kept or linked from the old output when
    it is there with the same bytes, else written."""
    old = out_dir / MARKER
    same_size = is_marked(out_dir) and old.stat().st_size == len(MARKER_TEXT)
    if same_size and old.read_bytes() == MARKER_TEXT:
        if not stage.in_place:
            _keep(stage, out_dir, MARKER)
        return
    _write(stage, Output(MARKER, MARKER_TEXT))


def _stat_all(out_dir: Path, paths: Sequence[str]) -> Stats:
    stats = {}
    for path in paths:
        info = (out_dir / path).stat()
        stats[path] = (info.st_size, info.st_mtime_ns)
    return stats


def _new_stage(out_dir: Path, *, in_place: bool) -> _Stage:
    """A new stage beside ``out_dir``. A commit a killed build left is finished first; stages
    and old trees left by a killed build or deletion are removed, and the spare tree of earlier
    versions is deleted."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    finish_journal(out_dir)
    for stale in out_dir.parent.glob(f"{stage_prefix(out_dir)}*"):
        shutil.rmtree(stale, ignore_errors=True)
    # Usually the tree the last build swapped out, its rm still at work (2 s waited here at 10k)
    for old in out_dir.parent.glob(f"{old_prefix(out_dir)}*"):
        remove_detached(old)
    spare = spare_dir(out_dir)
    if spare.is_dir() and not spare.is_symlink():
        discard(spare, out_dir)
    root = Path(tempfile.mkdtemp(prefix=stage_prefix(out_dir), dir=out_dir.parent))
    return _Stage(root, in_place=in_place)


#: Per output path: its size and modification time (ns), as the output has it.
Stats = dict[str, tuple[int, int]]


def commit(
    out_dir: Path,
    written: Iterable[Output],
    kept: Sequence[str],
    copies: Sequence[Copy],
    *,
    kept_trees: Sequence[str] = (),
    finish: Callable[[Path], object] | None = None,
    previous: Manifest | None = None,
    expected: int = 0,
    restore: Mapping[str, Path] = _NOTHING,
) -> dict[str, tuple[int, int]]:
    """Replace ``out_dir`` atomically with ``written`` (new bytes), ``kept`` (files of the old
    output, unchanged), ``kept_trees`` (whole folders of the old output, unchanged) and
    ``copies`` (static files), plus the marker :data:`~jarida.outdir.MARKER`. Anything else
    the old output had is gone: the caller has checked that the folder may be replaced
    (:func:`jarida.outdir.replace_problem`) and holds its lock (:func:`jarida.outdir.locked`).

    ``finish`` runs on the complete staged tree just before the swap (the search indexer adds
    its folder there); if it raises, the old output stays as it was.

    With ``previous`` (the manifest of what the last commit left, every ``kept`` file among it
    as it was written), no ``finish``, the search index kept if it had one, and ``kept`` at
    least ``expected`` (the number of pages ``written`` will give), the commit is made in place
    (see the module's documentation); otherwise the whole tree is staged and swapped in.

    An error of the system (a full disk, a read-only folder) is raised as :class:`BuildFailed`
    naming the path and the reason; the stage is removed and the old output stays as it was.

    ``restore``: the ``kept`` files the output lost, by path, and where their kept copies are
    (:mod:`jarida.pagestore`); they are linked back.

    Returns the size and mtime of every rendered file of the new output (for the manifest).
    """
    in_place = (
        previous is not None
        and finish is None
        and (previous.search is None or bool(kept_trees))
        and len(kept) >= expected
        and out_dir.is_dir()
        and not out_dir.is_symlink()
    )
    try:
        stage = _new_stage(out_dir, in_place=in_place)
    except OSError as exc:
        raise write_failed(exc, out_dir) from None
    try:
        if previous is not None and stage.in_place:
            return _commit_in_place(
                stage, out_dir, written, kept, copies, kept_trees, previous, restore
            )
        return _commit_tree(stage, out_dir, written, kept, copies, kept_trees, finish, restore)
    except BaseException as exc:
        if stage.decided:  # the journal holds the stage: the next build rolls it forward
            if isinstance(exc, OSError):
                raise write_failed(exc, out_dir, decided=True) from None
            raise
        shutil.rmtree(stage.root, ignore_errors=True)
        if isinstance(exc, OSError):  # a full disk, a read-only folder: said, not a traceback
            raise write_failed(exc, out_dir, stage.root) from None
        raise


def _commit_tree(
    stage: _Stage,
    out_dir: Path,
    written: Iterable[Output],
    kept: Sequence[str],
    copies: Sequence[Copy],
    kept_trees: Sequence[str],
    finish: Callable[[Path], object] | None,
    restore: Mapping[str, Path],
) -> dict[str, tuple[int, int]]:
    """The whole new tree staged, then swapped in."""
    for copy in copies:
        _copy(stage, out_dir, copy)
    for path in kept:
        _keep(stage, out_dir, path, restore.get(path))
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
    swap_in(stage.root, out_dir)
    return stats


def _present(out_dir: Path, trees: set[str]) -> list[str]:
    """Every file, link and empty folder under ``out_dir`` but in ``trees`` (the new output
    keeps nothing it does not name: not a file put there by hand either)."""
    found: list[str] = []

    def walk(folder: str, prefix: str) -> bool:
        """Walk ``folder``; whether it holds anything."""
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                empty = False
                path = prefix + entry.name
                is_folder = entry.is_dir(follow_symlinks=False)
                if not (is_folder and (path in trees or walk(entry.path, path + "/"))):
                    found.append(path)  # a file, a link, or an empty folder
        return not empty

    walk(str(out_dir), "")
    return found


def _commit_in_place(
    stage: _Stage,
    out_dir: Path,
    written: Iterable[Output],
    kept: Sequence[str],
    copies: Sequence[Copy],
    kept_trees: Sequence[str],
    previous: Manifest,
    restore: Mapping[str, Path],
) -> dict[str, tuple[int, int]]:
    """Only the new files staged, and the kept copies of the pages the output lost, the journal
    written (the commit), then applied."""
    for copy in copies:
        _copy(stage, out_dir, copy)
    for path, source in restore.items():
        _keep(stage, out_dir, path, source)
    stats: dict[str, tuple[int, int]] = {}
    for output in written:  # rendered while this loop takes them
        _write(stage, output)
        info = (stage.root / stage.moves[-1][0]).stat()
        stats[output.path] = (info.st_size, info.st_mtime_ns)
    _mark(stage, out_dir)
    for path in kept:
        stats[path] = (previous.files[path].size, previous.files[path].mtime_ns)
    wanted = {*stats, *(c.path for c in copies), MARKER}
    deletes = sorted(p for p in _present(out_dir, set(kept_trees)) if p not in wanted)
    journal = Journal(stage.root.name, tuple(stage.moves), tuple(deletes))
    write_journal(out_dir, journal)  # decided: from here the commit is rolled forward
    stage.decided = True
    apply(out_dir, journal)
    return dict(sorted(stats.items()))


def recover(out_dir: Path) -> bool:
    """Finish the commit a killed build left half-applied in ``out_dir`` (:mod:`jarida.journal`),
    before anything reads the folder; the caller holds its lock. Whether there was one."""
    return finish_journal(out_dir)


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
