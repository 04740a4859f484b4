"""The atomic commit: a step on the staged tree before the swap, and whole folders kept as links."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from jarida import journal, treeswap, writer
from jarida.errors import BuildFailed
from jarida.layout import MARKER, old_prefix
from jarida.manifest import Manifest, OutputFile
from jarida.outdir import MARKER_TEXT
from jarida.outputs.jobs import Output
from jarida.writer import commit


def _names(folder: Path) -> list[str]:
    """The files under ``folder`` but the marker every commit adds."""
    found = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return sorted(name for name in found if name != MARKER)


def test_every_commit_marks_the_folder_and_keeps_the_same_marker_file(tmp_path: Path) -> None:
    out = tmp_path / "public"
    commit(out, [Output("index.html", b"1")], [], [])
    marker = (out / MARKER).stat()
    assert (out / MARKER).read_bytes() == MARKER_TEXT
    _commit_in_place(out, {"index.html": b"2"}, [])
    _commit_in_place(out, {"index.html": b"3"}, [])
    now = (out / MARKER).stat()
    assert (now.st_ino, now.st_mtime_ns) == (marker.st_ino, marker.st_mtime_ns)
    (out / MARKER).write_bytes(b"changed by hand")
    commit(out, [Output("index.html", b"4")], [], [])
    assert (out / MARKER).read_bytes() == MARKER_TEXT


def test_finish_runs_on_the_complete_stage_before_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "public"
    seen: list[list[str]] = []

    def finish(stage: Path) -> None:
        seen.append(_names(stage))
        assert not out.exists()  # not swapped in yet
        (stage / "index" / "data.bin").parent.mkdir()
        (stage / "index" / "data.bin").write_bytes(b"x")

    stats = commit(out, [Output("a/index.html", b"a")], [], [], finish=finish)
    assert seen == [["a/index.html"]]
    assert _names(out) == ["a/index.html", "index/data.bin"]
    assert list(stats) == ["a/index.html"]  # what finish adds is not a rendered output


def test_a_failing_finish_leaves_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    commit(out, [Output("a/index.html", b"old")], [], [])

    def finish(stage: Path) -> None:
        raise RuntimeError("indexer failed")

    with pytest.raises(RuntimeError):
        commit(out, [Output("a/index.html", b"new")], [], [], finish=finish)
    assert (out / "a/index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["public"]  # no stage left behind


def test_kept_trees_are_hard_links_to_the_old_files(tmp_path: Path) -> None:
    out = tmp_path / "public"

    def index(stage: Path) -> None:
        (stage / "idx" / "sub").mkdir(parents=True)
        (stage / "idx" / "sub" / "chunk").write_bytes(b"chunk")
        (stage / "idx" / "entry.json").write_bytes(b"{}")

    commit(out, [Output("index.html", b"1")], [], [], finish=index)
    before = {name: (out / name).stat().st_ino for name in ("idx/entry.json", "idx/sub/chunk")}
    commit(out, [Output("index.html", b"2")], [], [], kept_trees=["idx"])
    assert _names(out) == ["idx/entry.json", "idx/sub/chunk", "index.html"]
    assert {name: (out / name).stat().st_ino for name in before} == before
    commit(out, [Output("index.html", b"3")], [], [])
    assert _names(out) == ["index.html"]  # a folder not kept is gone


def _commit_in_place(
    out: Path, files: dict[str, bytes], kept: list[str], **options: object
) -> dict[str, tuple[int, int]]:
    """A commit given the manifest of the last one (as a build gives it), recorded for the next."""
    written = [Output(path, data) for path, data in files.items()]
    last = _LAST.get(out, Manifest())
    stats = commit(out, written, kept, [], previous=last, **options)  # type: ignore[arg-type]
    _LAST[out] = Manifest(
        files=MappingProxyType({p: OutputFile("-", *stat) for p, stat in stats.items()})
    )
    return stats


_LAST: dict[Path, Manifest] = {}


def _contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in _names(folder)}


def test_a_commit_that_keeps_most_pages_changes_the_output_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """O(changed): no link and no folder per unchanged page, the folder itself kept."""
    out = tmp_path / "public"
    _commit_in_place(out, {"a/index.html": b"a1", "b/index.html": b"b1", "gone/x.html": b"x"}, [])
    folder, b_inode = out.stat().st_ino, (out / "b/index.html").stat().st_ino
    links: list[object] = []
    monkeypatch.setattr(writer.os, "link", lambda *args, **kw: links.append(args))
    _commit_in_place(out, {"c/index.html": b"c2", "a/index.html": b"a2"}, ["b/index.html"])
    assert _contents(out) == {"a/index.html": b"a2", "b/index.html": b"b1", "c/index.html": b"c2"}
    assert not (out / "gone").exists()  # the emptied folder went too
    assert (out / "b/index.html").stat().st_ino == b_inode
    assert out.stat().st_ino == folder and links == []  # not a new tree swapped in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no stage, no journal


def test_a_commit_in_place_never_writes_into_a_live_file(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _commit_in_place(out, {"a.html": b"a1", "b.html": b"b1"}, [])
    with (out / "b.html").open("rb") as live:
        _commit_in_place(out, {"b.html": b"b3"}, ["a.html"])
        assert live.read() == b"b1"  # the old page was replaced by a rename, never rewritten
    assert _contents(out) == {"a.html": b"a1", "b.html": b"b3"}


def test_a_spare_of_earlier_versions_is_deleted_not_recycled(tmp_path: Path) -> None:
    out, spare = tmp_path / "public", tmp_path / ".public.spare"
    _commit_in_place(out, {"a.html": b"a1", "b.html": b"b1"}, [])
    spare.mkdir()
    (spare / "a.html").write_bytes(b"stale")
    _commit_in_place(out, {"a.html": b"a2"}, ["b.html"])
    assert _contents(out) == {"a.html": b"a2", "b.html": b"b1"}
    assert not spare.exists()


def test_a_commit_that_rewrites_most_pages_stages_the_whole_tree(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _commit_in_place(out, {"a.html": b"a1", "b.html": b"b1", "c.html": b"c1"}, [])
    folder = out.stat().st_ino
    _commit_in_place(out, {"a.html": b"a3", "b.html": b"b3"}, ["c.html"], expected=2)
    assert out.stat().st_ino != folder  # 1 kept < 2 written: a new tree swapped in
    assert _contents(out) == {"a.html": b"a3", "b.html": b"b3", "c.html": b"c1"}
    assert not [p for p in tmp_path.iterdir() if ".stage-" in p.name]


def test_a_commit_a_killed_build_decided_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the journal, half-way through its moves: the next commit rolls it forward
    first (in-process here; tests/test_hostile.py kills a real build)."""
    out = tmp_path / "public"
    _commit_in_place(out, {"a.html": b"a1", "b.html": b"b1", "c.html": b"c1", "d.html": b"d"}, [])
    moved = 0
    real = journal._move

    def dying_move(staged: Path, target: Path) -> None:
        nonlocal moved
        if moved == 1:
            raise KeyboardInterrupt  # stands for the kill: nothing after it runs
        moved += 1
        real(staged, target)

    monkeypatch.setattr(journal, "_move", dying_move)
    with pytest.raises(KeyboardInterrupt):
        _commit_in_place(out, {"a.html": b"a2", "b.html": b"b2"}, ["c.html"])
    monkeypatch.setattr(journal, "_move", real)
    assert (tmp_path / ".public.journal").is_file()
    assert writer.recover(out)
    assert _contents(out) == {"a.html": b"a2", "b.html": b"b2", "c.html": b"c1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert not writer.recover(out)


def test_a_damaged_journal_is_an_error_that_says_what_to_do(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _commit_in_place(out, {"a.html": b"a1"}, [])
    (tmp_path / ".public.journal").write_text('{"format": 1, "stage": "../x", "moves": []}')
    with pytest.raises(BuildFailed) as raised:
        writer.recover(out)
    assert "journal of an unfinished build cannot be read" in raised.value.errors[0].message
    assert "--clean" in (raised.value.errors[0].hint or "")


def test_a_write_error_names_the_output_file_not_the_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from jarida import writer
    from jarida.errors import BuildFailed

    out = tmp_path / "public"
    commit(out, [Output("a/index.html", b"old")], [], [])

    def full(stage: writer._Stage, output: Output) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(stage.target(output.path)))

    monkeypatch.setattr(writer, "_write", full)
    with pytest.raises(BuildFailed) as failed:
        commit(out, [Output("a/index.html", b"new")], [], [])
    problem = failed.value.errors[0]
    assert problem.path == str(out / "a/index.html")
    assert problem.message == f"could not write the output {out}: No space left on device"
    assert (out / "a/index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_reader_waits_while_a_commit_is_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's server waits for the journal to go before it reads a file (no clock here: the
    journal goes on the third look)."""
    out = tmp_path / "public"
    looks: list[Path] = []

    def pending(folder: Path) -> bool:
        looks.append(folder)
        return len(looks) < 3

    monkeypatch.setattr(journal, "pending", pending)
    journal.settled(out, poll=0.0)
    assert looks == [out, out, out]
    looks.clear()
    monkeypatch.setattr(journal, "pending", lambda folder: looks.append(folder) or True)
    journal.settled(out, poll=0.001, limit=0.005)  # a journal no one finishes: left, bounded
    assert 1 <= len(looks) <= 6


def test_an_old_tree_beside_the_output_is_handed_to_rm_not_deleted_while_the_build_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree the last build swapped out may still be being deleted by its detached ``rm``:
    the next commit starts another and goes on (it used to delete it first, 2 s at 10,000
    articles); without ``rm`` it is deleted here, as before."""
    out = tmp_path / "public"
    commit(out, [Output("index.html", b"1")], [], [])
    old = tmp_path / f"{old_prefix(out)}left"
    (old / "a").mkdir(parents=True)
    (old / "a/page.html").write_bytes(b"old")
    started: list[list[str]] = []
    real = treeswap.subprocess.Popen

    def popen(args: list[str], **options: object) -> object:
        if Path(args[0]).name != "rm":  # ctypes finds libc with a process of its own
            return real(args, **options)  # type: ignore[call-overload]
        started.append(args)  # noted, not run
        return None

    monkeypatch.setattr(treeswap.subprocess, "Popen", popen)
    commit(out, [Output("index.html", b"2")], [], [])
    assert started[0][-3:] == ["-rf", "--", str(old)]  # then the tree this commit swapped out
    assert old.is_dir()  # left to the rm (not run here)
    monkeypatch.setattr(treeswap.shutil, "which", lambda name: None)
    commit(out, [Output("index.html", b"3")], [], [])
    assert not old.exists() and (out / "index.html").read_bytes() == b"3"
