"""Reading sources: a file too large is refused before it is read."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

from jarida.content.loader import (
    MAX_SOURCE_BYTES,
    discover,
    load_sources,
    read_again,
    read_source,
)
from jarida.errors import Diagnostic
from jarida.model import SourceFile


def test_a_huge_source_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    huge = tmp_path / "content/huge.md"
    huge.write_bytes(b"---\ntitle: x\n---\n")
    os.truncate(huge, 1024**3)  # 1 GiB, sparse: no disk used
    (tmp_path / "content/fine.md").write_bytes(b"---\ntitle: x\n---\n")
    tracemalloc.start()
    try:
        loaded = load_sources(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [s.id for s in loaded.sources] == ["fine.md"]
    (problem,) = loaded.problems
    assert problem.path == "content/huge.md"
    assert "1,073,741,824 bytes" in problem.message and f"{MAX_SOURCE_BYTES:,}" in problem.message
    assert peak < MAX_SOURCE_BYTES * 2  # never read whole (1 GiB)


def test_a_source_at_the_limit_is_read(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    body = b"---\ntitle: x\n---\n"
    (tmp_path / "content/big.md").write_bytes(body + b"a" * (MAX_SOURCE_BYTES - len(body)))
    loaded = load_sources(tmp_path)
    assert loaded.problems == []
    read = read_again(tmp_path, loaded.sources[0])
    assert isinstance(read, SourceFile) and len(read.text or "") == MAX_SOURCE_BYTES


def test_a_source_longer_than_its_size_told_is_read_to_its_end_or_refused(
    tmp_path: Path,
) -> None:
    """The size a caller's stat told sizes the read, not the limit: a file that grew since is
    still read whole, and refused past the limit all the same."""
    source = tmp_path / "grown.md"
    source.write_bytes(b"a" * 5000)
    assert read_source(source, "content/grown.md", size=10) == b"a" * 5000
    assert read_source(source, "content/grown.md", size=5000) == b"a" * 5000
    assert read_source(source, "content/grown.md", size=0) == b"a" * 5000
    assert read_source(source, "content/grown.md", size=9000) == b"a" * 5000  # shrunk
    source.write_bytes(b"a" * (MAX_SOURCE_BYTES + 7))
    refused = read_source(source, "content/grown.md", size=10)
    assert isinstance(refused, Diagnostic) and f"{MAX_SOURCE_BYTES + 1:,}" in refused.message
    (tmp_path / "empty.md").write_bytes(b"")
    assert read_source(tmp_path / "empty.md", "content/empty.md", size=0) == b""


def test_file_names_that_are_not_utf8_or_hold_control_characters_are_named(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    source = b"---\ntitle: x\ndate: 2026-01-01\n---\n"
    for name in (b"\xff\xfe.md", b"a\nb.md", b"photo\xff.jpg", b"fine.md"):
        (content / os.fsdecode(name)).write_bytes(source)
    loaded = load_sources(tmp_path)
    assert [s.id for s in loaded.sources] == ["fine.md"]
    found = sorted((d.path, d.severity, d.message) for d in loaded.problems)
    assert found == [
        (
            "content/a\\x0ab.md",
            "error",
            "the file name holds a control character; the file was not read",
        ),
        (
            "content/photo\ufffd.jpg",
            "warning",
            "the file name is not valid UTF-8; the file was not read",
        ),
        (
            "content/\ufffd\ufffd.md",
            "error",
            "the file name is not valid UTF-8; the file was not read",
        ),
    ]


def test_bundles_hold_the_files_beside_their_index(tmp_path: Path) -> None:
    """A file belongs to the nearest folder above it with an index.md (content/ itself never
    is a bundle); Markdown beside an index.md stays an article, with a warning; hidden files
    are no file of a bundle."""
    from jarida.content.loader import discover

    files = {
        "index.md": "",
        "loose.jpg": "",
        "2026/flood/index.md": "",
        "2026/flood/photo.jpg": "",
        "2026/flood/docs/report.pdf": "",
        "2026/flood/.draft.jpg": "",
        "2026/flood/notes.md": "",
        "2026/flood/day2/index.md": "",
        "2026/flood/day2/map.png": "",
        "2026/plain.md": "",
        "2026/beside.jpg": "",
    }
    for name in files:
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    found = discover(tmp_path)
    assert dict(found.bundles) == {
        "2026/flood/day2/index.md": ("2026/flood/day2/map.png",),
        "2026/flood/index.md": ("2026/flood/docs/report.pdf", "2026/flood/photo.jpg"),
    }
    assert len(found.sources) == 5  # notes.md too
    (problem,) = found.problems
    assert (problem.path, problem.severity) == ("content/2026/flood/notes.md", "warning")
    assert "published as an article of its own" in problem.message


def test_sources_and_files_are_found_in_path_order_links_to_folders_not_entered(
    tmp_path: Path,
) -> None:
    """The walk of content/ lists by path parts (``a/z.md`` before ``a-b/a.md``, which a sort
    of the texts would swap), finds a link to a file, and lists but never enters a link to a
    folder (a loop of links would never end)."""
    content = tmp_path / "content"
    for name in ["a-b/a.md", "a/z.md", "a/b/c.md", "خبر.md", "b.md", "a/pic.png", "_x/y.md"]:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(b"---\ntitle: x\n---\n")
    (content / "a/linked.md").symlink_to(content / "b.md")
    (content / "a/loop").symlink_to(content / "a", target_is_directory=True)
    found = discover(tmp_path)
    ids = [p.relative_to(content).as_posix() for p in found.sources]
    assert ids == ["a/b/c.md", "a/linked.md", "a/z.md", "a-b/a.md", "b.md", "خبر.md"]
    assert sorted(ids) != ids  # the texts' order is another one
    assert found.files == frozenset({"a/pic.png"})
    assert [p.path for p in found.problems] == ["content/_x"]  # skipped, with a warning
