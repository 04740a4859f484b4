"""``parse`` uses the cache through the small interface it declares, never the cache module."""

from __future__ import annotations

import ast
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from jarida import parse as parse_module
from jarida.config import load_config
from jarida.content.loader import load_sources
from jarida.content.seen import Seen
from jarida.model import NEWS_WINDOW, SourceFile
from jarida.parse import ParseStore, parse_sources
from jarida.parsecodec import ParsedEntry, packed_counts
from tests.conftest import MakeSite, article

SRC = Path(__file__).resolve().parents[2] / "src" / "jarida"


class MemoryStore:
    """Parses kept in a dict: everything :class:`ParseStore` asks for, nothing more."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[ParsedEntry, str]] = {}
        self.writable = True
        self.note = ""
        self.released = 0
        self.seen: Mapping[str, Seen] = {}

    @property
    def entries(self) -> Mapping[str, ParsedEntry]:
        return {key: entry for key, (entry, _) in self.rows.items()}

    def save(
        self,
        fresh: Mapping[str, tuple[ParsedEntry, str]],
        keep: set[str] | None = None,
        seen: Mapping[str, Seen] | None = None,
    ) -> str:
        self.rows |= fresh
        self.seen = self.seen if seen is None else seen
        if keep is not None:
            self.rows = {k: v for k, v in self.rows.items() if k in keep}
        return ""

    def html(self, key: str) -> str:
        return self.rows[key][1]

    def release(self) -> None:
        self.released += 1


def test_parse_does_not_import_the_cache() -> None:
    tree = ast.parse((SRC / "parse.py").read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "jarida.cache" not in imported


def test_parse_takes_any_store_with_the_small_interface(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: ParseStore = MemoryStore()
    root = make_site(
        {
            "content/a.md": article("الأول", body="نص **الخبر** الأول."),
            "content/b.md": article("الثاني", body="نص الخبر الثاني."),
        }
    )
    config = load_config(root)
    first = parse_sources(config, load_sources(root), store)
    assert sorted(s.id for s, _ in first.parsed) == ["a.md", "b.md"]
    assert len(store.entries) == 2 and not first.problems

    calls: list[str] = []
    real = parse_module.parse_one
    monkeypatch.setattr(parse_module, "parse_one", lambda s, *a: calls.append(s.id) or real(s, *a))
    again = parse_sources(config, load_sources(root), store)
    assert calls == []  # every parse came from the store
    bodies = {s.id: b.html.html_in(store) for s, b in again.parsed}
    assert "<strong>الخبر</strong>" in bodies["a.md"]
    assert bodies == {s.id: b.html.html_in(store) for s, b in first.parsed}
    assert isinstance(store, MemoryStore) and store.released == 2
    # Each article's term bag beside its parse, the same from the store as fresh ...
    assert again.bags == first.bags and set(first.bags) == {"a.md", "b.md"}
    assert "خبر" in first.bags["a.md"].terms
    counts = first.bags["a.md"].counts  # held by every article to the related lists: packed
    assert (
        isinstance(counts, array)
        and counts.itemsize == 1
        and len(counts) == len(first.bags["a.md"])
    )
    # ... the parses let go once assembled, the bags once the related lists are made: what the
    # later stages read of them stays (the moments the stamp needs among it).
    rest = again.without_parses()
    assert (rest.parsed, rest.sources, rest.bags) == ([], frozenset(), again.bags)
    assert not rest.without_bags().bags
    kept = ("problems", "notes", "files", "bundles", "changes_at")
    assert [getattr(rest, name) for name in kept] == [getattr(again, name) for name in kept]
    moments = {m for s, _ in again.parsed for m in (s.date, s.date + NEWS_WINDOW)}
    assert again.changes_at == tuple(sorted(moments)) and moments  # each once, in order


def test_the_main_process_holds_no_source_text(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean build's main process never holds the sources' texts (a 100,000-article site's
    are ~1 GB: the Dask build's main process peaked at 2.5 GB while parsing): sources are read
    and hashed, and each parse reads its file again where it runs."""
    root = make_site({f"content/a{n}.md": article(f"خبر {n}", slug=f"a{n}") for n in range(3)})
    config = load_config(root)
    loaded = load_sources(root)
    assert [s.text for s in loaded.sources] == [None, None, None]
    seen: list[str] = []
    parse_one = parse_module.parse_one

    def watching(source: SourceFile, *args: Any) -> Any:
        seen.append(source.text or "")
        return parse_one(source, *args)

    monkeypatch.setattr(parse_module, "parse_one", watching)
    result = parse_sources(config, loaded, MemoryStore())
    assert len(result.parsed) == 3 and not result.problems
    assert all("خبر" in text for text in seen) and len(seen) == 3


