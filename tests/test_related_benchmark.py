"""The related-quality benchmark runs on 200 real articles when ../shared is present."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED

CORPUS = SHARED / "data" / "ant-jawhara.tar.gz"


@pytest.mark.skipif(not CORPUS.is_file(), reason="needs ../shared/data/ant-jawhara.tar.gz")
def test_benchmark_smoke_on_200_articles(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    script = str(REPO / "benchmarks/related_quality.py")
    done = subprocess.run(
        [sys.executable, script, "--limit", "200", "--json", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "| jarida | hidden |" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["articles"] == 200
    rows = {(row["method"], row["categories"]): row for row in report["rows"]}
    assert set(rows) == {
        ("jarida", False),
        ("hugo-like", False),
        ("tfidf", False),
        ("jarida", True),
    }
    for row in rows.values():
        assert 0 <= row["precision_at_5"] <= row["precision_of_filled"] <= 1
        assert 0 <= row["coverage"] <= 1 and row["peak_rss"] > 0 and row["seconds"] >= 0
    assert rows[("jarida", False)]["coverage"] == 1.0
    assert rows[("jarida", True)]["precision_at_5"] > rows[("jarida", False)]["precision_at_5"]
