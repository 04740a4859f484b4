"""Incremental builds: exactly the right pages re-render, and the result equals a clean build."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jarida.layout import theme_dir
from jarida.outcome import BuildResult
from jarida.readtable import text_digest
from tests.conftest import NOW, MakeSite, article, build_site, picture_bytes, read, tree

# Structural related lists (tags 100, category 50, author 20):
#   a: b (150), d (20)    b: a (150), c (20)    c: d (150), b (20)    d: c (150), a (20)
SITE = {
    # Structural related lists only, so that each test below knows exactly who lists whom.
    "jarida.yaml": "paginate: 10\nrelated: {weights: {content: 0}}\n",
    "content/a.md": article(
        "خبر أ",
        "2026-05-04T10:00:00+03:00",
        "نص أ.",
        summary="ملخص أ",
        slug="a",
        tags="[t1, t2]",
        category="c1",
        author="w1",
    ),
    "content/b.md": article(
        "خبر ب",
        "2026-05-03T10:00:00+03:00",
        "نص ب.",
        summary="ملخص ب",
        slug="b",
        tags="[t1]",
        category="c1",
        author="w2",
    ),
    "content/c.md": article(
        "خبر ج",
        "2026-05-02T10:00:00+03:00",
        "نص ج.",
        summary="ملخص ج",
        slug="c",
        tags="[t3]",
        category="c2",
        author="w2",
    ),
    "content/d.md": article(
        "خبر د",
        "2026-05-01T10:00:00+03:00",
        "نص د.",
        summary="ملخص د",
        slug="d",
        tags="[t3]",
        category="c2",
        author="w1",
    ),
}
A, B, C, D = (f"2026/05/{x}/index.html" for x in "abcd")
THEME = theme_dir() / "templates"


def feeds(*folders: str) -> set[str]:
    return {f"{folder}{name}" for folder in folders for name in ("atom.xml", "rss.xml")}


@pytest.fixture
def root(make_site: MakeSite) -> Path:
    site = make_site(SITE)
    build_site(site)
    return site


def rebuild(root: Path, **kwargs: object) -> BuildResult:
    return build_site(root, **kwargs)  # type: ignore[arg-type]


def edit(root: Path, name: str, text: str) -> None:
    (root / "content" / name).write_text(text, encoding="utf-8")


def test_no_change_renders_nothing_and_touches_nothing(root: Path) -> None:
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in (root / "public").rglob("*")}
    result = rebuild(root)
    assert result.rendered_paths == () and result.removed == 0
    assert result.unchanged == result.pages
    after = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in (root / "public").rglob("*")}
    assert after == before


def test_body_edit_renders_the_article_and_the_full_text_feeds(root: Path) -> None:
    # The article has a summary of its own, so its cards in lists do not show the body.
    edit(root, "a.md", SITE["content/a.md"].replace("نص أ.", "نص أ معدل."))
    result = rebuild(root)
    assert set(result.rendered_paths) == {A} | feeds(
        "", "tags/t1/", "tags/t2/", "categories/c1/", "authors/w1/"
    )


def test_unchanged_pages_keep_their_file_and_mtime(root: Path) -> None:
    page = root / "public" / B
    before = (page.stat().st_mtime_ns, page.stat().st_ino)
    edit(root, "a.md", SITE["content/a.md"].replace("نص أ.", "نص جديد."))
    rebuild(root)
    assert (page.stat().st_mtime_ns, page.stat().st_ino) == before


def test_title_change_renders_its_listings_and_related_lists(root: Path) -> None:
    edit(root, "a.md", SITE["content/a.md"].replace("خبر أ", "عنوان أ الجديد"))
    result = rebuild(root)
    assert set(result.rendered_paths) == {
        A,
        B,
        D,  # b and d list a as related
        "index.html",
        "tags/t1/index.html",
        "tags/t2/index.html",
        "categories/c1/index.html",
        "authors/w1/index.html",
        "fragments/latest.htm",  # the sidebar's lists
        "fragments/categories/c1/latest.htm",
    } | feeds("", "tags/t1/", "tags/t2/", "categories/c1/", "authors/w1/")


def test_new_article(root: Path) -> None:
    edit(
        root,
        "e.md",
        article(
            "خبر هـ",
            "2026-05-05T10:00:00+03:00",
            "نص.",
            slug="e",
            tags="[t1]",
            category="c1",
            author="w1",
        ),
    )
    result = rebuild(root)
    assert set(result.rendered_paths) == {
        "2026/05/e/index.html",
        A,
        B,
        D,  # e enters the related lists of a, b and d
        "index.html",
        "tags/index.html",
        "categories/index.html",
        "authors/index.html",
        "tags/t1/index.html",
        "categories/c1/index.html",
        "authors/w1/index.html",
        "sitemap.xml",
        "fragments/latest.htm",
        "fragments/categories/c1/latest.htm",
    } | feeds("", "tags/t1/", "categories/c1/", "authors/w1/")
    assert result.removed == 0


def test_a_new_breaking_article_re_renders_no_other_article_page(root: Path) -> None:
    # The banner and the sidebar's lists are fragments (jarida.outputs.fragments): the other
    # article pages hold only their addresses, so they do not change. The header menu is the
    # editors' (menus.main): a new category does not change it.
    menu = "menus:\n  main:\n    - {title: c1, url: /categories/c1/}\n"
    (root / "jarida.yaml").write_text(SITE["jarida.yaml"] + menu, encoding="utf-8")
    rebuild(root)
    edit(
        root,
        "e.md",
        article(
            "خبر عاجل",
            "2026-05-31T10:00:00+03:00",
            "نص.",
            slug="e",
            tags="[t9]",
            category="c9",
            author="w9",
            breaking="true",
            breaking_until="2026-06-02T10:00:00+03:00",
        ),
    )
    result = rebuild(root)
    assert set(result.rendered_paths) == {
        "2026/05/e/index.html",
        "index.html",  # the home page lists it and shows the banner itself
        "tags/index.html",
        "categories/index.html",
        "authors/index.html",
        "tags/t9/index.html",
        "categories/c9/index.html",
        "authors/w9/index.html",
        "sitemap.xml",
        "news-sitemap.xml",
        "robots.txt",  # the news sitemap is new (the only article of the last two days)
        "fragments/breaking.htm",
        "fragments/latest.htm",
        "fragments/categories/c9/latest.htm",
    } | feeds("", "tags/t9/", "categories/c9/", "authors/w9/")
    assert not {A, B, C, D} & set(result.rendered_paths)
    assert "خبر عاجل" in read(root, "fragments/breaking.htm")


def test_deleted_article(root: Path) -> None:
    (root / "content/c.md").unlink()
    result = rebuild(root)
    assert result.removed == 1
    assert not (root / "public" / C).exists()
    assert set(result.rendered_paths) == {
        B,
        D,  # c leaves their related lists
        "index.html",
        "tags/index.html",
        "categories/index.html",
        "authors/index.html",
        "tags/t3/index.html",
        "categories/c2/index.html",
        "authors/w2/index.html",
        "sitemap.xml",
        "fragments/latest.htm",
        "fragments/categories/c2/latest.htm",
    } | feeds("", "tags/t3/", "categories/c2/", "authors/w2/")


def test_a_category_count_that_reorders_the_navigation_renders_every_page(root: Path) -> None:
    (root / "content/b.md").unlink()  # c1 drops below c2: the header lists c2 first now
    result = rebuild(root)
    pages = {p for p in tree(root / "public") if p.endswith(".html")}
    assert pages <= set(result.rendered_paths)


def test_tag_change(root: Path) -> None:
    edit(root, "c.md", SITE["content/c.md"].replace("tags: [t3]", "tags: [t3, t4]"))
    result = rebuild(root)
    assert set(result.rendered_paths) == {
        C,  # c's own tags (b and d list c as related, but show its title and date, not its tags)
        "index.html",
        "categories/c2/index.html",
        "authors/w2/index.html",
        "tags/index.html",
        "tags/t3/index.html",
        "tags/t4/index.html",
        "sitemap.xml",
    } | feeds("", "tags/t3/", "tags/t4/", "categories/c2/", "authors/w2/")
    assert A not in result.rendered_paths


def test_template_change_renders_everything(root: Path) -> None:
    (root / "templates").mkdir()
    (root / "templates/404.html").write_text('{% extends "theme/404.html" %}', encoding="utf-8")
    result = rebuild(root)
    assert result.unchanged == 0 and result.rendered == result.pages


def test_config_change_renders_everything(root: Path) -> None:
    (root / "jarida.yaml").write_text("paginate: 10\ntitle: جريدة أخرى\n", encoding="utf-8")
    # (the related weights go back to their defaults too: every page changes anyway)
    result = rebuild(root)
    assert result.unchanged == 0


def test_a_template_reading_site_depends_on_what_it_reads_of_it(root: Path) -> None:
    (root / "templates").mkdir()
    (root / "templates/404.html").write_text(
        '{% extends "theme/404.html" %}{% block main %}{{ site.articles | length }}{% endblock %}',
        encoding="utf-8",
    )
    rebuild(root)
    edit(root, "a.md", SITE["content/a.md"].replace("نص أ.", "نص آخر."))
    assert "404.html" not in rebuild(root).rendered_paths  # the count is the same
    (root / "content/c.md").unlink()
    assert "404.html" in rebuild(root).rendered_paths
    assert "3" in (root / "public/404.html").read_text(encoding="utf-8")


def test_a_file_changed_by_hand_in_the_output_is_rendered_again(root: Path) -> None:
    (root / "public" / C).write_text("tampered", encoding="utf-8")
    result = rebuild(root)
    assert result.rendered_paths == (C,)
    assert "tampered" not in (root / "public" / C).read_text(encoding="utf-8")


def test_corrupt_or_foreign_cache_is_survived(root: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build_site(root, out=clean, clean=True)
    (root / ".jarida/parsed.sqlite").write_bytes(b"not a database" * 100)
    for manifest in (root / ".jarida").glob("manifest-*.json"):
        manifest.write_text('{"format": 99}', encoding="utf-8")
    edit(root, "a.md", SITE["content/a.md"].replace("نص أ.", "نص أ."))  # same bytes
    result = rebuild(root)
    assert any("unreadable" in n for n in result.notes)
    assert any("not a Jarida cache" in n for n in result.notes)
    assert tree(root / "public") == tree(clean)
    assert not rebuild(root).notes  # rewritten: the next build is quiet


def indexes(text: str) -> set[int]:
    return {int(n, 16) for n in text.split(",")} if text else set()


def _reads_file(root: Path) -> tuple[Path, Path]:
    """The manifest and the reads table of the site's output."""
    return next((root / ".jarida").glob("manifest-*.json")), next(
        (root / ".jarida").glob("reads-*.json")
    )


