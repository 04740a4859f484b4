"""Editions in several languages (issue 21, docs/languages.md): each a whole site in its
language at /<code>/, translations linked both ways, sitemaps with their alternates, `check`'s
rules, and incremental builds equal to clean ones."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from jarida.config import load_config
from jarida.errors import BuildFailed
from jarida.model import Selection
from jarida.sitecheck import check
from tests.conftest import NOW, REPO, MakeSite, article, build_site, read, tree

XSD = Path(__file__).parents[1] / ".ci/node/node_modules/sitemap/schema/sitemap.xsd"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

CONFIG = """\
    title: جريدة
    base_url: https://news.example/
    language: ar-EG
    timezone: Africa/Cairo
    hijri: true
    languages:
      en:
        title: Jarida Daily
        region: GB
        hijri: false
        menus:
          main: [{title: Economy, url: /en/categories/economy/}]
      fr: {title: Jarida, region: MA}
    """

SITE = {
    "jarida.yaml": CONFIG,
    "content/2026/budget.md": article("الموازنة", tags="[اقتصاد]", category="اقتصاد"),
    "content/2026/oil.md": article("النفط", "2026-03-30T10:00:00+03:00", tags="[اقتصاد]"),
    "content/en/2026/budget.md": article(
        "The budget", body="The budget text.", tags="[economy]", category="Economy"
    ),
    "content/en/2026/trade.md": article(
        "Trade talks", "2026-03-29T10:00:00+03:00", "Trade.", tags="[economy]"
    ),
    "content/fr/2026/le-budget.md": article(
        "Le budget", body="Texte.", tags="[économie]", translation_key="2026/budget.md"
    ),
    "content/pages/about.md": "---\ntitle: من نحن\n---\nنص.\n",
    "content/en/pages/about.md": "---\ntitle: About us\n---\nText.\n",
}
AR_BUDGET = "2026/03/%D8%A7%D9%84%D9%85%D9%88%D8%A7%D8%B2%D9%86%D8%A9/"


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    root = make_site(SITE)
    build_site(root)
    return root


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_each_edition_is_a_site_in_its_language(site: Path) -> None:
    en = read(site, "en/2026/03/the-budget/index.html")
    assert (
        '<html lang="en-GB" dir="ltr">' in en and "<title>The budget | Jarida Daily</title>" in en
    )
    assert "31 March 2026" in en and 'class="hijri"' not in en  # Babel's en-GB; its own hijri
    assert '<a href="/en/">Home</a>' in en and 'href="/en/categories/economy/"' in en
    assert '<html lang="fr-MA" dir="ltr">' in read(site, "fr/2026/03/le-budget/index.html")
    ar = read(
        site,
        AR_BUDGET.replace("%D8%A7%D9%84%D9%85%D9%88%D8%A7%D8%B2%D9%86%D8%A9", "الموازنة")
        + "index.html",
    )
    assert '<html lang="ar-EG" dir="rtl">' in ar and "الرئيسية" in ar
    for edition in ("", "en/", "fr/"):  # home, lists, feeds, sitemaps, search and 404 of each
        for name in ("index.html", "404.html", "search/index.html", "atom.xml", "sitemap.xml"):
            assert (site / "public" / edition / name).is_file(), edition + name
    assert (site / "public/en/tags/economy/index.html").is_file()
    assert (site / "public/fr/tags/économie/index.html").is_file()  # slugs in its language
    assert not (site / "public/en/robots.txt").exists()


def test_lists_feeds_and_related_lists_stay_in_their_edition(site: Path) -> None:
    home = read(site, "en/index.html")
    assert "Trade talks" in home and "النفط" not in home and "Le budget" not in home
    feed = feedparser.parse(read(site, "en/atom.xml"))
    assert [e.title for e in feed.entries] == ["The budget", "Trade talks"]
    assert 'xml:lang="en-GB"' in read(site, "en/atom.xml")
    assert "<language>fr-ma</language>" in read(site, "fr/rss.xml")
    page = read(site, "en/2026/03/the-budget/index.html")
    related = page.split('class="related', 1)[1] if 'class="related' in page else ""
    assert "النفط" not in related
    robots = read(site, "robots.txt")
    for path in ("sitemap.xml", "en/sitemap.xml", "fr/sitemap.xml"):
        assert f"Sitemap: https://news.example/{path}" in robots


def test_translations_link_to_each_other_both_ways(site: Path) -> None:
    en = read(site, "en/2026/03/the-budget/index.html")
    links = {
        "ar-EG": f"https://news.example/{AR_BUDGET}",
        "en-GB": "https://news.example/en/2026/03/the-budget/",
        "fr-MA": "https://news.example/fr/2026/03/le-budget/",
        "x-default": f"https://news.example/{AR_BUDGET}",
    }
    assert alternates(en) == links
    assert alternates(read(site, "2026/03/الموازنة/index.html")) == links
    assert alternates(read(site, "fr/2026/03/le-budget/index.html")) == links
    switcher = en.split('<nav class="languages"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="/{AR_BUDGET}" hreflang="ar-EG" lang="ar-EG">العربية</a>' in switcher
    assert 'hreflang="fr-MA" lang="fr-MA">Français</a>' in switcher
    assert '<span lang="en-GB" aria-current="page">English</span>' in switcher
    # only existing translations: the story in two languages offers two
    trade = read(site, "en/2026/03/trade-talks/index.html")
    assert 'class="languages"' not in trade and "hreflang" not in trade
    about = read(site, "en/about-us/index.html")
    assert set(alternates(about)) == {"ar-EG", "en-GB", "x-default"}
    # each edition's home links to the others' homes
    home = read(site, "en/index.html")
    assert alternates(home)["fr-MA"] == "https://news.example/fr/"
    assert '<a href="/" hreflang="ar-EG" lang="ar-EG">العربية</a>' in home


def test_sitemaps_carry_the_alternates_and_validate(site: Path, tmp_path: Path) -> None:
    doc = etree.parse(str(site / "public/en/sitemap.xml"))
    assert doc.getroot().nsmap["xhtml"] == "http://www.w3.org/1999/xhtml"
    url = next(
        u for u in doc.getroot().iter(f"{SM}url") if u.findtext(f"{SM}loc").endswith("the-budget/")
    )
    found = {x.get("hreflang"): x.get("href") for x in url.iter(f"{XHTML}link")}
    assert found["fr-MA"] == "https://news.example/fr/2026/03/le-budget/"
    assert found["x-default"] == f"https://news.example/{AR_BUDGET}"
    news = (
        read(site, "en/news-sitemap.xml") if (site / "public/en/news-sitemap.xml").is_file() else ""
    )
    assert not news or "<news:language>en</news:language>" in news
    for name in ("sitemap.xml", "en/sitemap.xml", "fr/sitemap.xml"):
        assert_valid_sitemap(site / "public" / name, tmp_path)


def assert_valid_sitemap(path: Path, scratch: Path) -> None:
    """``path`` valid against sitemap.xsd, its ``xhtml:link`` elements against the schema of
    Google's documentation (sitemap.xsd takes other namespaces strictly)."""
    if not XSD.is_file():
        pytest.skip("sitemap.xsd comes from npm `sitemap` (.ci/run)")
    (scratch / "xhtml.xsd").write_text(XHTML_LINK, encoding="utf-8")
    (scratch / "all.xsd").write_text(
        ALL.format(sitemap=XSD.as_uri(), xhtml=(scratch / "xhtml.xsd").as_uri()), encoding="utf-8"
    )
    schema = etree.XMLSchema(etree.parse(str(scratch / "all.xsd")))
    schema.assertValid(etree.parse(str(path)))


