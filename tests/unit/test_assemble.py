"""``assemble`` and ``relate`` as plain functions: parses held in memory in, the site out, no
file read or written (the related lists are a stage of their own, after assembly)."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from jarida.config import Config
from jarida.content.terms import TermBag
from jarida.layout import CACHE_DIR, RELATED_STATE
from jarida.model import ArticleBody, ArticleSource, Body, Selection
from jarida.related.store import computed_related, stored_related
from jarida.site import assemble, relate
from tests.conftest import NOW

Parsed = tuple[ArticleSource, ArticleBody]
DAY = timedelta(days=1)


def parse(
    name: str,
    *,
    date: datetime = NOW - DAY,
    tags: tuple[str, ...] = (),
    kind: str = "article",
    body: str = "",
    stored: str = "",
    **fields: Any,
) -> Parsed:
    """One source as parsing leaves it, made in memory: its body held inline, or the key of
    ``stored`` in a body store."""
    source = ArticleSource(
        id=f"{name}.md",
        path=f"content/{name}.md",
        digest=hashlib.sha256(name.encode()).hexdigest(),
        title=f"عنوان {name}",
        date=date,
        updated=None,
        publish_date=None,
        expires=None,
        aliases=(),
        terms=MappingProxyType({"tags": tags}),
        summary=None,
        image=None,
        image_alt="",
        slug=name,
        draft=False,
        body_line=5,
        kind=kind,
    )
    source = replace(source, **fields)
    article_body = ArticleBody(
        html=Body(stored) if stored else Body.inline(body or f"<p>{name}</p>"),
        summary_text=name,
        toc=(),
        word_count=1,
    )
    return source, article_body


def bags(**words: tuple[str, ...]) -> Mapping[str, TermBag]:
    """The term bags parsing leaves beside the parses, by article name: each word once."""
    return {f"{name}.md": TermBag(tuple(sorted(w)), (1,) * len(w)) for name, w in words.items()}


def config(tmp_path: Path, **settings: object) -> Config:
    """A config whose site root does not exist: nothing can be read from or written to it."""
    return Config(root=tmp_path / "no-such-site", **settings)  # type: ignore[arg-type]


@contextmanager
def no_io(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every way of reading, writing or listing files refused while the block runs."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"file I/O: {args!r}")

    with monkeypatch.context() as patch:
        for module, name in (
            (builtins, "open"),
            (io, "open"),
            (os, "open"),
            (os, "stat"),
            (os, "lstat"),
            (os, "scandir"),
            (os, "listdir"),
            (os, "mkdir"),
            (os, "replace"),
            (os, "rename"),
            (os, "unlink"),
        ):
            patch.setattr(module, name, refuse)
        yield


def test_assemble_publishes_what_the_selection_allows(tmp_path: Path) -> None:
    parsed = [
        parse("live"),
        parse("draft", draft=True),
        parse("future", date=NOW + DAY),
        parse("embargoed", publish_date=NOW + DAY),
        parse("expired", expires=NOW - DAY / 2),
    ]
    site, _ = assemble(config(tmp_path), parsed, Selection(now=NOW))
    assert sorted(site.articles) == ["expired.md", "live.md"]
    assert site.listed == ("live.md",)  # an expired article keeps its page, leaves the lists
    assert site.articles["expired.md"].expired

    everything = Selection(now=NOW, drafts=True, future=True)
    site, _ = assemble(config(tmp_path), parsed, everything)
    assert sorted(site.articles) == [
        "draft.md",
        "embargoed.md",
        "expired.md",
        "future.md",
        "live.md",
    ]

    site, _ = assemble(config(tmp_path, expired="remove"), parsed, Selection(now=NOW))
    assert list(site.articles) == ["live.md"]


def test_articles_without_extra_keys_or_a_picture_share_one_empty_mapping(
    tmp_path: Path,
) -> None:
    """Not a new empty mapping each (~100 bytes an article each: ~20 MB at 100,000)."""
    parsed = [parse("a"), parse("b"), parse("c", extra=MappingProxyType({"desk": "محليات"}))]
    site, _ = assemble(config(tmp_path), parsed, Selection(now=NOW))
    a, b, c = (site.articles[f"{name}.md"] for name in "abc")
    assert a.picture is b.picture is c.picture and not a.picture
    assert a.extra is b.extra and not a.extra and c.extra == {"desk": "محليات"}


def test_assemble_makes_the_terms_with_their_articles_newest_first(tmp_path: Path) -> None:
    parsed = [
        parse("old", date=NOW - 3 * DAY, tags=("اقتصاد",)),
        parse("new", date=NOW - DAY, tags=("اقتصاد", "نفط")),
        parse("gone", date=NOW - 2 * DAY, expires=NOW - DAY / 2, tags=("سياسة", "نفط")),
    ]
    site, _ = assemble(config(tmp_path), parsed, Selection(now=NOW))
    tags = site.taxonomies["tags"]
    assert sorted(tags) == ["اقتصاد", "نفط"]  # a term of expired articles alone is not listed
    assert tags["اقتصاد"].article_ids == ("new.md", "old.md")
    assert tags["نفط"].article_ids == ("new.md",)
    assert site.articles["new.md"].tags == ("اقتصاد", "نفط")
    assert list(site.articles) == ["new.md", "gone.md", "old.md"]  # newest first


def test_assemble_keeps_standalone_pages_apart(tmp_path: Path) -> None:
    parsed = [parse("story", tags=("t",)), parse("about", kind="page", tags=("t",))]
    site, _ = assemble(config(tmp_path), parsed, Selection(now=NOW))
    assert list(site.articles) == ["story.md"]
    assert list(site.pages) == ["about.md"]
    assert site.listed == ("story.md",)
    assert site.pages["about.md"].terms == {}
    assert site.taxonomies["tags"]["t"].article_ids == ("story.md",)


def test_assemble_returns_its_problems(tmp_path: Path) -> None:
    source, body = parse("twin")
    twin = replace(source, id="other/twin.md", path="content/other/twin.md")
    parsed = [(source, body), (twin, body)]
    site, problems = assemble(config(tmp_path), parsed, Selection(now=NOW))
    assert [(d.path, d.is_error) for d in problems] == [("content/other/twin.md", True)]
    assert "2 articles have the URL" in problems[0].message
    again, more = assemble(config(tmp_path), parsed, Selection(now=NOW))
    assert more == problems  # returned afresh, never added to a list it was given
    assert again == site


def test_assemble_touches_no_file_and_leaves_related_lists_to_relate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = [
        parse("a"),
        parse("b", date=NOW - 2 * DAY),
        parse("c", date=NOW - 3 * DAY),
        parse("d", date=NOW - 4 * DAY),
    ]
    words = bags(a=("نفط", "سعر", "برميل"), b=("نفط", "سعر", "برميل"), c=("كرة", "هدف"), d=("مطر",))
    with no_io(monkeypatch):
        site, problems = assemble(config(tmp_path), parsed, Selection(now=NOW))
    assert problems == []
    assert site.related == {}
    assert not (tmp_path / "no-such-site").exists()

    related, notes = relate(site, words, computed_related(jobs=1))
    assert [hit.id for hit in related.related["a.md"]] == ["b.md"]
    assert [hit.id for hit in related.related["b.md"]] == ["a.md"]
    assert related.related["c.md"] == ()
    assert notes == ()
    assert site.related == {}  # the assembled site is frozen: relate made a new one
    assert related.articles is site.articles


def test_relate_leaves_expired_articles_out(tmp_path: Path) -> None:
    parsed = [parse("a"), parse("b", expires=NOW - DAY / 2), parse("c")]
    site, _ = assemble(config(tmp_path), parsed, Selection(now=NOW))
    words = bags(a=("نفط", "سعر"), b=("نفط", "سعر"), c=("كرة",))
    related, _ = relate(site, words, computed_related(jobs=1))
    assert "b.md" not in related.related
    assert related.related["a.md"] == ()


def test_relate_from_the_store_returns_its_notes(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / CACHE_DIR).mkdir(parents=True)
    (root / CACHE_DIR / RELATED_STATE).write_bytes(b"not numpy")
    parsed = [parse("a"), parse("b"), parse("c")]
    words = bags(a=("نفط",), b=("نفط",), c=("مطر",))
    site, _ = assemble(Config(root=root), parsed, Selection(now=NOW))
    related, notes = relate(site, words, stored_related(root, "parse-key", 1, fresh=False))
    assert notes == (f"{RELATED_STATE} was unreadable; it will be rebuilt",)
    assert [hit.id for hit in related.related["a.md"]] == ["b.md"]
    again, notes = relate(site, words, stored_related(root, "parse-key", 1, fresh=False))
    assert notes == () and again.related == related.related  # from the state just saved


def test_the_stored_lists_are_scored_in_a_forked_process_as_they_are_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large site's index is built and scored in a process forked for it (the main process
    never holds it): the same lists, notes and saved state as scored here."""
    import os

    from jarida.related import store, update

    parsed = [parse(name) for name in "abcd"]
    words = bags(a=("نفط", "سعر"), b=("نفط", "سعر"), c=("مطر", "سعر"), d=("مطر",))
    real = update.update_related

    def noted(*args: Any, **kwargs: Any) -> Any:
        with (tmp_path / "pids").open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(update, "update_related", noted)
    found = []
    for forked_from in (10**9, 0):  # here, then forked
        monkeypatch.setattr(store, "AWAY_ITEMS", forked_from)
        root = tmp_path / f"site-{forked_from}"
        site, _ = assemble(Config(root=root), parsed, Selection(now=NOW))
        related, notes = relate(site, words, stored_related(root, "parse-key", 2, fresh=False))
        kept = (root / CACHE_DIR / RELATED_STATE).read_bytes()
        found.append((related.related, notes, kept))
    here, forked = found
    assert forked == here and [h.id for h in here[0]["a.md"]] == ["b.md", "c.md"]
    scored_in = [int(pid) for pid in (tmp_path / "pids").read_text().split()]
    assert scored_in[0] == os.getpid() and scored_in[1] != os.getpid()