def _rewrite_reads(root: Path, data: dict[str, object]) -> None:
    """The reads table replaced by ``data``, and named by the manifest (as a build would)."""
    manifest, reads = _reads_file(root)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    reads.write_text(text, encoding="utf-8")
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    entries["entries"]["reads"] = text_digest(text)
    manifest.write_text(json.dumps(entries), encoding="utf-8")


def test_a_damaged_read_in_the_reads_table_renders_its_pages_again(root: Path) -> None:
    # A key that is not JSON, one of the wrong shape, one with an unhashable part: the pages
    # that read them are rendered again (never kept, never a traceback), the others are kept.
    data = json.loads(_reads_file(root)[1].read_text(encoding="utf-8"))
    keys, pages = data["keys"], data["pages"]
    damaged = sorted(indexes(pages[A]))[:3]
    bad = ["{not json", '["doc","attr"]', '[[["x"]],"attr","y"]']
    for n, text in zip(damaged, bad, strict=True):
        keys[n] = text
    _rewrite_reads(root, data)
    edit(root, "d.md", SITE["content/d.md"])  # same bytes, a new mtime: the full check
    readers = {p for p, v in pages.items() if indexes(v) & set(damaged)}
    result = rebuild(root)
    assert A in result.rendered_paths
    assert set(result.rendered_paths) == readers
    assert rebuild(root).rendered_paths == ()


