"""Screenshots of the built-in theme for docs/theme.md, run by hand:

    .venv/bin/python docs/theme/shoot.py [--site .] [--query النفط] [--out docs/theme]

Builds the example site (this repository's root) into a temporary folder, serves it on
127.0.0.1 and saves, with Debian's Chromium through Playwright, the home page, an article, a
category and the search page (with results) at 1366x900 and 390x844, light and dark, as
``PAGE-DEVICE-SCHEME.png`` (8-bit PNG, a few hundred KB at most). Which article and category
are found from the built pages (the home page's first story with a picture; that article's
category), so the script keeps working as the theme and the content change.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal
from urllib.parse import quote, urljoin, urlsplit

from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
DEVICES = {"desktop": (1366, 900), "phone": (390, 844)}
SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")
PAGES = ("home", "article", "category", "search")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build(site: Path, out: Path) -> None:
    command = [sys.executable, "-m", "jarida", "build", str(site), "--output", str(out), "-q"]
    subprocess.run(command, check=True)


def _path(base: str, href: str) -> str:
    """A link found on a page, as a path of the site (absolute base URLs included)."""
    parts = urlsplit(urljoin(base + "/", href))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def find_paths(browser: Browser, base: str, query: str) -> dict[str, str]:
    """The path of each page to shoot, found from the built site."""
    page = browser.new_page()
    page.goto(base + "/")
    story = page.eval_on_selector_all(
        "main .card",
        """cards => {
            const pick = cards.find(c => c.querySelector('img')) || cards[0];
            return pick.querySelector('.card-title a, h2 a, h3 a').getAttribute('href');
        }""",
    )
    article = _path(base, story)
    page.goto(base + article)
    category = page.eval_on_selector_all(
        'main a[href*="/categories/"]', "links => links.length ? links[0].getAttribute('href') : ''"
    )
    page.close()
    return {
        "home": "/",
        "article": article,
        "category": _path(base, category) if category else "/categories/",
        "search": "/search/?q=" + quote(query),
    }


def settle(page: Page, name: str) -> None:
    """Wait for what the picture must show: fonts, pictures, search results."""
    if name == "search":
        try:
            page.wait_for_selector(".search-result", timeout=15_000)
        except PlaywrightTimeout:
            sys.stderr.write("search: no result shown (try another --query)\n")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")


def shrink(path: Path) -> None:
    """An 8-bit palette PNG: a quarter of the bytes, no visible loss for a page of text."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def shoot(browser: Browser, base: str, paths: dict[str, str], out: Path) -> list[Path]:
    saved: list[Path] = []
    for device, (width, height) in DEVICES.items():
        for scheme in SCHEMES:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme=scheme,
                reduced_motion="reduce",
            )
            for name in PAGES:
                page = context.new_page()
                page.goto(base + paths[name])
                settle(page, name)
                target = out / f"{name}-{device}-{scheme}.png"
                page.screenshot(path=str(target))
                shrink(target)
                saved.append(target)
                page.close()
            context.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO, help="the site to build (the example)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "theme", help="where to save")
    parser.add_argument("--query", default="النفط", help="what the search page looks for")
    options = parser.parse_args()
    if not Path(CHROMIUM).exists():
        parser.error(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jarida-shoot-") as temp:
        public = Path(temp) / "public"
        build(options.site.resolve(), public)
        with served(public) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            paths = find_paths(browser, base, options.query)
            for name, url in paths.items():
                sys.stdout.write(f"{name}: {url}\n")
            saved = shoot(browser, base, paths, options.out)
            browser.close()
    for picture in saved:
        sys.stdout.write(f"{picture}: {picture.stat().st_size // 1024} KB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
