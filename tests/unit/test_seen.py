"""A source whose stat the last build recorded, long enough after its last write, is not read
again: its digest is the record's. Any write since (even one that keeps the size and puts the
mtime back) changes the ctime, and the file is read again."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from jarida.cache import ParseCache
from jarida.content import loader
from jarida.content.seen import Seen
from jarida.filestat import SETTLED_NS, stat_of
from tests.conftest import MakeSite, article, build_site, read, tree

HOUR_NS = 3600 * 10**9


def settle(root: Path) -> None:
    """Every file of the site last written an hour ago (as sources usually are)."""
    past = time.time_ns() - HOUR_NS
    for path in root.rglob("*"):
        os.utime(path, ns=(past, past), follow_symlinks=False)


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    root = make_site(
        {
            "content/a.md": article("خبر أ", body="نص أ.", slug="a"),
            "content/b.md": article("خبر ب", body="نص ب.", slug="b"),
            "content/c.md": article("خبر ج", body="نص ج.", slug="c"),
        }
    )
    settle(root)
    build_site(root)
    return root


def count_reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    reads: Counter[str] = Counter()
    real = loader.read_source

    def counted(path: Path, shown: str, size: int | None = None) -> Any:
        reads[shown] += 1
        return real(path, shown, size)

    monkeypatch.setattr(loader, "read_source", counted)
    return reads


def test_settled_sources_are_not_read_again(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = count_reads(monkeypatch)
    (site / "content/b.md").write_text(article("خبر ب", body="نص ب الجديد.", slug="b"))
    result = build_site(site)
    assert set(reads) == {"content/b.md"}  # read, then read again to be parsed
    (page,) = [p for p in result.rendered_paths if p.endswith("/b/index.html")]
    assert "نص ب الجديد." in read(site, page)


def test_a_rewrite_that_keeps_size_and_mtime_is_read_again(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The hazard of trusting a stat: same size, the mtime put back by hand (``touch -r``, an
    editor, a checkout). The ctime has moved, so the file is read: the page shows the edit, and
    the output is the clean build's."""
    source = site / "content/a.md"
    before = source.stat()
    text = source.read_text(encoding="utf-8")
    changed = text.replace("نص أ.", "نص ب.")
    assert len(changed.encode()) == len(text.encode()) and changed != text
    source.write_text(changed, encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    assert source.stat().st_mtime_ns == before.st_mtime_ns
    reads = count_reads(monkeypatch)
    build_site(site)
    assert reads["content/a.md"] >= 1 and "content/c.md" not in reads
    build_site(site, out=tmp_path / "clean", clean=True)
    assert tree(site / "public") == tree(tmp_path / "clean")


def test_a_file_written_just_before_it_was_read_is_never_vouched_for(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("x", encoding="utf-8")
    stat = stat_of(path.stat())
    assert not Seen(stat, "d", read_ns=stat[1] + SETTLED_NS // 2).vouches(stat)
    assert Seen(stat, "d", read_ns=stat[1] + SETTLED_NS + 1).vouches(stat)
    other = (stat[0] + 1, *stat[1:])
    assert not Seen(stat, "d", read_ns=stat[1] + SETTLED_NS + 1).vouches(other)


def test_the_records_are_kept_in_the_parse_cache_and_dropped_by_a_clean_build(
    site: Path,
) -> None:
    kept = ParseCache(site, _parse_key(site)).seen
    assert set(kept) == {"a.md", "b.md", "c.md"}
    record = kept["a.md"]
    assert record.stat == stat_of((site / "content/a.md").stat())
    assert record.read_ns > record.stat[1] + SETTLED_NS  # settled an hour before
    assert ParseCache(site, _parse_key(site), clean=True).seen == {}
    assert ParseCache(site, _parse_key(site)).seen == {}  # dropped from the file too


def test_the_records_are_let_go_with_the_parses_and_a_later_save_writes_them_whole(
    site: Path,
) -> None:
    """Once the parses are decoded the build holds no record (100,000 of them, ~340 bytes
    each, were held to the build's end); a save after that writes the records it is given,
    whole: none of those it no longer knows is left."""
    cache = ParseCache(site, _parse_key(site))
    kept = dict(cache.seen)
    assert len(kept) == 3
    cache.release()
    assert cache.seen == {}
    del kept["c.md"]
    assert cache.save({}, None, kept) == ""
    assert dict(ParseCache(site, _parse_key(site)).seen) == kept
    cache.release()
    assert cache.save({}) == ""  # no records given: those in the file stay
    assert dict(ParseCache(site, _parse_key(site)).seen) == kept


def test_a_clean_build_empties_the_parse_cache_without_reading_it(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of 100,000 articles are ~0.5 GB in memory: a clean build, which drops them,
    never loads them (it did, and they were the main process's largest holding before the
    parse)."""
    from jarida import cache

    assert ParseCache(site, _parse_key(site)).entries  # a cache with rows

    def not_read(*args: Any) -> Any:
        raise AssertionError("a row of the parse cache was read")

    monkeypatch.setattr(cache, "ParsedEntry", not_read)
    monkeypatch.setattr(cache, "Seen", not_read)
    emptied = ParseCache(site, _parse_key(site), clean=True)
    assert emptied.entries == {} and emptied.seen == {} and emptied.note == ""
    monkeypatch.undo()
    assert ParseCache(site, _parse_key(site)).entries == {}  # emptied in the file too


def _parse_key(root: Path) -> str:
    from jarida.build import parse_key
    from jarida.config import load_config

    return parse_key(load_config(root))
