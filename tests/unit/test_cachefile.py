"""The files of .jarida/ written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from jarida.cachefile import write_cache_text


def test_a_cache_file_is_written_whole_with_nothing_left_beside_it(tmp_path: Path) -> None:
    path = tmp_path / ".jarida" / "manifest.json"
    assert write_cache_text(path, "أول") == ""
    assert write_cache_text(path, "ثانٍ") == ""
    assert path.read_text(encoding="utf-8") == "ثانٍ"
    assert [p.name for p in path.parent.iterdir()] == ["manifest.json"]


def test_a_cache_file_that_cannot_be_written_is_a_note_not_an_error(tmp_path: Path) -> None:
    (tmp_path / ".jarida").write_text("a file where the folder should be", encoding="utf-8")
    note = write_cache_text(tmp_path / ".jarida" / "manifest.json", "{}")
    assert note.startswith("could not write the cache ") and "manifest.json" in note