def test_a_source_changed_or_broken_after_it_was_hashed_is_an_error_that_names_it(
    make_site: MakeSite,
) -> None:
    """The parse reads the bytes the build hashed, or fails that file: the cache never keeps a
    parse under another text's digest. A file made invalid UTF-8 is reported at its line."""
    root = make_site({f"content/a{n}.md": article(f"خبر {n}", slug=f"a{n}") for n in range(3)})
    config = load_config(root)
    loaded = load_sources(root)
    (root / "content/a1.md").write_text(article("خبر آخر", slug="a1"), encoding="utf-8")
    (root / "content/a2.md").unlink()
    store = MemoryStore()
    result = parse_sources(config, loaded, store)
    assert [s.id for s, _ in result.parsed] == ["a0.md"] and len(store.rows) == 1
    found = sorted((d.path, d.message, d.hint) for d in result.problems)
    assert found[0] == ("content/a1.md", "changed while the build read it", "build again")
    assert found[1][0] == "content/a2.md" and "could not be read again" in found[1][1]

    (root / "content/a0.md").write_bytes(b"---\ntitle: x\n---\n\nline\n\xff\n")
    (problem,) = parse_sources(config, load_sources(root), MemoryStore()).problems
    assert (problem.path, problem.line) == ("content/a0.md", 6)
    assert "not valid UTF-8" in problem.message


class _Unforked:
    """An executor whose workers do not fork and cannot read the site's folder (a Dask
    scheduler without ``build.shared_path``); it takes its items a chunk at a time."""

    forks = False
    workers = 1
    shared_root = None

    def __init__(self, reads: list[str]) -> None:
        self.reads = reads
        self.read_before: list[int] = []

    def map(self, function: Any, items: Any, *, progress: Any, chunk: int, minimum: int) -> Any:
        for start in range(0, len(items), 1):
            part = items[start : start + 1]  # as the Dask executor slices them
            self.read_before.append(len(self.reads))  # after taking the chunk
            yield from (function(item) for item in part)


def test_texts_sent_to_workers_are_read_as_the_executor_takes_them(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers that cannot read the site's folder are sent the texts, read by the main process
    a chunk at a time as they are submitted, never all at once."""
    root = make_site({f"content/a{n}.md": article(f"خبر {n}", slug=f"a{n}") for n in range(4)})
    reads: list[str] = []
    real = parse_module.read_again

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(args[1].id)
        return real(*args, **kwargs)

    monkeypatch.setattr(parse_module, "read_again", counted)
    executor = _Unforked(reads)
    result = parse_sources(load_config(root), load_sources(root), MemoryStore(), jobs=executor)
    assert len(result.parsed) == 4 and not result.problems
    assert executor.read_before == [1, 2, 3, 4]  # read as taken (all at once: [4, 4, 4, 4])
    assert len(reads) == 4


@pytest.mark.parametrize(
    ("counts", "itemsize"),
    [((), 1), ((1, 255, 3), 1), ((256, 1), 2), ((70_000,), 4), ((2**40, 1), 8)],
)
def test_term_counts_are_packed_in_the_smallest_array_that_holds_them(
    counts: tuple[int, ...], itemsize: int
) -> None:
    packed = packed_counts(counts)
    assert tuple(packed) == counts and isinstance(packed, array)
    assert packed.itemsize == itemsize


def test_values_many_articles_repeat_are_held_once(make_site: MakeSite) -> None:
    """The values articles repeat (their tags, categories and authors, their kind and language,
    the targets they link to, an empty ``extra``) are one object among them, not one each: a
    100,000-article site holds its parses to the end of the related lists, and its articles'
    kinds, links and empty mappings to the end of the build (~1 KB an article)."""
    front = {"tags": "[الطيران, اقتصاد]", "category": "أخبار", "author": "سلمى"}
    body = "انظر [المصدر](https://example.com/source) و![صورة](https://example.com/a.png)."
    files = {f"content/a{n}.md": article(f"خبر {n}", body=body, **front) for n in range(3)}
    root = make_site(files)
    result = parse_sources(load_config(root), load_sources(root), MemoryStore())
    (one, first), *others = result.parsed
    assert len(others) == 2 and not result.problems
    for source, body_of in others:
        for name, values in one.terms.items():
            assert all(a is b for a, b in zip(values, source.terms[name], strict=True)), name
        assert source.kind is one.kind and source.lang is one.lang and source.extra is one.extra
        links = zip(first.links, body_of.links, strict=True)
        assert all(a[0] is b[0] and a[2] is b[2] for a, b in links), body_of.links
    assert one.terms["tags"] == ("الطيران", "اقتصاد") and len(first.links) == 2
