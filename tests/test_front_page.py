"""The editors' control of the front page and the site-wide blocks (issue 18): the featured
lead story, the breaking banner and its end, the home page's category sections, the main menu,
and the fragments that keep the banner and the sidebar out of every article page."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from jarida.config import load_config
from jarida.errors import BuildFailed
from jarida.model import Selection
from jarida.sitecheck import check
from tests.conftest import NOW, MakeSite, article, build_site, read

HOME = {
    "jarida.yaml": "title: جريدة\npaginate: 3\n",
    "content/old.md": article(
        "قديم مميز", "2026-05-01T10:00:00+03:00", slug="old", featured="true"
    ),
    "content/mid.md": article(
        "أوسط مميز", "2026-05-02T10:00:00+03:00", slug="mid", featured="true"
    ),
    "content/new.md": article("أحدث", "2026-05-03T10:00:00+03:00", slug="new"),
    "content/newer.md": article("أحدث منه", "2026-05-04T10:00:00+03:00", slug="newer"),
}


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="[^"]*" dir="auto">([^<]*)</a>', html)


def test_the_newest_featured_story_leads_the_home_page_and_the_rest_keep_date_order(
    make_site: MakeSite,
) -> None:
    root = make_site(HOME)
    build_site(root)
    assert card_titles(read(root, "index.html")) == ["أوسط مميز", "أحدث منه", "أحدث"]
    assert card_titles(read(root, "page/2/index.html")) == ["قديم مميز"]


def test_without_a_featured_story_the_newest_leads(make_site: MakeSite) -> None:
    files = {k: v.replace("featured: true\n", "") for k, v in HOME.items()}
    root = make_site(files)
    build_site(root)
    assert card_titles(read(root, "index.html")) == ["أحدث منه", "أحدث", "أوسط مميز"]


def test_a_featured_draft_or_future_story_does_not_lead(make_site: MakeSite) -> None:
    files = dict(HOME)
    files["content/draft.md"] = article("مسودة", "2026-05-05", featured="true", draft="true")
    files["content/later.md"] = article("لاحق", "2026-07-05", featured="true")
    root = make_site(files)
    build_site(root, drafts=True, future=True)
    assert card_titles(read(root, "index.html"))[0] == "أوسط مميز"


def test_featured_must_be_true_or_false(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر", featured="maybe")})
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    [problem] = failed.value.diagnostics
    assert (problem.path, problem.line) == ("content/a.md", 4)
    assert "`featured` must be true or false" in problem.message


HOSTILE = 'عاجل </a><script>alert("x")</script> & <b>'
BREAKING = {
    "jarida.yaml": "title: جريدة\nbase_url: https://news.example/ar/\ntimezone: Asia/Riyadh\n",
    "content/flood.md": article(
        HOSTILE,
        "2026-06-01T09:00:00+03:00",
        slug="flood",
        category="محليات",
        breaking="true",
        breaking_until="2026-06-01T18:00:00+03:00",
    ),
    "content/market.md": article(
        "السوق يرتفع", "2026-05-30T09:00:00+03:00", slug="market", category="اقتصاد"
    ),
}
FRAGMENT = "fragments/breaking.htm"
FLOOD, MARKET = "2026/06/flood/index.html", "2026/05/market/index.html"
ESCAPED = 'عاجل &lt;/a&gt;&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;'


def read_shown(root: Path, path: str) -> str:
    """An output without the <bdi> the theme puts around Latin runs of a title."""
    return read(root, path).replace("<bdi>", "").replace("</bdi>", "")


def test_a_breaking_story_is_in_the_banner_fragment_and_on_the_home_page(
    make_site: MakeSite,
) -> None:
    root = make_site(BREAKING)
    build_site(root)
    banner = read_shown(root, FRAGMENT)
    assert "عاجل" in banner and ESCAPED in banner and "<script>" not in banner
    assert 'href="/ar/2026/06/flood/"' in banner
    assert 'data-breaking-until="2026-06-01T18:00:00+03:00"' in banner
    assert ESCAPED in read_shown(root, "index.html").split('<main id="content"')[1].split("<h1")[0]
    market = read(root, MARKET)  # the other pages load the banner: they do not hold it
    assert 'data-fragment="/ar/fragments/breaking.htm"' in market
    assert "data-breaking-until" not in market
    assert '<script src="/ar/assets/fragments.' in market and "defer" in market


def test_the_banner_ends_at_breaking_until_and_that_build_is_not_a_no_op(
    make_site: MakeSite,
) -> None:
    root = make_site(BREAKING)
    build_site(root)
    later = NOW + timedelta(hours=4)  # 18:00 in Riyadh is 15:00 UTC; NOW is 12:00 UTC
    result = build_site(root, now=later)
    assert not result.skipped
    assert {FRAGMENT, "index.html"} <= set(result.rendered_paths)
    assert "flood" not in read(root, FRAGMENT) and "breaking" not in read(root, FRAGMENT)
    assert "data-breaking-until" not in read(root, "index.html")
    assert build_site(root, now=later).skipped


def test_drafts_scheduled_and_expired_stories_raise_no_banner(make_site: MakeSite) -> None:
    until = "2026-06-02T18:00:00+03:00"
    root = make_site(
        {
            "content/a.md": article(
                "مسودة", "2026-06-01", breaking="true", breaking_until=until, draft="true"
            ),
            "content/b.md": article("مجدولة", "2026-06-02", breaking="true", breaking_until=until),
            "content/c.md": article(
                "منتهية", "2026-05-31", breaking="true", breaking_until=until, expires="2026-06-01"
            ),
        }
    )
    build_site(root, drafts=True, future=True)
    assert "data-breaking-until" not in read(root, FRAGMENT)
    assert "data-breaking-until" not in read(root, "index.html")


def test_the_article_sidebar_links_its_fragments_with_static_fallbacks(
    make_site: MakeSite,
) -> None:
    root = make_site(BREAKING)
    build_site(root)
    page = read(root, MARKET)
    aside = page[page.index("<aside") : page.index("</aside>")]
    assert 'data-fragment="/ar/fragments/latest.htm"' in aside
    assert 'href="/ar/"' in aside  # without scripts: the home page's latest stories
    economy = "%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"
    assert f'data-fragment="/ar/fragments/categories/{economy}/latest.htm"' in aside
    assert f'href="/ar/categories/{economy}/"' in aside
    latest = read_shown(root, "fragments/latest.htm")
    assert latest.index(ESCAPED) < latest.index("السوق يرتفع") and "<script>" not in latest
    category = read(root, "fragments/categories/اقتصاد/latest.htm")
    assert "السوق يرتفع" in category and "flood" not in category


def test_fragments_are_in_no_sitemap_feed_or_search_index(make_site: MakeSite) -> None:
    root = make_site(BREAKING)
    build_site(root)
    for name in ("sitemap.xml", "atom.xml", "rss.xml"):
        assert "fragments" not in read(root, name), name
    index = root / "public" / "pagefind"
    assert index.is_dir()
    assert not [p for p in (root / "public").rglob("*.html") if "fragments" in p.parts]


def test_breaking_until_before_the_date_is_an_error_at_its_line(make_site: MakeSite) -> None:
    root = make_site(
        {"content/a.md": article("خبر", "2026-05-01", breaking="true", breaking_until="2026-04-01")}
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    [problem] = failed.value.diagnostics
    assert (problem.path, problem.line) == ("content/a.md", 5)


def nav_links(html: str) -> list[tuple[str, str]]:
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    return re.findall(r'<a href="([^"]*)" dir="auto"[^>]*>([^<]*)</a>', nav)


def test_the_header_menu_is_menus_main_in_the_editors_order(make_site: MakeSite) -> None:
    menu = (
        "menus:\n  main:\n    - {title: اقتصاد, url: /categories/اقتصاد/}\n"
        "    - {title: '<من نحن>', url: /about/}\n    - {title: الأرشيف, url: 'https://a.example/'}\n"
    )
    root = make_site(BREAKING | {"jarida.yaml": BREAKING["jarida.yaml"] + menu})
    build_site(root)
    home = read(root, "index.html")
    assert nav_links(home) == [
        ("/ar/categories/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/", "اقتصاد"),
        ("/ar/about/", "&lt;من نحن&gt;"),
        ("https://a.example/", "الأرشيف"),
    ]
    economy = read(root, "categories/اقتصاد/index.html")
    assert 'aria-current="page">اقتصاد</a>' in economy.split("</nav>")[0]


def test_without_menus_main_the_header_lists_the_categories_by_count(
    make_site: MakeSite,
) -> None:
    files = BREAKING | {"content/more.md": article("المزيد", "2026-05-29", category="اقتصاد")}
    root = make_site(files)
    build_site(root)
    assert [name for _, name in nav_links(read(root, "index.html"))] == ["اقتصاد", "محليات"]


SECTIONS = (
    "home:\n  sections:\n    - {category: اقتصاد, count: 2}\n    - {category: محليات}\n"
    "    - {category: فنون, count: 3}\n"
)


def test_home_sections_show_each_categorys_latest_stories(make_site: MakeSite) -> None:
    files = BREAKING | {
        "jarida.yaml": BREAKING["jarida.yaml"] + SECTIONS,
        "content/oil.md": article("النفط يهبط", "2026-05-31", slug="oil", category="اقتصاد"),
        "content/gold.md": article("الذهب", "2026-05-20", slug="gold", category="اقتصاد"),
    }
    root = make_site(files)
    result = build_site(root)
    home = read(root, "index.html")
    blocks = re.findall(r'<section class="home-section".*?</section>', home, re.S)
    assert len(blocks) == 2  # فنون has no articles: a warning, no block
    economy = "/ar/categories/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/"
    assert f'id="section-1"><a href="{economy}"' in blocks[0]
    assert card_titles(blocks[0]) == ["النفط يهبط", "السوق يرتفع"]  # 2 of 3, newest first
    assert "محليات" in blocks[1] and 'href="/ar/2026/06/flood/"' in blocks[1]
    [warning] = [w for w in result.warnings if "فنون" in w.message]
    assert warning.path == "jarida.yaml" and "home.sections" in warning.message


def test_check_warns_of_a_breaking_story_without_an_end_and_of_an_unknown_section(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            "jarida.yaml": "home:\n  sections:\n    - {category: فنون}\n",
            "content/a.md": article("خبر", "2026-06-01T09:00:00+03:00", breaking="true"),
        }
    )
    found = check(load_config(root), Selection(now=NOW))
    assert [(d.path, d.line, d.is_error) for d in found] == [
        ("content/a.md", 4, False),
        ("jarida.yaml", 0, False),
    ]
    assert "24 hours" in found[0].message and "فنون" in found[1].message
    build_site(root)  # the default end: 24 hours after the date
    assert 'data-breaking-until="2026-06-02T06:00:00+00:00"' in read(root, FRAGMENT)
