"""Custom taxonomies (``taxonomies:`` in jarida.yaml) and term pages with text
(``content/<taxonomy>/<term>.md``), built."""

from __future__ import annotations

import json

import pytest

from jarida.config import load_config
from jarida.errors import BuildFailed
from jarida.model import Selection
from jarida.sitecheck import check
from tests.conftest import NOW, MakeSite, article, build_site, picture_bytes, read

CONFIG = """\
taxonomies:
  locations: {title: الأماكن, singular: مكان}
  people: {title: الأشخاص, singular: شخص, feed: false}
related:
  weights: {content: 0, locations: 40, people: 40}
"""

SITE = {
    "jarida.yaml": CONFIG,
    "content/a.md": article(
        "خبر أ", "2026-03-30T10:00:00+03:00", slug="a", locations="[غزة, رفح]", people="أحمد"
    ),
    "content/b.md": article("خبر ب", "2026-03-29T10:00:00+03:00", slug="b", locations="[غزّة]"),
    "content/c.md": article("خبر ج", "2026-03-28T10:00:00+03:00", slug="c", places="[مكان]"),
    "content/locations/غزة.md": (
        "---\ntitle: قطاع غزة\ndescription: أخبار قطاع غزة وأهله\nimage: /images/gaza.png\n"
        "image_alt: شاطئ غزة\n---\nنبذة **عن** القطاع.\n"
    ),
    "static/images/gaza.png": picture_bytes("PNG", (1600, 900)),
}


def test_custom_taxonomies_have_term_pages_indexes_feeds_and_sitemap_entries(
    make_site: MakeSite,
) -> None:
    root = make_site(SITE)
    build_site(root)
    gaza = read(root, "locations/غزة/index.html")
    assert "خبر أ" in gaza and "خبر ب" in gaza  # غزّة folded into غزة
    assert "مكان:" in gaza
    index = read(root, "locations/index.html")
    assert "الأماكن" in index and "رفح" in index
    assert (root / "public/locations/رفح/index.html").is_file()
    assert (root / "public/locations/غزة/atom.xml").is_file()
    assert (root / "public/people/أحمد/index.html").is_file()
    assert not (root / "public/people/أحمد/atom.xml").exists()  # feed: false
    assert "/locations/%D8%B1%D9%81%D8%AD/" in read(root, "sitemap.xml")
    page = read(root, "2026/03/a/index.html")
    assert "الأشخاص" in page and 'href="/people/%D8%A3%D8%AD%D9%85%D8%AF/"' in page
    assert not (root / "public/places").exists()  # undeclared: an unknown key, as before


def test_custom_taxonomies_weigh_in_related_lists(make_site: MakeSite) -> None:
    root = make_site(SITE)
    build_site(root)
    a = read(root, "2026/03/a/index.html")
    assert 'href="/2026/03/b/"' in a.split('class="related"')[1]


def test_a_term_file_gives_its_term_a_title_description_image_and_text(
    make_site: MakeSite,
) -> None:
    root = make_site(SITE)
    build_site(root)
    gaza = read(root, "locations/غزة/index.html")
    assert "<title>قطاع غزة |" in gaza
    assert 'content="أخبار قطاع غزة وأهله"' in gaza
    assert "نبذة <strong>عن</strong> القطاع." in gaza
    assert 'alt="شاطئ غزة"' in gaza and "<picture>" in gaza  # the picture pipeline's
    assert '<meta property="og:image" content="http://localhost:8000/images/gaza.og.' in gaza
    assert "قطاع غزة" in read(root, "2026/03/a/index.html")  # its name everywhere
    # never an article: no page of its own, not in lists, the sitemap or the feed
    assert "نبذة" not in read(root, "index.html")
    assert "نبذة" not in read(root, "atom.xml")
    assert not (root / "public/1970").exists()
    assert "1970" not in read(root, "sitemap.xml")


