"""benchmarks/trees.py: source trees compared on one corpus, in an ABBA order, from a clean state.
Timings are recorded, never asserted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks import run, trees

SRC = Path(__file__).resolve().parent.parent / "src"


def test_the_order_goes_forth_and_back_and_each_cycle_starts_where_the_last_ended() -> None:
    assert trees.abba(2, 0) == [0, 1, 1, 0]
    assert trees.abba(2, 1) == [1, 0, 0, 1]
    assert trees.abba(3, 0) == [0, 1, 2, 2, 1, 0]
    assert trees.abba(3, 1) == [2, 1, 0, 0, 1, 2]
    # over two cycles, every tree runs as often in every position
    two = trees.abba(2, 0) + trees.abba(2, 1)
    assert [two[i::4].count(0) for i in range(4)] == [1, 1, 1, 1]


def test_a_fresh_site_has_no_output_and_no_caches_and_keeps_its_sources(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("public/a.html", ".jarida/cache.db", ".public.spare/b.html", "content/x.md"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x", encoding="utf-8")
    (site / "jarida.yaml").write_text("title: t\n", encoding="utf-8")

    trees.fresh(site, settle=0)

    assert sorted(p.name for p in site.iterdir()) == ["content", "jarida.yaml"]
    assert (site / "content" / "x.md").read_text(encoding="utf-8") == "x"


def test_two_trees_are_built_in_turn_with_the_same_templates(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "404.html").write_text(
        '{% extends "theme/404.html" %}{% block main %}<p>held-fixed</p>{% endblock %}',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    base = _jarida_only(out / "logs", jobs=2, steps=("noop",))

    report = trees.run(
        trees=[SRC, SRC], sizes=[12], cycles=1, out=out, base=base, templates=templates, settle=0
    )

    first, second = report["trees"]
    runs = report["sizes"][0]["measurements"]
    assert [m["step"] for m in runs[first]] == ["clean", "noop", "clean", "noop"]
    assert all(m["returncode"] == 0 and m["cpu_seconds"] > 0 for m in runs[second])
    clean, noop = report["sizes"][0]["rows"]
    assert clean["step"] == "clean" and noop["step"] == "noop"
    assert clean["trees"][first]["cpu_ratio"] == 1.0
    assert clean["trees"][second]["cpu_ratio"] > 0
    assert clean["trees"][first]["rendered"] > 12 and noop["trees"][second]["rendered"] == 0
    for tree in ("tree-1", "tree-2"):  # each tree its own copy, the templates put in it
        page = out / "sites" / "12" / tree / "public" / "404.html"
        assert "held-fixed" in page.read_text(encoding="utf-8")
    table = (out / "results.md").read_text(encoding="utf-8")
    assert "| 12 | clean |" in table and "÷ 1:" in table
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["finished"]


def test_two_trees_are_built_at_once_the_first_started_swapped_each_round(
    tmp_path: Path,
) -> None:
    _, sites = trees.site_copies(tmp_path, 12, 2, "side", None)
    assert [site.name for site in sites] == ["side-1", "side-2"]
    base = _jarida_only(tmp_path / "logs", jobs=1)
    base.logs.mkdir()

    report = trees.side_by_side(trees=[SRC, SRC], sites=sites, rounds=2, base=base, settle=0)

    first, second = report["rounds"]
    assert [first["second_tree_started"], second["second_tree_started"]] == ["second", "first"]
    for done in (first, second):
        assert done["returncodes"] == [0, 0] and min(done["cpu_s"]) > 0
        assert done["cpu_ratio"] == round(done["cpu_s"][1] / done["cpu_s"][0], 4)
    cpu = report["cpu_ratio"]
    assert cpu["started_second"] == first["cpu_ratio"]
    assert cpu["started_first"] == second["cpu_ratio"]
    expected = round((first["cpu_ratio"] * second["cpu_ratio"]) ** 0.5, 4)
    assert abs(cpu["both"] - expected) <= 1e-4
    for site in sites:  # each built, its sources kept
        assert (site / "public" / "index.html").is_file()
        assert len(list((site / "content").rglob("*.md"))) == 12


def _jarida_only(logs: Path, *, jobs: int, steps: tuple[str, ...] = ()) -> run.Setup:
    """This checkout's Jarida alone, its commands' logs in ``logs``."""
    return run.Setup(
        jarida_python=sys.executable,
        jarida_src=SRC,
        jobs=jobs,
        hugo=None,
        pelican=None,
        competitor_rebuilds=False,
        logs=logs,
        jarida_steps=steps or run.JARIDA_STEPS,
    )
