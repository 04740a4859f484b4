"""What a change costs: Jarida source trees built in turn on the same corpus, in an ABBA order.

    python benchmarks/trees.py --trees /tmp/before/src src --sizes 1000 10000 --cycles 2 \\
        --steps noop edit new [--templates DIR] --out /tmp/jarida-trees

Each tree gets its own copy of the corpus of ``benchmarks/corpus.py`` and runs the steps of
``benchmarks/run.py`` on it (a clean build, then ``--steps``), each command measured the same way
(wall time, CPU seconds of every process, memory). Two things keep the comparison fair on a
shared machine:

- **The order.** Trees A and B run A B B A in one cycle and B A A B in the next, so that a
  drift of the machine's speed falls on both alike.
- **The disk.** A clean build writes its whole output (~150 MB at 2,000 articles); the kernel
  writes it back to disk during the next command, which pays for it. Before each tree's clean
  build, its site's output and caches are deleted and the file system is synced (``os.sync``),
  then the machine is left alone for ``--settle`` seconds. Without this, the tree that always
  runs second is charged for the first one's output: at 2,000 articles (session 28) the same
  two trees measured 1.15× in turn and 1.03× in an ABBA order with a sync.

``--templates DIR`` copies a templates folder into every site (``templates/`` overrides the
built-in theme): the engines compared with the same pages to render, when the trees' themes
differ (issue 16's before and after: the news theme came later).

The results go to ``OUT/results.json`` and ``OUT/results.md``: per size and step, each tree's
median wall and CPU seconds, and the ratio of those medians to the first tree's.

``--side-by-side ROUNDS`` measures clean builds of two trees another way: both at once, each on
its copy, so that whatever the machine does meanwhile falls on both (this machine's speed drifts
by a third within minutes; in turn, ten builds a tree could not tell 4 % apart). The tree started
first is not charged the same as the other (up to ~10 % at 2,000 articles), so the trees swap
places every round; the result is the geometric mean of the second tree's CPU and wall ratios
to the first's, per place and over both (``OUT/side-by-side.json``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import (
    JARIDA_STEPS,
    Corpus,
    Measurement,
    Setup,
    _jarida_command,
    _jarida_env,
    measure,
    prepare,
    run_jarida,
)


def abba(trees: int, cycle: int) -> list[int]:
    """The order of the trees (by index) in one cycle: forth and back, reversed every other
    cycle (two trees: A B B A, then B A A B)."""
    forth = list(range(trees))
    if cycle % 2:
        forth.reverse()
    return [*forth, *reversed(forth)]


def fresh(site: Path, settle: float) -> None:
    """The site as a clean checkout has it (no output, no caches), its deletion written to
    disk, and the machine left alone for ``settle`` seconds."""
    for path in site.iterdir():
        if path.name in ("public", ".jarida") or path.name.startswith(".public."):
            subprocess.run(["rm", "-rf", str(path)], check=True)
    os.sync()
    time.sleep(settle)


def summarise(names: Sequence[str], runs: Mapping[str, list[Measurement]]) -> list[dict[str, Any]]:
    """Per step (in the order run): each tree's median wall and CPU seconds, and their ratio to
    the first tree's medians."""
    rows: list[dict[str, Any]] = []
    steps = list(dict.fromkeys(m.step for m in runs[names[0]]))
    for step in steps:
        row: dict[str, Any] = {"step": step, "trees": {}}
        for name in names:
            done = [m for m in runs[name] if m.step == step and m.returncode == 0]
            if not done:
                continue
            row["trees"][name] = {
                "runs": len(done),
                "wall_s": round(statistics.median(m.seconds for m in done), 3),
                "cpu_s": round(statistics.median(m.cpu_seconds or 0.0 for m in done), 3),
                "max_rss_mib": max(m.max_rss_mib for m in done),
                "rendered": done[-1].rendered,
            }
        base = row["trees"].get(names[0])
        for values in row["trees"].values():
            values["wall_ratio"] = _ratio(values["wall_s"], base and base["wall_s"])
            values["cpu_ratio"] = _ratio(values["cpu_s"], base and base["cpu_s"])
        rows.append(row)
    return rows


