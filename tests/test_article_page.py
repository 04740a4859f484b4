"""The news theme's article page and masthead (issue 18): times beside dates, the logo and
today's date in the header, share links, related cards and the comment prompt."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from jarida import render
from jarida.errors import BuildFailed
from jarida.render import SHARE_NETWORKS, share_links
from tests.conftest import NOW, MakeSite, article, build_site, picture_bytes, read

CONFIG = """\
    title: "جريدة الوقت"
    base_url: https://news.example/ar/
    language: ar-EG
    timezone: Africa/Cairo
    digits: arab
    """


def _site(make_site: MakeSite, config: str = CONFIG, **files: str | bytes) -> Path:
    return make_site({"jarida.yaml": config, **files})


# Times -------------------------------------------------------------------------------------


def test_article_and_card_show_the_time_in_the_site_zone_and_digits(make_site: MakeSite) -> None:
    # 07:05 UTC is 09:05 in Cairo in March (UTC+2); ar-EG writes it «٩:٠٥ ص».
    root = _site(
        make_site,
        **{
            "content/timed.md": article(
                "خبر بتوقيت", "2026-03-31T07:05:00+00:00", updated="2026-04-01T18:40:00+00:00"
            )
        },
    )
    build_site(root)
    page = read(root, "2026/03/خبر-بتوقيت/index.html")
    published = re.search(r'<time datetime="2026-03-31T09:05:00\+02:00"[^>]*>(.*?)</time>', page)
    assert published, page
    assert "٣١ مارس ٢٠٢٦" in published.group(1)
    assert "٩:٠٥ ص" in published.group(1)
    updated = re.search(r'<time datetime="2026-04-01T20:40:00\+02:00"[^>]*>(.*?)</time>', page)
    assert updated and "٨:٤٠ م" in updated.group(1), page
    home = read(root, "index.html")
    assert re.search(r'<time datetime="2026-03-31T09:05:00\+02:00"[^>]*>[^<]*٩:٠٥ ص', home)


def test_a_date_without_a_time_shows_no_time(make_site: MakeSite) -> None:
    root = _site(
        make_site,
        **{
            "content/day.md": article("خبر بيوم فقط", "2026-03-31", updated="2026-04-02"),
            "content/quoted.md": article("خبر بنص", '"2026-03-30"'),
            "content/midnight.md": article("خبر منتصف الليل", "2026-03-29T00:00:00+02:00"),
        },
    )
    build_site(root)
    page = read(root, "2026/03/خبر-بيوم-فقط/index.html")
    assert '<time datetime="2026-03-31">٣١ مارس ٢٠٢٦</time>' in page
    assert '<time datetime="2026-04-02">٢ أبريل ٢٠٢٦</time>' in page
    assert '<time datetime="2026-03-30">' in read(root, "2026/03/خبر-بنص/index.html")
    # A real midnight written out is a time like any other.
    midnight = read(root, "2026/03/خبر-منتصف-الليل/index.html")
    assert re.search(r'<time datetime="2026-03-29T00:00:00\+02:00"[^>]*>[^<]*١٢:٠٠ ص', midnight)


def test_time_format_is_a_setting(make_site: MakeSite) -> None:
    root = _site(
        make_site,
        CONFIG + "time_format: HH:mm\n",
        **{"content/a.md": article("خبر", "2026-03-31T15:05:00+02:00")},
    )
    build_site(root)
    assert "١٥:٠٥" in read(root, "2026/03/خبر/index.html")


def test_relative_times_are_off_by_default_and_marked_when_on(make_site: MakeSite) -> None:
    files = {"content/a.md": article("خبر", "2026-03-31T15:05:00+02:00")}
    root = _site(make_site, **files)
    build_site(root)
    assert "data-relative" not in read(root, "2026/03/خبر/index.html")
    (root / "jarida.yaml").write_text(CONFIG.replace("    ", "") + "relative_times: true\n")
    build_site(root)
    page = read(root, "2026/03/خبر/index.html")
    assert re.search(r'<time datetime="2026-03-31T15:05:00\+02:00" data-relative>', page)


# Masthead: the logo --------------------------------------------------------------------------

SVG_VIEWBOX = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 60"><rect/></svg>'
SVG_SIZED = '<svg xmlns="http://www.w3.org/2000/svg" width="180px" height="45"><rect/></svg>'


def _logo_config(logo: str) -> str:
    return CONFIG.replace('"جريدة الوقت"', "'جريدة <الوقت> & \"الغد\"'") + f"logo: {logo}\n"


@pytest.mark.parametrize(
    ("name", "data", "size"),
    [
        ("logo.png", picture_bytes("PNG", (120, 40)), (120, 40)),
        ("logo.svg", SVG_VIEWBOX.encode(), (240, 60)),
        ("logo.svg", SVG_SIZED.encode(), (180, 45)),
    ],
)
def test_the_logo_is_in_the_header_with_its_size_and_the_site_name(
    make_site: MakeSite, name: str, data: bytes, size: tuple[int, int]
) -> None:
    root = _site(
        make_site,
        _logo_config(f"/images/{name}"),
        **{"content/a.md": article("خبر"), f"static/images/{name}": data},
    )
    build_site(root)
    header = read(root, "2026/03/خبر/index.html").split('<header class="site-header"')[1]
    header = header.split("</header>")[0]
    logo = (
        f'<img class="site-logo" src="/ar/images/{name}" '
        f'alt="جريدة &lt;الوقت&gt; &amp; &#34;الغد&#34;" width="{size[0]}" height="{size[1]}">'
    )
    assert f'<a class="site-name" href="/ar/">{logo}</a>' in header, header


@pytest.mark.parametrize(
    ("logo", "files", "problem"),
    [
        ("/images/none.png", {}, "does not exist"),
        ("/images/bad.png", {"static/images/bad.png": b"not a picture"}, "cannot be read"),
        ("/images/bad.svg", {"static/images/bad.svg": b"<svg><rect></svg>"}, "cannot be read"),
        (
            "/images/nosize.svg",
            {"static/images/nosize.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>'},
            "no width and height",
        ),
        ("/../jarida.yaml", {}, "goes above"),
        ("javascript:alert(1)", {}, "neither a file nor a web address"),
    ],
)
def test_a_logo_that_cannot_be_shown_is_a_config_error_at_its_line(
    make_site: MakeSite, logo: str, files: dict[str, bytes], problem: str
) -> None:
    root = _site(make_site, _logo_config(logo), **{"content/a.md": article("خبر"), **files})
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    (found,) = failed.value.diagnostics
    assert (found.path, found.line) == ("jarida.yaml", 6), found
    assert problem in found.message, found.message


def test_a_logo_given_as_a_url_is_shown_without_a_file(make_site: MakeSite) -> None:
    root = _site(
        make_site,
        _logo_config("https://cdn.example/logo.svg"),
        **{"content/a.md": article("خبر")},
    )
    build_site(root)
    assert '<img class="site-logo" src="https://cdn.example/logo.svg"' in read(root, "index.html")


# Masthead: today's date ---------------------------------------------------------------------


def test_the_home_page_carries_the_build_date_and_every_page_the_clock(
    make_site: MakeSite,
) -> None:
    root = _site(make_site, CONFIG + "hijri: true\n", **{"content/a.md": article("خبر")})
    build_site(root)  # NOW: 1 June 2026, 15:00 in Cairo; 15 Dhu al-Hijjah 1447
    home = read(root, "index.html")
    today = re.search(r'<p class="masthead-date"[^>]*>.*?</p>', home, re.DOTALL)
    assert today, home
    assert '<time datetime="2026-06-01">الاثنين، ١ يونيو ٢٠٢٦</time>' in today.group()
    assert "١٥ ذو الحجة ١٤٤٧ هـ" in today.group()
    page = read(root, "2026/03/خبر/index.html")
    slot = re.search(r'<p class="masthead-date"[^>]*>.*?</p>', page, re.DOTALL)
    assert slot and "2026-06-01" not in slot.group() and "يونيو" not in slot.group()
    script = r'<script src="/ar/assets/clock\.[0-9a-f]{8}\.js" defer '
    script += 'data-locale="ar-EG-u-nu-arab" data-hijri>'
    assert re.search(script, page) and re.search(script, home)


def test_a_build_the_next_day_renders_only_the_home_page_again(make_site: MakeSite) -> None:
    root = _site(make_site, **{"content/a.md": article("خبر"), "content/b.md": article("آخر")})
    build_site(root)
    result = build_site(root, now=NOW + timedelta(days=1))
    assert set(result.rendered_paths) == {"index.html"}


# Share links ---------------------------------------------------------------------------------


def _share_links(page: str) -> dict[str, str]:
    block = re.search(r'<div class="share".*?</div>', page, re.DOTALL)
    assert block, page
    return {
        network: html.unescape(href)
        for network, href in re.findall(r'<a class="share-(\w+)" href="([^"]*)"', block.group())
    }


def test_share_links_carry_the_page_url_and_title_and_no_script(make_site: MakeSite) -> None:
    root = _site(make_site, **{"content/a.md": article("خبر عن Mi-35B")})
    build_site(root)
    page = read(root, "2026/03/خبر-عن-mi-35b/index.html")
    url = "https://news.example/ar/2026/03/%D8%AE%D8%A8%D8%B1-%D8%B9%D9%86-mi-35b/"
    links = _share_links(page)
    assert set(links) == {"whatsapp", "telegram", "x", "facebook"}
    query = {name: parse_qs(urlsplit(href).query) for name, href in links.items()}
    assert links["whatsapp"].startswith("https://wa.me/?")
    assert query["whatsapp"] == {"text": [f"خبر عن Mi-35B {url}"]}
    assert query["telegram"] == {"url": [url], "text": ["خبر عن Mi-35B"]}
    assert query["x"] == {"url": [url], "text": ["خبر عن Mi-35B"]}
    assert query["facebook"] == {"u": [url]}
    share = re.search(r'<div class="share".*?</div>', page, re.DOTALL)
    assert share and share.group().count('rel="noopener noreferrer"') == 4
    assert 'aria-label="شارك الخبر"' in share.group()
    copy = re.search(r"<button[^>]*share-copy[^>]*>([^<]+)</button>", share.group())
    assert copy and " hidden" in copy.group() and copy.group(1).strip()
    assert f'data-url="{url}"' in copy.group()
    assert re.search(r'<script src="/ar/assets/share\.[0-9a-f]{8}\.js" defer>', page)
    assert '<script src="http' not in page  # no third-party script


HOSTILE = ("", "a&b=c d", "خبر «عاجل» 100%", "<script>/?#+", "x" * 3000, "\u202e\u0000\U0001f600")


@pytest.mark.parametrize("title", HOSTILE)
def test_share_links_are_the_standard_query_encoding_of_any_title(title: str) -> None:
    url = "https://news.example/ar/2026/03/%D8%AE%D8%A8%D8%B1/?a=1&b=2"
    queries = {  # each network's query, as plain values
        "whatsapp": {"text": f"{title} {url}"},
        "telegram": {"url": url, "text": title},
        "x": {"url": url, "text": title},
        "facebook": {"u": url},
    }
    expected = [
        (name, f"{address}?{urlencode(queries[name], quote_via=quote)}")
        for name, address, _ in SHARE_NETWORKS
    ]
    assert share_links(url, title) == expected


def test_share_links_percent_encode_the_url_and_the_title_once_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Encoding is the costly part of an article page's share block (a title in Arabic is
    quoted byte by byte): each of the two values is encoded once, not once per network."""
    calls: list[str] = []

    def counting(value: str, safe: str = "/", *rest: str | None) -> str:
        calls.append(value)
        return quote(value, safe, *rest)

    monkeypatch.setattr(render, "quote", counting)
    share_links("https://news.example/a/", "خبر")
    assert sorted(calls) == ["https://news.example/a/", "خبر"]


