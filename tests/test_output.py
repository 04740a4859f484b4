"""Determinism and atomic output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jarida import writer
from jarida.errors import BuildFailed
from tests.conftest import REPO, MakeSite, article, build_site, tree
from tests.test_build import SITE


def test_two_builds_give_identical_bytes(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(SITE)
    build_site(root, out=tmp_path / "one")
    build_site(root, out=tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Every byte of the output, the search index included (Pagefind writes a few of its files
    in hash-map order: Jarida rewrites them in a canonical order)."""
    outputs = []
    for seed in ("1", "987"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1780000000"}
        subprocess.run(
            [sys.executable, "-m", "jarida", "build", str(REPO), "-o", str(out), "--quiet"],
            env=env,
            check=True,
        )
        outputs.append(tree(out))
    assert any(p.startswith("pagefind/filter/") for p in outputs[0])
    assert any(p.endswith(".pf_meta") for p in outputs[0])
    assert sorted(outputs[0]) == sorted(outputs[1])
    assert outputs[0] == outputs[1]
    # The index files are gzip streams without a time (Pagefind's wasm files carry the time
    # Pagefind itself was built: the same bytes every run).
    index = [data for p, data in outputs[0].items() if re.search(r"\.pf_\w+$", p)]
    assert len(index) > 10 and all(data[:2] == b"\x1f\x8b" for data in index)
    assert all(data[4:8] == bytes(4) for data in index)


def test_failed_build_leaves_the_old_output(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root)
    before = tree(root / "public")
    (root / "content/2026/oil.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(root)
    assert tree(root / "public") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_crash_while_writing_leaves_the_old_output(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(SITE)
    build_site(root)
    before = tree(root / "public")
    (root / "content/2026/new.md").write_text(article("خبر جديد"), encoding="utf-8")
    written = 0
    real_write = writer._write

    def failing_write(stage: Path, output: writer.Output) -> None:
        nonlocal written
        written += 1
        if written == 5:
            raise OSError("disk full")
        real_write(stage, output)

    monkeypatch.setattr(writer, "_write", failing_write)
    with pytest.raises(OSError, match="disk full"):
        build_site(root)
    assert tree(root / "public") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_output_folder_may_not_replace_the_sources(make_site: MakeSite) -> None:
    root = make_site(SITE)
    for bad in (root, root / "content", root.parent, root / "static" / "x"):
        with pytest.raises(BuildFailed, match="error"):
            build_site(root, out=bad)
    assert (root / "content/2026/oil.md").is_file()


def test_content_is_never_written(make_site: MakeSite) -> None:
    root = make_site(SITE)
    before = tree(root / "content")
    mtimes = {p: p.stat().st_mtime_ns for p in (root / "content").rglob("*")}
    build_site(root)
    assert tree(root / "content") == before
    assert mtimes == {p: p.stat().st_mtime_ns for p in (root / "content").rglob("*")}


def test_safe_relative_refuses_escapes() -> None:
    for bad in ("../x", "/etc/passwd", "a/../../b", "", "./index.html", "a//b", "a/./b", "a\x01"):
        with pytest.raises(BuildFailed):
            writer.safe_relative(bad)
    assert str(writer.safe_relative("a/ب/index.html")) == "a/ب/index.html"
