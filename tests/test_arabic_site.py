"""Each Arabic-related config key, through a whole site build."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeSite, article, build_site, read

LONG_BODY = " ".join(["كلمة"] * 450)


def site_with(make_site: MakeSite, config: str, **files: str) -> Path:
    root = make_site(
        {
            "jarida.yaml": config,
            "content/a.md": article(
                "خبر أول عن Twitter", "2023-03-31T12:00:00+00:00", LONG_BODY, tags="[الإقتصاد]"
            ),
            "content/b.md": article("خبر ثان", "2023-01-05T12:00:00+00:00", tags="[الاقتصاد]"),
            "content/c.md": article("خبر ثالث", "2023-01-04T12:00:00+00:00", tags="[الاقتصاد]"),
            **files,
        }
    )
    build_site(root)
    return root


def test_levantine_month_names(make_site: MakeSite) -> None:
    root = site_with(make_site, "language: ar-SY\ntimezone: UTC\ndigits: latn\n")
    assert "31 آذار 2023" in read(root, "2023/03/خبر-أول-عن-twitter/index.html")


def test_maghreb_month_names_with_a_cldr_pattern(make_site: MakeSite) -> None:
    root = site_with(make_site, "language: ar-TN\ntimezone: UTC\ndate_format: d MMMM\n")
    assert ">5 جانفي، 12:00 م</time>" in read(root, "2023/01/خبر-ثان/index.html")


def test_date_format_short(make_site: MakeSite) -> None:
    root = site_with(make_site, "language: ar\ntimezone: UTC\ndate_format: short\n")
    assert "31‏/3‏/2023" in read(root, "2023/03/خبر-أول-عن-twitter/index.html")


def test_eastern_digits_everywhere_but_urls(make_site: MakeSite) -> None:
    root = site_with(make_site, "timezone: UTC\ndigits: arab\npaginate: 1\n")
    page = read(root, "2023/03/خبر-أول-عن-twitter/index.html")
    assert "٣١ مارس ٢٠٢٣" in page
    assert "مدة القراءة: ٣ دقائق" in page  # 456 words at 200 a minute
    assert 'datetime="2023-03-31T12:00:00+00:00"' in page  # machine-readable stays ASCII
    home = read(root, "index.html")
    assert 'href="/page/2/">٢</a>' in home and "الصفحة" not in home.split("<main")[0]
    assert "٣ مقالات" in read(root, "tags/index.html")
    assert "© ٢٠٢٦" in home


def test_auto_digits_follow_the_locale(make_site: MakeSite) -> None:
    egypt = site_with(make_site, "language: ar-EG\ntimezone: UTC\n")
    assert "٣١ مارس ٢٠٢٣" in read(egypt, "2023/03/خبر-أول-عن-twitter/index.html")


def test_author_text_keeps_its_digits(make_site: MakeSite) -> None:
    root = make_site(
        {
            "jarida.yaml": "digits: arab\n",
            "content/a.md": article("ميزانية 2026", body="بلغت 5000 دولار."),
        }
    )
    build_site(root)
    page = read(root, "2026/03/ميزانية-2026/index.html")
    assert "ميزانية 2026</h1>" in page and "بلغت 5000 دولار." in page


def test_hijri_date_next_to_the_gregorian(make_site: MakeSite) -> None:
    root = site_with(make_site, "timezone: UTC\nhijri: true\ndigits: arab\n")
    page = read(root, "2023/03/خبر-أول-عن-twitter/index.html")
    assert '<span class="hijri">(٩ رمضان ١٤٤٤ هـ)</span>' in page
    plain = site_with(make_site, "timezone: UTC\n")
    assert "رمضان" not in read(plain, "2023/03/خبر-أول-عن-twitter/index.html")


def test_hijri_out_of_range_shows_the_gregorian_alone(make_site: MakeSite) -> None:
    root = make_site(
        {
            "jarida.yaml": "hijri: true\ntimezone: UTC\n",
            "content/old.md": article("خبر قديم", "1900-01-01T10:00:00+00:00"),
        }
    )
    build_site(root)
    page = read(root, "1900/01/خبر-قديم/index.html")
    assert "1 يناير 1900" in page and "hijri" not in page.split("<main")[1]


def test_reading_speed(make_site: MakeSite) -> None:
    root = site_with(make_site, "digits: latn\nwords_per_minute: 100\n")
    assert "مدة القراءة: 5 دقائق" in read(root, "2023/03/خبر-أول-عن-twitter/index.html")


def test_tag_spellings_fold_into_one_page(make_site: MakeSite) -> None:
    root = site_with(make_site, "digits: latn\n")
    tags = read(root, "tags/index.html")
    assert tags.count('href="/tags/%') == 1 and "3 مقالات" in tags
    assert ">الاقتصاد</a>" in tags  # the spelling used most
    assert not (root / "public/tags/الإقتصاد").exists()


@pytest.mark.parametrize(
    ("language", "direction", "related"),
    [
        ("en", "ltr", "Related articles"),
        ("fa", "rtl", "Related articles"),
        ("ar-MA", "rtl", "مقالات ذات صلة"),
    ],
)
def test_language_sets_direction_and_strings(
    make_site: MakeSite, language: str, direction: str, related: str
) -> None:
    root = site_with(make_site, f"language: {language}\n")
    page = read(root, "2023/03/خبر-أول-عن-twitter/index.html")
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert related in page


def test_site_can_override_a_string(make_site: MakeSite) -> None:
    root = site_with(make_site, "language: ar\n", **{"i18n/ar.yaml": 'related: "اقرأ أيضًا"\n'})
    assert "اقرأ أيضًا" in read(root, "2023/03/خبر-أول-عن-twitter/index.html")


def test_a_missing_string_is_one_warning_per_build_not_per_page(make_site: MakeSite) -> None:
    root = site_with(make_site, "language: es\n", **{"i18n/es.yaml": 'related: "Artículos"\n'})
    page = read(root, "2023/03/خبر-أول-عن-twitter/index.html")
    assert "Artículos" in page and "Published" in page  # English for the rest
    result = build_site(root, clean=True)
    keys = [d.message.split("`")[3] for d in result.warnings if d.path == "i18n/es.yaml"]
    assert "published" in keys and "related" not in keys
    assert len(keys) == len(set(keys))
    assert result.warnings == build_site(root).warnings  # the same when nothing changed


def test_utf8_paths_on_disk_and_percent_encoded_links(make_site: MakeSite) -> None:
    root = site_with(make_site, "language: ar\n")
    assert (root / "public/2023/03/خبر-أول-عن-twitter/index.html").is_file()
    home = read(root, "index.html")
    assert 'href="/2023/03/%D8%AE%D8%A8%D8%B1-%D8%A3%D9%88%D9%84-%D8%B9%D9%86-twitter/"' in home
