"""An article page in a real browser: right to left, Latin runs isolated, no overflow on mobile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeSite, article, build_site

pytestmark = pytest.mark.browser

BODY = "وقال المتحدث إن مروحيات Mi-35B، التي وصلت أمس (عبر Twitter)، ستنضم إلى الأسطول."


@pytest.fixture
def site_url(make_site: MakeSite, serve_dir: Callable[[Path], str]) -> str:
    root = make_site(
        {
            "jarida.yaml": "base_url: http://127.0.0.1/\nlanguage: ar\n",
            "content/a.md": article(
                "وصول مروحيات Mi-35B إلى القاعدة", body=BODY, tags="[الطيران]", category="سياسة"
            ),
            "content/b.md": article(
                "خبر آخر عن الطيران",
                "2026-03-01T10:00:00+03:00",
                tags="[الطيران]",
                category="سياسة",
            ),
        }
    )
    build_site(root)
    return serve_dir(root / "public")


def test_article_is_rtl_and_latin_runs_are_isolated(browser: Any, site_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{site_url}/2026/03/وصول-مروحيات-mi-35b-إلى-القاعدة/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    isolate = page.locator(".article-body bdi", has_text="Mi-35B")
    assert isolate.count() == 1
    assert isolate.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    # The Arabic comma the writer put after the name stays outside the isolate, right after it.
    assert isolate.evaluate("e => e.nextSibling.textContent.startsWith('،')")
    assert page.locator("h1 bdi").inner_text() == "Mi-35B"
    # In an RTL line, the isolated Latin run is laid out to the left of the Arabic before it.
    boxes = page.evaluate(
        """() => {
            const bdi = document.querySelector('.article-body bdi');
            const range = document.createRange();
            range.setStart(bdi.previousSibling, 0);
            range.setEnd(bdi.previousSibling, bdi.previousSibling.length);
            const rects = range.getClientRects();
            return [bdi.getBoundingClientRect().right, rects[rects.length - 1].left];
        }"""
    )
    assert boxes[0] <= boxes[1] + 1
    page.close()


def test_no_horizontal_overflow_on_a_phone(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    for path in ("/", "/2026/03/وصول-مروحيات-mi-35b-إلى-القاعدة/", "/tags/"):
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, path
    page.close()


def test_back_to_top_and_related_links_work_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/2026/03/وصول-مروحيات-mi-35b-إلى-القاعدة/")
    page.click(".related a")
    assert "خبر آخر" in page.locator("h1").inner_text()
    page.click("a.to-top")
    assert page.url.endswith("#top")
    context.close()
