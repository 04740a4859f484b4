"""Dates by region (CLDR), digits and Hijri dates."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from jarida.i18n.dates import format_date, format_hijri, format_time, numbering_system

MARCH_31 = datetime(2023, 3, 31, 12, tzinfo=UTC)
JAN_5 = datetime(2023, 1, 5, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar-EG", "31 مارس 2023"),
        ("ar-SA", "31 مارس 2023"),
        ("ar-SY", "31 آذار 2023"),
        ("ar-LB", "31 آذار 2023"),
        ("ar-IQ", "31 آذار 2023"),
        ("ar-TN", "31 مارس 2023"),
    ],
)
def test_month_names_by_region(language: str, expected: str) -> None:
    assert (
        format_date(MARCH_31, language=language, tz=UTC, pattern="long", digits="latn") == expected
    )


@pytest.mark.parametrize("language", ["ar-DZ", "ar-TN"])
def test_maghreb_month_names(language: str) -> None:
    assert (
        format_date(JAN_5, language=language, tz=UTC, pattern="d MMMM", digits="latn") == "5 جانفي"
    )


def test_digits_auto_follow_the_locale() -> None:
    assert numbering_system("ar-EG", "auto") == "arab"
    assert numbering_system("ar-TN", "auto") == "latn"
    assert numbering_system("fa", "auto") == "arabext"
    assert numbering_system("ar-TN", "arab") == "arab"
    assert (
        format_date(MARCH_31, language="ar-EG", tz=UTC, pattern="long", digits="auto")
        == "٣١ مارس ٢٠٢٣"
    )


def test_time_zone_moves_the_day() -> None:
    late = datetime(2023, 3, 31, 23, 30, tzinfo=UTC)
    assert (
        format_date(late, language="ar", tz=ZoneInfo("Asia/Riyadh"), pattern="long", digits="latn")
        == "1 أبريل 2023"
    )


def test_cldr_pattern() -> None:
    assert (
        format_date(MARCH_31, language="ar-SY", tz=UTC, pattern="EEEE d MMMM y", digits="latn")
        == "الجمعة 31 آذار 2023"
    )


def test_hijri() -> None:
    assert format_hijri(MARCH_31, tz=UTC, digits="arab") == "٩ رمضان ١٤٤٤ هـ"
    assert format_hijri(MARCH_31, tz=UTC, digits="latn") == "9 رمضان 1444 هـ"
    assert format_hijri(datetime(1900, 1, 1, tzinfo=UTC), tz=UTC, digits="latn") is None
    assert format_hijri(datetime(2100, 1, 1, tzinfo=UTC), tz=UTC, digits="latn") is None


def test_times_of_day_in_the_sites_zone_and_digits() -> None:
    moment = datetime(2026, 3, 31, 7, 5, tzinfo=UTC)
    cairo = ZoneInfo("Africa/Cairo")
    assert format_time(moment, language="ar-EG", tz=cairo, pattern="short", digits="auto") == (
        "٩:٠٥ ص"
    )
    assert format_time(moment, language="ar", tz=cairo, pattern="short", digits="latn") == "9:05 ص"
    assert format_time(moment, language="ar-MA", tz=UTC, pattern="short", digits="latn") == "07:05"
    assert format_time(moment, language="ar", tz=cairo, pattern="HH:mm", digits="arab") == "٠٩:٠٥"