def _ratio(value: float, base: float | None) -> float | None:
    return round(value / base, 3) if base else None


def markdown_table(report: Mapping[str, Any]) -> str:
    names = report["trees"]
    head = " | ".join(f"{n}: wall s (CPU s)" for n in names)
    ratios = " | ".join(f"÷ {names[0]}: wall (CPU)" for _ in names[1:])
    lines = [f"| articles | step | {head} | {ratios} |"]
    lines.append("| ---: | --- |" + " ---: |" * (2 * len(names) - 1))
    for size in report["sizes"]:
        for row in size["rows"]:
            trees = row["trees"]
            cells = [
                f"{trees[n]['wall_s']:.2f} ({trees[n]['cpu_s']:.2f})" if n in trees else "–"
                for n in names
            ]
            cells += [
                f"{trees[n]['wall_ratio']:.3f}× ({trees[n]['cpu_ratio']:.3f}×)"
                if n in trees and trees[n]["cpu_ratio"] is not None
                else "–"
                for n in names[1:]
            ]
            lines.append(f"| {size['articles']:,} | {row['step']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def site_copies(
    out: Path, size: int, count: int, prefix: str, templates: Path | None
) -> tuple[Corpus, list[Path]]:
    """The corpus of ``size`` articles under ``out``, and ``count`` copies of its site
    (``PREFIX-1``...), each with ``templates`` put in it when given."""
    corpus = Corpus(name=str(size), articles=size, root=out / "sites" / str(size))
    prepare(corpus, ["jarida"], 20, None)
    sites = []
    for i in range(count):
        site = corpus.root / f"{prefix}-{i + 1}"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(corpus.sites["jarida"], site, symlinks=True)
        if templates is not None:
            shutil.copytree(templates, site / "templates", dirs_exist_ok=True)
        sites.append(site)
    return corpus, sites


