"""Related-article quality on real Arabic news: Jarida against two baselines, in one run.

The corpus is ``../shared/data/ant-jawhara.tar.gz`` (10,114 Jawhara FM articles, see its README);
it is unpacked into a temporary folder and never copied into the repository. Each article's
category is the label: precision@5 is the share of related slots (5 per article, an empty slot
counts as a miss) filled by an article of the same category, coverage the share of articles with
a full list of 5. Categories are removed from the front matter (``category``, ``category_ar``,
``categories``) for the main run; a second run keeps them, which only Jarida uses.

Methods, each in its own process so that its peak RSS is its own (reading the corpus included):

- ``jarida``: Jarida's related lists with the default ``related:`` config (``load_site``: parse
  the Markdown, then assemble and relate; "seconds" is those two stages, the related lists most).
- ``hugo-like``: Hugo's default related config: shared keywords (the tags) 100 points, same year
  10 points, older articles only, ties newest first. Hugo's default ``threshold: 80`` would drop
  every date-only match and leave almost every list empty, so no threshold is applied.
- ``tfidf``: plain TF-IDF cosine over whitespace tokens of title, description and body (raw tf,
  smooth idf, no normalization of the Arabic).

Usage: ``python benchmarks/related_quality.py [--limit N] [--json FILE] [--corpus PATH]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import yaml
from scipy import sparse

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "data" / "ant-jawhara.tar.gz"
HIDDEN_KEYS = ("category:", "category_ar:", "categories:")
COUNT = 5
NOW = datetime(2100, 1, 1, tzinfo=UTC)

Lists = dict[str, list[str]]
Timed = tuple[Lists, tuple[float, float]]


def _clock() -> tuple[float, float]:
    """Wall and CPU seconds: CPU time says more than wall time on a busy machine."""
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


# ---- the corpus -------------------------------------------------------------------------------


def _front_matter(text: str) -> tuple[dict[str, object], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _without_categories(text: str) -> str:
    _, front, body = text.split("---\n", 2)
    kept = [line for line in front.splitlines(True) if not line.startswith(HIDDEN_KEYS)]
    return "---\n" + "".join(kept) + "---\n" + body


def unpack(corpus: Path, work: Path, limit: int | None) -> dict[str, str]:
    """Write the sites ``work/hidden`` and ``work/visible``; return the category of each file."""
    labels: dict[str, str] = {}
    with tarfile.open(corpus) as tar:
        members = sorted(
            (m for m in tar.getmembers() if m.name.endswith(".md")), key=lambda m: m.name
        )
        if limit:
            step = len(members) / limit
            members = [members[int(i * step)] for i in range(limit)]
        for member in members:
            data = tar.extractfile(member)
            assert data is not None
            text = data.read().decode("utf-8")
            name = Path(member.name).name
            labels[name] = str(_front_matter(text)[0]["category"])
            for site, content in (("visible", text), ("hidden", _without_categories(text))):
                path = work / site / "content" / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    return labels


# ---- the methods, each run in a child process ---------------------------------------------------


def run_jarida(site: Path) -> Timed:
    from jarida.config import load_config
    from jarida.content.loader import load_sources
    from jarida.model import Selection
    from jarida.parse import parse_sources
    from jarida.related.store import computed_related
    from jarida.site import assemble, relate
    from jarida.sitecheck import read_only_cache

    config = load_config(site)
    cache = read_only_cache(config)
    result = parse_sources(config, load_sources(config.root), cache)
    parsed = result.parsed
    bags = getattr(result, "bags", parsed)  # trees before session 26: in the parses
    started = _clock()
    assembled, _ = assemble(config, parsed, Selection(now=NOW))
    built, _ = relate(assembled, bags, computed_related(1, explain=True))
    seconds = _since(started)
    return {key: [hit.id for hit in hits] for key, hits in built.related.items()}, seconds


def _read(site: Path) -> list[tuple[str, dict[str, object], str]]:
    docs = []
    for path in sorted((site / "content").glob("*.md")):
        front, body = _front_matter(path.read_text(encoding="utf-8"))
        docs.append((path.name, front, body))
    return docs


def _date(value: object) -> datetime:
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)  # as Jarida reads it


def run_hugo_like(site: Path) -> Timed:
    docs = _read(site)
    started = _clock()
    dates = [_date(front["date"]) for _, front, _ in docs]
    tags = [set(map(str, front.get("tags") or ())) for _, front, _ in docs]  # type: ignore[call-overload]
    by_tag: dict[str, list[int]] = defaultdict(list)
    by_year: dict[int, list[int]] = defaultdict(list)
    for i, names in enumerate(tags):
        for tag in names:
            by_tag[tag].append(i)
        by_year[dates[i].year].append(i)
    place: dict[int, int] = {}
    for members in by_year.values():
        members.sort(key=lambda i: (dates[i], i))
        place.update((i, k) for k, i in enumerate(members))
    lists: Lists = {}
    for i, (name, _, _) in enumerate(docs):
        weight: dict[int, int] = defaultdict(int)
        for tag in tags[i]:
            for j in by_tag[tag]:
                weight[j] += 100
        # All date-only matches weigh the same: the newest older ones of the year come first.
        year = by_year[dates[i].year]
        for j in year[max(0, place[i] - COUNT - len(weight)) : place[i]]:
            weight[j] += 10
        ranked = sorted(
            (j for j in weight if j != i and dates[j] <= dates[i]),
            key=lambda j: (-weight[j], -dates[j].timestamp(), j),
        )
        lists[name] = [docs[j][0] for j in ranked[:COUNT]]
    return lists, _since(started)


def run_tfidf(site: Path) -> Timed:
    docs = _read(site)
    started = _clock()
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, (_, front, body) in enumerate(docs):
        text = f"{front['title']}\n{front.get('description') or ''}\n{body}"
        for token in text.split():
            rows.append(i)
            cols.append(vocabulary.setdefault(token, len(vocabulary)))
    counts = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(vocabulary))
    )
    df = np.bincount(counts.indices, minlength=len(vocabulary))
    matrix = counts @ sparse.diags(np.log((1 + len(docs)) / (1 + df)) + 1)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = (sparse.diags(1 / np.maximum(norms, 1e-12)) @ matrix).astype(np.float32).tocsr()
    lists: Lists = {}
    transposed = matrix.T.tocsr()
    for start in range(0, len(docs), 1000):
        scores = (matrix[start : start + 1000] @ transposed).toarray()
        scores[np.arange(len(scores)), start + np.arange(len(scores))] = -1
        best = np.argsort(-scores, axis=1, kind="stable")[:, :COUNT]
        for r, row in enumerate(best):
            lists[docs[start + r][0]] = [docs[j][0] for j in row if scores[r, j] > 0]
    return lists, _since(started)


METHODS = {"jarida": run_jarida, "hugo-like": run_hugo_like, "tfidf": run_tfidf}


def child(method: str, site: Path, out: Path) -> None:
    lists, (seconds, cpu) = METHODS[method](site)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    figures = {"lists": lists, "seconds": seconds, "cpu_seconds": cpu, "peak_rss": peak}
    out.write_text(json.dumps(figures), encoding="utf-8")


def run(method: str, site: Path, work: Path) -> dict[str, object]:
    out = work / f"{method}-{site.name}.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--child", method, str(site), str(out)], check=True, env=env
    )
    result: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    result["wall"] = time.perf_counter() - started
    return result


# ---- measuring --------------------------------------------------------------------------------


def score(lists: Lists, labels: dict[str, str]) -> dict[str, object]:
    hits: dict[str, int] = defaultdict(int)
    for name, found in lists.items():
        hits[labels[name]] += sum(labels[other] == labels[name] for other in found)
    sizes: dict[str, int] = defaultdict(int)
    for label in labels.values():
        sizes[label] += 1
    same = sum(hits.values())
    filled = sum(len(found) for found in lists.values())
    return {
        "precision_at_5": same / (COUNT * len(labels)),
        "precision_of_filled": same / filled if filled else 0.0,
        "coverage": sum(len(lists.get(name, ())) == COUNT for name in labels) / len(labels),
        "by_category": {
            label: round(hits[label] / (COUNT * size), 4)
            for label, size in sorted(sizes.items(), key=lambda item: -item[1])
        },
    }


def measure(corpus: Path, limit: int | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="jarida-related-") as folder:
        work = Path(folder)
        labels = unpack(corpus, work, limit)
        rows = []
        plan = [(m, "hidden") for m in METHODS] + [("jarida", "visible")]
        for method, site in plan:
            result = run(method, work / site, work)
            lists = result.pop("lists")
            assert isinstance(lists, dict)
            rows.append(
                {
                    "method": method,
                    "categories": site == "visible",
                    **score(lists, labels),
                    **result,
                }
            )
    return {"articles": len(labels), "load_average": list(os.getloadavg()), "rows": rows}


def table(report: dict[str, object]) -> str:
    lines = [
        f"{report['articles']} articles; load average after the run: {report['load_average']}",
        "| method | categories | precision@5 | precision (filled slots) | coverage | seconds"
        " | CPU seconds | peak RSS MiB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = report["rows"]
    assert isinstance(rows, list)
    for row in rows:
        lines.append(
            f"| {row['method']} | {'present' if row['categories'] else 'hidden'} "
            f"| {row['precision_at_5']:.4f} | {row['precision_of_filled']:.4f} "
            f"| {row['coverage']:.2%} | {row['seconds']:.2f} | {row['cpu_seconds']:.2f} "
            f"| {row['peak_rss'] / 2**20:.0f} |"
        )
    for row in rows:
        shown = "present" if row["categories"] else "hidden"
        lines.append(f"precision@5 by category, {row['method']} (categories {shown}):")
        lines.append("  " + ", ".join(f"{k} {v:.2f}" for k, v in row["by_category"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="use N articles spread over the corpus")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    report = measure(args.corpus, args.limit)
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
