"""The news theme's article page and masthead (issue 18): times beside dates, the logo and
today's date in the header, share links, related cards and the comment prompt."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import MakeSite, article, build_site, read

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