@pytest.mark.parametrize("spoil", ["deleted", "edited", "old format", "not json"])
def test_a_reads_table_that_is_not_the_manifests_renders_every_page(
    root: Path, tmp_path: Path, spoil: str
) -> None:
    """Deleted, changed by hand (its digest is no longer the one the manifest names), or of
    another format: ignored, every page rendered again, the same site as a clean build."""
    _, reads = _reads_file(root)
    data = json.loads(reads.read_text(encoding="utf-8"))
    if spoil == "deleted":
        reads.unlink()
    elif spoil == "edited":
        reads.write_text(
            reads.read_text(encoding="utf-8").replace('"digests":{', '"digests":{"x":"0",')
        )
    elif spoil == "old format":
        _rewrite_reads(root, data | {"format": 0})
    else:
        reads.write_text("{not json", encoding="utf-8")
    edit(root, "a.md", SITE["content/a.md"].replace("نص أ.", "نص أ معدل."))
    result = rebuild(root)
    assert result.rendered == result.pages
    build_site(root, out=tmp_path / "clean", clean=True)
    assert tree(root / "public") == tree(tmp_path / "clean")
    assert rebuild(root).rendered_paths == ()


def test_a_new_article_renumbers_no_kept_page(root: Path) -> None:
    before = json.loads(_reads_file(root)[1].read_text(encoding="utf-8"))
    edit(
        root,
        "e.md",
        article("خبر هـ", "2026-05-05T10:00:00+03:00", "نص هـ.", slug="e", tags="[t9]"),
    )
    result = rebuild(root)
    after = json.loads(_reads_file(root)[1].read_text(encoding="utf-8"))
    assert after["keys"][: len(before["keys"])] == before["keys"]
    kept = set(before["pages"]) - set(result.rendered_paths)
    assert kept and all(after["pages"][p] == before["pages"][p] for p in kept)


