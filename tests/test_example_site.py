"""The repository is itself the example site: it builds, and every page is what the design asks."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
import yaml

from jarida.outcome import BuildResult
from tests.conftest import REPO, build_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("example") / "public"
    return build_site(REPO, out=out), out


def front_matters() -> list[dict[str, object]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])
        for p in sorted((REPO / "content").rglob("*.md"))
        if "pages" not in p.parts and "locations" not in p.parts  # pages and term files
    ]


def test_the_example_content_meets_the_brief() -> None:
    fronts = front_matters()
    assert len(fronts) >= 12
    assert len({f["category"] for f in fronts}) >= 4
    counts: dict[str, int] = {}
    for f in fronts:
        for tag in f.get("tags", []):  # type: ignore[attr-defined]
            counts[tag] = counts.get(tag, 0) + 1
    assert sum(1 for n in counts.values() if n >= 2) >= 10
    assert sum(1 for f in fronts if f.get("draft")) == 1
    bodies = "".join(p.read_text(encoding="utf-8") for p in (REPO / "content").rglob("*.md"))
    assert "\n| " in bodies and "```" in bodies


def test_builds_without_warnings(built: tuple[BuildResult, Path]) -> None:
    result, _ = built
    assert result.warnings == ()
    assert len(result.site.articles) >= 11


def test_every_page_rtl_and_parses(built: tuple[BuildResult, Path]) -> None:
    _, out = built
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser.parse(text)
        english = page.relative_to(out).parts[0] == "en"  # the English edition
        html = '<html lang="en-GB" dir="ltr">' if english else '<html lang="ar-EG" dir="rtl">'
        assert html in text, page


def test_the_english_edition_translates_some_stories(built: tuple[BuildResult, Path]) -> None:
    result, out = built
    english = result.site.editions["en"]
    assert len(english.articles) >= 3 and english.config.title == "Jarida News"
    translated = [a for a in english.articles.values() if a.alternates]
    assert len(translated) >= 2
    for article in translated:
        page = (out / "en" / article.out_dir / "index.html").read_text(encoding="utf-8")
        assert 'hreflang="ar-EG"' in page and 'hreflang="x-default"' in page
        assert 'lang="ar-EG">العربية</a>' in page  # the switcher, in each language's own name
        related = page.split('id="related-heading"')[1].split("</section>")[0]
        assert "/en/" in related and "/2025/" not in related.replace("/en/2025/", "")
    home = (out / "en/index.html").read_text(encoding="utf-8")
    assert '<a href="/" hreflang="ar-EG" lang="ar-EG">العربية</a>' in home


def test_every_article_has_a_related_block_and_the_override(
    built: tuple[BuildResult, Path],
) -> None:
    result, out = built
    for article in result.site.articles.values():
        page = (out / article.out_dir / "index.html").read_text(encoding="utf-8")
        assert "مقالات ذات صلة" in page, article.path
        related = page.split('id="related-heading"')[1]  # a card: a thumbnail, then its link
        assert re.search(r'<li class="related-card">\s*<(a|span) class="thumbnail', related)
        assert "شاركنا رأيك" in page  # comments.email in jarida.yaml
        assert "mailto:readers@example.com?subject=" in page
        assert "قسم التصحيحات" in page  # templates/article.html extends the theme
        assert "هـ" in page  # hijri: true in jarida.yaml


def test_a_page_for_every_term(built: tuple[BuildResult, Path]) -> None:
    result, out = built
    for kind, terms in result.site.taxonomies.items():
        assert (out / kind / "index.html").is_file()
        for term in terms.values():
            assert (out / term.out_dir / "index.html").is_file(), term


def test_draft_is_left_out(built: tuple[BuildResult, Path]) -> None:
    result, _ = built
    assert not any(a.draft for a in result.site.articles.values())
