"""Dates and numbers for the reader's locale: CLDR month names (Babel), digits, Hijri dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from types import MappingProxyType
from typing import Literal

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_time as babel_format_time
from hijridate import Gregorian

from jarida.i18n.arabic import localize_digits

NAMED_FORMATS = frozenset({"short", "medium", "long", "full"})


def babel_locale(language: str) -> Locale:
    return Locale.parse(language.replace("-", "_"))


def numbering_system(language: str, digits: str) -> str:
    """``latn``, ``arab`` or ``arabext``: the ``digits`` setting, or the locale's CLDR default."""
    if digits != "auto":
        return digits
    system = str(babel_locale(language).default_numbering_system or "latn")
    return system if system in ("arab", "arabext") else "latn"


def format_date(value: datetime, *, language: str, tz: tzinfo, pattern: str, digits: str) -> str:
    """``value`` in the site's zone, as ``pattern`` (short/medium/long/full or a CLDR pattern)."""
    local = value.astimezone(tz)
    locale = babel_locale(language)
    text = babel_format_date(local.date(), pattern, locale=locale)
    return localize_digits(text, numbering_system(language, digits))


def format_datetime(
    value: datetime, *, language: str, tz: tzinfo, pattern: str, digits: str
) -> str:
    text = babel_format_datetime(value, pattern, tzinfo=tz, locale=babel_locale(language))
    return localize_digits(text, numbering_system(language, digits))


def format_time(value: datetime, *, language: str, tz: tzinfo, pattern: str, digits: str) -> str:
    """The time of day of ``value`` in the site's zone, as ``pattern`` (short/medium or a CLDR
    pattern such as ``HH:mm``): ``٩:٠٥ ص`` in Arabic."""
    text = babel_format_time(value, pattern, tzinfo=tz, locale=babel_locale(language))
    return localize_digits(text, numbering_system(language, digits))


#: The Hijri months in French, as CLDR (and so the browser's ``Intl``) names them.
FRENCH_HIJRI_MONTHS = (
    "mouharram",
    "safar",
    "rabia al awal",
    "rabia ath-thani",
    "joumada al oula",
    "joumada ath-thania",
    "rajab",
    "chaabane",
    "ramadan",
    "chawwal",
    "dhou al qi’da",
    "dhou al-hijja",
)
#: The languages hijridate names the months in; the others are given English names.
HIJRIDATE_LANGUAGES: Mapping[str, Literal["en", "ar", "bn", "tr"]] = MappingProxyType(
    {"ar": "ar", "en": "en", "bn": "bn", "tr": "tr"}
)


def format_hijri(value: datetime, *, tz: tzinfo, digits: str, language: str = "ar") -> str | None:
    """«٩ رمضان ١٤٤٤ هـ», «9 ramadan 1444 AH» (Umm al-Qura) in ``language``, or None outside
    the calendar's range."""
    local = value.astimezone(tz).date()
    try:
        hijri = Gregorian(local.year, local.month, local.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    primary = language.replace("_", "-").split("-")[0].lower()
    if primary == "fr":
        month, era = FRENCH_HIJRI_MONTHS[hijri.month - 1], "AH"
    else:
        names = HIJRIDATE_LANGUAGES.get(primary, "en")
        month, era = hijri.month_name(names), hijri.notation(names)
    return localize_digits(f"{hijri.day} {month} {hijri.year} {era}", digits)


#: What ``date_format`` and ``time_format`` may be, for the error when one cannot be formatted.
PATTERN_HINT = (
    "use short, medium, long or full, or a CLDR pattern with the fields of a day (`d MMMM y`) "
    "for date_format and of a time of day (`HH:mm`) for time_format"
)


def pattern_problems(date_format: str, time_format: str) -> list[tuple[str, str]]:
    """``(key, why)`` for each of the two patterns Babel cannot format (a time of day has no
    year, a day no hour): found once here rather than in every template that shows a date."""
    sample = datetime(2024, 1, 2, 9, 5, tzinfo=UTC)
    found = []
    for key, pattern, format_value in (
        ("date_format", date_format, format_date),
        ("time_format", time_format, format_time),
    ):
        try:
            format_value(sample, language="en", tz=UTC, pattern=pattern, digits="latn")
        except (AttributeError, KeyError, TypeError, ValueError) as problem:
            found.append((key, f"`{key}` {pattern!r} cannot be formatted ({problem})"))
    return found