def test_related_lists_hold_the_articles_own_ids_and_each_score_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lists scored in another process, or read back from the kept file, come with a copy of
    every id (~65 bytes each) and a float a hit (~5 a list): the lists hold the articles' own
    ids, and equal scores once (~18 MB at 100,000 articles)."""
    from jarida.related import store

    monkeypatch.setattr(store, "AWAY_ITEMS", 0)  # scored in a forked process
    parsed = [parse(name) for name in "abcd"]
    words = bags(a=("نفط", "سعر"), b=("نفط", "سعر"), c=("نفط", "سعر"), d=("نفط", "سعر"))
    root = tmp_path / "site"
    site, _ = assemble(Config(root=root), parsed, Selection(now=NOW))
    for round_ in ("scored", "kept"):
        related, _ = relate(site, words, stored_related(root, "parse-key", 2, fresh=False))
        own = {i: i for i in site.articles}
        assert all(own[i] is i for i in related.related), round_
        hits = [h for found in related.related.values() for h in found]
        assert len(hits) == 12 and all(own[h.id] is h.id for h in hits), round_
        scores = {h.score: h.score for h in hits}
        assert all(scores[h.score] is h.score for h in hits), round_


def test_the_terms_of_an_article_in_its_order_those_not_listed_left_out(tmp_path: Path) -> None:
    from jarida.reads import Recorder, track

    parsed = [parse("a", tags=("نفط", "اقتصاد")), parse("b", tags=("اقتصاد",))]
    site, _ = assemble(config(tmp_path), parsed, Selection(now=NOW))
    article = replace(
        site.articles["a.md"], terms=MappingProxyType({"tags": ("نفط", "غائب", "اقتصاد")})
    )
    assert [t.slug for t in site.terms_of(article, "tags")] == ["نفط", "اقتصاد"]
    assert site.terms_of(article, "categories") == ()
    seen = track({"site": site, "article": article}, Recorder())
    shown = seen["site"].terms_of(seen["article"], "tags")  # as a template calls it
    assert [t.slug for t in shown] == ["نفط", "اقتصاد"]