def test_the_example_sites_english_edition_validates(tmp_path: Path) -> None:
    """The repository's example site (its English edition): sitemaps with their alternates
    against the XSD, and every feed well formed (the Nu Html Checker test builds it too)."""
    out = tmp_path / "public"
    build_site(REPO, out=out)
    for name in ("sitemap.xml", "en/sitemap.xml"):
        assert_valid_sitemap(out / name, tmp_path)
    assert "xhtml:link" in (out / "en/sitemap.xml").read_text(encoding="utf-8")
    for name in ("atom.xml", "rss.xml", "en/atom.xml", "en/rss.xml"):
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo and feed.entries, name
    english = feedparser.parse((out / "en/atom.xml").read_bytes())
    assert english.feed.title == "Jarida News" and english.feed.language == "en-GB"
    # The site's own taxonomy is named in English on the English pages, in Arabic on the others.
    assert ">Places<" in (out / "en/locations/index.html").read_text(encoding="utf-8")
    assert "Place: The capital" in (out / "en/locations/the-capital/index.html").read_text("utf-8")
    assert ">الأماكن<" in (out / "locations/index.html").read_text(encoding="utf-8")


XHTML_LINK = """<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.w3.org/1999/xhtml" elementFormDefault="qualified">
  <xsd:element name="link">
    <xsd:complexType>
      <xsd:attribute name="rel" type="xsd:string" use="required"/>
      <xsd:attribute name="hreflang" type="xsd:string" use="required"/>
      <xsd:attribute name="href" type="xsd:anyURI" use="required"/>
    </xsd:complexType>
  </xsd:element>
</xsd:schema>
"""
ALL = """<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="{sitemap}"/>
  <xsd:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="{xhtml}"/>
</xsd:schema>
"""


