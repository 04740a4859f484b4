"""Reading comfort in a real browser: dark mode and its toggle, no sideways scroll at 320 px,
the phone header at 390×844, and the web font in use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import MakeSite, article, build_site

pytestmark = pytest.mark.browser

SECTIONS = (
    "سياسة",
    "اقتصاد",
    "رياضة",
    "ثقافة",
    "علوم",
    "تكنولوجيا",
    "صحة",
    "منوعات",
    "رأي",
    "عالم",
    "محليات",
    "سياحة",
)
#: A body that pushes a narrow screen: a long Latin word, a bare URL, a wide table and code.
BODY = """\
أعلنت الشركة عن نظام Pneumonoultramicroscopicsilicovolcanoconiosis الجديد في مؤتمرها.

التفاصيل على https://example.com/a/very/long/path/that/never/ends/with/a-slug-that-goes-on-and-on-and-on

| العمود الأول | العمود الثاني | العمود الثالث | العمود الرابع | العمود الخامس | العمود السادس |
| --- | --- | --- | --- | --- | --- |
| قيمة طويلة نسبيًا | قيمة طويلة نسبيًا | قيمة طويلة نسبيًا | قيمة طويلة نسبيًا | قيمة طويلة | قيمة |

```python
print("a line of code that is far too long to fit on the narrowest phone screen at all")
```
"""
ARTICLE = "/a/"
PAGES = ("/", ARTICLE, "/categories/" + quote("سياسة") + "/", "/search/", "/404.html")


@pytest.fixture
def url(make_site: MakeSite, serve_dir: Callable[[Path], str]) -> str:
    files: dict[str, str | bytes] = {
        "jarida.yaml": "title: جريدة الاختبار\ndescription: موقع إخباري تجريبي للاختبار\n"
        "base_url: http://127.0.0.1/\nlanguage: ar\npermalink: /{slug}/\n",
        "content/a.md": article("خبر طويل عن النظام الجديد", body=BODY, category="سياسة", slug="a"),
    }
    for number, section in enumerate(SECTIONS):
        files[f"content/s{number}.md"] = article(
            f"خبر قسم {section}", f"2026-03-{number + 1:02d}T10:00:00+03:00", category=section
        )
    root = make_site(files)
    build_site(root)
    return serve_dir(root / "public")


def _background(page: Any) -> str:
    return str(page.evaluate("getComputedStyle(document.documentElement).backgroundColor"))


WHITE, DARK = "rgb(255, 255, 255)", "rgb(18, 18, 18)"


def test_the_system_dark_scheme_darkens_the_page(browser: Any, url: str) -> None:
    for scheme, expected in (("light", WHITE), ("dark", DARK)):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(url + ARTICLE)
        assert _background(page) == expected, scheme
        toggle = page.locator(".theme-toggle")
        assert toggle.is_visible()
        assert toggle.get_attribute("aria-pressed") == str(scheme == "dark").lower()
        context.close()


def test_the_toggle_flips_the_scheme_and_the_choice_survives_a_reload(
    browser: Any, url: str
) -> None:
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(url + ARTICLE)
    toggle = page.get_by_role("button", name="الوضع الداكن")
    toggle.click()
    assert _background(page) == DARK
    assert toggle.get_attribute("aria-pressed") == "true"
    page.reload()
    assert _background(page) == DARK
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    # Another page of the site, and back to light.
    page.goto(url + "/")
    assert _background(page) == DARK
    toggle.click()
    assert _background(page) == WHITE and toggle.get_attribute("aria-pressed") == "false"
    page.reload()
    assert _background(page) == WHITE
    context.close()


def test_the_toggle_is_hidden_without_javascript(browser: Any, url: str) -> None:
    context = browser.new_context(java_script_enabled=False, color_scheme="dark")
    page = context.new_page()
    page.goto(url + ARTICLE)
    assert not page.locator(".theme-toggle").is_visible()
    assert _background(page) == DARK  # the system's scheme still applies
    context.close()


def test_no_page_scrolls_sideways_at_320_px(browser: Any, url: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    for path in PAGES:
        page.goto(url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
    page.close()


def test_the_phone_header_leaves_room_for_the_news(browser: Any, url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(url + "/")
    # The first headline starts within 200 px of the top.
    top = page.evaluate(
        """() => [...document.querySelectorAll('main h1, main h2')]
            .find(h => h.getBoundingClientRect().height > 0).getBoundingClientRect().top"""
    )
    assert top <= 200, top
    # The sections are one row that scrolls sideways, not lines of links.
    tops = page.eval_on_selector_all(
        ".site-nav li", "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(tops) == len(SECTIONS) + 1 and len(set(tops)) == 1, tops
    menu = page.locator(".site-nav ul")
    assert menu.evaluate("ul => ul.scrollWidth > ul.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # No description, and search as a compact link to /search/.
    assert not page.locator(".site-description").is_visible()
    assert not page.locator(".site-search").is_visible()
    link = page.get_by_role("link", name="بحث", exact=True)
    assert link.is_visible() and link.get_attribute("href") == "/search/"
    # On a desktop the description and the search box are back.
    page.set_viewport_size({"width": 1366, "height": 900})
    assert page.locator(".site-description").is_visible()
    assert page.locator(".site-search").is_visible()
    assert not page.locator(".search-link").is_visible()
    page.close()


def test_the_article_is_set_in_the_web_font(browser: Any, url: str) -> None:
    page = browser.new_page()
    page.goto(url + ARTICLE)
    faces = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts].filter(f => f.status === 'loaded')
                .map(f => [f.family.replace(/"/g, ''), f.weight, f.unicodeRange]);
        }"""
    )
    loaded = {(family, weight) for family, weight, ranges in faces if "U+600-6FF" in ranges}
    assert ("Noto Naskh Arabic", "400") in loaded, faces
    fetched = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.endsWith('.woff2'))"
    )
    assert any(name.endswith("/noto-naskh-arabic-arabic-400-normal.woff2") for name in fetched)
    size = page.evaluate("getComputedStyle(document.querySelector('.article-body p')).fontSize")
    assert 18 <= float(size.removesuffix("px")) <= 20, size
    page.close()


