"""The site watcher on a real folder: bursts become one change set, noise is ignored."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jarida.watch import ChangeKind, ChangeSet, SiteWatcher


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, list[ChangeSet]]]:
    root = tmp_path / "site"
    for folder in ("content", "static", "public", ".jarida"):
        (root / folder).mkdir(parents=True)
    watcher = SiteWatcher(root, quiet_ms=400)
    watcher.start()
    stop = threading.Event()
    seen: list[ChangeSet] = []

    def collect() -> None:
        for changes in watcher.changes(stop):
            seen.append(changes)

    thread = threading.Thread(target=collect, daemon=True)
    thread.start()
    yield root, seen
    stop.set()
    thread.join(timeout=10)
    watcher.close()


def wait_for(seen: list[ChangeSet], count: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while len(seen) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(seen) >= count, f"{len(seen)} change sets after {timeout} s"


def test_a_burst_of_saves_is_one_change_set(watched: tuple[Path, list[ChangeSet]]) -> None:
    root, seen = watched
    for n in range(5):
        (root / "content/a.md").write_text(f"{n}", encoding="utf-8")
        (root / "content/b.md").write_text(f"{n}", encoding="utf-8")
        time.sleep(0.02)
    wait_for(seen, 1)
    time.sleep(0.5)
    assert seen == [ChangeSet(frozenset({ChangeKind.CONTENT}), ("content/a.md", "content/b.md"))]


def test_output_cache_and_editor_files_are_ignored(watched: tuple[Path, list[ChangeSet]]) -> None:
    root, seen = watched
    (root / "public/index.html").write_text("x", encoding="utf-8")
    (root / ".jarida/cache.json").write_text("x", encoding="utf-8")
    (root / "content/.a.md.swp").write_text("x", encoding="utf-8")
    (root / "README.md").write_text("x", encoding="utf-8")
    time.sleep(0.5)
    (root / "static/a.css").write_text("x", encoding="utf-8")
    wait_for(seen, 1)
    assert [c.paths for c in seen] == [("static/a.css",)]


def test_config_and_new_source_folders(watched: tuple[Path, list[ChangeSet]]) -> None:
    root, seen = watched
    (root / "jarida.yaml").write_text("title: x\n", encoding="utf-8")
    wait_for(seen, 1)
    assert seen[0].config_changed
    (root / "templates").mkdir()
    wait_for(seen, 2)
    assert seen[1].kinds == {ChangeKind.TEMPLATES}
    (root / "templates/article.html").write_text("x", encoding="utf-8")
    wait_for(seen, 3)
    assert seen[2].paths == ("templates/article.html",)
