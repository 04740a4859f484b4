"""Jarida's clean build on the process pool against Dask, in the same run (issue 22, docs/scale.md):

    python benchmarks/scale.py --articles 10000 --jobs 2 --out /tmp/jarida-scale

For each size, the synthetic corpus of ``benchmarks/corpus.py`` is written once; then, in turn,
``jarida build --clean`` with each executor (``--executors``):

- ``local``: the process pool of ``--jobs`` processes (today's default);
- ``dask``: ``--executor dask``, a local cluster of ``--jobs`` workers started by the build
  (a ``dask scheduler`` and a ``dask worker`` command, children of the main process: its
  start is in the build's time);
- ``tcp``: a ``dask scheduler`` and ``--jobs`` ``dask worker`` processes on 127.0.0.1, started
  before the build (not timed, as an existing cluster), the site given as ``build.shared_path``.

Each run's wall time (the whole ``jarida`` process), the peak resident set size of every
process (the main ``jarida`` process, each pool or Dask worker, the scheduler) and its CPU
seconds (user + system: what does not shrink with more workers is the main process's),
sampled every 100 ms with psutil, go to ``OUT/scale.json`` and a table on stdout. Peaks between
samples are missed; pages shared after ``fork`` are counted in each process. What all the
processes hold together is the largest sum of their proportional set sizes in one sample
(``tree_pss_mib``: a page shared by n processes counts 1/n in each; read less often the larger
the processes, as it is costly: ``benchmarks.run.Pace``), beside the largest sum of their RSS
(``tree_rss_mib``, an upper bound).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from benchmarks.run import Pace

SAMPLE_SECONDS = 0.1
MIB = 1 << 20


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_cluster(workers: int, logs: Path) -> tuple[str, dict[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    started: dict[str, subprocess.Popen[bytes]] = {}

    def start(role: str, *args: str) -> None:
        log = (logs / f"{role}.log").open("wb")
        started[role] = subprocess.Popen([*dask, *args], stdout=log, stderr=subprocess.STDOUT)

    start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
    for n in range(workers):
        start(f"worker-{n}", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
              "--no-dashboard", "--no-nanny", "--name", f"w{n}")  # fmt: skip
    from distributed import Client

    with Client(address, timeout=120) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, started


def _measure(command: list[str], others: dict[str, subprocess.Popen[bytes]]) -> dict[str, Any]:
    """Run ``command``; its wall time and the peak RSS (MiB) of it, its descendants, ``others``."""
    started = time.perf_counter()
    main = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peaks: dict[str, float] = {}
    cpu: dict[str, float] = {}
    tree = {"tree_rss_mib": 0.0, "tree_pss_mib": 0.0}
    watched = {role: psutil.Process(p.pid) for role, p in others.items()}
    root = psutil.Process(main.pid)
    pace = Pace()  # the PSS is costly to read: less often the larger the processes
    while main.poll() is None:
        sampled, full = time.perf_counter(), pace.now()
        found = {"main": root}
        try:
            for n, child in enumerate(sorted(root.children(recursive=True), key=lambda c: c.pid)):
                found[f"child-{n}"] = child
        except psutil.Error:
            pass
        rss_sum = pss_sum = 0.0
        for role, process in (*found.items(), *watched.items()):
            try:
                memory = process.memory_full_info() if full else process.memory_info()
                times = process.cpu_times()
            except psutil.Error:
                continue
            rss = memory.rss / MIB
            rss_sum, pss_sum = rss_sum + rss, pss_sum + (memory.pss / MIB if full else 0.0)
            peaks[role] = max(peaks.get(role, 0.0), rss)
            cpu[role] = max(cpu.get(role, 0.0), times.user + times.system)
        if full:
            pace.took(sampled)
        tree["tree_rss_mib"] = max(tree["tree_rss_mib"], rss_sum)
        tree["tree_pss_mib"] = max(tree["tree_pss_mib"], pss_sum)
        time.sleep(SAMPLE_SECONDS)
    output = main.stdout.read().decode() if main.stdout else ""
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 1),
        "returncode": main.returncode,
        "peak_rss_mib": {k: round(v) for k, v in sorted(peaks.items())},
        **{k: round(v) for k, v in tree.items()},
        "cpu_seconds": {k: round(v, 1) for k, v in sorted(cpu.items())},
        "output": output.strip().splitlines()[-3:],
    }


def run(sizes: list[int], executors: list[str], jobs: int, out: Path) -> list[dict[str, Any]]:
    results = []
    for size in sizes:
        site = out / f"site-{size}"
        if not (site / "content").is_dir():
            write_corpus(site, size)
        config = (site / "jarida.yaml").read_text(encoding="utf-8").split("build:")[0]
        for executor in executors:
            shutil.rmtree(site / "public", ignore_errors=True)
            shutil.rmtree(site / ".jarida", ignore_errors=True)
            cluster: dict[str, subprocess.Popen[bytes]] = {}
            name = executor
            if executor == "tcp":
                name, cluster = _start_cluster(jobs, out)
                extra = f"build:\n  executor: {name}\n  shared_path: {site.resolve()}\n"
                (site / "jarida.yaml").write_text(config + extra, encoding="utf-8")
            command = [sys.executable, "-m", "jarida", "build", str(site), "--clean", "--future"]
            command += ["--jobs", str(jobs), "--executor", name]
            try:
                found = _measure(command, cluster)
            finally:
                for process in cluster.values():
                    process.kill()
                    process.wait()
                (site / "jarida.yaml").write_text(config, encoding="utf-8")
            found |= {"articles": size, "executor": executor, "jobs": jobs}
            print(json.dumps(found, ensure_ascii=False), flush=True)
            results.append(found)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000])
    parser.add_argument("--executors", nargs="+", default=["local", "dask", "tcp"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/jarida-scale"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = run(args.articles, args.executors, args.jobs, args.out)
    (args.out / "scale.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    for r in results:
        peaks = ", ".join(f"{k} {v}" for k, v in r["peak_rss_mib"].items())
        cpu = ", ".join(f"{k} {v}" for k, v in r["cpu_seconds"].items())
        print(f"{r['articles']:>7} {r['executor']:>5}: {r['seconds']:>7} s  peak MiB: {peaks}")
        at_once = f"{r['tree_rss_mib']} MiB RSS, {r['tree_pss_mib']} PSS"
        print(f"{'':>15}all processes at once: {at_once}")
        print(f"{'':>15}CPU s: {cpu}")
    return 1 if any(r["returncode"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
