"""The image benchmark works end to end on a few tiny photos. Timings are recorded, never
asserted."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import images


def test_photos_are_reproducible(tmp_path: Path) -> None:
    images.make_photo(tmp_path / "a.jpg", 3, 0.02, 0.05)
    images.make_photo(tmp_path / "b.jpg", 3, 0.02, 0.05)
    assert (tmp_path / "a.jpg").read_bytes() == (tmp_path / "b.jpg").read_bytes()
    assert images.photo_size(3, 2, 12) != images.photo_size(4, 2, 12)


def test_the_benchmark_runs_jarida(tmp_path: Path) -> None:
    out, photos = tmp_path / "out", tmp_path / "photos"
    argv = ["--count", "3", "--min-mp", "0.05", "--max-mp", "0.1", "--tools", "jarida"]
    images.main([*argv, "--photos", str(photos), "--out", str(out), "--jobs", "1"])
    summary = json.loads((out / "results.json").read_text(encoding="utf-8"))["summary"]
    assert set(summary) == {"jarida clean", "jarida rebuild", "jarida all clean"}
    clean, rebuild = summary["jarida clean"], summary["jarida rebuild"]
    assert clean["encoded"] == clean["derivatives"] > 0
    assert rebuild["encoded"] == 0 and rebuild["derivatives"] == clean["derivatives"]
    assert summary["jarida all clean"]["derivatives"] > clean["derivatives"]
    assert len(list(photos.glob("photo-*.jpg"))) == 3
