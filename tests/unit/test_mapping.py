"""One WordPress item to one source file: dates in the site's zone, slugs, old paths, names."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from jarida.importer.mapping import (
    clean_name,
    decode_slug,
    file_stem,
    front_matter_text,
    item_date,
    old_alias,
    plain_text,
    wp_datetime,
)

BEIRUT = ZoneInfo("Asia/Beirut")
TUNIS = ZoneInfo("Africa/Tunis")


@pytest.mark.parametrize(
    ("gmt", "zone", "expected"),
    [
        # Beirut keeps summer time (+03:00) and winter time (+02:00); Tunis is +01:00 all year.
        ("2023-07-10 06:00:00", BEIRUT, "2023-07-10T09:00:00+03:00"),
        ("2024-01-15 06:00:00", BEIRUT, "2024-01-15T08:00:00+02:00"),
        ("2024-03-30 22:30:00", BEIRUT, "2024-03-31T01:30:00+03:00"),
        ("2023-07-10 06:00:00", TUNIS, "2023-07-10T07:00:00+01:00"),
        ("2024-01-15 06:00:00", TUNIS, "2024-01-15T07:00:00+01:00"),
    ],
)
def test_gmt_dates_in_the_sites_zone(gmt: str, zone: ZoneInfo, expected: str) -> None:
    found = item_date(gmt, "ignored", zone)
    assert found is not None and found.isoformat() == expected


def test_zero_gmt_date_falls_back_to_the_local_date_in_the_sites_zone() -> None:
    found = item_date("0000-00-00 00:00:00", "2024-01-20 14:00:00", BEIRUT)
    assert found is not None and found.isoformat() == "2024-01-20T14:00:00+02:00"
    assert item_date("0000-00-00 00:00:00", "0000-00-00 00:00:00", BEIRUT) is None
    assert wp_datetime("not a date") is None


@pytest.mark.parametrize(
    ("post_name", "slug"),
    [
        ("%d8%a7%d9%84%d9%85%d8%b7%d8%b1-%d9%8a%d8%b9%d9%88%d8%af", "المطر-يعود"),
        ("%D8%B3%D8%AF", "سد"),
        ("%e2%80%8f%d8%ae%d8%a8%d8%b1", "خبر"),  # a right-to-left mark, encoded
        ("khabar__trashed", "khabar"),
        ("plain-slug", "plain-slug"),
        ("", ""),
    ],
)
def test_slugs_are_percent_decoded(post_name: str, slug: str) -> None:
    assert decode_slug(post_name) == slug


@pytest.mark.parametrize(
    ("link", "path"),
    [
        (
            "https://alwadi.example/2024/03/%d8%b3%d8%af/",
            "/2024/03/سد/",
        ),
        ("https://jabal.example/akhbar/2024/01/asifa/", "/akhbar/2024/01/asifa/"),
        ("https://e.example/2024/01/no-slash", "/2024/01/no-slash/"),
        ("https://e.example/?p=12", None),
        ("https://e.example/", None),
        ("https://e.example//2024//./a/", "/2024/a/"),
        ("https://e.example/100%25-sure/", "/100%25-sure/"),  # the build reads %25 back as %
        ("https://e.example/a.html", "/a.html"),
    ],
)
def test_old_alias(link: str, path: str | None) -> None:
    assert old_alias(link) == (path, "")


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("https://e.example/../../x/", "`..`"),
        ("https://e.example/a/%2e%2e/b/", "`..`"),
        ("https://e.example/a%00b/", "control character"),
        ("https://e.example/a%0Ab/", "control character"),
        ("https://e.example/a%5Cb/", "`\\`"),
        ("https://e.example/a%3Fb/", "`?`"),
        ("https://e.example/a%23b/", "`#`"),
        ("https://e.example/%FF/", "UTF-8"),
        ("https://e.example/./", "home page"),
        ("https://e.example/" + "x" * 256 + "/", "256 bytes"),
    ],
)
def test_old_urls_that_are_no_alias_say_why(link: str, reason: str) -> None:
    alias, why = old_alias(link)
    assert alias is None and reason in why


def test_file_stem_is_loadable_and_short() -> None:
    assert file_stem("_hidden", 7) == "hidden"
    assert file_stem("...", 7) == "item-7"
    long = file_stem("ا" * 200, 7)
    assert len(long.encode()) <= 120 and set(long) == {"ا"}


def test_plain_text_and_names() -> None:
    assert plain_text("<p>أ &amp; ب</p><p>ج<br>د</p>") == "أ & ب\n\nج د"
    assert clean_name("\u200fمطر ") == "مطر"
    assert clean_name("Cat &amp; Dog") == "Cat & Dog"


def test_front_matter_is_readable_yaml() -> None:
    date = datetime(2024, 3, 16, 9, 30, tzinfo=BEIRUT)
    text = front_matter_text(
        {
            "title": "المطر يعود",
            "date": date,
            "comments": [{"author": "أبو سليم", "date": date, "text": "سطر\n\nسطر"}],
        },
        "نص\n",
    )
    assert text.startswith("---\ntitle: المطر يعود\ndate: 2024-03-16 09:30:00+02:00\n")
    assert "&id" not in text and "text: |-\n" in text
    assert text.endswith("---\n\nنص\n")
