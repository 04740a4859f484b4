"""Feeds, sitemaps, Google News sitemap, robots.txt, social tags, JSON-LD, publishing controls."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from jarida.errors import BuildFailed
from jarida.outputs import sitemaps
from tests.conftest import PNG, REPO, MakeSite, article, build_site, read, tree

XSD = REPO / ".ci" / "node" / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

SITE = {
    "jarida.yaml": """\
        title: "جريدة </title><script>"
        base_url: https://news.example/
        language: ar-EG
        timezone: Africa/Cairo
        image: /images/default.png
        logo: /images/logo.png
        twitter: "@jarida"
        feeds: {count: 2}
        """,
    **{f"static/images/{name}.png": PNG for name in ("a", "b", "today", "default", "logo")},
    "content/today.md": article(
        "خبر اليوم عن Twitter",
        "2026-06-01T10:00:00+03:00",
        "نص [رابط](/images/a.png) ![صورة](/images/b.png)",
        tags="[تقنية]",
        category="اقتصاد",
        author="سلمى",
        image="/images/today.png",
        summary="ملخص اليوم",
    ),
    "content/yesterday.md": article(
        "خبر الأمس",
        "2026-05-31T09:00:00+03:00",
        tags="[تقنية]",
        category="اقتصاد",
        updated="2026-06-01",
    ),
    "content/old.md": article(
        "خبر قديم ]]> </script><script>alert(1)</script>",
        "2026-04-01T09:00:00+03:00",
        category="سياسة",
        aliases="[/2017/03/old-slug/, /archives/42.html, '/%D9%82%D8%AF%D9%8A%D9%85/']",
    ),
    "content/scheduled.md": article(
        "خبر مجدول", "2026-05-01T09:00:00+03:00", publish_date="2026-06-02T09:00:00+03:00"
    ),
    "content/expired.md": article(
        "عرض منتهي",
        "2026-05-20T09:00:00+03:00",
        expires="2026-05-25T00:00:00+03:00",
        category="سياسة",
        tags="[عروض]",
    ),
}


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    root = make_site(SITE)
    build_site(root, now=NOW)
    return root


def test_atom_and_rss_feeds_parse_with_the_newest_items(site: Path) -> None:
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse((site / "public" / name).read_bytes())
        assert not feed.bozo, (name, feed.bozo_exception)
        assert [e.title for e in feed.entries] == ["خبر اليوم عن Twitter", "خبر الأمس"]
        first = feed.entries[0]
        assert (
            first.link
            == "https://news.example/2026/06/%D8%AE%D8%A8%D8%B1-%D8%A7%D9%84%D9%8A%D9%88%D9%85-%D8%B9%D9%86-twitter/"
        )
        assert first.published_parsed[:4] == (2026, 6, 1, 7)  # 10:00 +03:00 in UTC
        assert {t.term for t in first.tags} == {"تقنية", "اقتصاد"}
        assert "https://news.example/images/a.png" in (first.get("content") or [first])[0].get(
            "value", first.get("description", "")
        )
    atom = read(site, "atom.xml")
    assert 'xml:lang="ar-EG"' in atom and "<updated>2026-06-01T10:00:00+03:00</updated>" in atom
    assert "<language>ar-eg</language>" in read(site, "rss.xml")


def test_term_feeds_and_autodiscovery(site: Path) -> None:
    feed = feedparser.parse((site / "public/tags/تقنية/atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 2
    term_page = read(site, "tags/تقنية/index.html")
    assert 'type="application/atom+xml" href="/tags/%D8%AA%D9%82%D9%86%D9%8A%D8%A9/atom.xml"' in (
        term_page
    )
    assert 'rel="alternate" type="application/rss+xml" href="/rss.xml"' in read(site, "index.html")


def test_summary_feeds(make_site: MakeSite) -> None:
    root = make_site(
        {**SITE, "jarida.yaml": "feeds: {content: summary, terms: false, rss: false}\n"}
    )
    build_site(root, now=NOW)
    files = set(tree(root / "public"))
    assert "rss.xml" not in files and "tags/تقنية/atom.xml" not in files
    entry = feedparser.parse((root / "public/atom.xml").read_bytes()).entries[0]
    assert entry.summary == "ملخص اليوم" and "content" not in entry


def test_sitemap_lists_every_public_page_with_lastmod(site: Path) -> None:
    doc = etree.parse(str(site / "public/sitemap.xml"))
    urls = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in doc.iter(f"{SM}url")}
    pages = [
        p
        for p in tree(site / "public")
        if p.endswith("index.html")
        and not p.startswith(("2017/", "archives/", "قديم/", "2026/05/عرض-منتهي/", "search/"))
    ]
    assert len(urls) == len(pages)
    assert "https://news.example/search/" not in urls  # a page of results, not content
    assert "https://news.example/" in urls
    assert (
        urls["https://news.example/2026/05/%D8%AE%D8%A8%D8%B1-%D8%A7%D9%84%D8%A3%D9%85%D8%B3/"]
        == "2026-06-01T00:00:00+03:00"
    )  # updated wins
    assert not any("404" in u or "%D8%B9%D8%B1%D8%B6" in u for u in urls)  # no 404, no expired


@pytest.mark.skipif(not XSD.is_file(), reason="sitemap.xsd comes from npm `sitemap` (.ci/run)")
def test_sitemap_validates_against_the_schema(site: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    for name in ("sitemap.xml", "news-sitemap.xml"):
        doc = etree.parse(str(site / "public" / name))
        if name == "news-sitemap.xml":  # the news elements are in their own namespace (lax)
            for news in doc.iter(f"{NEWS}news"):
                news.getparent().remove(news)
        schema.assertValid(doc)


def test_news_sitemap_follows_googles_rules(site: Path) -> None:
    doc = etree.parse(str(site / "public/news-sitemap.xml"))
    root = doc.getroot()
    assert root.tag == f"{SM}urlset" and root.nsmap["news"].endswith("sitemap-news/0.9")
    urls = root.findall(f"{SM}url")
    assert len(urls) == 2  # today and yesterday: within 2 days; old and expired are not
    for url in urls:
        assert url.findtext(f"{SM}loc").startswith("https://news.example/")
        news = url.find(f"{NEWS}news")
        publication = news.find(f"{NEWS}publication")
        assert publication.findtext(f"{NEWS}name") == "جريدة </title><script>"
        assert publication.findtext(f"{NEWS}language") == "ar"
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", news.findtext(f"{NEWS}publication_date")
        )
        assert news.findtext(f"{NEWS}title")


def test_sitemaps_split_past_their_limits(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(SITE)
    build_site(root, now=NOW)
    whole = len(etree.parse(str(root / "public/sitemap.xml")).getroot())
    monkeypatch.setattr(sitemaps, "SITEMAP_LIMIT", 5)
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 1)
    build_site(root, now=NOW, clean=True)  # other limits are other code: not a no-op
    index = etree.parse(str(root / "public/sitemap.xml")).getroot()
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.findtext(f"{SM}loc") for s in index]
    assert parts[0] == "https://news.example/sitemap-1.xml" and len(parts) >= 3
    counted = sum(
        len(etree.parse(str(root / "public" / p.rsplit("/", 1)[1])).getroot()) for p in parts
    )
    assert counted == whole and whole > 10

    news_index = etree.parse(str(root / "public/news-sitemap.xml")).getroot()
    assert [s.findtext(f"{SM}loc") for s in news_index] == [
        "https://news.example/news-sitemap-1.xml",
        "https://news.example/news-sitemap-2.xml",
    ]


def test_robots_points_to_both_sitemaps(site: Path) -> None:
    robots = read(site, "robots.txt")
    assert "Sitemap: https://news.example/sitemap.xml" in robots
    assert "Sitemap: https://news.example/news-sitemap.xml" in robots


def test_each_piece_can_be_switched_off(make_site: MakeSite) -> None:
    root = make_site(
        {
            **SITE,
            "jarida.yaml": "feeds: {atom: false, rss: false}\nsitemap: false\n"
            "news_sitemap: false\nrobots: false\njson_ld: false\n",
        }
    )
    build_site(root, now=NOW)
    files = set(tree(root / "public"))
    assert not {"atom.xml", "rss.xml", "sitemap.xml", "news-sitemap.xml", "robots.txt"} & files
    assert "application/ld+json" not in read(root, "index.html")
    assert 'rel="alternate"' not in read(root, "index.html")


def json_ld(page: str) -> list[dict[str, object]]:
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


def test_news_article_json_ld_and_social_tags(site: Path) -> None:
    page = read(site, "2026/06/خبر-اليوم-عن-twitter/index.html")
    news, crumbs = json_ld(page)
    assert news["@type"] == "NewsArticle" and news["headline"] == "خبر اليوم عن Twitter"
    assert news["image"] == ["https://news.example/images/today.png"]
    assert news["datePublished"] == "2026-06-01T10:00:00+03:00"
    assert news["dateModified"] == "2026-06-01T10:00:00+03:00"
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "سلمى",
            "url": "https://news.example/authors/%D8%B3%D9%84%D9%85%D9%89/",
        }
    ]
    assert news["publisher"]["logo"]["url"] == "https://news.example/images/logo.png"
    assert (news["inLanguage"], news["articleSection"], news["keywords"]) == (
        "ar-EG",
        ["اقتصاد"],
        ["تقنية"],
    )
    assert crumbs["@type"] == "BreadcrumbList" and len(crumbs["itemListElement"]) == 3
    # the 1200×630 JPEG made of the lead image (this one is smaller: its width, cropped)
    og = re.search(
        r'<meta property="og:image" content="(https://news\.example/images/today\.og\.\w+\.jpg)">',
        page,
    )
    assert og is not None and f'<meta name="twitter:image" content="{og.group(1)}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert '<meta name="twitter:site" content="@jarida">' in page
    assert '<link rel="canonical" href="https://news.example/2026/06/' in page
    home = read(site, "index.html")
    assert json_ld(home)[0]["@type"] == "WebSite"
    assert '<meta property="og:image" content="https://news.example/images/default.png">' in home


def test_hostile_titles_never_break_out(site: Path) -> None:
    page = read(site, "2026/04/خبر-قديم-script-script-alert-1-script/index.html")
    assert "<script>alert(1)</script>" not in page
    assert json_ld(page)[0]["headline"] == "خبر قديم ]]> </script><script>alert(1)</script>"
    assert "</title><script>" not in read(site, "index.html")
    for name in ("atom.xml", "rss.xml"):
        etree.fromstring((site / "public" / name).read_bytes())  # still well-formed XML


def test_publish_date_hides_until_then(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root, now=NOW)
    assert "مجدول" not in "".join(tree(root / "public"))
    build_site(root, now=datetime(2026, 6, 2, 7, 0, tzinfo=UTC))
    assert (root / "public/2026/05/خبر-مجدول/index.html").is_file()
    build_site(root, now=NOW, future=True)
    assert "مجدولة للنشر" in read(root, "2026/05/خبر-مجدول/index.html")


def test_expired_articles_leave_lists_but_keep_their_page(site: Path) -> None:
    assert (site / "public/2026/05/عرض-منتهي/index.html").is_file()
    assert "عرض منتهي" not in read(site, "index.html") + read(site, "categories/سياسة/index.html")
    assert not (site / "public/tags/عروض").exists()
    assert "عرض منتهي" not in read(site, "atom.xml") + read(site, "sitemap.xml")


def test_expired_pages_can_be_removed(make_site: MakeSite) -> None:
    root = make_site({**SITE, "jarida.yaml": "expired: remove\n"})
    build_site(root, now=NOW)
    assert not (root / "public/2026/05/عرض-منتهي").exists()


def test_aliases_redirect_to_the_article(site: Path) -> None:
    target = "/2026/04/%D8%AE%D8%A8%D8%B1-%D9%82%D8%AF%D9%8A%D9%85-script-script-alert-1-script/"
    for path in ("2017/03/old-slug/index.html", "archives/42.html", "قديم/index.html"):
        page = read(site, path)
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in page, path
        assert f'<link rel="canonical" href="https://news.example{target}">' in page
    redirects = read(site, "_redirects").splitlines()
    assert f"/2017/03/old-slug/ {target} 301" in redirects
    assert f"/%D9%82%D8%AF%D9%8A%D9%85/ {target} 301" in redirects


def test_an_alias_on_a_page_of_the_site_is_dropped_with_a_warning(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/a.md": article("أ", aliases="[/tags/, /atom.xml, /2026/03/ب/, /old/]"),
            "content/b.md": article("ب", tags="[س]", aliases="[/old/]"),
        }
    )
    result = build_site(root, now=NOW)
    dropped = sorted(d.message.split()[2] for d in result.warnings)
    assert dropped == ["/2026/03/ب/", "/atom.xml", "/old/", "/tags/"]
    assert all(d.path in ("content/a.md", "content/b.md") for d in result.warnings)
    assert "<feed" in read(root, "atom.xml") and "<title>ب" in read(root, "2026/03/ب/index.html")
    assert "url=/2026/03/%D8%A3/" in read(root, "old/index.html")  # the first article keeps it


def test_pagination_links_and_labels(make_site: MakeSite) -> None:
    root = make_site(
        {
            "jarida.yaml": "paginate: 1\ndigits: arab\n",
            **{
                f"content/{n}.md": article(f"خبر {n}", f"2026-05-0{n}T10:00:00+03:00")
                for n in range(1, 4)
            },
        }
    )
    build_site(root, now=NOW)
    second = read(root, "page/2/index.html")
    assert '<link rel="prev" href="/">' in second and '<link rel="next" href="/page/3/">' in second
    assert '<a rel="prev" href="/">السابق</a>' in second
    assert '<a rel="next" href="/page/3/">التالي</a>' in second
    assert '<span aria-current="page">٢</span>' in second


def test_no_recent_news_means_no_news_sitemap(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root, now=datetime(2026, 7, 1, tzinfo=UTC))
    assert not (root / "public/news-sitemap.xml").exists()  # an empty urlset is invalid
    robots = read(root, "robots.txt")
    assert "sitemap.xml" in robots and "news-sitemap" not in robots


#: What XML 1.0 forbids, as they reach Jarida: written in the file, or as YAML escapes.
CONTROL_SITE = {
    "jarida.yaml": 'title: "جريدة\\x02"\nbase_url: https://news.example/\n',
    "content/a.md": (
        '---\ntitle: "عاجل\\x01 خبر"\ndate: 2026-06-01T10:00:00Z\n'
        'summary: "ملخص\\uFFFE هنا"\ntags: ["وسم\\f", "اقتصاد"]\n---\n'
        "فقرة \x01 أولى.\n\nفقرة\x0c ثانية \ufffe.\n\n## عنوان\x01\n"
    ),
    "content/b.md": article("خبر آخر", date="2026-06-01T09:00:00Z", body="نص \x0b عادي."),
}


def test_characters_xml_forbids_never_reach_an_output(make_site: MakeSite) -> None:
    root = make_site(CONTROL_SITE)
    result = build_site(root, now=NOW)
    xml = sorted((root / "public").rglob("*.xml"))
    assert {p.name for p in xml} >= {"atom.xml", "rss.xml", "sitemap.xml", "news-sitemap.xml"}
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    for path in xml:
        etree.fromstring(path.read_bytes(), parser)  # strict: raises on a forbidden character
    for path in (root / "public").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text), path
    assert "عاجل خبر" in read(root, "atom.xml")
    found = sorted((w.path, w.line) for w in result.warnings if "XML" in w.message)
    assert found == [
        ("content/a.md", 2),  # title
        ("content/a.md", 4),  # summary
        ("content/a.md", 5),  # tags
        ("content/a.md", 7),  # the body, at the first line with one
        ("content/b.md", 5),
    ]
    again = build_site(root, now=NOW)  # from the parse cache: the same warnings
    assert sorted((w.path, w.line) for w in again.warnings if "XML" in w.message) == found


DOTTED = {
    "jarida.yaml": "search: false\n",
    "content/a.md": article("أ", slug="a"),
    "content/b.md": article("ب", "2026-03-30T10:00:00+03:00", slug="b"),
}
#: Aliases of b with `.` segments, percent-encoded dots and empty segments: what they name.
DOTTED_ALIASES = "['/2026/03/a/./', '/x/%2e/y//', '/x/.%2E/x/z/', '/2026/03/b']"


def _with_aliases(aliases: str) -> str:
    return article("ب", "2026-03-30T10:00:00+03:00", "نص آخر.", slug="b", aliases=aliases)


@pytest.mark.parametrize("incremental", [False, True])
def test_aliases_with_dot_segments_are_the_paths_they_name(
    make_site: MakeSite, tmp_path: Path, incremental: bool
) -> None:
    root = make_site(DOTTED)
    if incremental:
        build_site(root, now=NOW)
    (root / "content/b.md").write_text(_with_aliases(DOTTED_ALIASES), encoding="utf-8")
    result = build_site(root, now=NOW)
    dropped = sorted(d.message.split()[2] for d in result.warnings)
    assert dropped == ["/2026/03/a/", "/2026/03/b"]  # pages of the site: no redirect
    assert "refresh" not in read(root, "2026/03/a/index.html")
    assert "refresh" not in read(root, "index.html")
    assert read(root, "_redirects").splitlines()[1:] == [
        "/x/y/ /2026/03/b/ 301",
        "/x/z/ /2026/03/b/ 301",
    ]
    assert "url=/2026/03/b/" in read(root, "x/y/index.html")
    build_site(root, out=tmp_path / "clean", now=NOW, clean=True)
    assert tree(root / "public") == tree(tmp_path / "clean")


@pytest.mark.parametrize(
    "alias",
    [
        "/./",
        "/%2e/",
        "//",
        "/x/../../y/",
        "/x/%2e%2E/%2E./",
        "/old\\page/",
        "/old\tpage/",
        "/a\x85/",
        "/a\x01b/",  # what XML forbids: an error in a path, not a character quietly taken out
        "/a\ufffeb/",
    ],
)
@pytest.mark.parametrize("incremental", [False, True])
def test_an_alias_outside_the_site_or_with_control_characters_is_an_error(
    make_site: MakeSite, alias: str, incremental: bool
) -> None:
    root = make_site(DOTTED)
    if incremental:
        build_site(root, now=NOW)
        before = tree(root / "public")
    quoted = json.dumps(alias)  # YAML reads JSON strings, escapes and all
    (root / "content/b.md").write_text(_with_aliases(f"[{quoted}]"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(root, now=NOW)
    [problem] = failed.value.diagnostics
    assert (problem.path, problem.line) == ("content/b.md", 5)  # the line of `aliases:`
    assert "alias" in problem.message and problem.hint
    if incremental:
        assert tree(root / "public") == before
