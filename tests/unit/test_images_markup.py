"""The ``<picture>`` markup of a published image: sources, srcset, sizes, loading, escaping and
the base path, read back with html5lib as a browser would."""

from __future__ import annotations

import re

import html5lib
import pytest
from lxml import etree

from jarida.images.markup import DEFAULT_SIZES, Role, picture_html
from jarida.images.model import CROP, FULL, Derivative, ImageResult, ImageSet, Kind

NS = "{http://www.w3.org/1999/xhtml}"


def derivatives(stem: str, ratio: float, fallback: str) -> tuple[Derivative, ...]:
    return tuple(
        Derivative(
            key=f"{fmt}{w}" * 8,
            file=f"{stem}.{w}w.k{w}.{'jpg' if fmt == 'jpeg' else fmt}",
            format=fmt,
            width=w,
            height=round(w / ratio),
        )
        for fmt in ("avif", "webp", fallback)
        for w in (320, 640, 1280)
    )


def result(stem: str = "flood") -> ImageResult:
    full = ImageSet(name=FULL, fallback="jpeg", derivatives=derivatives(stem, 1.5, "jpeg"))
    crop = ImageSet(
        name=CROP, fallback="jpeg", derivatives=derivatives(stem + ".16x9", 16 / 9, "jpeg")
    )
    return ImageResult(
        name=f"content/2026/05/flood/{stem}.jpg",
        kind=Kind.RASTER,
        width=2000,
        height=1333,
        sets=(full, crop),
    )


def parse(markup: str) -> object:
    fragment = html5lib.parseFragment(markup, namespaceHTMLElements=True)
    assert len(fragment) == 1
    return fragment[0]


def test_an_inline_picture() -> None:
    html = picture_html(
        result(), folder="2026/05/flood", base_path="/", role=Role.INLINE, alt="سيول في المدينة"
    )
    picture = parse(str(html))
    assert picture.tag == NS + "picture"  # type: ignore[attr-defined]
    sources = picture.findall(NS + "source")  # type: ignore[attr-defined]
    assert [s.get("type") for s in sources] == ["image/avif", "image/webp"]
    assert sources[1].get("srcset") == (
        "/2026/05/flood/flood.320w.k320.webp 320w, /2026/05/flood/flood.640w.k640.webp 640w, "
        "/2026/05/flood/flood.1280w.k1280.webp 1280w"
    )
    assert all(s.get("sizes") == DEFAULT_SIZES[Role.INLINE] for s in sources)
    img = picture.find(NS + "img")  # type: ignore[attr-defined]
    assert img.get("src") == "/2026/05/flood/flood.640w.k640.jpg"
    assert img.get("srcset").endswith("/2026/05/flood/flood.1280w.k1280.jpg 1280w")
    assert (img.get("width"), img.get("height")) == ("1280", "853")
    assert img.get("alt") == "سيول في المدينة"
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")
    assert img.get("fetchpriority") is None


def test_the_lead_picture_is_fetched_first() -> None:
    html = picture_html(result(), folder="x", base_path="/", role=Role.LEAD, alt="a", sizes="100vw")
    img = parse(str(html)).find(NS + "img")  # type: ignore[attr-defined]
    assert img.get("loading") is None
    assert img.get("fetchpriority") == "high"
    assert img.get("sizes") == "100vw"


@pytest.mark.parametrize("role", [Role.CARD, Role.THUMBNAIL])
def test_cards_and_thumbnails_use_the_crop(role: Role) -> None:
    html = picture_html(result(), folder="x", base_path="/", role=role, alt="a")
    img = parse(str(html)).find(NS + "img")  # type: ignore[attr-defined]
    assert ".16x9." in img.get("src")
    assert (img.get("width"), img.get("height")) == ("1280", "720")
    assert img.get("loading") == "lazy"


def test_values_are_escaped_and_urls_have_the_base_path() -> None:
    alt = '"><script>alert(1)</script> & co'
    html = picture_html(
        result('a b,c"d'), folder="2026/أخبار", base_path="/news/", role=Role.CARD, alt=alt
    )
    assert "<script" not in str(html)
    img = parse(str(html)).find(NS + "img")  # type: ignore[attr-defined]
    assert img.get("alt") == alt
    src = img.get("src")
    assert src.startswith("/news/2026/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/a%20b%2Cc%22d.16x9.")
    # Each srcset candidate is one URL and one width: no stray comma or space inside a URL.
    for candidate in img.get("srcset").split(", "):
        url, width = candidate.split(" ")
        assert url.startswith("/news/") and width.endswith("w")


def test_passed_through_and_failed_images() -> None:
    gif = ImageResult(name="content/x/anim.gif", kind=Kind.PASSTHROUGH, width=40, height=30)
    img = parse(str(picture_html(gif, folder="x", base_path="/s/", role=Role.INLINE, alt="")))
    assert img.tag == NS + "img"  # type: ignore[attr-defined]
    assert (img.get("src"), img.get("width"), img.get("alt")) == ("/s/x/anim.gif", "40", "")  # type: ignore[attr-defined]
    svg = ImageResult(name="content/x/chart.svg", kind=Kind.PASSTHROUGH)
    img = parse(str(picture_html(svg, folder="x", base_path="/", role=Role.LEAD, alt="c")))
    assert img.get("width") is None and img.get("fetchpriority") == "high"  # type: ignore[attr-defined]
    failed = ImageResult(name="content/x/bad.jpg", kind=Kind.FAILED)
    assert str(picture_html(failed, folder="x", base_path="/", role=Role.LEAD, alt="")) == ""


def test_markup_is_well_formed_xml_too() -> None:
    html = picture_html(result(), folder="x", base_path="/", role=Role.CARD, alt="<&>")
    # The void elements closed for XML: the rest must parse as it is.
    tree = etree.fromstring(re.sub(r"<(source|img)([^>]*)>", r"<\1\2/>", str(html)))
    assert tree.tag == "picture" and len(tree) == 3
    assert tree[2].get("alt") == "<&>"
