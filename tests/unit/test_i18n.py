"""Interface strings: languages, fallbacks, site overrides and Arabic plural forms."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest
import yaml
from markupsafe import Markup

from jarida.i18n import Translator, load_catalog, load_strings
from jarida.i18n.dates import babel_locale
from jarida.layout import theme_dir

#: The languages the built-in theme has strings for.
THEME_LANGUAGES = ("ar", "en", "fr")


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


def test_texts_are_kept_by_key_and_values_and_stay_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A translator keeps what it made (pages ask for the same strings thousands of times): by
    the key and every value, so that another count gets its own plural form; values that are
    not plain texts or integers are never kept; the store starts again when full."""
    t = translator("ar")
    counts = (2, 3, 11, 2, 3, 11, 1)
    fresh = [translator("ar")("articles_count", count=n) for n in counts]
    assert [t("articles_count", count=n) for n in counts] == fresh
    assert fresh[:3] == ["مقالتان", "3 مقالات", "11 مقالة"]
    assert len(t.made) == 4  # 2, 3, 11 and 1, each once
    page = t("page_of", page=Markup("2"), pages=12)  # Markup: not a plain text, not kept
    assert page == translator("ar")("page_of", page=2, pages=12) and len(t.made) == 4
    monkeypatch.setattr("jarida.i18n.TRANSLATIONS_KEPT", 4)
    assert t("related") and len(t.made) == 1


def test_english_and_fallback(tmp_path: Path) -> None:
    assert translator("en")("articles_count", count=1) == "1 article"
    assert translator("es")("related") == "Related articles"  # no Spanish file: English
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "es.yaml").write_text('related: "Artículos"\n', encoding="utf-8")
    assert translator("es", root=tmp_path)("related") == "Artículos"


def _catalog(code: str) -> dict[str, object]:
    path = theme_dir() / "i18n" / f"{code}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _fields(text: object) -> set[str]:
    forms = list(text.values()) if isinstance(text, dict) else [text]
    return {name for form in forms for _, name, _, _ in Formatter().parse(str(form)) if name}


def test_the_themes_catalogs_have_the_same_keys_and_fields() -> None:
    catalogs = {code: _catalog(code) for code in THEME_LANGUAGES}
    english = catalogs["en"]
    for code, strings in catalogs.items():
        assert set(strings) == set(english), code
        for key, text in strings.items():
            assert _fields(text) == _fields(english[key]), (code, key)
            if isinstance(text, dict):
                assert "other" in text, (code, key)


def test_french_strings_follow_french_typography() -> None:
    texts = [
        form
        for text in _catalog("fr").values()
        for form in (text.values() if isinstance(text, dict) else [text])
    ]
    assert texts
    for text in texts:
        assert "'" not in text and '"' not in text, text  # ’ and « »
        assert not re.search(r"[^\u00a0\u202f][;:?!]", text.replace("://", "")), text
        assert not re.search(r"«[^\u00a0]|[^\u00a0]»", text), text
    assert translator("fr")("articles_count", count=0) == "0 article"
    assert translator("fr")("articles_count", count=2) == "2 articles"
    assert translator("fr")("related") == "Articles liés"


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


def _site_strings(root: Path, **files: str) -> Path:
    (root / "i18n").mkdir()
    for code, text in files.items():
        (root / "i18n" / f"{code}.yaml").write_text(text, encoding="utf-8")
    return root


def test_a_missing_string_falls_back_to_english_then_the_default_language(
    tmp_path: Path,
) -> None:
    root = _site_strings(
        tmp_path, es='related: "Artículos relacionados"\n', ar='mine: "لي"\nhome: "البيت"\n'
    )
    catalog = load_catalog("es", root, default="ar")
    assert catalog.strings["related"] == "Artículos relacionados"  # its own
    assert catalog.strings["home"] == "Home"  # English first
    assert catalog.strings["mine"] == "لي"  # then the default language
    missing = {d.message.split("`")[3]: d for d in catalog.missing}
    assert "related" not in missing and {"home", "mine", "footnotes"} <= set(missing)
    assert len(catalog.missing) == len(missing)  # one each
    for key, problem in missing.items():
        assert problem.path == "i18n/es.yaml" and not problem.is_error
        assert problem.message.startswith(f"the `es` strings have no `{key}`")
        assert f"add `{key}: …` to i18n/es.yaml" in problem.hint
    assert "English" in missing["home"].message and "`ar`" in missing["mine"].message


@pytest.mark.parametrize("language", ["ar", "en", "fr", "ar-EG"])
def test_the_themes_languages_miss_no_string(language: str) -> None:
    assert load_catalog(language, None, default="ar").missing == ()
    assert load_catalog("ar", None, default=language).missing == ()


def test_a_key_only_the_default_language_has_is_missing_in_the_others(tmp_path: Path) -> None:
    root = _site_strings(tmp_path, ar='mine: "لي"\n')
    assert load_catalog("ar", root, default="ar").missing == ()
    (problem,) = load_catalog("fr", root, default="ar").missing
    assert problem.path == "i18n/fr.yaml" and "`mine`" in problem.message
    assert load_catalog("fr", root, default="ar").strings["mine"] == "لي"
