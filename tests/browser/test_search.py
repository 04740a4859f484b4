"""Search in a real browser: a reader types Arabic queries on /search/ and sees the right articles.

The site is tests/test_search.py's: «الاقتصاد» is written with tashkeel in one article, with a
hamza under the alef in another and with و in a third; digits are Eastern in one article and
Western in another; the sport article has «أحمد», «المستشفى» and a Latin name.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import MakeSite, Served, article, build_site
from tests.test_search import SITE

pytestmark = pytest.mark.browser

GROWTH, INFLATION, PLAN, MATCH = (f"/2026/{s}/" for s in ("growth", "inflation", "plan", "match"))
ECONOMY = {GROWTH, INFLATION, PLAN}
WAIT_MS = 10_000


@pytest.fixture
def site_url(make_site: MakeSite, serve_dir: Callable[[Path], str]) -> str:
    root = make_site(SITE)
    build_site(root)
    return serve_dir(root / "public")


@pytest.fixture
def page(browser: Any, site_url: str) -> Any:
    page = browser.new_page()
    page.goto(f"{site_url}/search/")
    ready(page)
    yield page
    page.close()


def ready(page: Any) -> None:
    """Wait until the script has loaded the index (the categories are listed)."""
    page.wait_for_selector("#search-category option:nth-child(2)", state="attached")
    page.wait_for_selector("#search-results:not([aria-busy])", state="attached")


def found(page: Any) -> list[str]:
    page.wait_for_selector("#search-results:not([aria-busy])", state="attached")
    script = "links => links.map(a => a.getAttribute('href'))"
    return list(page.eval_on_selector_all(".search-result-title a", script))


def search(page: Any, query: str) -> set[str]:
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    return set(found(page))


QUERIES = {
    "الاقتصاد": ECONOMY,  # finds «الاقتصادُ», «الإقتصاد» and «والاقتصاد»
    "الإقتصاد": ECONOMY,  # hamza under the alef in the query
    "الاقْتِصَادُ": ECONOMY,  # tashkeel in the query
    "والاقتصاد": ECONOMY,  # و in the query
    "اقتصاد": ECONOMY,  # no article
    "احمد": {MATCH},  # «أحمد» in the text
    "أحمد": {MATCH},
    "مستشفي": {MATCH},  # «المستشفى» in the text
    "المستشفى": {MATCH},
    "المصرف": {INFLATION},  # «ٱلمصرف» (alef wasla) in the text
    "كتاب": {MATCH},  # «کتاب» (keheh) in the text
    "Lagarde": {INFLATION},  # a Latin name from a body
    "christine lagarde": {INFLATION},
    "Salah": {MATCH},
    "2024": {GROWTH},  # «٢٠٢٤» in the text
    "٢٠٢٤": {GROWTH},
    "٢٠٢٥": {INFLATION},  # «2025» in the text
    "التعليم الاقتصاد": {PLAN},  # every word must match
    "توقعات": set(),  # a tag: a filter, not text
    "كلمةالوصف": set(),  # the header, on every page: not indexed
    "كلمةالتعليق": set(),  # a reader's comment: not indexed
    "ملخص": set(),  # the summary: metadata, not text
    "مارس": set(),  # the date, as shown: metadata
    "ميناء": set(),  # the lead image's alt text: metadata
}


def test_arabic_queries_find_the_expected_articles(page: Any) -> None:
    """One page, one query after another, as a reader would; every mismatch is reported."""
    assert {query: search(page, query) for query in QUERIES} == QUERIES


def test_results_show_title_date_category_and_marked_words(page: Any) -> None:
    assert search(page, "الاقتصاد") == ECONOMY
    assert page.inner_text("#search-status") == "٣ نتائج"  # Arabic plural, Eastern digits
    growth = page.locator(".search-result", has=page.locator(f'a[href="{GROWTH}"]'))
    assert growth.locator(".search-result-title mark").all_inner_texts() == ["الاقتصادُ"]
    assert growth.locator("time").inner_text() == "١ مارس ٢٠٢٦"
    assert growth.locator(".search-result-category").inner_text() == "اقتصاد"
    thumbnail = growth.locator("img").get_attribute("src") or ""  # the lead picture's 16:9 crop
    assert thumbnail.startswith("/images/growth.16x9.64w.") and thumbnail.endswith(".png")
    plan = page.locator(".search-result", has=page.locator(f'a[href="{PLAN}"]'))
    # Found through the folded terms: the word as written in the text is marked.
    assert plan.locator(".search-excerpt mark").all_inner_texts() == ["والاقتصاد"]
    assert "أعلنت الحكومة خطة لدعم التعليم" in plan.locator(".search-excerpt").inner_text()
    assert "الاقتصاد" not in plan.locator(".search-excerpt").inner_text().split()  # no folded words
    assert search(page, "لا_شيء_هنا") == set()
    assert page.inner_text("#search-status").startswith("لم نجد مقالات تطابق «لا_شيء_هنا»")


def test_category_filter_and_newest_first(page: Any) -> None:
    options = page.eval_on_selector_all(
        "#search-category option", "os => os.map(o => o.textContent)"
    )
    assert options == ["كل التصنيفات", "اقتصاد (٢)", "رياضة (١)", "سياسة (١)"]
    assert search(page, "الاقتصاد") == ECONOMY
    page.select_option("#search-category", "سياسة")
    assert set(found(page)) == {PLAN}
    page.select_option("#search-category", "اقتصاد")
    assert set(found(page)) == {GROWTH, INFLATION}
    page.select_option("#search-sort", "date")
    assert found(page) == [INFLATION, GROWTH]
    assert "category=" in page.url and "sort=date" in page.url
    page.fill("#search-input", "")
    page.select_option("#search-category", "رياضة")  # a category alone lists its articles
    assert found(page) == [MATCH]


def test_the_address_carries_the_search(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/search/?q={quote('والاقتصاد')}&category={quote('اقتصاد')}")
    ready(page)
    assert set(found(page)) == {GROWTH, INFLATION}
    assert page.input_value("#search-input") == "والاقتصاد"
    assert page.input_value("#search-category") == "اقتصاد"
    page.close()


def test_the_header_box_leads_to_the_results(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/")
    page.fill("#site-search-input", "أحمد")
    page.press("#site-search-input", "Enter")
    page.wait_for_url("**/search/?q=*")
    ready(page)
    assert found(page) == [MATCH]
    page.close()


def test_keyboard_only(page: Any) -> None:
    def focused() -> str:
        return str(page.evaluate("document.activeElement.id || document.activeElement.href"))

    page.focus("#search-input")
    page.keyboard.type("الاقتصاد")
    page.keyboard.press("Enter")
    links = [page.evaluate("h => new URL(h, location.href).href", h) for h in found(page)]
    assert len(links) == 3
    page.keyboard.press("ArrowDown")  # from the box to the first result
    assert focused() == links[0]
    page.keyboard.press("ArrowDown")
    assert focused() == links[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # back in the box
    assert focused() == "search-input"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert focused() == "search-input"
    for expected in ("search-category", "search-sort"):  # then the form, in order
        page.keyboard.press("Tab")
        assert focused() == expected
    page.focus("#search-input")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # on a result: opens the article
    assert page.url == links[0]


def test_typing_searches_without_enter(page: Any) -> None:
    page.locator("#search-input").press_sequentially("Salah", delay=30)
    page.wait_for_function(
        "document.querySelectorAll('.search-result').length === 1", timeout=WAIT_MS
    )
    assert found(page) == [MATCH]


def test_right_to_left_and_no_overflow_on_a_phone(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{site_url}/search/?q={quote('الاقتصاد')}")
    ready(page)
    assert len(found(page)) == 3
    for selector in ("#search-form", ".search-result", ".search-excerpt"):
        assert page.eval_on_selector(selector, "e => getComputedStyle(e).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


def test_without_javascript_a_message_and_links(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/search/?q={quote('الاقتصاد')}")
    assert not page.is_visible("#search-form")
    assert page.is_visible("#search-fallback")
    assert "يحتاج إلى تفعيل جافاسكربت" in page.inner_text("#search-fallback")
    page.click("#search-fallback >> text=كل التصنيفات")
    assert page.url.endswith("/categories/")
    context.close()


def test_a_site_under_a_path(
    browser: Any, make_site: MakeSite, serve_dir: Callable[[Path], str], tmp_path: Path
) -> None:
    config = SITE["jarida.yaml"].replace("https://news.example/", "https://news.example/ar/")
    root = make_site({**SITE, "jarida.yaml": config})
    build_site(root, out=tmp_path / "www" / "ar")
    page = browser.new_page()
    page.goto(f"{serve_dir(tmp_path / 'www')}/ar/search/?q={quote('والاقتصاد')}")
    ready(page)
    assert set(found(page)) == {f"/ar{url}" for url in ECONOMY}
    page.close()


def test_a_missing_index_shows_the_links(
    browser: Any, make_site: MakeSite, serve_dir: Callable[[Path], str]
) -> None:
    root = make_site(SITE)
    build_site(root)
    shutil.rmtree(root / "public/pagefind")
    page = browser.new_page()
    page.goto(f"{serve_dir(root / 'public')}/search/?q=x")
    page.wait_for_selector("#search-fallback", state="visible")
    assert "تعذّر تحميل فهرس البحث" in page.inner_text("#search-fallback")
    assert not page.is_visible("#search-form")
    page.close()


def test_the_preview_server_searches_and_follows_edits(
    browser: Any, serve_site: Callable[..., Served]
) -> None:
    served = serve_site(SITE)
    page = browser.new_page()
    page.goto(served.preview.url + "search/?q=" + quote("أحمد"))
    ready(page)
    assert found(page) == [MATCH]
    page.evaluate("window.__before_edit = true")
    (served.root / "content/new.md").write_text(
        article("خبر عن مروحيات Mi-35B", "2026-05-25T10:00:00+02:00", "وصلت الطائرات.", slug="new"),
        encoding="utf-8",
    )
    # The preview rebuilds (Pagefind included) and the open search page reloads by itself.
    page.wait_for_function("window.__before_edit === undefined", timeout=WAIT_MS)
    ready(page)
    assert found(page) == [MATCH]
    assert search(page, "مروحيات") == {"/2026/new/"}
    page.close()
