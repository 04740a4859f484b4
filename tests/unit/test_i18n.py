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


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('read_more: "unclosed\n', 1, "invalid YAML"),
        ("- a\n- b\n", 1, "must map names to strings"),
        ("read_more: ok\nfootnotes: [1, 2]\n", 2, "`footnotes` must be"),
        ("read_more: {one: a, other: [x]}\n", 1, "`read_more` must be"),
        ("read_more: ok\nreading_time: '{oops'\n", 2, "a `{` or `}` is not closed"),
        ("reading_time: {one: '{minutes}', other: '{mins}'}\n", 1, "uses {mins}, but"),
    ],
)
def test_a_broken_site_strings_file_is_an_error_at_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    from jarida.errors import BuildFailed

    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/ar.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        load_strings("ar", tmp_path)
    (problem,) = failed.value.diagnostics
    assert (problem.path, problem.line) == ("i18n/ar.yaml", line)
    assert message in problem.message, problem.message


def test_a_site_may_add_strings_and_reword_the_themes(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n/ar.yaml").write_text(
        "reading_time: {other: 'تقرأ في {minutes} د'}\nmine: '{anything} {{حرفيًا}}'\n",
        encoding="utf-8",
    )
    strings = load_strings("ar", tmp_path)
    assert strings["mine"] == "{anything} {{حرفيًا}}"
    assert strings["reading_time"] == {"other": "تقرأ في {minutes} د"}