# Comments ------------------------------------------------------------------------------------


def test_the_email_prompt_is_the_default_and_the_old_key_still_works(
    make_site: MakeSite,
) -> None:
    files = {"content/a.md": article("خبر & <عاجل>")}
    root = _site(make_site, CONFIG + "comments:\n      email: desk@news.example\n", **files)
    build_site(root)
    page = read(root, "2026/03/خبر-عاجل/index.html")
    prompt = re.search(r'<section class="comment-prompt".*?</section>', page, re.DOTALL)
    assert prompt, page
    assert 'href="mailto:desk@news.example?subject=%D8%AE%D8%A8%D8%B1%20%26%20%3C' in prompt.group()
    assert "giscus" not in page
    old = _site(make_site, CONFIG + "extra:\n      comments_email: old@news.example\n", **files)
    build_site(old)
    assert "mailto:old@news.example?subject=" in read(old, "2026/03/خبر-عاجل/index.html")
    none = _site(make_site, **files)
    build_site(none)
    assert "comment-prompt" not in read(none, "2026/03/خبر-عاجل/index.html")


GISCUS = """\
comments:
      provider: giscus
      giscus:
        repo: news/site
        repo_id: R_kgDO123
        category: Comments
        category_id: DIC_kwDO456
"""


def test_a_provider_is_loaded_only_when_the_reader_asks(make_site: MakeSite) -> None:
    root = _site(make_site, CONFIG + GISCUS, **{"content/a.md": article("خبر")})
    build_site(root)
    page = read(root, "2026/03/خبر/index.html")
    thread = re.search(r'<section class="comment-thread".*?</section>', page, re.DOTALL)
    assert thread, page
    for attribute in (
        'data-comments="giscus"',
        'data-load="click"',
        'data-repo="news/site"',
        'data-repo-id="R_kgDO123"',
        'data-category="Comments"',
        'data-category-id="DIC_kwDO456"',
        'data-lang="ar"',
    ):
        assert attribute in thread.group(), attribute
    assert re.search(r"<button[^>]*comments-load[^>]*hidden", thread.group())
    assert "giscus.app/client.js" not in page  # only comments.js knows it, and runs it on demand
    assert re.search(r'<script src="/ar/assets/comments\.[0-9a-f]{8}\.js" defer>', page)


