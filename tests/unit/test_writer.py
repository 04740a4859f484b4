"""The atomic commit: a step on the staged tree before the swap, and whole folders kept as links."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarida.pages import Output
from jarida.writer import commit


def _names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


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