def test_news_sitemap_language_per_edition(make_site: MakeSite) -> None:
    files = dict(SITE)
    files["content/en/2026/today.md"] = article("Today", "2026-06-01T08:00:00+03:00", "Now.")
    files["content/2026/today.md"] = article("اليوم", "2026-06-01T08:00:00+03:00", "الآن.")
    root = make_site(files)
    from datetime import UTC, datetime

    build_site(root, now=datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    assert "<news:language>en</news:language>" in read(root, "en/news-sitemap.xml")
    assert "<news:language>ar</news:language>" in read(root, "news-sitemap.xml")


def problems_of(root: Path) -> list[str]:
    return [d.format() for d in check(load_config(root), Selection(now=NOW))]


def test_check_finds_a_key_used_twice_a_missing_original_and_an_unknown_lang(
    make_site: MakeSite,
) -> None:
    files = dict(SITE)
    files["content/en/2026/copy.md"] = article("Copy", translation_key="2026/budget.md")
    files["content/en/2026/orphan.md"] = article("Orphan", translation_key="nothing-here")
    files["content/2026/german.md"] = article("Deutsch", lang="de")
    root = make_site(files)
    found = problems_of(root)
    twice = [p for p in found if "used by 2 documents of one language" in p]
    assert len(twice) == 1 and "content/en/2026/budget.md" in twice[0]
    assert "content/en/2026/copy.md" in twice[0] and ": error:" in twice[0]
    orphan = [p for p in found if "no document of the default language" in p]
    assert len(orphan) == 1 and orphan[0].startswith("content/en/2026/orphan.md: warning:")
    german = [p for p in found if "`lang: 'de'`" in p or "lang: de" in p]
    assert german and german[0].startswith("content/2026/german.md:4: error:"), found


def test_a_lang_in_front_matter_puts_a_source_in_that_edition(make_site: MakeSite) -> None:
    files = dict(SITE)
    files["content/2026/english.md"] = article("In English", lang="en")
    root = make_site(files)
    build_site(root)
    assert "<title>In English | Jarida Daily</title>" in read(
        root, "en/2026/03/in-english/index.html"
    )


def test_a_site_without_languages_has_no_edition_markup(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر")})
    build_site(root)
    html = read(root, "index.html")
    assert "hreflang" not in html and 'class="languages"' not in html
    assert "xhtml" not in read(root, "sitemap.xml")


def test_a_lang_no_edition_has_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر", lang="en")})
    with pytest.raises(BuildFailed) as info:
        build_site(root)
    [problem] = [d.format() for d in info.value.diagnostics]
    assert problem.startswith("content/a.md:4: error:") and "languages:" in problem


# Incremental builds: an edit re-renders what shows it, its translations' pages too.


def test_an_edit_re_renders_its_edition_and_its_translations_pages(site: Path) -> None:
    path = site / "content/en/2026/budget.md"
    path.write_text(path.read_text(encoding="utf-8").replace("The budget text.", "New text."))
    result = build_site(site)
    rendered = set(result.rendered_paths)
    assert "en/2026/03/the-budget/index.html" in rendered
    assert not any(p.startswith("fr/") or not p.startswith("en/") for p in rendered), rendered
    # a new title: the translations' alternates and switchers do not change (the URL is kept by
    # slug) but a new translation re-renders the others
    (site / "content/fr/2026/trade.md").write_text(
        article(
            "Les échanges", "2026-03-29T10:00:00+03:00", "Texte.", translation_key="2026/trade.md"
        ),
        encoding="utf-8",
    )
    rendered = set(build_site(site).rendered_paths)
    assert "en/2026/03/trade-talks/index.html" in rendered
    assert "fr/2026/03/les-échanges/index.html" in rendered
    assert (
        f"{AR_BUDGET}index.html" not in rendered and "2026/03/الموازنة/index.html" not in rendered
    )


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["body", "title", "new", "delete", "key"]),
        st.sampled_from(["", "en/", "fr/"]),
        st.sampled_from("abc"),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_incremental_equals_clean_over_editions(
    make_site: MakeSite, tmp_path_factory: pytest.TempPathFactory, edits: list
) -> None:  # type: ignore[type-arg]
    root = make_site(SITE)
    shutil.rmtree(root)
    root = make_site(SITE)
    build_site(root)
    for kind, edition, name, n in edits:
        path = root / "content" / edition / f"{name}.md"
        if kind == "delete":
            path.unlink(missing_ok=True)
        else:
            front = {"translation_key": f"k{n}"} if kind == "key" else {}
            path.write_text(
                article(
                    f"{edition or 'ar'} {name} {n if kind == 'title' else ''}".strip(),
                    f"2026-03-0{n + 1}T10:00:00+03:00",
                    f"{kind} {n}.",
                    slug=name,
                    tags=f"[t{n}]",
                    **front,
                ),
                encoding="utf-8",
            )
        try:
            build_site(root)
        except BuildFailed:  # a key used twice in one edition: fixed by the next edit or not
            continue
    clean = tmp_path_factory.mktemp("clean")
    try:
        build_site(root, out=clean, clean=True)
    except BuildFailed:
        return
    build_site(root)
    assert tree(root / "public") == tree(clean)


def test_the_sites_own_files_are_at_its_root_in_every_edition(make_site: MakeSite) -> None:
    from tests.conftest import PNG

    files = dict(SITE)
    files["jarida.yaml"] = (
        CONFIG.rstrip() + "\n    image: /images/default.png\n    logo: /images/logo.png\n"
    )
    files |= {f"static/images/{name}.png": PNG for name in ("default", "logo")}
    root = make_site(files)
    build_site(root)
    page = read(root, "en/2026/03/trade-talks/index.html")
    assert "/en/images/" not in page and "/en/assets/" not in page
    assert "https://news.example/images/logo.png" in page  # structured data's publisher logo
    assert 'src="/images/logo.png"' in page and "https://news.example/images/default.png" in page


def test_related_explains_an_editions_article_and_its_home_is_its_website(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from jarida.cli import cli

    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli, ["related", "content/en/2026/budget.md"])
    assert result.exit_code == 0, result.output
    assert "«The budget»" in result.stdout and "Trade talks" in result.stdout
    assert "النفط" not in result.stdout
    home = read(site, "en/index.html")
    assert '"url": "https://news.example/en/"' in home and '"name": "Jarida Daily"' in home


def test_an_editions_missing_strings_fall_back_with_one_warning_each(make_site: MakeSite) -> None:
    # An edition in a language the theme has no strings for: the site's own i18n/es.yaml gives
    # one; the rest fall back to English, each named once for the whole build.
    files = {
        "jarida.yaml": "title: جريدة\nlanguage: ar\nlanguages:\n  es: {title: Jarida}\n",
        "content/a.md": article("خبر"),
        "content/es/a.md": article("Noticia", body="Texto."),
        "i18n/es.yaml": 'related: "Artículos relacionados"\n',
    }
    root = make_site(files)
    result = build_site(root)
    keys = [d.message.split("`")[3] for d in result.warnings if d.path == "i18n/es.yaml"]
    assert "home" in keys and "related" not in keys and len(keys) == len(set(keys))
    page = read(root, "es/2026/03/noticia/index.html")
    assert '<html lang="es" dir="ltr">' in page and ">Home<" in page


def test_an_edition_without_articles_is_a_warning_and_its_home_says_so(
    make_site: MakeSite,
) -> None:
    # `fr` declared, its articles put in a folder of another name: the build says where they go,
    # and the edition's home says it has nothing yet rather than showing an empty list.
    files = {
        "jarida.yaml": "title: جريدة\nlanguage: ar\nlanguages:\n  en: {}\n  fr: {}\n",
        "content/a.md": article("خبر"),
        "content/en/a.md": article("News"),
        "content/french/a.md": article("Nouvelles", lang="ar"),
    }
    root = make_site(files)
    result = build_site(root)
    [empty] = [d.format() for d in result.warnings if "edition" in d.message]
    assert empty.startswith("jarida.yaml: warning:") and "`fr`" in empty
    assert "content/fr/" in empty and "lang: fr" in empty
    home = read(root, "fr/index.html")
    assert 'class="cards' not in home and "Aucun article pour l’instant." in home
    assert 'class="cards' in read(root, "en/index.html")


def test_a_translation_never_takes_a_place_in_an_editions_related_list(
    make_site: MakeSite,
) -> None:
    # The French translation of an English story shares its names and tag: it would be the
    # story's best match, and it must not cost the English list a place.
    text = "Airbus Boeing Dubai Emirates A380 777X Paris"
    files = {
        "jarida.yaml": "title: جريدة\nlanguage: ar\nrelated: {count: 2}\n"
        "languages:\n  en: {}\n  fr: {}\n",
        "content/a.md": article("خبر"),
        "content/en/planes.md": article("Planes", body=text, tags="[Airbus]"),
        "content/fr/planes.md": article("Avions", body=text, tags="[Airbus]"),
    }
    for n in range(3):
        files[f"content/en/more{n}.md"] = article(
            f"More {n}", body=f"Airbus story {n}.", tags="[Airbus]"
        )
    root = make_site(files)
    build_site(root)
    page = read(root, "en/2026/03/planes/index.html")
    related = page.split('class="related-cards">', 1)[1].split("</ul>", 1)[0]
    assert related.count("<li") == 2 and "Avions" not in related and "More" in related


def test_footnotes_are_headed_in_their_editions_language(make_site: MakeSite) -> None:
    files = {
        "jarida.yaml": "title: جريدة\nlanguage: ar\nlanguages:\n  en: {}\n",
        "content/a.md": article("خبر", body="نص[^1].\n\n[^1]: هامش."),
        "content/en/a.md": article("News", body="Text[^1].\n\n[^1]: A note."),
    }
    root = make_site(files)
    build_site(root)
    heading = re.compile(r'<h2 class="visually-hidden" id="footnotes">([^<]*)</h2>')
    assert heading.findall(read(root, "en/2026/03/news/index.html")) == ["Notes"]
    assert heading.findall(read(root, "2026/03/خبر/index.html")) == ["الهوامش"]
    # The site's own strings are part of the parse: a new heading re-renders the page.
    (root / "i18n").mkdir()
    (root / "i18n/en.yaml").write_text('footnotes: "Footnotes"\n', encoding="utf-8")
    build_site(root)
    assert heading.findall(read(root, "en/2026/03/news/index.html")) == ["Footnotes"]


def test_a_language_without_any_strings_is_one_warning(make_site: MakeSite) -> None:
    files = {
        "jarida.yaml": "title: جريدة\nlanguage: ar\nlanguages:\n  es: {title: Jarida}\n",
        "content/a.md": article("خبر"),
        "content/es/a.md": article("Noticia", body="Texto."),
    }
    root = make_site(files)
    result = build_site(root)
    [missing] = [d.format() for d in result.warnings if d.path == "i18n/es.yaml"]
    assert missing.startswith("i18n/es.yaml: warning:") and "English" in missing
    assert "add i18n/es.yaml" in missing
    assert ">Home<" in read(root, "es/2026/03/noticia/index.html")
