"""The site-wide blocks an article page loads (jarida.outputs.fragments), in a real browser at a
given clock: the breaking banner before its ``breaking_until`` and not after, and the sidebar's
latest stories."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeSite, article, build_site

pytestmark = pytest.mark.browser

HOSTILE = 'سيول <img src=x onerror="window.hacked=1"> في الوادي'
UNTIL = datetime.fromisoformat("2026-06-01T18:00:00+03:00")


@pytest.fixture
def site_url(make_site: MakeSite, serve_dir: Callable[[Path], str]) -> str:
    root = make_site(
        {
            "jarida.yaml": "base_url: http://127.0.0.1/\nlanguage: ar\ntimezone: Asia/Riyadh\n",
            "content/flood.md": article(
                HOSTILE,
                "2026-06-01T09:00:00+03:00",
                slug="flood",
                category="محليات",
                breaking="true",
                breaking_until=UNTIL.isoformat(),
            ),
            "content/market.md": article(
                "السوق يرتفع", "2026-05-30T09:00:00+03:00", slug="market", category="اقتصاد"
            ),
        }
    )
    build_site(root)  # at the tests' clock, 2026-06-01 12:00 UTC: the banner is up
    return serve_dir(root / "public")


def open_article(browser: Any, site_url: str, now: datetime) -> Any:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.clock.install(time=now)
    page.goto(f"{site_url}/2026/05/market/")
    page.wait_for_selector(".sidebar [data-fragment][data-loaded]")  # the sidebar's first list
    page.wait_for_load_state("networkidle")
    return page


def test_the_banner_shows_before_breaking_until(browser: Any, site_url: str) -> None:
    page = open_article(browser, site_url, datetime.fromisoformat("2026-06-01T17:59:00+03:00"))
    banner = page.locator(".breaking")
    banner.wait_for()
    assert banner.locator(".breaking-label").inner_text() == "عاجل"
    link = banner.locator("a")
    assert link.inner_text() == 'سيول <img src=x onerror="window.hacked=1"> في الوادي'
    assert link.get_attribute("href") == "/2026/06/flood/"
    assert page.evaluate("window.hacked") is None


def test_the_banner_is_gone_after_breaking_until_by_the_readers_clock(
    browser: Any, site_url: str
) -> None:
    page = open_article(browser, site_url, datetime.fromisoformat("2026-06-01T18:00:01+03:00"))
    assert page.locator(".breaking").count() == 0
    assert page.locator(".breaking-slot").inner_text() == ""


def test_the_sidebar_lists_the_latest_stories(browser: Any, site_url: str) -> None:
    page = open_article(browser, site_url, datetime.fromisoformat("2026-06-01T12:00:00+03:00"))
    sidebar = page.locator("aside.sidebar")
    assert sidebar.is_visible()
    # The story being read (السوق يرتفع) is in neither list: its category's list, left empty,
    # keeps its link to the category's page.
    latest = sidebar.locator(".sidebar-block").first.locator(".sidebar-list li a")
    assert latest.all_inner_texts() == [HOSTILE]
    category = sidebar.locator(".sidebar-block").nth(1)
    assert category.locator("h2").inner_text() == "اقتصاد"
    assert category.locator(".sidebar-list").count() == 0
    assert (
        category.locator("a").last.get_attribute("href")
        == "/categories/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/"
    )


def test_a_phone_shows_no_sidebar_and_fetches_none(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site_url}/2026/05/market/")
    page.wait_for_load_state("networkidle")
    assert not page.locator("aside.sidebar").is_visible()
    assert [url for url in fetched if "/fragments/" in url] == [
        f"{site_url}/fragments/breaking.htm"
    ]


LAYOUT_SHIFT = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 300);
})"""


@pytest.mark.parametrize("width, height", [(390, 844), (1366, 900)])
def test_the_banner_and_the_sidebar_arrive_without_moving_the_page(
    browser: Any, site_url: str, width: int, height: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.clock.install(time=datetime.fromisoformat("2026-06-01T12:00:00+03:00"))
    page.goto(f"{site_url}/2026/05/market/")
    page.locator(".breaking").wait_for()
    page.wait_for_load_state("networkidle")
    banner = page.locator(".breaking").bounding_box()
    assert banner is not None and banner["y"] + banner["height"] == pytest.approx(height, abs=1)
    assert page.evaluate(LAYOUT_SHIFT) < 0.05  # the bound for a page


def test_on_a_phone_the_front_page_starts_with_the_news(browser: Any, site_url: str) -> None:
    """At 390x844 with a breaking banner up: the banner is one line, and the lead story's
    headline starts within 200 px of the top."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.clock.install(time=datetime.fromisoformat("2026-06-01T12:00:00+03:00"))
    page.goto(f"{site_url}/")
    banner = page.locator(".breaking")
    assert banner.is_visible()
    box = banner.bounding_box()
    assert box is not None and box["height"] < 60, box
    title = page.locator(".cards.lead .card-title").first.bounding_box()
    assert title is not None and title["y"] <= 200, title
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


class _StallingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a page's HTML in two parts, half a second apart: up to its sidebar, then the rest,
    as a slow network or a busy machine does. Chromium draws what it has in between."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        if not path.endswith("market/") and not path.endswith("market/index.html"):
            return super().do_GET()
        html = (Path(path) / "index.html" if Path(path).is_dir() else Path(path)).read_bytes()
        cut = html.index(b"<aside")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(html)))
        self.end_headers()
        self.wfile.write(html[:cut])
        self.wfile.flush()
        time.sleep(0.5)
        self.wfile.write(html[cut:])


@pytest.fixture
def stalling_url(site_url: str, tmp_path: Path) -> Iterator[str]:
    """The fixture site (``site_url``'s, built under ``tmp_path/site``) from a stalling server."""
    folder = tmp_path / "site" / "public"
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a: _StallingHandler(*a, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_page_does_not_move_when_its_sidebar_arrives_late(
    browser: Any, stalling_url: str
) -> None:
    """Drawn before its sidebar is parsed, the article is already in its column: the sidebar's
    arrival moves nothing (the layout is the body's, not found by looking for the sidebar)."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.clock.install(time=datetime.fromisoformat("2026-06-01T12:00:00+03:00"))
    page.goto(f"{stalling_url}/2026/05/market/")
    page.wait_for_selector(".sidebar [data-fragment][data-loaded]")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
