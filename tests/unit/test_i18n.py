"""Interface strings: languages, fallbacks, site overrides and Arabic plural forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarida.i18n import Translator, load_strings
from jarida.i18n.dates import babel_locale


def translator(language: str, digits: str = "latn", root: Path | None = None) -> Translator:
    return Translator(load_strings(language, root), babel_locale(language), digits)


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "لا مقالات"),
        (1, "مقالة واحدة"),
        (2, "مقالتان"),
        (3, "3 مقالات"),
        (10, "10 مقالات"),
        (11, "11 مقالة"),
        (99, "99 مقالة"),
        (100, "100 مقالة"),
        (103, "103 مقالات"),
    ],
)
def test_arabic_plural_forms(count: int, text: str) -> None:
    assert translator("ar")("articles_count", count=count) == text


def test_reading_time_and_digits() -> None:
    t = translator("ar-EG", "arab")
    assert t("reading_time", minutes=2) == "مدة القراءة: دقيقتان"
    assert t("reading_time", minutes=4) == "مدة القراءة: ٤ دقائق"
    assert t("page_of", page=2, pages=12) == "الصفحة ٢ من ١٢"


def test_english_and_fallback(tmp_path: Path) -> None:
    assert translator("en")("articles_count", count=1) == "1 article"
    assert translator("fr")("related") == "Related articles"  # no French file: English
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "fr.yaml").write_text('related: "Articles liés"\n', encoding="utf-8")
    assert translator("fr", root=tmp_path)("related") == "Articles liés"
