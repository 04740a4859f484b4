"""The atomic commit: a step on the staged tree before the swap, and whole folders kept as links."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarida.layout import MARKER
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
    commit(out, [Output("index.html", b"2")], [], [], keep_spare=True)
    commit(out, [Output("index.html", b"3")], [], [], keep_spare=True)  # the spare recycled
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


def _commit_spare(out: Path, files: dict[str, bytes], kept: list[str], **options: object) -> None:
    written = [Output(path, data) for path, data in files.items()]
    commit(out, written, kept, [], keep_spare=True, **options)  # type: ignore[arg-type]


def _contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in _names(folder)}


def test_the_replaced_output_is_recycled_as_the_next_stage(tmp_path: Path) -> None:
    out, spare = tmp_path / "public", tmp_path / ".public.spare"
    _commit_spare(out, {"a/index.html": b"a1", "b/index.html": b"b1", "gone/x.html": b"x"}, [])
    assert not spare.exists()  # nothing was replaced yet
    _commit_spare(out, {"a/index.html": b"a2"}, ["b/index.html", "gone/x.html"])
    assert _contents(spare) == {"a/index.html": b"a1", "b/index.html": b"b1", "gone/x.html": b"x"}
    b_inode = (out / "b/index.html").stat().st_ino
    (spare / "stray.txt").write_bytes(b"left by someone")
    # b kept, a kept, gone/ deleted, c new: the spare (output before the last) is brought up to date
    _commit_spare(out, {"c/index.html": b"c3"}, ["a/index.html", "b/index.html"])
    assert _contents(out) == {"a/index.html": b"a2", "b/index.html": b"b1", "c/index.html": b"c3"}
    assert not (out / "gone").exists()  # the emptied folder went too
    assert (out / "b/index.html").stat().st_ino == b_inode  # unchanged pages keep their file
    assert [p.name for p in tmp_path.iterdir() if ".stage-" in p.name] == []


def test_a_recycled_stage_never_writes_into_a_file_the_live_output_shares(tmp_path: Path) -> None:
    out = tmp_path / "public"
    _commit_spare(out, {"a.html": b"a1", "b.html": b"b1"}, [])
    _commit_spare(out, {"a.html": b"a2"}, ["b.html"])  # b.html: one inode, live and spare
    with (out / "b.html").open("rb") as live:
        _commit_spare(out, {"b.html": b"b3"}, ["a.html"])
        assert live.read() == b"b1"  # the old page was never overwritten in place
    assert _contents(out) == {"a.html": b"a2", "b.html": b"b3"}


def test_a_tampered_spare_does_not_leak_into_the_output(tmp_path: Path) -> None:
    out, spare = tmp_path / "public", tmp_path / ".public.spare"
    _commit_spare(out, {"a.html": b"a1", "b.html": b"b1"}, [])
    _commit_spare(out, {"a.html": b"a2"}, ["b.html"])
    (spare / "a.html").unlink()
    (spare / "a.html").write_bytes(b"tampered")  # a new inode in place of the old a1
    (spare / "b.html").unlink()
    (spare / "b.html").mkdir()  # a folder where a page goes
    _commit_spare(out, {}, ["a.html", "b.html"])
    assert _contents(out) == {"a.html": b"a2", "b.html": b"b1"}


def test_no_spare_is_kept_when_the_new_tree_rewrote_most_files(tmp_path: Path) -> None:
    out, spare = tmp_path / "public", tmp_path / ".public.spare"
    _commit_spare(out, {"a.html": b"a1", "b.html": b"b1"}, [])
    _commit_spare(out, {"a.html": b"a2", "b.html": b"b2"}, [])  # a clean build: nothing kept
    assert not spare.exists()
    _commit_spare(out, {"a.html": b"a3"}, ["b.html"])
    assert _contents(spare) == {"a.html": b"a2", "b.html": b"b2"}


def test_a_commit_that_rewrites_most_pages_stages_afresh_and_drops_the_spare(
    tmp_path: Path,
) -> None:
    out, spare = tmp_path / "public", tmp_path / ".public.spare"
    _commit_spare(out, {"a.html": b"a1", "b.html": b"b1", "c.html": b"c1"}, [])
    _commit_spare(out, {"a.html": b"a2"}, ["b.html", "c.html"])
    assert spare.is_dir()
    _commit_spare(out, {"a.html": b"a3", "b.html": b"b3"}, ["c.html"], expected=2)
    assert not spare.exists()  # not recycled (1 kept < 2 written), and too old to keep
    assert _contents(out) == {"a.html": b"a3", "b.html": b"b3", "c.html": b"c1"}
    assert not [p for p in tmp_path.iterdir() if ".stage-" in p.name]


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
