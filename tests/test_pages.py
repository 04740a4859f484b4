"""Standalone pages («من نحن», «اتصل بنا») and the footer menu."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarida.errors import BuildFailed
from tests.conftest import NOW, MakeSite, article, build_site, read, tree

ABOUT = '---\ntitle: "من نحن"\nslug: about\n---\nنحن فريق **جريدة**.\n'
SITE = {
    "jarida.yaml": "menus:\n  footer:\n    - {title: من نحن, url: /about/}\n"
    "    - {title: الأرشيف, url: 'https://archive.example/'}\n",
    "content/pages/about.md": ABOUT,
    "content/contact.md": '---\ntitle: "اتصل بنا"\ntype: page\naliases: [/contact-us/]\n---\nنص.\n',
    "content/news.md": article("خبر", "2026-05-31T10:00:00+03:00", tags="[أ]", category="ب"),
}


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    root = make_site(SITE)
    build_site(root, now=NOW)
    return root


def test_pages_render_at_their_slug_with_the_page_template(site: Path) -> None:
    page = read(site, "about/index.html")
    assert '<h1 dir="auto">من نحن</h1>' in page and "<strong>جريدة</strong>" in page
    for absent in ("<time", "مقالات ذات صلة", 'rel="tag"', 'og:type" content="article'):
        assert absent not in page
    assert (site / "public/اتصل-بنا/index.html").is_file()  # type: page, slug from the title
    assert "url=/%D8%A7%D8%AA%D8%B5%D9%84-%D8%A8%D9%86%D8%A7/" in read(
        site, "contact-us/index.html"
    )


def test_pages_are_left_out_of_lists_feeds_and_the_news_sitemap(site: Path) -> None:
    mains = [
        read(site, p).split("<main")[1].split("</main>")[0]
        for p in ("index.html", "tags/أ/index.html", "categories/ب/index.html", "tags/index.html")
    ]
    for text in [
        *mains,
        read(site, "atom.xml"),
        read(site, "rss.xml"),
        read(site, "news-sitemap.xml"),
    ]:
        assert "من نحن" not in text and "اتصل بنا" not in text and "/about/" not in text
    assert "<loc>http://localhost:8000/about/</loc>" in read(site, "sitemap.xml")


def test_footer_menu(site: Path) -> None:
    home = read(site, "index.html")
    assert '<a href="/about/" dir="auto">من نحن</a>' in home
    assert '<a href="https://archive.example/" dir="auto">الأرشيف</a>' in home
    assert 'href="/about/" dir="auto" aria-current="page"' in read(site, "about/index.html")


def test_a_page_on_an_article_url_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/pages/tags.md": '---\ntitle: "وسوم"\nslug: tags\n---\n'})
    with pytest.raises(BuildFailed) as info:
        build_site(root, now=NOW)
    assert "used by the site's own pages" in info.value.errors[0].message


def test_a_dated_page_still_needs_no_date_and_drafts_apply(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/pages/a.md": '---\ntitle: "صفحة"\ndraft: true\n---\n',
            "content/pages/b.md": '---\ntitle: "ب"\ndate: 2026-01-01\n---\n',
        }
    )
    build_site(root, now=NOW)
    assert "a/index.html" not in tree(root / "public") and (root / "public/ب/index.html").exists()
    assert "<lastmod>2026-01-01T00:00:00+00:00</lastmod>" in read(root, "sitemap.xml")
