"""The benchmark runner works end to end on a tiny corpus. Timings are recorded, never asserted."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from benchmarks import run
from benchmarks.corpus import new_article, write_corpus

from tests.conftest import ended_within

SIZE = 50


def _setup(tmp_path: Path, *, hugo: str | None = None, pelican: str | None = None) -> run.Setup:
    return run.Setup(
        jarida_python=sys.executable,
        jarida_src=Path(__file__).resolve().parent.parent / "src",
        jobs=2,
        hugo=hugo,
        pelican=pelican,
        competitor_rebuilds=True,
        logs=tmp_path / "logs",
    )


def _front(text: str) -> dict[str, object]:
    _, front, _ = text.split("---\n", 2)
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data


def test_conversions_keep_the_articles_front_matter(tmp_path: Path) -> None:
    write_corpus(tmp_path / "site", 5)
    source = sorted((tmp_path / "site" / "content").rglob("*.md"))[0]
    text = source.read_text(encoding="utf-8")
    front = _front(text)
    body = text.split("---\n", 2)[2]

    hugo = _front(run._hugo_article(text))
    assert hugo["title"] == front["title"]
    assert hugo["tags"] == front["tags"]
    assert hugo["categories"] == [front["category"]]
    assert hugo["authors"] == [front["author"]]
    assert run._hugo_article(text).endswith(body)

    pelican = run._pelican_article(text)
    header, _, rest = pelican.partition("\n\n")
    lines = dict(line.split(": ", 1) for line in header.splitlines())
    assert lines["Title"] == front["title"]
    assert lines["Tags"] == ", ".join(front["tags"])  # type: ignore[arg-type]
    assert lines["Category"] == front["category"]
    assert rest == body.lstrip("\n")


def test_jarida_runs_with_its_tree_and_writes_bytecode_as_a_users_python_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    setup = _setup(tmp_path)
    env = run._jarida_env(setup)
    assert env["PYTHONPATH"] == str(setup.jarida_src.resolve())
    assert "PYTHONDONTWRITEBYTECODE" not in env


def test_new_article_is_the_newest_and_deterministic(tmp_path: Path) -> None:
    write_corpus(tmp_path / "site", 30)
    path, text = new_article(30)
    assert new_article(30) == (path, text)
    newest = max(
        str(_front(p.read_text(encoding="utf-8"))["date"])
        for p in (tmp_path / "site" / "content").rglob("*.md")
    )
    assert str(_front(text)["date"]) > newest


def test_runner_measures_jarida_builds(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    report = run.run(sizes=[SIZE], tools=["jarida"], repeat=1, out=out, setup=_setup(out))

    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert saved["corpora"][0]["articles"] == SIZE
    summary = report["corpora"][0]["summary"]
    assert set(summary) == {
        "jarida clean",
        "jarida noop",
        "jarida touch",
        "jarida edit",
        "jarida new",
        "jarida edit-warm",  # the states of the output folder (issue 19)
        "jarida edit-stale",
        "jarida edit-nospare",
        "jarida edit-deleted",
    }
    for m in report["corpora"][0]["measurements"]:
        assert m["returncode"] == 0
        assert m["seconds"] > 0
        assert m["max_rss_mib"] > 0
        assert m["cpu_seconds"] > 0  # the whole tree's, from wait4
        if run.psutil is not None:  # what the tree held at once: a shared page counted once
            assert 0 < m["tree_pss_mib"] <= m["tree_rss_mib"]
    clean = summary["jarida clean"]["rendered"]
    assert clean > SIZE
    assert summary["jarida noop"]["rendered"] == 0
    assert summary["jarida touch"]["rendered"] == 0
    assert 0 < summary["jarida edit"]["rendered"] < clean
    assert summary["jarida new"]["rendered"] > 0
    # the output deleted too: its unchanged pages come back from .jarida/ (jarida.pagestore)
    for state in ("edit-warm", "edit-stale", "edit-nospare", "edit-deleted"):
        assert 0 < summary[f"jarida {state}"]["rendered"] < clean
    assert "| jarida clean |" in (out / "results.md").read_text(encoding="utf-8")
    # The edits were undone: the corpus is as generated.
    fresh = tmp_path / "fresh"
    write_corpus(fresh, SIZE)
    site = out / "sites" / str(SIZE) / "jarida"
    assert sorted(p.relative_to(site) for p in (site / "content").rglob("*.md")) == sorted(
        p.relative_to(fresh) for p in (fresh / "content").rglob("*.md")
    )
    edited = site / report["corpora"][0]["edited"]
    assert edited.read_bytes() == (fresh / report["corpora"][0]["edited"]).read_bytes()


HUGO = run.find_hugo(None)
PELICAN = run.find_pelican(None)


@pytest.mark.parametrize(
    ("tool", "command"),
    [
        pytest.param(
            "hugo", HUGO, marks=pytest.mark.skipif(HUGO is None, reason="hugo is not installed")
        ),
        pytest.param(
            "pelican",
            PELICAN,
            marks=pytest.mark.skipif(PELICAN is None, reason="pelican is not installed"),
        ),
    ],
)
def test_runner_builds_the_same_corpus_with_competitors(
    tmp_path: Path, tool: str, command: str
) -> None:
    out = tmp_path / "bench"
    setup = _setup(out, **{tool: command})
    report = run.run(sizes=[SIZE], tools=[tool], repeat=1, out=out, setup=setup)
    corpus = report["corpora"][0]
    assert {m["step"] for m in corpus["measurements"]} == {"clean", "edit"}
    assert all(m["returncode"] == 0 for m in corpus["measurements"])
    assert corpus["outputs"][tool]["html"] > SIZE


def test_the_executor_reaches_jarida_and_the_scale_runner_measures_each_process(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    pytest.importorskip("psutil")  # installed with Dask (the test extra)
    from benchmarks import scale

    setup = replace(_setup(tmp_path), executor="tcp://127.0.0.1:8786")
    command = run._jarida_command(setup, tmp_path / "site", clean=True)
    assert command[command.index("--executor") + 1] == "tcp://127.0.0.1:8786"
    local = run._jarida_command(_setup(tmp_path), tmp_path / "site", clean=True)
    assert "--executor" not in local  # the default: trees from before the option run too
    (site := tmp_path / "site-20").mkdir()
    write_corpus(site, 20)  # written before, so that the run below is the build alone
    began = time.perf_counter()
    (found,) = scale.run([20], ["local"], 2, tmp_path)
    took = time.perf_counter() - began
    assert found["returncode"] == 0, found["output"]
    assert found["peak_rss_mib"]["main"] > 0
    assert 0 < found["tree_pss_mib"] <= found["tree_rss_mib"]
    # The whole build's time (it was once the last sample's: ~0.1 s).
    assert took / 2 < found["seconds"] <= took


def test_the_trees_memory_counts_a_page_shared_after_fork_once_in_its_pss() -> None:
    import signal

    pytest.importorskip("psutil")
    size = 96 << 20
    shared = bytearray(b"x") * size  # written: resident, then shared by the children below
    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # the child holds the pages without writing them, until it is killed
            signal.pause()
            os._exit(0)
        children.append(pid)
    try:
        rss, pss = run.tree_memory(os.getpid())
    finally:
        for pid in children:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    assert len(shared) == size
    assert rss >= 3 * size  # each of the three processes shows the buffer in its RSS
    assert pss < rss - 1.5 * size  # ... and all three together hold it once


def test_a_competitor_that_skips_the_articles_is_not_measured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pelican without Python-Markdown ignores every .md file and "builds" in no time.
    monkeypatch.chdir(tmp_path)  # the runner also asks the fake for its version, from here
    fake = tmp_path / "pelican"
    fake.write_text("#!/bin/sh\nmkdir -p public && echo x > public/index.html\n", encoding="utf-8")
    fake.chmod(0o755)
    out = tmp_path / "bench"
    setup = _setup(out, pelican=str(fake))
    with pytest.raises(SystemExit, match=r"pelican wrote 1 pages for 50 articles"):
        run.run(sizes=[SIZE], tools=["pelican"], repeat=1, out=out, setup=setup)


def test_the_render_benchmark_compares_trees_on_the_same_site(tmp_path: Path) -> None:
    from benchmarks import render

    write_corpus(tmp_path / "site", 20)
    src = Path(render.__file__).resolve().parent.parent / "src"
    report = render.run(tmp_path / "site", [src, src], passes=2, rounds=1)
    first, second = report["trees"]
    assert first["pages"] == second["pages"] > 20
    assert len(first["runs"][0]["cpu_seconds"]) == 2
    assert first["ratio"] == 1.0 and second["ratio"] > 0
    assert report["same_bytes"]  # one tree, the same bytes each time
    assert "same bytes: yes" in render.table(report)
    assert not (tmp_path / "site" / "public").exists()  # nothing written


def test_a_competitor_past_its_timeout_is_stopped_and_reported_as_a_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hugo at 100,000 articles would run for hours: stopped, its time is a lower bound.
    monkeypatch.chdir(tmp_path)
    fake = tmp_path / "hugo"
    child = tmp_path / "child.pid"
    fake.write_text(
        f'#!/bin/sh\nsleep 60 &\necho $! > "{child}"\nwait\n', encoding="utf-8"
    )  # a child of its own too: the whole group goes
    fake.chmod(0o755)
    out = tmp_path / "bench"
    setup = replace(_setup(out, hugo=str(fake)), competitor_timeout=1.0)
    report = run.run(sizes=[SIZE], tools=["jarida", "hugo"], repeat=1, out=out, setup=setup)
    corpus = report["corpora"][0]
    hugo = [m for m in corpus["measurements"] if m["tool"] == "hugo"]
    assert [(m["step"], m["timed_out"]) for m in hugo] == [("clean", True)]  # no rebuild either
    assert 1.0 <= hugo[0]["seconds"] < 30
    pid = int(child.read_text(encoding="utf-8"))
    assert ended_within([pid], 10)  # SIGKILL is delivered later, not waited for
    summary = corpus["summary"]
    assert summary["hugo clean"]["timed_out"] and summary["jarida clean"]["hugo_timed_out"]
    assert not summary["jarida clean"]["timed_out"]
    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| hugo clean | 1 | > " in table
    jarida_row = next(line for line in table.splitlines() if "| jarida clean |" in line)
    assert "| < " in jarida_row  # Jarida's time over a lower bound of Hugo's: an upper bound
    saved = out / "results.json"
    assert "> " in run.report_table([saved])  # the bound survives a table made again


@pytest.mark.skipif(
    importlib.util.find_spec("pyinstrument") is None, reason="pyinstrument is not installed"
)
def test_profiles_cover_every_step_the_targets_name_and_leave_the_corpus_as_it_was(
    tmp_path: Path,
) -> None:
    out = tmp_path / "bench"
    setup = replace(_setup(out), jarida_steps=("noop",))
    report = run.run(sizes=[SIZE], tools=["jarida"], repeat=1, out=out, setup=setup, profile=True)
    profiles = report["corpora"][0]["profiles"]
    assert list(profiles) == ["clean", "edit", "new", *run.EDIT_STATES]
    for path in profiles.values():
        assert "build" in Path(path).read_text(encoding="utf-8")  # pyinstrument's call tree
    site = out / "sites" / str(SIZE) / "jarida"
    assert len(list((site / "content").rglob("*.md"))) == SIZE  # the new article went again


def test_the_costly_pss_is_read_less_often_the_longer_it_takes() -> None:
    pace = run.Pace()
    assert pace.now()  # the first sample reads it
    started = time.perf_counter()
    pace.took(started)  # cheap: due again in PSS_SECONDS, a sample's period
    assert pace.due == pytest.approx(started + run.PSS_SECONDS, abs=0.01)
    started = time.perf_counter() - 0.1  # a read that took 0.1 s: due after PSS_SHARE times that
    pace.took(started)
    assert pace.due == pytest.approx(started + run.PSS_SHARE * 0.1, abs=0.05)
    assert run.tree_memory(os.getpid(), pss=False)[1] == 0  # the RSS alone: no PSS read