def test_a_term_file_matches_a_tag_by_its_slug(make_site: MakeSite) -> None:
    root = make_site(
        {
            "jarida.yaml": "slugs: ascii\n",
            "content/a.md": article("خبر", tags="[Gaza Strip]"),
            "content/tags/gaza-strip.md": "---\ntitle: قطاع غزة\n---\nعن القطاع.\n",
        }
    )
    build_site(root)
    assert "عن القطاع." in read(root, "tags/gaza-strip/index.html")


def test_a_term_file_of_no_term_is_a_warning_naming_the_file(make_site: MakeSite) -> None:
    root = make_site({**SITE, "content/locations/القدس.md": "---\ntitle: القدس\n---\nنص.\n"})
    found = check(load_config(root), Selection(now=NOW))
    warned = [d.format() for d in found if "القدس.md" in d.path]
    assert len(warned) == 1 and "no published article" in warned[0], warned
    result = build_site(root)
    assert not (root / "public/locations/القدس").exists()
    assert any("القدس.md" in d.path for d in result.warnings)


def test_term_file_text_only_on_the_first_page(make_site: MakeSite) -> None:
    many = {
        f"content/n{n}.md": article(f"خبر {n}", f"2026-03-{n + 1:02d}T10:00:00+03:00", tags="غزة")
        for n in range(3)
    }
    root = make_site(
        {"jarida.yaml": "paginate: 1\n", **many, "content/tags/غزة.md": "---\n---\nنبذة.\n"}
    )
    build_site(root)
    assert "نبذة." in read(root, "tags/غزة/index.html")
    assert "نبذة." not in read(root, "tags/غزة/page/2/index.html")


@pytest.mark.parametrize(
    ("value", "message"),
    [("{a: 1}", "`locations` must be a list"), ("[غزة, [x]]", "`locations` must be a list")],
)
def test_bad_front_matter_values_are_errors_at_their_line(
    make_site: MakeSite, value: str, message: str
) -> None:
    root = make_site({**SITE, "content/a.md": article("خبر أ", locations=value)})
    with pytest.raises(BuildFailed) as info:
        build_site(root)
    found = [d.format() for d in info.value.diagnostics if d.is_error]
    assert found and found[0].startswith("content/a.md:4:") and message in found[0], found


def test_check_reports_what_build_reports(make_site: MakeSite) -> None:
    root = make_site({**SITE, "content/a.md": article("خبر أ", locations="{a: 1}")})
    found = check(load_config(root), Selection(now=NOW))
    assert any(d.path == "content/a.md" and d.line == 4 and d.is_error for d in found)
    assert json.dumps([d.format() for d in found])


def test_a_term_file_stem_is_folded_and_a_second_file_for_a_term_is_a_warning(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            **{k: v for k, v in SITE.items() if k != "content/locations/غزة.md"},
            "content/locations/غزّة.md": "---\ntitle: غزة هاشم\n---\nأولى.\n",
            "content/locations/غَزة.md": "---\n---\nثانية.\n",
        }
    )
    result = build_site(root)
    gaza = read(root, "locations/غزة/index.html")
    assert "غزة هاشم" in gaza and "أولى." in gaza and "ثانية." not in gaza
    twice = [d.format() for d in result.warnings if "غَزة.md" in d.path]
    assert len(twice) == 1 and "غزّة.md gives the same term a text already" in twice[0], twice


def test_a_static_file_on_a_custom_taxonomy_page_is_a_clash(make_site: MakeSite) -> None:
    root = make_site({**SITE, "static/locations/index.html": "<p>قديم</p>"})
    with pytest.raises(BuildFailed) as info:
        build_site(root)
    found = [d.format() for d in info.value.diagnostics if d.is_error]
    assert any("static/locations/index.html" in f for f in found), found


def test_an_article_on_a_custom_taxonomy_folder_is_an_error(make_site: MakeSite) -> None:
    root = make_site({**SITE, "content/x.md": article("خبر", slug="x")})
    (root / "jarida.yaml").write_text(CONFIG + 'permalink: "/{slug}/"\n', encoding="utf-8")
    (root / "content/x.md").write_text(article("خبر", slug="locations"), encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        build_site(root)
    found = [d.format() for d in info.value.diagnostics if d.is_error]
    assert any(f.startswith("content/x.md") and "site's own pages" in f for f in found), found