def _same_as_clean(root: Path, tmp_path: Path, name: str) -> None:
    build_site(root, out=tmp_path / name, clean=True)
    assert tree(root / "public") == tree(tmp_path / name), name


def test_the_kept_state_gives_a_clean_builds_bytes_after_each_kind_of_change(
    root: Path, tmp_path: Path
) -> None:
    """The reads table and the related lists carried from build to build, through an article
    added, one whose text moves another's related list, one removed, a template edited and
    nothing changed: after each, the same bytes as a clean build."""
    edit(
        root,
        "e.md",
        article("خبر هـ", "2026-05-05T10:00:00+03:00", "نص هـ.", slug="e", tags="[t1]"),
    )
    rebuild(root)
    _same_as_clean(root, tmp_path, "added")
    # c leaves d's tag for a's and b's: their related lists move, though only c changed
    edit(root, "c.md", SITE["content/c.md"].replace("tags: [t3]", "tags: [t1]"))
    assert {A, B, C} <= set(rebuild(root).rendered_paths)
    _same_as_clean(root, tmp_path, "related")
    (root / "content/d.md").unlink()
    rebuild(root)
    _same_as_clean(root, tmp_path, "removed")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/404.html").write_text("<p>{{ site.config.title }}</p>\n", encoding="utf-8")
    rebuild(root)
    _same_as_clean(root, tmp_path, "template")
    assert rebuild(root).rendered_paths == ()


