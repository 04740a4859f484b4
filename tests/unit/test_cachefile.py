"""The files of .jarida/ written whole or not at all."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jarida import cachefile
from jarida.cachefile import write_cache_chunks


def test_a_cache_file_is_written_whole_with_nothing_left_beside_it(tmp_path: Path) -> None:
    path = tmp_path / ".jarida" / "manifest.json"
    assert write_cache_chunks(path, ["أو", "ل"])[1] == ""
    assert write_cache_chunks(path, ["ثانٍ"])[1] == ""
    assert path.read_text(encoding="utf-8") == "ثانٍ"
    assert [p.name for p in path.parent.iterdir()] == ["manifest.json"]


def test_a_cache_file_that_cannot_be_written_is_a_note_not_an_error(tmp_path: Path) -> None:
    (tmp_path / ".jarida").write_text("a file where the folder should be", encoding="utf-8")
    digest, note = write_cache_chunks(tmp_path / ".jarida" / "manifest.json", ["{}"])
    assert digest == ""
    assert note.startswith("could not write the cache ") and "manifest.json" in note


def test_a_large_text_is_written_a_block_at_a_time_and_its_digest_is_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reads table at 100,000 articles is ~0.5 GB of JSON: written from the encoder's
    pieces, a block at a time, and hashed as written (the manifest names it by that digest)."""
    monkeypatch.setattr(cachefile, "_BLOCK", 10)
    written: list[int] = []
    real = os.fdopen

    def watched(*args: Any, **kwargs: Any) -> Any:
        handle = real(*args, **kwargs)
        write = handle.write
        handle.write = lambda data: written.append(len(data)) or write(data)
        return handle

    monkeypatch.setattr(cachefile.os, "fdopen", watched)
    pieces = ["{", '"خبر"', ":", "[1,2,3]", ",", '"b"', ":", '"' + "x" * 25 + '"', "}"]
    path = tmp_path / ".jarida" / "reads.json"
    digest, note = write_cache_chunks(path, iter(pieces))
    assert note == "" and path.read_text(encoding="utf-8") == "".join(pieces)
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(written) > 1 and max(written) < 60  # never the whole text in one write


def test_a_cache_file_that_fails_while_written_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing() -> Iterator[str]:
        yield "x" * 100
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cachefile, "_BLOCK", 10)
    path = tmp_path / "reads.json"
    digest, note = write_cache_chunks(path, failing())
    assert digest == "" and "No space left on device" in note
    assert list(tmp_path.iterdir()) == []
