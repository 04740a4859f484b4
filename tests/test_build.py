"""A small fixture site built end to end; the pages checked as a reader would see them."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from jarida.errors import BuildFailed
from tests.conftest import THEME_CSS, MakeSite, article, build_site, read, tree

SITE = {
    "jarida.yaml": """\
        title: "جريدة الاختبار"
        base_url: https://news.example/ar/
        language: ar
        timezone: Asia/Riyadh
        paginate: 2
        """,
    "content/2026/helicopters.md": article(
        "وصول مروحيات Mi-35B",
        "2026-03-30T09:00:00+03:00",
        "وصلت مروحيات **Mi-35B** إلى القاعدة، وفق Twitter.\n\n## التفاصيل\n\nنص.",
        tags="[الطيران, روسيا]",
        category="سياسة",
        author="سلمى الحداد",
    ),
    "content/2026/oil.md": article(
        "إنتاج النفط يرتفع",
        "2026-03-31T10:00:00+03:00",
        "ارتفع الإنتاج إلى 5000 برميل.",
        tags="[النفط, روسيا]",
        category="اقتصاد",
        author="كريم العطار",
        summary="ملخص النفط",
    ),
    "content/2026/fleet.md": article(
        "أسطول جديد من طائرات A320neo",
        "2026-04-02T10:00:00+03:00",
        "نص الأسطول.",
        tags="الطيران، النفط",
        category="اقتصاد",
        author="سلمى الحداد",
    ),
    "content/2026/draft.md": article(
        "مسودة خبر", "2026-04-03T10:00:00+03:00", draft="true", category="سياسة"
    ),
    "content/2026/future.md": article("خبر الغد", "2026-12-01T10:00:00+03:00", category="سياسة"),
    "content/_notes.md": "not an article",
    "static/images/a.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
}


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    root = make_site(SITE)
    build_site(root)
    return root


def html_pages(root: Path) -> list[Path]:
    return sorted((root / "public").rglob("*.html"))


def test_pages_of_the_site(site: Path) -> None:
    files = set(tree(site / "public"))
    assert {
        "2026/03/وصول-مروحيات-mi-35b/index.html",
        "2026/03/إنتاج-النفط-يرتفع/index.html",
        "2026/04/أسطول-جديد-من-طائرات-a320neo/index.html",
        "index.html",
        "page/2/index.html",
        "404.html",
        "tags/index.html",
        "tags/الطيران/index.html",
        "tags/روسيا/index.html",
        "tags/النفط/index.html",
        "categories/index.html",
        "categories/اقتصاد/index.html",
        "categories/سياسة/index.html",
        "authors/index.html",
        "authors/سلمى-الحداد/index.html",
        THEME_CSS,
        "assets/favicon.svg",
        "images/a.svg",
    } <= files
    assert not any("مسودة" in f or "الغد" in f for f in files)
    assert "page/3/index.html" not in files


def test_every_page_is_rtl_valid_html_with_one_h1(site: Path) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        parser.parse(text)
        assert '<html lang="ar" dir="rtl">' in text, page
        assert text.count("<h1") == 1, page
        if page.name != "404.html":
            assert '<link rel="canonical" href="https://news.example/ar/' in text, page


def test_article_page(site: Path) -> None:
    page = read(site, "2026/03/وصول-مروحيات-mi-35b/index.html")
    assert '<meta property="og:type" content="article">' in page
    assert '<h1 dir="auto">وصول مروحيات <bdi>Mi-35B</bdi></h1>' in page
    assert "<strong><bdi>Mi-35B</bdi></strong>" in page
    assert 'href="/ar/categories/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9/"' in page  # category label
    assert 'rel="tag"' in page and ">الطيران</a>" in page
    assert "بقلم" in page and "سلمى الحداد" in page
    assert '<time datetime="2026-03-30T09:00:00+03:00">30 مارس 2026</time>' in page
    assert "مقالات ذات صلة" in page
    assert 'href="#top"' in page and "العودة إلى الأعلى" in page and 'id="top"' in page
    assert 'class="skip-link" href="#content"' in page and 'id="content"' in page
    assert "مدة القراءة" in page


def test_related_block_links_the_articles_that_share_terms(site: Path) -> None:
    page = read(site, "2026/03/إنتاج-النفط-يرتفع/index.html")
    related = page.split('id="related-heading"')[1].split("</section>")[0]
    links = re.findall(r'<a href="([^"]+)"', related)
    assert len(links) == 2  # fleet (النفط + اقتصاد) first, then helicopters (روسيا)
    assert "a320neo" in links[0] and "mi-35b" in links[1]


def test_home_is_paginated_newest_first(site: Path) -> None:
    home, second = read(site, "index.html"), read(site, "page/2/index.html")
    assert home.index("A320neo") < home.index("إنتاج النفط")
    assert "مروحيات" not in home and "مروحيات" in second
    assert 'rel="next" href="/ar/page/2/"' in home
    assert 'rel="prev" href="/ar/"' in second


def test_term_pages_and_indexes(site: Path) -> None:
    tag = read(site, "tags/الطيران/index.html")
    assert "أسطول جديد" in tag and "مروحيات" in tag and "النفط يرتفع" not in tag
    tags = read(site, "tags/index.html")
    for name in ("الطيران", "روسيا", "النفط"):
        assert f">{name}</a>" in tags
    assert "مقالتان" in tags
    assert "سلمى الحداد" in read(site, "authors/index.html")


def test_drafts_and_future_with_flags(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root, drafts=True, future=True)
    files = set(tree(root / "public"))
    assert "2026/04/مسودة-خبر/index.html" in files
    assert "2026/12/خبر-الغد/index.html" in files
    draft = read(root, "2026/04/مسودة-خبر/index.html")
    assert '<span class="badge badge-draft">مسودة</span>' in draft
    assert "badge-future" not in draft
    future = read(root, "2026/12/خبر-الغد/index.html")
    assert '<span class="badge badge-future">مجدولة للنشر</span>' in future
    assert "badge-draft" not in future
    home = read(root, "index.html")
    assert home.count("badge-draft") == 1 and home.count("badge-future") == 1


def test_published_articles_carry_no_badge(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root)
    for name, page in tree(root / "public").items():
        if name.endswith(".html"):
            assert b"badge" not in page, name


def test_bom_and_crlf_sources(make_site: MakeSite) -> None:
    text = article("خبر بنهايات ويندوز", body="سطر أول\n\nسطر ثان").replace("\n", "\r\n")
    root = make_site({"content/a.md": b"\xef\xbb\xbf" + text.encode("utf-8")})
    build_site(root)
    page = read(root, "2026/03/خبر-بنهايات-ويندوز/index.html")
    assert "<p>سطر أول</p>" in page and "\r" not in page


def test_toml_front_matter_site(make_site: MakeSite) -> None:
    root = make_site(
        {"content/a.md": '+++\ntitle = "خبر"\ndate = 2026-01-02\ntags = ["أ"]\n+++\nنص\n'}
    )
    build_site(root)
    assert "خبر" in read(root, "2026/01/خبر/index.html")


def test_no_config_builds_with_defaults(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر")})
    build_site(root)
    assert '<html lang="ar" dir="rtl">' in read(root, "index.html")


def test_stale_files_are_removed(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root)
    (root / "content/2026/oil.md").unlink()
    (root / "public/leftover.txt").write_text("old", encoding="utf-8")
    build_site(root)
    files = set(tree(root / "public"))
    assert "leftover.txt" not in files
    assert "2026/03/إنتاج-النفط-يرتفع/index.html" not in files
    assert "tags/النفط/index.html" in files  # fleet still has it


def test_template_override_extends_the_theme(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/a.md": article("خبر"),
            "templates/article.html": '{% extends "theme/article.html" %}'
            "{% block comments %}<p>تعليقكم يهمنا</p>{% endblock %}",
            "templates/partials/footer.html": "<footer>تذييل خاص</footer>",
        }
    )
    build_site(root)
    page = read(root, "2026/03/خبر/index.html")
    assert "<p>تعليقكم يهمنا</p>" in page and "<footer>تذييل خاص</footer>" in page
    assert "<h1" in page  # the rest of the original is there


def test_two_articles_on_one_url_name_both_files(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر"), "content/b.md": article("خبر")})
    with pytest.raises(BuildFailed) as info:
        build_site(root)
    message = info.value.errors[0].message
    assert "content/a.md" in message and "content/b.md" in message


def test_permalink_and_ascii_slugs(make_site: MakeSite) -> None:
    root = make_site(
        {
            "jarida.yaml": "permalink: /news/{year}/{month}/{day}/{slug}/\nslugs: ascii\n",
            "content/a.md": article("الاقتصاد المصري"),
        }
    )
    build_site(root)
    assert (root / "public/news/2026/03/31/al-aqtsad-al-msri/index.html").is_file()


def test_a_permalink_with_dot_and_empty_segments_is_in_its_normal_form(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            "jarida.yaml": "permalink: /{year}/./{month}//x/../{slug}/.\n",
            "content/a.md": article("خبر", slug="a"),
            "content/b.md": article("خبر آخر", slug="b", aliases="[/2026/03/a/]"),
        }
    )
    result = build_site(root)
    assert (root / "public/2026/03/a/index.html").is_file()
    assert "url=" not in (root / "public/2026/03/a/index.html").read_text(encoding="utf-8")
    assert [d.message.split()[2] for d in result.warnings] == ["/2026/03/a/"]
    assert sorted(p.name for p in (root / "public/2026/03").iterdir()) == ["a", "b"]


def test_front_matter_slug_wins(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر", slug="budget-2026")})
    build_site(root)
    assert (root / "public/2026/03/budget-2026/index.html").is_file()


def test_raw_html_switch(make_site: MakeSite) -> None:
    body = "نص <span class=x>مضمن</span>"
    root = make_site(
        {"jarida.yaml": "markdown:\n  html: false\n", "content/a.md": article("خبر", body=body)}
    )
    build_site(root)
    assert "&lt;span" in read(root, "2026/03/خبر/index.html")


def test_user_text_is_escaped(make_site: MakeSite) -> None:
    root = make_site(
        {"content/a.md": article("خبر </title><script>alert(1)</script>", tags="['<b>وسم</b>']")}
    )
    build_site(root)
    pages = "".join(p.read_text(encoding="utf-8") for p in html_pages(root))
    assert "<script>alert(1)</script>" not in pages
    assert "<b>وسم</b>" not in pages