def test_no_line_of_the_articles_byline_starts_with_a_separator(
    browser: Any, make_site: MakeSite, serve_dir: Callable[[Path], str]
) -> None:
    files = {
        "jarida.yaml": "title: جريدة\nbase_url: http://127.0.0.1/\nlanguage: ar\n",
        "content/a.md": article(
            "خبر",
            author="عبد الرحمن بن عبد العزيز بن محمد الهاشمي",
            updated="2026-04-02T10:00:00+03:00",
            slug="a",
        ),
    }
    root = make_site(files)
    build_site(root)
    base = serve_dir(root / "public")
    # A separator drawn on a line of its own or at a line's start (its item wrapped) is
    # below the item before it.
    starts = """() => [...document.querySelectorAll('.article-header .meta .sep')]
        .filter(sep => sep.getClientRects().length)
        .filter(sep => {
            const item = sep.parentElement.previousElementSibling;
            const below = item && item.getBoundingClientRect().bottom - 1;
            return item && sep.getBoundingClientRect().top >= below;
        }).length"""
    for width in (320, 390, 1366):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(base + "/2026/03/a/")
        assert page.evaluate(starts) == 0, width
        page.close()


def test_related_titles_in_one_row_start_at_one_height(
    browser: Any, make_site: MakeSite, serve_dir: Callable[[Path], str]
) -> None:
    long = "خبر طويل العنوان جدا عن الاقتصاد والموازنة العامة والضرائب الجديدة في البلاد كلها"
    files = {
        "jarida.yaml": "title: جريدة\nbase_url: http://127.0.0.1/\nlanguage: ar\n",
        "content/a.md": article("الخبر", tags="[اقتصاد]", slug="a"),
        "content/b.md": article("قصير", "2026-03-30T10:00:00+03:00", tags="[اقتصاد]", slug="b"),
        "content/c.md": article(long, "2026-03-29T10:00:00+03:00", tags="[اقتصاد]", slug="c"),
    }
    root = make_site(files)
    build_site(root)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(serve_dir(root / "public") + "/2026/03/a/")
    tops = page.eval_on_selector_all(
        ".related-card .related-title",
        "titles => titles.map(t => Math.round(t.getBoundingClientRect().top))",
    )
    assert len(tops) == 2 and tops[0] == tops[1], tops
    page.close()