@pytest.mark.parametrize(
    ("comments", "line", "problem"),
    [
        (
            GISCUS.replace("        repo_id: R_kgDO123\n", ""),
            8,
            "`comments.giscus.repo_id` is required",
        ),
        (GISCUS.replace("news/site", "not a repo"), 9, "must be OWNER/NAME"),
        ("comments:\n      provider: isso\n", 7, "`comments.isso.host` is required"),
        (
            "comments:\n      provider: isso\n      isso:\n        host: javascript:alert(1)\n",
            9,
            "must be the server's address",
        ),
        ("comments:\n      provider: remark42\n      remark42: {host: https://c.example}\n", 8, ""),
        ("comments:\n      email: not an address\n", 7, "is not an email address"),
        ("comments:\n      provider: disqus\n", 7, "must be one of"),
    ],
)
def test_comment_settings_are_checked_at_their_lines(
    make_site: MakeSite, comments: str, line: int, problem: str
) -> None:
    root = _site(make_site, CONFIG + comments, **{"content/a.md": article("خبر")})
    if not problem:
        build_site(root)
        return
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    (found,) = failed.value.diagnostics
    assert (found.path, found.line) == ("jarida.yaml", line), found
    assert problem in found.message, found.message


# Related cards -------------------------------------------------------------------------------