def test_a_foreign_sqlite_file_in_place_of_the_cache_is_replaced(
    root: Path, tmp_path: Path
) -> None:
    import sqlite3

    clean = tmp_path / "clean"
    build_site(root, out=clean, clean=True)
    (root / ".jarida/parsed.sqlite").unlink()
    with sqlite3.connect(root / ".jarida/parsed.sqlite") as db:
        db.execute("CREATE TABLE other (x)")
    edit(root, "a.md", SITE["content/a.md"].replace("نص أ.", "نص آخر."))
    result = rebuild(root)
    assert any("not a Jarida cache" in n for n in result.notes)
    build_site(root, out=clean, clean=True)
    assert tree(root / "public") == tree(clean)
    assert not rebuild(root).notes


def test_a_cache_that_cannot_be_written_costs_only_speed(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from jarida import cache as cache_module

    clean = tmp_path / "clean"
    build_site(root, out=clean, clean=True)
    monkeypatch.setattr(cache_module, "PARSE_DB", "no-such-folder/parsed.sqlite")
    real = sqlite3.connect

    def refuse(path: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if "no-such-folder" in str(path) and not kwargs.get("uri"):
            raise sqlite3.OperationalError("unable to open database file")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache_module.sqlite3, "connect", refuse)
    monkeypatch.setattr(cache_module.ParseCache, "_discard", lambda self: None)
    shutil.rmtree(root / "public")
    result = build_site(root, clean=True)
    assert any("could not write the cache" in n for n in result.notes)
    assert tree(root / "public") == tree(clean)  # every body from memory


def test_an_upgraded_library_renders_every_page_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jarida import dependencies

    real = dependencies.version
    monkeypatch.setattr(
        dependencies, "version", lambda name: "99.0" if name == "markdown-it-py" else real(name)
    )
    result = rebuild(root)
    assert result.rendered == result.pages
    assert any("another Jarida version or settings" in n for n in result.notes)


def test_old_version_cache_is_discarded(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("cache", "manifest", "unchanged"):  # the parse cache, the manifest, the stamp
        monkeypatch.setattr(f"jarida.{module}.__version__", "0.0.0-old")
    result = rebuild(root)
    assert not result.skipped and result.rendered == result.pages
    assert any(n.startswith("parsed.sqlite is from another Jarida version") for n in result.notes)
    assert any(n.startswith("manifest-") and "another Jarida version" in n for n in result.notes)


def test_clean_ignores_the_cache(root: Path) -> None:
    result = build_site(root, clean=True)
    assert result.rendered == result.pages


def test_parallel_and_serial_give_the_same_bytes(make_site: MakeSite, tmp_path: Path) -> None:
    from benchmarks.corpus import write_corpus

    site = tmp_path / "corpus"
    write_corpus(site, 150)
    build_site(site, out=tmp_path / "one", jobs=1, clean=True)
    build_site(site, out=tmp_path / "two", jobs=2, clean=True)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    # The table of reads too: each worker's numbered reads (jarida.readnumbers) make the
    # table one process makes, key for key, in the same order.
    tables = [json.loads(p.read_text(encoding="utf-8")) for p in (site / ".jarida").glob("reads-*")]
    assert len(tables) == 2 and tables[0]["keys"]
    assert tables[0] | {"key": ""} == tables[1] | {"key": ""}
    shutil.rmtree(site / ".jarida")
    build_site(site, out=tmp_path / "three", jobs=2)  # cold cache: parsing in parallel too
    assert tree(tmp_path / "one") == tree(tmp_path / "three")


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["body", "title", "tags", "new", "delete", "draft"]),
        st.sampled_from("abcdefg"),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_incremental_equals_clean_after_any_edits(
    make_site: MakeSite, tmp_path_factory: pytest.TempPathFactory, edits: list
) -> None:  # type: ignore[type-arg]
    root = make_site(SITE)
    shutil.rmtree(root)  # the fixture's folder is shared by every example: start afresh
    root = make_site(SITE)
    build_site(root)
    for kind, name, n in edits:
        path = root / "content" / f"{name}.md"
        if kind == "delete":
            path.unlink(missing_ok=True)
            build_site(root)
            continue
        tags = ["t1", "t2", "t3", "t4", "t5", "t6"][: n + 1]
        path.write_text(
            article(
                f"خبر {name} {n if kind == 'title' else ''}".strip(),
                f"2026-05-0{n + 1}T10:00:00+03:00",
                f"نص {kind} {n}.",
                slug=name,
                tags=f"[{', '.join(tags)}]",
                category=f"c{n % 2}",
                author=f"w{n % 3}",
                **({"draft": "true"} if kind == "draft" else {}),
            ),
            encoding="utf-8",
        )
        build_site(root)
    clean = tmp_path_factory.mktemp("clean")
    build_site(root, out=clean, clean=True)
    assert tree(root / "public") == tree(clean)


def test_a_body_edit_re_renders_the_articles_whose_content_related_list_changed(
    make_site: MakeSite,
) -> None:
    texts = {
        "a": "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار خفض الإنتاج.",
        "b": "أسعار النفط تواصل الارتفاع مع تراجع المخزون وخفض الإنتاج.",
        "c": "فاز المنتخب الوطني في مباراة كرة القدم على أرضه.",
    }
    root = make_site(
        {
            f"content/{k}.md": article(f"خبر {k}", body=v, slug=k, summary=f"ملخص {k}")
            for k, v in texts.items()
        }
    )
    build_site(root)
    assert "2026/03/a/" in (root / "public/2026/03/b/index.html").read_text(encoding="utf-8")
    edit(root, "c.md", article("خبر c", body=texts["a"] + " والمنتخب", slug="c", summary="ملخص c"))
    result = rebuild(root)
    # a's list changes order (c tells its story now); b's keeps its order, so b stays as it is.
    assert {"2026/03/a/index.html", "2026/03/c/index.html"} <= set(result.rendered_paths)
    assert "2026/03/b/index.html" not in result.rendered_paths


def test_related_lists_come_from_the_cache_when_their_inputs_did_not_change(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **options: object) -> None:
        raise AssertionError("related lists computed again")

    monkeypatch.setattr("jarida.related.update.update_related", fail)
    assert rebuild(root).rendered_paths == ()
    edit(root, "a.md", SITE["content/a.md"].replace("خبر أ", "عنوان آخر"))
    with pytest.raises(AssertionError, match="computed again"):
        rebuild(root)  # a title is part of the related inputs


_NUMPY_PROBE = """
import sys
from datetime import datetime
from pathlib import Path
from jarida.build import build
from jarida.config import load_config
from jarida.model import Selection
root = Path(sys.argv[1])
now = datetime.fromisoformat(sys.argv[2])
result = build(load_config(root), out_dir=root / "public", selection=Selection(now=now))
print(sorted(result.rendered_paths) and "rendered", "numpy" in sys.modules, "scipy" in sys.modules)
"""


def _probe(root: Path) -> str:
    """A build of ``root`` in a process of its own: whether it rendered, imported numpy, scipy."""
    found = subprocess.run(
        [sys.executable, "-c", _NUMPY_PROBE, str(root), NOW.isoformat()],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def test_related_lists_kept_as_they_were_need_neither_numpy_nor_scipy(
    root: Path, tmp_path: Path
) -> None:
    """A template edit re-renders every page but changes no article's related inputs: the
    lists are read as kept (``related-lists.json``), the same as a clean build's."""
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/404.html").write_text(
        (THEME / "404.html").read_text(encoding="utf-8") + "\n<!-- edited -->\n",
        encoding="utf-8",
    )
    assert _probe(root) == "rendered False False"
    edit(root, "a.md", SITE["content/a.md"].replace("خبر أ", "عنوان آخر"))
    assert _probe(root) == "rendered True True"  # a title is part of the related inputs
    build_site(root, out=tmp_path / "clean", clean=True)
    assert tree(root / "public") == tree(tmp_path / "clean")


@pytest.mark.parametrize("spoil", ["not json", "old version", "other inputs", "wrong shape"])
def test_kept_related_lists_that_cannot_be_used_are_made_again(
    root: Path, tmp_path: Path, spoil: str
) -> None:
    kept = root / ".jarida/related-lists.json"
    data = json.loads(kept.read_text(encoding="utf-8"))
    if spoil == "not json":
        kept.write_text("{not json", encoding="utf-8")
    elif spoil == "old version":
        kept.write_text(json.dumps(data | {"version": "0.0.1", "lists": []}), encoding="utf-8")
    elif spoil == "other inputs":
        kept.write_text(json.dumps(data | {"key": "k", "lists": []}), encoding="utf-8")
    else:
        kept.write_text(json.dumps(data | {"lists": [["x", [[1, "y"]]]]}), encoding="utf-8")
    edit(root, "b.md", SITE["content/b.md"].replace("نص ب.", "نص ب معدل."))
    rebuild(root)
    build_site(root, out=tmp_path / "clean", clean=True)
    assert tree(root / "public") == tree(tmp_path / "clean")
    assert json.loads(kept.read_text(encoding="utf-8"))["key"] != "k"


MOVED = article("عن الموقع", body="من نحن.", slug="about")


def test_a_file_moved_between_pages_and_articles_builds_as_a_clean_build(
    root: Path, tmp_path: Path
) -> None:
    (root / "content/pages").mkdir()
    (root / "content/pages/about.md").write_text(MOVED, encoding="utf-8")
    rebuild(root)
    (root / "content/pages/about.md").rename(root / "content/about.md")
    rebuild(root)  # the same bytes, now an article: parsed as one, not taken from the cache
    build_site(root, out=tmp_path / "clean", clean=True)
    assert tree(root / "public") == tree(tmp_path / "clean")
    assert (root / "public/2026/03/about/index.html").is_file()
    (root / "content/about.md").rename(root / "content/pages/about.md")
    rebuild(root)
    build_site(root, out=tmp_path / "clean2", clean=True)
    assert tree(root / "public") == tree(tmp_path / "clean2")
    assert (root / "public/about/index.html").is_file()


def test_the_same_bytes_as_a_page_and_as_an_article_are_two_documents(root: Path) -> None:
    (root / "content/pages").mkdir()
    (root / "content/pages/about.md").write_text(MOVED, encoding="utf-8")
    (root / "content/about.md").write_text(MOVED, encoding="utf-8")
    rebuild(root, clean=True)  # once a false «2 articles have the URL /about/» error
    assert (root / "public/about/index.html").is_file()
    assert (root / "public/2026/03/about/index.html").is_file()


OLD_PHOTO, NEW_PHOTO = picture_bytes(seed=1), picture_bytes(seed=2)


def test_a_bundle_file_changed_added_or_removed_is_published_again(
    make_site: MakeSite,
) -> None:
    """The files of a page bundle are copied as static files are: a change to one of them
    alone (the article's text unchanged) renders no page, but the output follows it."""
    root = make_site(
        {
            "content/2026/flood/index.md": article("سيول", slug="flood", body="[أ](photo.jpg)"),
            # a link's file: never decoded (a real JPEG: a published one is cleaned of metadata)
            "content/2026/flood/photo.jpg": OLD_PHOTO,
        }
    )
    build_site(root)
    folder, bundle = root / "public/2026/03/flood", root / "content/2026/flood"
    assert (folder / "photo.jpg").read_bytes() == OLD_PHOTO
    (bundle / "photo.jpg").write_bytes(NEW_PHOTO)
    assert build_site(root).rendered_paths == ()
    assert (folder / "photo.jpg").read_bytes() == NEW_PHOTO
    (bundle / "docs").mkdir()
    (bundle / "docs/report.pdf").write_bytes(b"%PDF")
    assert build_site(root).rendered_paths == ()
    assert (folder / "docs/report.pdf").read_bytes() == b"%PDF"
    (bundle / "docs/report.pdf").unlink()
    assert build_site(root).rendered_paths == ()
    assert not (folder / "docs").exists()
    build_site(root, out=root.parent / "clean", clean=True)
    assert tree(root / "public") == tree(root.parent / "clean")
