"""The masthead's date and the relative times in a real browser, at a fixed clock: clock.js
writes the reader's own today over the build's, and «منذ ساعتين» over recent times."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOW, MakeSite, article, build_site

pytestmark = pytest.mark.browser

CONFIG = """\
    title: جريدة
    base_url: http://127.0.0.1/
    language: ar-EG
    timezone: Africa/Cairo
    digits: arab
    hijri: true
    relative_times: true
    """


@pytest.fixture
def site(make_site: MakeSite, serve_dir: Callable[[Path], str]) -> tuple[Path, str]:
    root = make_site(
        {
            "jarida.yaml": CONFIG,
            # NOW is 2026-06-01 12:00 UTC: two hours after this one, twelve days after the next.
            "content/recent.md": article("خبر حديث", "2026-06-01T10:00:00+00:00", slug="recent"),
            "content/older.md": article("خبر أقدم", "2026-05-20T10:00:00+00:00", slug="older"),
            "content/day.md": article("خبر بيوم", "2026-06-01", slug="day"),
        }
    )
    build_site(root, now=NOW)
    return root, serve_dir(root / "public")


def _page(browser: Any, moment: str) -> Any:
    context = browser.new_context(timezone_id="Africa/Cairo")
    page = context.new_page()
    page.clock.set_fixed_time(moment)
    return page


def test_the_masthead_shows_the_readers_today(browser: Any, site: tuple[Path, str]) -> None:
    root, url = site
    built = (root / "public/index.html").read_text(encoding="utf-8")
    assert "الاثنين، ١ يونيو ٢٠٢٦" in built  # the build's date, the fallback
    page = _page(browser, "2026-06-03T07:00:00Z")  # 10:00 on Wednesday 3 June in Cairo
    for path in ("/", "/2026/06/recent/"):
        page.goto(url + path)
        today = page.locator(".masthead-date time")
        assert today.inner_text() == "الأربعاء، ٣ يونيو ٢٠٢٦", path
        assert today.get_attribute("datetime") == "2026-06-03"
        hijri = page.locator(".masthead-date .hijri").inner_text()
        assert "ذو الحجة" in hijri and "١٤٤٧" in hijri, hijri


def test_recent_times_read_relative_and_keep_the_absolute_one(
    browser: Any, site: tuple[Path, str]
) -> None:
    root, url = site
    page = _page(browser, "2026-06-01T12:00:00Z")
    page.goto(url + "/")
    recent = page.locator('.card time[datetime="2026-06-01T13:00:00+03:00"]')
    assert "ساعتين" in recent.inner_text()
    built = (root / "public/index.html").read_text(encoding="utf-8")
    assert f">{recent.get_attribute('title')}</time>" in built  # the absolute text, as built
    assert "١:٠٠ م" in (recent.get_attribute("title") or "")
    older = page.locator('.card time[datetime="2026-05-20T13:00:00+03:00"]')
    assert older.inner_text() == "٢٠ مايو ٢٠٢٦، ١:٠٠ م" and older.get_attribute("title") is None
    day = page.locator('.card time[datetime="2026-06-01"]')
    assert day.inner_text() == "١ يونيو ٢٠٢٦" and day.get_attribute("data-relative") is None
