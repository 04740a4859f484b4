"""A site under a sub-path (``base_url: https://example.org/news/``, as the GitHub Pages workflow
passes for a project site): every URL the site writes, in every HTML, XML, JSON, CSS and text
output, stays under ``/news/``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from jarida.build import build
from jarida.config import load_config
from jarida.model import Selection
from jarida.outcome import BuildResult
from tests.conftest import JPEG, NOW, PNG, REPO, MakeSite, article

BASE = "https://example.org/news/"
ORIGIN = "https://example.org"
#: Attributes that hold one URL, and those that hold several (``srcset``: "url 2x, url 640w").
URL_ATTRIBUTES = frozenset({"href", "src", "action", "poster", "data", "url", "uri"})
LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
_REFRESH_URL = re.compile(r"url=(.+)$", re.IGNORECASE)

SITE = {
    "jarida.yaml": (
        "title: جريدة\nbase_url: https://example.org/\nimage: /images/default.png\n"
        "logo: /images/logo.png\nmarkdown: {html: true}\n"
        "menus:\n  footer:\n    - {title: من نحن, url: /about/}\n"
    ),
    "content/a.md": article(
        "خبر أ",
        "2026-05-04T10:00:00+03:00",
        """
        [من نحن](/about/) و[الخبر الآخر](b.md) و[رابط خارجي](https://other.example/x/).

        ![صورة](/images/a.jpg)

        <img src="/images/a.jpg" srcset="/images/a.jpg 1x, /images/b.jpg 2x" alt="">
        <a href="/about/#team">الفريق</a> <a href="//cdn.example/x.js">cdn</a>
        """,
        slug="a",
        image="/images/a.jpg",
        image_alt="صورة",
        tags="[نفط]",
        category="اقتصاد",
        aliases="[/old/a/]",
    ),
    "content/b.md": article(
        "خبر ب",
        "2026-05-03T10:00:00+03:00",
        "[عودة](/2026/05/a/) ![ب](/images/b.jpg) [مكسور](/nope/)",
        slug="b",
        tags="[نفط]",
        category="اقتصاد",
    ),
    "content/pages/about.md": '---\ntitle: "من نحن"\nslug: about\n---\n![شعار](/images/logo.png)\n',
    "static/images/a.jpg": JPEG,
    "static/images/b.jpg": JPEG,
    "static/images/logo.png": PNG,
    "static/images/default.png": PNG,
}


def _json_urls(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _json_urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_urls(item)
    elif isinstance(value, str) and value.startswith(("/", "http://", "https://")):
        yield value


def _attribute_urls(name: str, value: str) -> Iterator[str]:
    name = name.rpartition("}")[2].lower()
    if name in URL_ATTRIBUTES:
        yield value.strip()
    elif name in LIST_ATTRIBUTES:
        yield from (part.split()[0] for part in value.split(",") if part.strip())


def _html_urls(text: str) -> Iterator[str]:
    root = html.document_fromstring(text)
    for element in root.iter(etree.Element):
        for name, value in element.attrib.items():
            yield from _attribute_urls(name, value)
        if element.tag == "meta":
            content = element.get("content", "")
            if element.get("http-equiv", "").lower() == "refresh":
                yield from _REFRESH_URL.findall(content)
            elif content.startswith(("/", "http://", "https://")):
                yield content  # og:image, og:url, twitter:image
        if element.tag == "script" and element.get("type") in (
            "application/json",
            "application/ld+json",
        ):
            yield from _json_urls(json.loads(element.text or "null"))
        if element.tag == "style":
            yield from _CSS_URL.findall(element.text or "")
        yield from _CSS_URL.findall(element.get("style", ""))


def _xml_urls(data: bytes) -> Iterator[str]:
    root = etree.fromstring(data)
    for element in root.iter(etree.Element):
        for name, value in element.attrib.items():
            yield from _attribute_urls(name, value)
        text = (element.text or "").strip()
        if text.startswith(("/", "http://", "https://")):
            yield text  # <loc>, <link>, <id>, <guid>, <uri>
        elif text.startswith("<"):
            yield from _html_urls(text)  # an entry's HTML content


def output_urls(folder: Path) -> Iterator[tuple[str, str]]:
    """(file, URL) for every URL in every output that is not a binary or Pagefind's own code."""
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if not path.is_file() or name.startswith("pagefind/"):
            continue
        data = path.read_bytes()
        if path.suffix == ".html":
            urls: Iterator[str] = _html_urls(data.decode("utf-8"))
        elif path.suffix == ".xml":
            urls = _xml_urls(data)
        elif path.suffix in (".json", ".webmanifest"):
            urls = _json_urls(json.loads(data))
        elif path.suffix == ".css":
            urls = iter(_CSS_URL.findall(data.decode("utf-8")))
        elif path.suffix == ".js":
            urls = iter(re.findall(r"""["'](/[^"'\s]*)["']""", data.decode("utf-8")))
        elif name in ("_redirects", "robots.txt"):
            text = data.decode("utf-8")
            urls = iter(re.findall(r"(?:^|\s)((?:https?://\S+)|/\S*)", text, re.MULTILINE))
        else:
            continue
        yield from ((name, url) for url in urls)


def outside(folder: Path) -> list[tuple[str, str]]:
    """The internal URLs that are not under the base path: each one a broken link."""
    return [
        (name, url)
        for name, url in output_urls(folder)
        if (url.startswith("/") and not url.startswith(("//", "/news/")))
        or (url.startswith(ORIGIN) and not url.startswith(BASE))
    ]


def build_under_news(root: Path, out: Path) -> tuple[Path, BuildResult]:
    config = load_config(root).with_base_url(BASE)
    return out, build(config, out_dir=out, selection=Selection(now=NOW), clean=True)


def test_the_example_site_under_a_sub_path(tmp_path: Path) -> None:
    out, _ = build_under_news(REPO, tmp_path / "public")
    assert outside(out) == []
    assert len(list(output_urls(out))) > 1000  # the scan sees the site's links


def test_images_and_root_relative_links_under_a_sub_path(
    make_site: MakeSite, tmp_path: Path
) -> None:
    out, result = build_under_news(make_site(SITE), tmp_path / "public")
    assert outside(out) == []
    # Root-relative links are checked as links of the site: only the broken one is reported.
    assert [(d.path, d.message) for d in result.warnings] == [
        ("content/b.md", "link to /nope/: no page or file of the site is there")
    ]
    page = (out / "2026/05/a/index.html").read_text(encoding="utf-8")
    assert 'href="/news/about/"' in page and 'src="/news/images/a.64w.' in page
    assert 'href="https://other.example/x/"' in page and 'href="//cdn.example/x.js"' in page
    assert f'content="{BASE}images/a.og.' in page  # og:image
    feed = (out / "atom.xml").read_text(encoding="utf-8")
    assert f"{BASE}about/" in feed and f"{BASE}images/b.64w." in feed


@pytest.mark.parametrize("base", ["https://example.org/", BASE])
def test_the_scan_finds_a_link_that_leaves_the_base_path(tmp_path: Path, base: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text(
        '<html><body><a href="/news/ok/">x</a><img src="/images/a.jpg"></body></html>',
        encoding="utf-8",
    )
    (out / "sitemap.xml").write_text(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}x/</loc>'
        "</url></urlset>",
        encoding="utf-8",
    )
    found = outside(out)
    assert ("index.html", "/images/a.jpg") in found
    assert (("sitemap.xml", f"{base}x/") in found) == (base != BASE)


def test_a_stylesheet_of_static_that_links_from_the_root_is_a_warning_at_its_line(
    make_site: MakeSite, tmp_path: Path
) -> None:
    css = (
        "body { color: #111; }\n"
        ".hero { background: url(/images/bg.png) no-repeat; }\n"
        "@font-face { src: url('/fonts/a.woff2'), url(../fonts/b.woff2), url(//cdn.example/c); }\n"
        '@import "/css/more.css";\n'
    )
    root = make_site({"content/a.md": article("خبر"), "static/css/site.css": css})
    _, result = build_under_news(root, tmp_path / "public")
    found = [d.format() for d in result.warnings if d.path == "static/css/site.css"]
    assert [f.split(": warning:")[0] for f in found] == [
        "static/css/site.css:2",
        "static/css/site.css:3",
        "static/css/site.css:4",
    ]
    assert "/images/bg.png" in found[0] and "/news/" in found[0] and "relative" in found[0]
    # At the root of its host the same stylesheet is right: no warning.
    at_root = build(load_config(root), out_dir=tmp_path / "root", selection=Selection(now=NOW))
    assert not [d for d in at_root.warnings if d.path == "static/css/site.css"]
