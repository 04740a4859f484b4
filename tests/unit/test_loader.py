"""Reading sources: a file too large is refused before it is read."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

from jarida.content.loader import MAX_SOURCE_BYTES, load_sources


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
    assert loaded.problems == [] and len(loaded.sources[0].text) == MAX_SOURCE_BYTES


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