def run(
    *,
    trees: Sequence[Path],
    sizes: Sequence[int],
    cycles: int,
    out: Path,
    base: Setup,
    templates: Path | None = None,
    settle: float = 2.0,
) -> dict[str, Any]:
    names = [f"{i + 1}:{t}" for i, t in enumerate(trees)]
    report: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": sys.argv,
        "trees": names,
        "templates": str(templates) if templates else None,
        "jobs": base.jobs,
        "sizes": [],
    }
    out.mkdir(parents=True, exist_ok=True)
    base.logs.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        corpus, sites = site_copies(out, size, len(names), "tree", templates)
        copies = [replace(corpus, sites={"jarida": site}) for site in sites]
        runs: dict[str, list[Measurement]] = {name: [] for name in names}
        for cycle in range(cycles):
            for index in abba(len(trees), cycle):
                fresh(copies[index].sites["jarida"], settle)
                setup = replace(base, jarida_src=trees[index])
                print(f"{size:,} articles, cycle {cycle + 1}: tree {names[index]}", flush=True)
                runs[names[index]] += run_jarida(setup, copies[index], cycle + 1)
        report["sizes"].append(
            {
                "articles": size,
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
                "measurements": {n: [asdict(m) for m in ms] for n, ms in runs.items()},
                "rows": summarise(names, runs),
            }
        )
        (out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        (out / "results.md").write_text(markdown_table(report), encoding="utf-8")
    report["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    (out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


def side_by_side(
    *, trees: Sequence[Path], sites: Sequence[Path], rounds: int, base: Setup, settle: float = 2.0
) -> dict[str, Any]:
    """Clean builds of two trees at once, each on its own copy of a site, ``rounds`` times, the
    tree started first swapped every round: each round's CPU and wall ratio of the second tree
    to the first, and their geometric means per place and over both places."""
    ratios: list[dict[str, Any]] = []
    for round_ in range(rounds):
        order = [0, 1] if round_ % 2 == 0 else [1, 0]
        found: dict[int, Measurement] = {}
        for site in sites:
            fresh(site, 0)
        time.sleep(settle)
        threads = [
            threading.Thread(
                target=_clean_build,
                args=(found, i, replace(base, jarida_src=trees[i]), sites[n], round_ + 1),
            )
            for n, i in enumerate(order)
        ]
        for thread in threads:
            thread.start()
            time.sleep(0.05)  # the first in order starts first
        for thread in threads:
            thread.join()
        first, second = found[0], found[1]
        ratios.append(
            {
                "round": round_ + 1,
                "second_tree_started": "first" if order[0] == 1 else "second",
                "cpu_s": [first.cpu_seconds, second.cpu_seconds],
                "wall_s": [first.seconds, second.seconds],
                "returncodes": [first.returncode, second.returncode],
                "cpu_ratio": round((second.cpu_seconds or 0.0) / (first.cpu_seconds or 1.0), 4),
                "wall_ratio": round(second.seconds / first.seconds, 4),
            }
        )
        print(f"round {round_ + 1}: {ratios[-1]}", flush=True)
    return {"trees": [str(t) for t in trees], "rounds": ratios, **_means(ratios)}


def _clean_build(
    found: dict[int, Measurement], index: int, setup: Setup, site: Path, round_: int
) -> None:
    """Tree ``index``'s clean build of ``site``, measured into ``found``."""
    log = setup.logs / f"side-{round_}-tree-{index + 1}"
    command = _jarida_command(setup, site, clean=True)
    found[index], _ = measure("jarida", "clean", round_, command, env=_jarida_env(setup), log=log)


def _means(ratios: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for what in ("cpu_ratio", "wall_ratio"):
        places = [
            _geometric([r[what] for r in ratios if r["second_tree_started"] == place])
            for place in ("first", "second")
        ]
        first, second = places
        both = round(math.sqrt(first * second), 4) if first and second else None
        found[what] = {"started_first": places[0], "started_second": places[1], "both": both}
    return found


def _geometric(values: Sequence[float]) -> float | None:
    if not values:
        return None
    return round(math.exp(statistics.fmean(math.log(v) for v in values)), 4)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=Path, nargs="+", required=True, help="src/ folders")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--cycles", type=int, default=2, help="ABBA cycles (each tree twice)")
    parser.add_argument("--steps", nargs="*", choices=JARIDA_STEPS, default=["noop", "edit", "new"])
    parser.add_argument("--templates", type=Path, help="a templates/ folder put in every site")
    parser.add_argument("--jarida-python", default=sys.executable)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--settle", type=float, default=2.0, help="seconds after each sync")
    parser.add_argument("--out", type=Path, default=Path("/tmp/jarida-trees"))
    parser.add_argument(
        "--side-by-side", type=int, metavar="ROUNDS", help="two trees' clean builds at once"
    )
    args = parser.parse_args(argv)
    base = Setup(
        jarida_python=args.jarida_python,
        jarida_src=args.trees[0],
        jobs=args.jobs,
        hugo=None,
        pelican=None,
        competitor_rebuilds=False,
        logs=args.out / "logs",
        jarida_steps=tuple(args.steps),
    )
    if args.side_by_side:
        return _side_by_side_main(args, base)
    report = run(
        trees=args.trees,
        sizes=args.sizes,
        cycles=args.cycles,
        out=args.out,
        base=base,
        templates=args.templates,
        settle=args.settle,
    )
    print()
    print(markdown_table(report))
    failed = [
        m
        for size in report["sizes"]
        for ms in size["measurements"].values()
        for m in ms
        if m["returncode"] != 0
    ]
    return 1 if failed else 0


def _side_by_side_main(args: argparse.Namespace, base: Setup) -> int:
    if len(args.trees) != 2 or len(args.sizes) != 1:
        raise SystemExit("--side-by-side takes two --trees and one --sizes")
    _, sites = site_copies(args.out, args.sizes[0], 2, "side", args.templates)
    base.logs.mkdir(parents=True, exist_ok=True)
    report = side_by_side(
        trees=args.trees, sites=sites, rounds=args.side_by_side, base=base, settle=args.settle
    )
    (args.out / "side-by-side.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("cpu_ratio", "wall_ratio")}, indent=2))
    return 1 if any(c != 0 for r in report["rounds"] for c in r["returncodes"]) else 0


if __name__ == "__main__":
    sys.exit(main())