def test_related_articles_are_cards_with_thumbnails_or_an_empty_frame(make_site: MakeSite) -> None:
    root = _site(
        make_site,
        **{
            "content/a.md": article("خبر أول عن النفط", tags="[النفط]"),
            "content/b.md": article(
                "خبر ثان عن النفط", "2026-03-30T10:00:00+03:00", tags="[النفط]", image="/p.jpg"
            ),
            "content/c.md": article(
                "خبر ثالث عن النفط", "2026-03-29T10:00:00+03:00", tags="[النفط]"
            ),
            "static/p.jpg": picture_bytes("JPEG", (640, 360)),
        },
    )
    build_site(root)
    page = read(root, "2026/03/خبر-أول-عن-النفط/index.html")
    block = re.search(r'<section class="related".*?</section>', page, re.DOTALL)
    assert block, page
    cards = re.findall(r'<li class="related-card">.*?</li>', block.group(), re.DOTALL)
    assert len(cards) == 2
    with_picture = next(c for c in cards if "خبر ثان" in c)
    without = next(c for c in cards if "خبر ثالث" in c)
    assert "<picture>" in with_picture and 'class="thumbnail"' in with_picture
    assert '<span class="thumbnail thumbnail-none" aria-hidden="true"></span>' in without
    assert re.search(r"<time datetime=[^>]*>[^<]+</time>", without)
