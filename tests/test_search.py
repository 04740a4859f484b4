"""Search: what the pages give Pagefind, the index in the output, the switch and the failures.

The site below is shared with the browser test (tests/browser/test_search.py), which types the
queries a reader would type.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import html5lib
import pytest

from jarida.errors import BuildFailed
from jarida.searchindex import canonical_bundle
from tests.conftest import PNG, MakeSite, article, build_site, read, tree

SITE = {
    "jarida.yaml": """\
        title: "جريدة البحث"
        description: "كلمةالوصف في رأس كل صفحة"
        base_url: https://news.example/
        language: ar-EG
        timezone: Africa/Cairo
        permalink: "/{year}/{slug}/"
        """,
    "content/growth.md": article(
        "الاقتصادُ المصريُّ ينمو في الربع الأول",
        "2026-03-01T10:00:00+02:00",
        "قال وزير المالية إن الاقتصادَ المصريَّ حقق نموًا ملحوظًا في عام ٢٠٢٤ بفضل السياحة.",
        slug="growth",
        category="اقتصاد",
        tags="[توقعات, النمو]",
        image="/images/growth.png",
        image_alt="ميناء مزدحم",
        summary="ملخص النمو",
    ),
    "content/inflation.md": article(
        "الإقتصاد العالمي يواجه التضخم",
        "2026-04-01T10:00:00+02:00",
        "حذرت Christine Lagarde في ٱلمصرف من أن التضخم سيبقى مرتفعا حتى عام 2025 على الأقل.",
        slug="inflation",
        category="اقتصاد",
        tags="[التضخم]",
    ),
    "content/plan.md": article(
        "الحكومة تعلن خطة جديدة",
        "2026-05-01T10:00:00+02:00",
        "أعلنت الحكومة خطة لدعم التعليم والاقتصاد معًا خلال السنوات المقبلة.",
        slug="plan",
        category="سياسة",
        tags="[النمو]",
        comments='[{author: "قارئ", text: "كلمةالتعليق في أرشيف التعليقات"}]',
    ),
    "content/match.md": article(
        "المنتخب يفوز في مباراة ودية",
        "2026-05-20T10:00:00+02:00",
        "سجل أحمد هدفين وصنع Mohamed Salah الثالث، ثم نُقل لاعب إلى المستشفى ووقّع کتاب.",
        slug="match",
        category="رياضة",
    ),
    "static/images/growth.png": PNG,
}
GROWTH, INFLATION, PLAN, MATCH = (
    f"2026/{s}/index.html" for s in ("growth", "inflation", "plan", "match")
)


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    root = make_site(SITE)
    build_site(root)
    return root


def parse(root: Path, path: str) -> Any:
    return html5lib.parse(read(root, path), namespaceHTMLElements=False)


def by_attribute(doc: Any, attribute: str) -> list[Any]:
    return [e for e in doc.iter() if attribute in e.attrib]


def test_article_page_marks_what_is_indexed(site: Path) -> None:
    doc = parse(site, GROWTH)
    bodies = by_attribute(doc, "data-pagefind-body")
    assert [e.tag for e in bodies] == ["article"]
    body = bodies[0]
    assert body.get("data-pagefind-sort") == "date:1772352000"
    assert body.get("data-pagefind-meta") == "date:١ مارس ٢٠٢٦"
    ignored = {(e.tag, e.get("class")) for e in by_attribute(doc, "data-pagefind-ignore")}
    assert ignored == {
        ("p", "label-row"),
        ("p", "meta"),
        ("figure", "lead-image"),
        ("footer", "article-tags"),
        ("div", "share"),
        ("section", "related"),
    }
    html = read(site, GROWTH)
    assert 'content="اقتصاد" data-pagefind-filter="category[content]">' in html
    assert (
        '<meta property="article:tag" content="توقعات" data-pagefind-filter="tag[content]">' in html
    )
    assert 'content="ملخص النمو" data-pagefind-meta="summary[content]"' in html
    # search results show a thumbnail: the lead picture's smallest 16:9 crop
    assert re.search(
        r'data-pagefind-meta="image\[data-thumbnail\], image_alt\[data-alt\]" '
        r'data-thumbnail="/images/growth\.16x9\.64w\.\w+\.png"',
        html,
    )


def test_comments_are_not_indexed(site: Path) -> None:
    ignored = by_attribute(parse(site, PLAN), "data-pagefind-ignore")
    assert "comments-archive" in {e.get("class") for e in ignored}


def test_folded_words_pagefind_misses_are_in_an_attribute(site: Path) -> None:
    doc = parse(site, PLAN)
    terms = by_attribute(doc, "data-terms")
    assert len(terms) == 1
    span = terms[0]
    assert span.get("id") == "jarida-search-terms"
    assert span.get("data-pagefind-index-attrs") == "data-terms"
    assert not (span.text or "").strip() and not list(span)
    assert span.get("data-terms") == "الاقتصاد"
    # It is the last thing in the indexed element: the search page's script relies on it.
    assert list(by_attribute(doc, "data-pagefind-body")[0])[-1] is span
    # Tashkeel, hamza on alef and digits Pagefind folds itself; «المستشفى» it does not.
    match = parse(site, MATCH)
    assert by_attribute(match, "data-terms")[0].get("data-terms") == "الي المستشفي كتاب"
    assert (
        by_attribute(parse(site, INFLATION), "data-terms")[0].get("data-terms")
        == "المصرف سيبقي حتي علي"
    )
    assert not by_attribute(parse(site, GROWTH), "data-terms")  # all folds Pagefind's own


def test_only_article_pages_are_indexed(site: Path) -> None:
    for path in (
        "index.html",
        "tags/النمو/index.html",
        "categories/index.html",
        "search/index.html",
        "404.html",
    ):
        assert "data-pagefind-body" not in read(site, path), path
    entry = json.loads(read(site, "pagefind/pagefind-entry.json"))
    assert [(k, v["page_count"]) for k, v in entry["languages"].items()] == [("ar-eg", 4)]
    assert (site / "public/pagefind/pagefind.js").is_file()


def test_an_expired_article_keeps_its_page_but_leaves_the_index(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/a.md": article("خبر باق", slug="a"),
            "content/b.md": article("عرض انتهى", slug="b", expires="2026-05-01T00:00:00+03:00"),
        }
    )
    build_site(root)
    assert "data-pagefind-body" in read(root, "2026/03/a/index.html")
    assert "data-pagefind-body" not in read(root, "2026/03/b/index.html")
    entry = json.loads(read(root, "pagefind/pagefind-entry.json"))
    assert [v["page_count"] for v in entry["languages"].values()] == [1]


def test_search_page_and_header_box(site: Path) -> None:
    page = read(site, "search/index.html")
    assert '<meta name="robots" content="noindex">' in page
    assert "<title>بحث | جريدة البحث</title>" in page
    assert 'href="/categories/"' in page and 'href="/tags/"' in page  # the no-script way in
    assert 'class="search-form" role="search" action="/search/" method="get" hidden>' in page
    settings = json.loads(re.search(r'id="search-settings">(.*?)</script>', page).group(1))
    assert settings["bundle"] == "/pagefind/pagefind.js"
    assert settings["lang"] == "ar-EG" and settings["digits"] == "arab"
    assert settings["strings"]["search_results"]["two"] == "نتيجتان"
    assert "search/" not in read(site, "sitemap.xml")
    for path in ("index.html", GROWTH, "search/index.html"):
        header = read(site, path)
        # Named, so that it is told apart from the search page's own form (axe landmark-unique).
        assert '<form class="site-search" role="search" aria-label="ابحث في المقالات" ' in header
        assert 'action="/search/" method="get">' in header
        assert '<input id="site-search-input" type="search" name="q"' in read(site, path)
    assert list((site / "public/assets").glob("search.*.js"))  # fingerprinted


def test_search_off(make_site: MakeSite) -> None:
    root = make_site({**SITE, "jarida.yaml": SITE["jarida.yaml"] + "search: false\n"})
    result = build_site(root)
    assert result.search == "off"
    files = tree(root / "public")
    assert not [p for p in files if p.startswith(("search/", "pagefind/"))]
    assert not any(f.startswith("assets/search.") for f in files)
    assert "site-search" not in read(root, "index.html")
    assert "data-terms" not in read(root, PLAN)


def test_a_site_without_articles_has_no_index(make_site: MakeSite) -> None:
    root = make_site({"jarida.yaml": "title: فارغ\n"})
    assert build_site(root).search == "empty"
    assert not (root / "public/pagefind").exists()
    assert (root / "public/search/index.html").is_file()  # it says the index cannot be loaded


def test_search_urls_are_reserved_only_when_search_is_on(make_site: MakeSite) -> None:
    files = {
        "jarida.yaml": "permalink: /{slug}/\n",
        "content/a.md": article("خبر", slug="search"),
    }
    with pytest.raises(BuildFailed) as failed:
        build_site(make_site(files))
    assert "is used by the site's own pages" in failed.value.diagnostics[0].message
    files["jarida.yaml"] += "search: false\n"
    build_site(make_site(files))


def test_a_static_file_inside_the_index_folder_is_refused(make_site: MakeSite) -> None:
    root = make_site({**SITE, "static/pagefind/pagefind.js": "// mine"})
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    problems = {d.path: d.message for d in failed.value.diagnostics}
    assert "where the search index is written" in problems["static/pagefind/pagefind.js"]


def test_a_missing_binary_fails_the_build_and_keeps_the_old_site(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(site / "public")
    monkeypatch.setattr("pagefind.service.get_executable", lambda: None)
    (site / "content/match.md").write_text(
        SITE["content/match.md"] + "\nسطر جديد.\n", encoding="utf-8"
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(site)
    text = failed.value.diagnostics[0].format()
    assert "the Pagefind binary is not installed" in text
    assert "pip install 'pagefind[bin]'" in text and "search: false" in text
    assert tree(site / "public") == before


def test_a_failing_binary_fails_the_build_and_keeps_the_old_site(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = tree(site / "public")
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: something broke' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    with pytest.raises(BuildFailed) as failed:
        build_site(site)
    text = failed.value.diagnostics[0].format()
    assert "Pagefind failed (exit status 3)" in text and "Error: something broke" in text
    assert tree(site / "public") == before
    assert sorted(p.name for p in site.iterdir()) == [
        ".jarida",
        ".public.lock",
        "content",
        "jarida.yaml",
        "public",
        "static",
    ]


def _inodes(root: Path) -> dict[str, int]:
    folder = root / "public"
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in sorted((folder / "pagefind").rglob("*"))
        if p.is_file()
    }


def test_the_index_is_rebuilt_only_when_an_indexed_page_changed(site: Path) -> None:
    first = _inodes(site)
    assert build_site(site).search == "kept"  # nothing changed: no commit at all
    assert _inodes(site) == first
    (site / "static/robots-extra.txt").write_text("x", encoding="utf-8")
    result = build_site(site)  # a new tree is committed, with the same index linked into it
    assert result.search == "kept" and result.rendered == 0
    assert _inodes(site) == first
    (site / "content/match.md").write_text(
        SITE["content/match.md"].replace("هدفين", "ثلاثة أهداف"), encoding="utf-8"
    )
    result = build_site(site)
    assert result.search == "indexed" and result.search_seconds > 0
    assert _inodes(site) != first
    assert build_site(site, clean=True).search == "indexed"


def test_an_incremental_index_equals_a_clean_one(site: Path, tmp_path: Path) -> None:
    (site / "content/new.md").write_text(
        article("خبر جديد", "2026-05-25T10:00:00+02:00", "نص جديد.", slug="new"), encoding="utf-8"
    )
    assert build_site(site).search == "indexed"
    clean = tmp_path / "clean"
    build_site(site, out=clean, clean=True)
    assert tree(site / "public") == tree(clean)


def test_an_index_layout_it_does_not_know_is_left_as_it_is(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    entry = '{"languages":{"ar":{"hash":"ar_123"}}}'
    (bundle / "pagefind-entry.json").write_text(entry, encoding="utf-8")
    (bundle / "pagefind.ar_123.pf_meta").write_bytes(gzip.compress(b"something else"))
    canonical_bundle(bundle)
    assert "could not be made reproducible" in caplog.text
    assert (bundle / "pagefind-entry.json").read_text(encoding="utf-8") == entry
    assert sorted(p.name for p in bundle.iterdir()) == [
        "pagefind-entry.json",
        "pagefind.ar_123.pf_meta",
    ]
