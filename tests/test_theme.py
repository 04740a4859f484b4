"""The built-in theme's reading comfort: the web font, dark mode, the phone header, card labels."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import pytest

from tests.conftest import THEME_CSS, MakeSite, article, build_site, read, tree

FONTS = "assets/fonts"
ARABIC_400 = f"{FONTS}/noto-naskh-arabic-arabic-400-normal.woff2"
SITE = {
    "jarida.yaml": "title: جريدة\nbase_url: https://news.example/\nlanguage: ar\n"
    "permalink: /{slug}/\n",
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


def _css(root: Path) -> str:
    return (root / "public" / THEME_CSS).read_text(encoding="utf-8")


def test_the_web_font_is_published_with_its_licence(site: Path) -> None:
    files = tree(site / "public")
    fonts = sorted(path for path in files if path.startswith(f"{FONTS}/"))
    woff2 = [path for path in fonts if path.endswith(".woff2")]
    # Arabic and Latin subsets, regular and bold: the weights the theme uses.
    assert {PurePosixPath(path).name for path in woff2} == {
        f"noto-naskh-arabic-{subset}-{weight}-normal.woff2"
        for subset in ("arabic", "latin")
        for weight in (400, 700)
    }
    assert all(files[path].startswith(b"wOF2") for path in woff2)
    licence = files[f"{FONTS}/OFL.txt"].decode()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Noto Project Authors" in licence


def test_every_font_face_is_swapped_ranged_and_points_at_a_published_file(site: Path) -> None:
    css, files = _css(site), set(tree(site / "public"))
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    downloaded = [face for face in faces if "url(" in face]
    assert len(downloaded) == 4
    # The others only name the same face where the system has it, as the fallback.
    assert all("local(" in face for face in faces if face not in downloaded)
    for face in downloaded:
        assert "font-display: swap" in face and "unicode-range:" in face
        (url,) = re.findall(r"url\(([^)]+)\)", face)
        published = PurePosixPath(THEME_CSS).parent / url.strip("'\"")
        assert str(published) in files, url
    assert re.search(r'font-family:\s*"Noto Naskh Arabic"', css)


def test_the_arabic_regular_font_is_preloaded_on_every_page(site: Path) -> None:
    preload = f'<link rel="preload" href="/{ARABIC_400}" as="font" type="font/woff2" crossorigin>'
    for page in ("index.html", "a/index.html", "categories/سياسة/index.html", "404.html"):
        html = read(site, page)
        assert preload in html, page
        # Before the style sheet, so the browser asks for it as early as it can.
        assert html.index(preload) < html.index(f'href="/{THEME_CSS}"'), page


def test_dark_mode_follows_the_system_and_a_remembered_choice(site: Path) -> None:
    css, html = _css(site), read(site, "a/index.html")
    dark = css[css.index("@media (prefers-color-scheme: dark)") :]
    for variable in ("--ink", "--paper", "--accent", "--soft", "--rule", "--muted"):
        assert variable + ":" in dark, variable
    assert ':root[data-theme="dark"]' in css and "color-scheme:" in css
    # The remembered choice is applied in <head>, before the style sheet: no flash.
    head = html[: html.index("</head>")]
    script = re.search(r"<script>(.*?)</script>", head, re.S)
    assert script is not None and "localStorage" in script.group(1)
    assert "data-theme" in script.group(1) or "dataset.theme" in script.group(1)
    assert head.index("<script>") < head.index(f'href="/{THEME_CSS}"')
    # The toggle: a real button, hidden until its script runs, with a name and a state.
    button = re.search(r'<button[^>]*class="theme-toggle[^"]*"[^>]*>', html)
    assert button is not None
    assert "needs-js" in button.group(0) and 'aria-pressed="false"' in button.group(0)
    assert 'type="button"' in button.group(0)
    assert re.search(r'<script src="/assets/theme\.[0-9a-f]{8}\.js" defer></script>', html)


def test_phones_get_a_search_link_and_the_menu_is_one_row(site: Path) -> None:
    html, css = read(site, "index.html"), _css(site)
    assert re.search(r'<a class="search-link" href="/search/"[^>]*>', html)
    phone = css[css.index("/* Phone header") :]
    assert "flex-wrap: nowrap" in phone and "overflow-x: auto" in phone
    assert ".site-description" in phone


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
