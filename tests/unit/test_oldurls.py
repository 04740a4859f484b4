"""Old URLs by Jekyll's and Hugo's own rules, and the Jarida permalink that keeps them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

import pytest

from jarida.importer.oldurls import UrlFacts, hugo_urlize, jarida_permalink, old_url
from jarida.importer.ssgconfig import SourceConfig

AT = datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=3)))
POST = UrlFacts(
    kind="post",
    date=AT,
    stem="المطر-يعود",
    basename="2024-03-05-المطر-يعود",
    folder="",
    title="المطر يعود إلى الوادي",
    categories=("Local", "أخبار"),
)


def jekyll(permalink: str = "date", **more: object) -> SourceConfig:
    return SourceConfig(dialect="jekyll", permalink=permalink, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("style", "url"),
    [
        ("date", "/local/أخبار/2024/03/05/المطر-يعود.html"),
        ("pretty", "/local/أخبار/2024/03/05/المطر-يعود/"),
        ("ordinal", "/local/أخبار/2024/065/المطر-يعود.html"),
        ("none", "/local/أخبار/المطر-يعود.html"),
        ("/:title/", "/المطر-يعود/"),
        (
            "/:year/:i_month/:i_day/:short_year/:name:output_ext",
            "/2024/3/5/24/2024-03-05-المطر-يعود.html",
        ),
        ("/:categories/:slug", "/local/أخبار/المطر-يعود"),
    ],
)
def test_jekyll_post_styles_and_patterns(style: str, url: str) -> None:
    assert old_url(jekyll(style), POST) == url


def test_jekyll_empty_categories_leave_no_empty_segment_and_slug_overrides_the_name() -> None:
    facts = replace(POST, categories=(), slug="Hello World!")
    assert old_url(jekyll("date"), facts) == "/2024/03/05/Hello-World!.html"
    assert old_url(jekyll("/p/:slug/"), facts) == "/p/hello-world/"
    assert old_url(jekyll("/p/:slug/"), replace(facts, own="/x/:title/")) == "/x/Hello-World!/"


def test_jekyll_pages_and_collections() -> None:
    page = UrlFacts(kind="page", date=AT, stem="about", basename="about", folder="", title="")
    assert old_url(jekyll("date"), page) == "/about.html"
    assert old_url(jekyll("pretty"), page) == "/about/"
    assert old_url(jekyll("/:title/"), page) == "/about/"
    index = replace(page, stem="index", basename="index", folder="team")
    assert old_url(jekyll("date"), index) == "/team/"
    doc = UrlFacts(
        kind="doc", date=AT, stem="بداية", basename="بداية", folder="", title="", section="guides"
    )
    assert old_url(jekyll(), doc) == "/guides/بداية.html"
    guides = MappingProxyType({"guides": {"permalink": "/g/:path/"}})
    assert old_url(jekyll(collections=guides), doc) == "/g/بداية/"


def hugo(**more: object) -> SourceConfig:
    return SourceConfig(dialect="hugo", **more)  # type: ignore[arg-type]


HUGO_POST = UrlFacts(
    kind="post", date=AT, stem="Flood-News", basename="Flood-News", folder="posts",
    title="المطر يعود، إلى الوادي!", section="posts",
)  # fmt: skip


def test_hugo_default_paths_slug_url_and_ugly_urls() -> None:
    assert old_url(hugo(), HUGO_POST) == "/posts/flood-news/"
    assert old_url(hugo(), replace(HUGO_POST, slug="My Slug")) == "/posts/my-slug/"
    assert old_url(hugo(), replace(HUGO_POST, own="/a/b/")) == "/a/b/"
    assert old_url(hugo(), replace(HUGO_POST, own="/%D8%BA%D8%B2%D8%A9/")) == "/غزة/"
    assert old_url(hugo(ugly_urls=True), HUGO_POST) == "/posts/flood-news.html"
    nested = replace(HUGO_POST, folder="posts/2024")
    assert old_url(hugo(), nested) == "/posts/2024/flood-news/"


def test_hugo_permalinks_per_section() -> None:
    links = MappingProxyType(
        {"posts": "/:year/:month/:title/", "news": "/p/:slug/", "docs": "/:section/:filename/"}
    )
    config = hugo(permalinks=links)
    assert old_url(config, HUGO_POST) == "/2024/03/المطر-يعود-إلى-الوادي/"
    news = replace(HUGO_POST, section="news", slug="khabar-1")
    assert old_url(config, news) == "/p/khabar-1/"
    assert old_url(config, replace(news, slug=None)) == "/p/المطر-يعود-إلى-الوادي/"
    docs = replace(HUGO_POST, section="docs")
    assert old_url(config, docs) == "/docs/flood-news/"


def test_hugo_urlize_keeps_letters_marks_and_drops_punctuation() -> None:
    assert hugo_urlize("عمّان: المدينة، اليوم!") == "عمّان-المدينة-اليوم"
    assert hugo_urlize("Hello World 2") == "hello-world-2"


def test_the_jarida_permalink_of_an_old_pattern() -> None:
    assert jarida_permalink(jekyll("/:title/"), ()) == "/{slug}/"
    assert jarida_permalink(jekyll("/:year/:month/:slug/"), ()) == "/{year}/{month}/{slug}/"
    assert jarida_permalink(jekyll("pretty"), ()) is None  # :categories
    assert jarida_permalink(jekyll("date"), ()) is None  # .html
    links = MappingProxyType({"news": "/p/:slug/"})
    sections = ("posts", "posts", "news")
    assert jarida_permalink(hugo(permalinks=links), sections) == "/posts/{slug}/"
    assert jarida_permalink(hugo(permalinks=links), ("news",)) == "/p/{slug}/"
    assert jarida_permalink(hugo(ugly_urls=True), sections) is None


def test_jekyll_slugs_keep_arabic_marks_and_drop_punctuation() -> None:
    facts = replace(POST, stem="عمّان،-اليوم؟", categories=())
    assert old_url(jekyll("/:title/"), facts) == "/عمّان-اليوم/"
    assert old_url(jekyll("/:slug/"), replace(facts, stem="Hello_World")) == "/hello-world/"
