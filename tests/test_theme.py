"""The built-in theme's reading comfort: the web font, dark mode, the phone header, card labels."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import MakeSite, article, build_site, read

FONTS = "assets/fonts"
ARABIC_400 = f"{FONTS}/noto-naskh-arabic-arabic-400-normal.woff2"
SITE = {
    "jarida.yaml": "title: جريدة\nbase_url: https://news.example/\nlanguage: ar\n",
    "content/a.md": article("خبر السياسة الأول", category="سياسة", tags="[انتخابات]", slug="a"),
    "content/b.md": article(
        "خبر السياسة الثاني", "2026-03-30T10:00:00+03:00", category="سياسة", slug="b"
    ),
    "content/c.md": article(
        "خبر الاقتصاد", "2026-03-29T10:00:00+03:00", category="اقتصاد", tags="[انتخابات]", slug="c"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import write_site

    root = write_site(tmp_path_factory.mktemp("theme") / "site", SITE)
    build_site(root)
    return root


def _labels(html: str) -> list[str]:
    return [unquote(href) for href in re.findall(r'<a class="label" href="([^"]+)"', html)]


def test_a_category_page_does_not_label_its_own_cards(site: Path) -> None:
    assert _labels(read(site, "categories/سياسة/index.html")) == []
    # Elsewhere every card still says its category.
    assert _labels(read(site, "tags/انتخابات/index.html")) == [
        "/categories/سياسة/",
        "/categories/اقتصاد/",
    ]
    assert len(_labels(read(site, "index.html"))) == 3


def test_a_category_page_labels_a_card_of_another_category(make_site: MakeSite) -> None:
    # A card lists its first category; an article filed under two shows the other one's label
    # only where that other one is not the page's own.
    root = make_site(
        SITE | {"content/d.md": article("خبر مزدوج", categories="[اقتصاد, سياسة]", slug="d")}
    )
    build_site(root)
    assert _labels(read(root, "categories/سياسة/index.html")) == ["/categories/اقتصاد/"]
    assert _labels(read(root, "categories/اقتصاد/index.html")) == []
