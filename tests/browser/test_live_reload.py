"""Live reload in a real browser: an edit on disk shows up without anyone reloading the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import Served, article

pytestmark = pytest.mark.browser

#: The longest an edit may take to reach the page: a bound on the wait, not a performance goal.
WAIT_MS = 10_000
PAGE = "2026/03/خبر-عاجل/"


@pytest.fixture
def served(serve_site: Callable[..., Served]) -> Served:
    return serve_site(
        {
            "jarida.yaml": "language: ar\n",
            "content/a.md": article("خبر عاجل", body="النص قبل التعديل."),
            "content/b.md": article("خبر آخر", "2026-02-01T10:00:00+03:00"),
        }
    )


def test_an_edit_appears_without_a_manual_reload(browser: Any, served: Served) -> None:
    page = browser.new_page()
    page.goto(served.preview.url + quote(PAGE))
    body = page.locator(".article-body")
    assert body.inner_text().strip() == "النص قبل التعديل."
    page.evaluate("window.__before_edit = true")
    (served.root / "content/a.md").write_text(
        article("خبر عاجل", body="النص بعد التعديل."), encoding="utf-8"
    )
    page.get_by_text("النص بعد التعديل.").wait_for(timeout=WAIT_MS)
    # The page itself reloaded (the marker is gone), at the same address.
    assert page.evaluate("window.__before_edit === undefined")
    assert page.url == served.preview.url + quote(PAGE)
    page.close()


def test_a_broken_edit_shows_the_errors_then_the_fix(browser: Any, served: Served) -> None:
    page = browser.new_page()
    page.goto(served.preview.url + quote(PAGE))
    source = served.root / "content/a.md"
    source.write_text("---\ntitle: خبر عاجل\ndate: أمس\n---\nنص\n", encoding="utf-8")
    page.get_by_text("تعذّر بناء الموقع").wait_for(timeout=WAIT_MS)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "content/a.md:3: `date` is not a date" in page.locator("li").first.inner_text()
    source.write_text(article("خبر عاجل", body="عاد الخبر سليمًا."), encoding="utf-8")
    page.get_by_text("عاد الخبر سليمًا.").wait_for(timeout=WAIT_MS)
    assert page.locator("h1").inner_text() == "خبر عاجل"
    page.close()
