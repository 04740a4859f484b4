"""The render stage alone, tree against tree: every page of a site rendered serially in one
process, the way a worker of the pool renders its share (one memo of reads and one cache of
partials for the whole site), by each source tree in turn:

    python benchmarks/render.py SITE --trees src /tmp/before/src --passes 3 --rounds 2

A clean build's time is mostly rendering (docs/performance.md), and on a shared 2-core machine
its wall time moves by ±20 % between runs; one process rendering with nothing else of the build
around it moves by ~5 %. Each round runs every tree once, in turn, in its own process
(``PYTHONPATH`` set to the tree); each process loads the site (its parse cache is read, never
written), then renders every page ``--passes`` times and reports the CPU seconds of each pass.
The table gives each tree's fastest pass and its ratio to the first tree's, and says whether
the trees rendered the same bytes. A tree must have the stage functions this script calls
(``jarida.build.plan_outputs`` and its neighbours, as since December 2026).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def shown_bodies(store: Any) -> Any:
    """The body store as the tree's render stage reads it (kept recent bodies since
    ``jarida.bodies.RecentBodies``)."""
    from jarida import bodies

    recent = getattr(bodies, "RecentBodies", None)
    return store if recent is None else recent(store)


def new_memo() -> Any:
    """A memo of reads for ``render_job``, as the tree on ``sys.path`` has it (a plain dict
    before ``jarida.reads.ReadMemo``)."""
    from jarida import reads

    made = getattr(reads, "ReadMemo", dict)
    return made()


def render_passes(root: Path, passes: int) -> dict[str, Any]:
    """Load the site at ``root`` and render every page ``passes`` times in this process."""
    from jarida.build import plan_outputs
    from jarida.config import load_config
    from jarida.content.loader import load_sources
    from jarida.model import Selection, clock_now
    from jarida.outputs import render_job
    from jarida.outputs.partials import Partials
    from jarida.parse import parse_sources
    from jarida.pictures import publish_images
    from jarida.related.store import computed_related
    from jarida.render import edition_environments
    from jarida.site import assemble, relate
    from jarida.sitecheck import read_only_cache

    config = load_config(root)
    cache = read_only_cache(config)
    parsed = parse_sources(config, load_sources(config.root, cache.seen), cache, jobs=1)
    selection = Selection(now=clock_now())
    site, found = assemble(config, parsed.parsed, selection, parsed.bundles, sources=parsed.sources)
    bags = getattr(parsed, "bags", parsed.parsed)  # trees before session 26: in the parses
    site, _ = relate(site, bags, computed_related(1))
    pictures = publish_images(site, workers=1, writable=False)
    planned = plan_outputs(pictures.site, parsed, found, bodies=cache, images=pictures)
    gc.freeze()  # as the build does once the site is made
    seconds, digest = [], hashlib.sha256()
    for number in range(passes):
        environments = edition_environments(planned.site, planned.assets)
        memo = new_memo()
        partials = Partials()
        shown = shown_bodies(cache)
        started = time.process_time()
        for job in planned.jobs:
            env = environments(job.edition)
            output = render_job(env, planned.site, job, memo, bodies=shown, partials=partials)
            if number == 0:
                digest.update(f"{output.path}\n{len(output.data)}\n".encode())
                digest.update(output.data)
        seconds.append(time.process_time() - started)
    return {"pages": len(planned.jobs), "sha256": digest.hexdigest(), "cpu_seconds": seconds}


def run(site: Path, trees: list[Path], passes: int, rounds: int) -> dict[str, Any]:
    """Each tree's passes, round after round, each in a process of its own."""
    found: list[list[dict[str, Any]]] = [[] for _ in trees]
    for _ in range(rounds):
        for runs, tree in zip(found, trees, strict=True):
            env = {**os.environ, "PYTHONPATH": str(tree.resolve())}
            command = [sys.executable, __file__, str(site), "--passes", str(passes), "--child"]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise SystemExit(f"{tree}: the render failed:\n{done.stderr[-4000:]}")
            runs.append(json.loads(done.stdout.splitlines()[-1]))
    return summarize(trees, found)


def summarize(trees: list[Path], found: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """Each tree's fastest pass and its ratio to the first tree's; whether all gave one set of
    bytes."""
    bests = [min(s for r in runs for s in r["cpu_seconds"]) for runs in found]
    rows = [
        {
            "tree": str(tree),
            "pages": runs[0]["pages"],
            "best_cpu_seconds": best,
            "ratio": best / bests[0],
            "sha256": sorted({r["sha256"] for r in runs}),
            "runs": runs,
        }
        for tree, runs, best in zip(trees, found, bests, strict=True)
    ]
    return {"trees": rows, "same_bytes": len({d for row in rows for d in row["sha256"]}) == 1}


def table(report: dict[str, Any]) -> str:
    lines = [
        "| tree | pages | fastest pass, CPU s | ÷ first tree | passes, CPU s |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for row in report["trees"]:
        passes = " / ".join(f"{s:.2f}" for r in row["runs"] for s in r["cpu_seconds"])
        lines.append(
            f"| {row['tree']} | {row['pages']} | {row['best_cpu_seconds']:.2f} | "
            f"{row['ratio']:.3f}× | {passes} |"
        )
    lines.append("same bytes: " + ("yes" if report["same_bytes"] else "NO"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--trees", type=Path, nargs="+", default=[Path("src")])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(render_passes(args.site.resolve(), args.passes)))
        return
    report = run(args.site, args.trees, args.passes, args.rounds)
    print(table(report))


if __name__ == "__main__":
    main()
