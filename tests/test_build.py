"""A small fixture site built end to end; the pages checked as a reader would see them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import html5lib
import pytest

from jarida.errors import BuildFailed
from tests.conftest import (
    JPEG,
    PNG,
    THEME_CSS,
    MakeSite,
    article,
    build_site,
    picture_bytes,
    read,
    tree,
    write_site,
)

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
    assert '<time datetime="2026-03-30T09:00:00+03:00">30 مارس 2026، 9:00 ص</time>' in page
    assert "مقالات ذات صلة" in page
    assert 'href="#top"' in page and "العودة إلى الأعلى" in page and 'id="top"' in page
    assert 'class="skip-link" href="#content"' in page and 'id="content"' in page
    assert "مدة القراءة" in page


def test_related_block_links_the_articles_that_share_terms(site: Path) -> None:
    page = read(site, "2026/03/إنتاج-النفط-يرتفع/index.html")
    related = page.split('id="related-heading"')[1].split("</section>")[0]
    links = re.findall(r'<a class="related-title" href="([^"]+)"', related)
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
    assert 'http-equiv="refresh"' not in read(root, "2026/03/a/index.html")  # not a redirect
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


def test_dates_at_the_edges_of_the_allowed_years_build(make_site: MakeSite) -> None:
    root = make_site(
        {
            "jarida.yaml": "timezone: Pacific/Kiritimati\nhijri: true\n",
            "content/old.md": article("قديم", date="1000-01-01T00:00-12:00", expires="9000-12-31"),
            "content/far.md": article(
                "بعيد", date="2026-05-31T00:00+14:00", updated="9000-12-31T23:59-12:00"
            ),
        }
    )
    build_site(root, future=True)
    assert "<loc>" in read(root, "sitemap.xml") and "<entry>" in read(root, "atom.xml")


def test_a_date_past_the_allowed_years_leaves_the_output_as_it_was(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر")})
    build_site(root)
    before = tree(root / "public")
    (root / "content/b.md").write_text(article("ب", date="9999-12-31"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    assert [(d.path, d.line) for d in failed.value.errors] == [("content/b.md", 3)]
    assert tree(root / "public") == before


def test_long_headlines_tags_and_words_get_slugs_a_file_system_takes(make_site: MakeSite) -> None:
    from jarida.config import load_config
    from jarida.model import Selection
    from jarida.sitecheck import check
    from tests.conftest import NOW
    from tests.unit.test_arabic import LONG_TITLE

    tag = "وسم" + "ط" * 300
    root = make_site(
        {
            "content/a.md": article(LONG_TITLE, tags=f"[{tag}]"),
            "content/b.md": article("ك" * 200),
        }
    )
    assert check(load_config(root), Selection(now=NOW)) == ()
    site = build_site(root).site
    slugs = sorted(a.slug for a in site.articles.values())
    assert slugs == sorted(["ك" * 90, "-".join(LONG_TITLE.split()[:14])])
    for a in site.articles.values():
        assert (root / "public" / a.out_dir / "index.html").is_file()
    (term,) = site.taxonomies["tags"].values()
    assert term.slug == ("وسم" + "ط" * 300)[:90] and (root / "public" / term.out_dir).is_dir()


def test_long_headlines_cut_to_the_same_slug_are_a_collision(make_site: MakeSite) -> None:
    from tests.unit.test_arabic import LONG_TITLE

    root = make_site(
        {
            "content/a.md": article(LONG_TITLE + " أ"),
            "content/b.md": article(LONG_TITLE + " ب"),
        }
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    (problem,) = failed.value.errors
    assert "2 articles have the URL" in problem.message and problem.path == "content/a.md"


def test_a_permalink_too_long_for_a_file_name_is_an_error(make_site: MakeSite) -> None:
    from tests.unit.test_arabic import LONG_TITLE

    root = make_site(
        {
            "jarida.yaml": "permalink: /{year}/{slug}-" + "x" * 120 + "/\n",
            "content/a.md": article(LONG_TITLE),
        }
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    (problem,) = failed.value.errors
    assert problem.path == "content/a.md" and "255" in problem.message


def cli(*args: str | Path) -> tuple[int, str]:
    """``jarida ARGS`` in-process: the exit code and everything printed (never a traceback)."""
    from click.testing import CliRunner

    from jarida.cli import cli as command

    result = CliRunner().invoke(command, [*map(str, args)], env={"SOURCE_DATE_EPOCH": "1780000000"})
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("files", "where", "said"),
    [
        (  # a page slug that is a file of the site
            {"jarida.yaml": "permalink: /{slug}/\n", "content/b.md": article("خ", slug="atom.xml")},
            "content/b.md",
            "/atom.xml is a page the site generates, so it cannot also be a folder holding "
            "/atom.xml/index.html (the page of content/b.md)",
        ),
        (  # a static file where the tag pages need a folder
            {"content/b.md": article("خ", tags="[وسم]"), "static/tags": "x"},
            "static/tags",
            "/tags is static/tags, so it cannot also be a folder holding /tags/index.html "
            "(a page the site generates, and 3 more)",
        ),
        (  # a static file where the year of an article's URL needs a folder
            {"content/b.md": article("خ", slug="b"), "static/2026": "x"},
            "static/2026",
            "/2026 is static/2026, so it cannot also be a folder holding "
            "/2026/03/b/index.html (the page of content/b.md)",
        ),
        (  # the search page and its index
            {"jarida.yaml": "search: true\n", "content/b.md": article("خ"), "static/search": "x"},
            "static/search",
            "/search is static/search, so it cannot also be a folder holding /search/index.html",
        ),
        (
            {"jarida.yaml": "search: true\n", "content/b.md": article("خ"), "static/pagefind": ""},
            "static/pagefind",
            "/pagefind is static/pagefind, so it cannot also be a folder holding /pagefind/ (the "
            "search index)",
        ),
        (  # a static folder where the site writes a file
            {"content/b.md": article("خ"), "static/rss.xml/feed.css": "x"},
            "static/rss.xml/feed.css",
            "/rss.xml is a page the site generates, so it cannot also be a folder holding "
            "/rss.xml/feed.",  # the fingerprinted copy, and the file under its own name
        ),
        (  # Jarida's own marker of its output
            {"content/b.md": article("خ"), "static/.jarida-output": "x"},
            "static/.jarida-output",
            "this static file has the name of Jarida's marker of its output",
        ),
        (  # a file of a bundle on its own article's page
            {"content/2026/b/index.md": article("خ"), "content/2026/b/index.html": "<p>"},
            "content/2026/b/index.html",
            "this file of a page bundle has the same path as the page /2026/03/خ/index.html",
        ),
        (  # a file of a bundle on a static file
            {
                "content/2026/b/index.md": article("خ"),
                "content/2026/b/a.jpg": "x",
                "static/2026/03/خ/a.jpg": "y",
            },
            "content/2026/b/a.jpg",
            "this file of a page bundle has the same path as static/2026/03/خ/a.jpg",
        ),
    ],
)
def test_a_file_where_a_folder_is_needed_is_a_clash_in_build_and_check(
    make_site: MakeSite, files: dict[str, str], where: str, said: str
) -> None:
    root = make_site({"jarida.yaml": "search: false\n", **files})
    before = tree(root)  # the sources, untouched (.jarida/ and the lock may be written)
    for command in ("build", "check"):
        code, output = cli(command, root, "--jobs", "1")
        assert code == 1, output
        assert any(
            line.startswith(f"{where}: error: ") and said in line for line in output.splitlines()
        ), output
    assert {
        p: b for p, b in tree(root).items() if not p.startswith((".jarida", ".public"))
    } == before
    assert not (root / "public").exists()


def test_static_and_template_names_that_are_not_utf8_are_named_not_a_crash(
    make_site: MakeSite,
) -> None:
    root = make_site({"content/a.md": article("خبر"), "jarida.yaml": "search: false\n"})
    for folder in ("static", "templates"):
        (root / folder).mkdir()
        (root / folder / os.fsdecode(b"\xff.css")).write_text("x", encoding="utf-8")
    (root / "static/a\nb.txt").write_text("x", encoding="utf-8")
    result = build_site(root)
    assert sorted((w.path, w.message) for w in result.warnings) == [
        ("static/a\\x0ab.txt", "the name holds a control character: not published"),
        ("static/\ufffd.css", "the name is not valid UTF-8: not published"),
    ]
    published = {p.name for p in (root / "public").iterdir()}
    assert "a\nb.txt" not in published and os.fsdecode(b"\xff.css") not in published


@pytest.mark.parametrize(("language", "credit"), [("ar", "تصوير: "), ("en", "Photo: ")])
def test_the_lead_image_has_its_caption_and_credit_escaped(
    make_site: MakeSite, language: str, credit: str
) -> None:
    root = make_site(
        {
            "jarida.yaml": f"language: {language}\n",
            "content/a.md": article(
                "سيول",
                image="/images/a.svg",
                image_alt="سيول في الوادي",
                image_caption="'السيول تغمر <الطريق> & الجسر'",
                image_credit="'<i>وكالة</i>'",
                body='![الجسر](/images/a.svg "الجسر بعد <السيول>")',
            ),
            "static/images/a.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )
    build_site(root)
    page = read(root, "2026/03/سيول/index.html")
    figure = page[page.index('<figure class="lead-image"') : page.index("</figure>") + 9]
    assert '<img src="/images/a.svg" alt="سيول في الوادي"' in figure
    assert (
        '<figcaption dir="auto">السيول تغمر &lt;الطريق&gt; &amp; الجسر '
        f'<span class="credit">{credit}&lt;i&gt;وكالة&lt;/i&gt;</span></figcaption>'
    ) in figure
    assert (
        '<figure><img src="/images/a.svg" alt="الجسر"><figcaption dir="auto">'
        "الجسر بعد &lt;السيول&gt;</figcaption></figure>"
    ) in page


def test_a_credit_alone_is_a_caption_and_no_image_no_figure(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/a.md": article(
                "أ", image="/images/a.svg", image_alt="صورة", image_credit="سلمى"
            ),
            "content/b.md": article("ب", date="2026-03-30", image_caption="بلا صورة"),
            "static/images/a.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )
    build_site(root)
    assert '<figcaption dir="auto"><span class="credit">تصوير: سلمى</span></figcaption>' in read(
        root, "2026/03/أ/index.html"
    )
    assert "<figure" not in read(root, "2026/03/ب/index.html")


BUNDLE = {
    "jarida.yaml": "base_url: https://news.example/ar/\n",
    "content/2026/flood/index.md": article(
        "سيول الوادي",
        image="cover.jpg",
        image_alt="الوادي",
        body="""\
        ![السيول](photo.jpg "الطريق بعد السيول")

        نص [التقرير](docs/report.pdf#page=2) و <img src="map.png" alt="خريطة">.
        """,
    ),
    "content/2026/flood/photo.jpg": JPEG,
    "content/2026/flood/cover.jpg": picture_bytes(seed=2),
    "content/2026/flood/map.png": PNG,
    "content/2026/flood/docs/report.pdf": b"%PDF-1.4",
    "content/2026/flood/data.csv": "a,b\n",  # not referenced: published all the same
    "content/2026/flood/.notes.txt": "hidden",
    "content/2026/other.md": article(
        "خبر آخر", date="2026-03-30", body="![من الحزمة](flood/photo.jpg)"
    ),
}


def test_a_bundle_publishes_its_files_beside_its_page(make_site: MakeSite) -> None:
    root = make_site(BUNDLE)
    build_site(root)
    folder = "2026/03/سيول-الوادي/"
    out = tree(root / "public")
    assert {p.removeprefix(folder) for p in out if p.startswith(folder)} == {
        "index.html",
        "photo.jpg",
        "cover.jpg",
        "map.png",
        "docs/report.pdf",
        "data.csv",
    }
    assert out[folder + "photo.jpg"] == JPEG
    url = "/ar/2026/03/%D8%B3%D9%8A%D9%88%D9%84-%D8%A7%D9%84%D9%88%D8%A7%D8%AF%D9%8A/"
    page = read(root, folder + "index.html")
    # the pictures are published as derivatives under /images/ (the files beside the page stay)
    lead = page[page.index('<figure class="lead-image"') : page.index("</figure>")]
    assert '<img src="/ar/images/cover.64w.' in lead and 'alt="الوادي" fetchpriority' in lead
    assert re.search(
        r'property="og:image" content="https://news\.example/ar/images/cover\.og\.', page
    )
    assert '<figure><picture><source type="image/' in page
    assert '<img src="/ar/images/photo.64w.' in page and 'alt="السيول" loading="lazy"' in page
    assert f'href="{url}docs/report.pdf#page=2"' in page and 'alt="خريطة" loading="lazy"' in page
    other = read(root, "2026/03/خبر-آخر/index.html")
    assert '<img src="/ar/images/photo.64w.' in other and 'alt="من الحزمة" loading="lazy"' in other
    feed = read(root, "atom.xml")
    assert "src=&#34;https://news.example/ar/images/photo.64w." in feed
    assert "srcset=&#34;https://news.example/ar/images/photo.64w." in feed


def test_a_bundle_is_the_article_its_file_would_be(tmp_path: Path) -> None:
    text = article("سيول", image="/images/a.svg", image_alt="أ", tags="[طقس]")
    static = {"static/images/a.svg": "<svg/>"}
    root = write_site(tmp_path / "bundle", {"content/2026/flood/index.md": text, **static})
    plain = write_site(tmp_path / "plain", {"content/2026/flood.md": text, **static})
    build_site(root)
    build_site(plain)
    assert tree(root / "public") == tree(plain / "public")


def test_a_template_reading_a_field_no_article_has_is_told_what_it_read(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            "content/a.md": article("خبر"),
            "templates/article.html": '{% extends "theme/article.html" %}'
            "{% block related %}{{ article.no_such_field }}{% endblock %}",
        }
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    (problem,) = failed.value.errors
    assert problem.path == "templates/article.html"
    assert "'jarida.model.Article object' has no attribute 'no_such_field'" in problem.message
