"""``parse`` uses the cache through the small interface it declares, never the cache module."""

from __future__ import annotations

import ast
import gc
import weakref
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from jarida import parse as parse_module
from jarida.config import load_config
from jarida.content.loader import load_sources
from jarida.model import SourceFile
from jarida.parse import ParseStore, parse_sources
from jarida.parsecodec import ParsedEntry
from tests.conftest import MakeSite, article

SRC = Path(__file__).resolve().parents[2] / "src" / "jarida"


class MemoryStore:
    """Parses kept in a dict: everything :class:`ParseStore` asks for, nothing more."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[ParsedEntry, str]] = {}
        self.writable = True
        self.note = ""
        self.released = 0

    @property
    def entries(self) -> Mapping[str, ParsedEntry]:
        return {key: entry for key, (entry, _) in self.rows.items()}

    def save(
        self, fresh: Mapping[str, tuple[ParsedEntry, str]], keep: set[str] | None = None
    ) -> str:
        self.rows |= fresh
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
    first = parse_sources(config, load_sources(root, store.entries), store)
    assert sorted(s.id for s, _ in first.parsed) == ["a.md", "b.md"]
    assert len(store.entries) == 2 and not first.problems

    calls: list[str] = []
    real = parse_module.parse_one
    monkeypatch.setattr(parse_module, "parse_one", lambda s, *a: calls.append(s.id) or real(s, *a))
    again = parse_sources(config, load_sources(root, store.entries), store)
    assert calls == []  # every parse came from the store
    bodies = {s.id: b.html.html_in(store) for s, b in again.parsed}
    assert "<strong>الخبر</strong>" in bodies["a.md"]
    assert bodies == {s.id: b.html.html_in(store) for s, b in first.parsed}
    assert isinstance(store, MemoryStore) and store.released == 2


class Text(str):
    """A source's text that a test can watch go (``str`` itself takes no weak reference)."""


def test_a_source_text_is_let_go_once_it_is_parsed(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean build does not hold every source's text until the last is parsed (a 100,000-
    article site's texts are ~800 MB): each is dropped as its parse comes back."""
    root = make_site({f"content/a{n}.md": article(f"خبر {n}", slug=f"a{n}") for n in range(6)})
    config = load_config(root)
    loaded = load_sources(root)
    given = [replace(loaded, sources=[replace(s, text=Text(s.text)) for s in loaded.sources])]
    texts = [weakref.ref(s.text) for s in given[0].sources]
    alive: list[int] = []
    parse_one = parse_module.parse_one

    def watching(source: SourceFile, *args: Any) -> Any:
        gc.collect()
        alive.append(sum(t() is not None for t in texts))
        return parse_one(source, *args)

    monkeypatch.setattr(parse_module, "parse_one", watching)
    result = parse_sources(config, given.pop(), MemoryStore())  # held by parse_sources alone
    assert len(result.parsed) == 6 and not result.problems
    assert alive == [6, 5, 4, 3, 2, 1]
