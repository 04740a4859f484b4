"""The pure Arabic text helpers, with real Arabic inputs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida.i18n import arabic
from jarida.i18n.arabic import (
    SLUG_BYTES,
    ascii_slug,
    count_words,
    cut_slug,
    fold_for_search,
    has_rtl,
    index_terms,
    is_stop_word,
    isolate_ltr_html,
    language_direction,
    light_stem,
    localize_digits,
    make_slug,
    match_words,
    normalize_for_match,
    strip_clitics,
    strip_tashkeel,
    term_counts,
    to_ascii_digits,
    unicode_slug,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الْعَرَبِيَّةُ", "العربية"),  # fatha, sukun, kasra, shadda, damma
        ("مُحَمَّدٌ", "محمد"),  # shadda + tanween
        ("الرحمـــن", "الرحمن"),  # tatweel
        ("هٰذا", "هذا"),  # superscript alef U+0670
        ("كتاب", "كتاب"),
    ],
)
def test_strip_tashkeel(text: str, expected: str) -> None:
    assert strip_tashkeel(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("الإقتصاد", "الاقتصاد"),
        ("أحمد", "احمد"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        ("مصطفى", "مصطفي"),
        ("MeToo", "metoo"),
        ("الْعَرَبِيَّةُ", "العربية"),
        ("سنة ٢٠٢٣", "سنة 2023"),
        ("سال ۲۰۲۳", "سال 2023"),  # extended Arabic-Indic (Persian) digits
        ("فارسی", "فارسي"),  # Persian yeh
        ("کتاب", "كتاب"),  # keheh
        ("  كلمة   أخرى ", "كلمة اخري"),
    ],
)
def test_normalize_for_match_folds_spellings(a: str, b: str) -> None:
    assert normalize_for_match(a) == normalize_for_match(b)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("والاقتصادُ", "الاقتصاد"),  # و detached from ال, tashkeel gone
        ("فالحكومة", "الحكومة"),
        ("وَالإِقْتِصَاد", "الاقتصاد"),
        ("«والاقتصاد»،", "«الاقتصاد»،"),  # punctuation kept, the word still folds
        ("والد", "والد"),  # too short to be و + ال + a word: «father» stays
        ("والدة", "والدة"),
        ("فالح", "فالح"),
        ("الوالي", "الوالي"),  # و inside a word is never touched
        ("على", "علي"),
        ("سنة ٢٠٢٤", "سنة 2024"),
        ("Mi-35B", "mi-35b"),
    ],
)
def test_fold_for_search(text: str, key: str) -> None:
    assert fold_for_search(text) == key


def test_teh_marbuta_folds_only_on_request() -> None:
    assert normalize_for_match("مدرسة") != normalize_for_match("مدرسه")
    assert normalize_for_match("مدرسة", fold_teh_marbuta=True) == "مدرسه"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("الْعَرَبِيَّةُ: لغةُ الضّاد؟", "العربية-لغة-الضاد"),
        ("«الاقتصاد»، اليوم؛ غدًا!", "الاقتصاد-اليوم-غدا"),
        ("طائرات Mi-35B في 2023", "طائرات-mi-35b-في-2023"),
        ("ميزانية ٢٠٢٦", "ميزانية-2026"),
        ("گزارش پاکستان", "گزارش-پاکستان"),
        ("الرحمـــن", "الرحمن"),
    ],
)
def test_unicode_slug(title: str, slug: str) -> None:
    assert unicode_slug(title) == slug


def test_ascii_slug_is_readable_and_never_empty() -> None:
    assert ascii_slug("الاقتصاد المصري") == "al-aqtsad-al-msri"
    assert ascii_slug("طائرات Mi-35B") == "tairat-mi-35b"
    assert ascii_slug("؟!«»").startswith("a-")
    assert ascii_slug("؟!«»") == ascii_slug("؟!«»")
    assert make_slug("؟؟", "unicode")  # falls back to a stable id


def test_digits() -> None:
    assert to_ascii_digits("٢٠٢٣ و ۱۴۰۲") == "2023 و 1402"
    assert localize_digits("31 مارس 2023", "arab") == "٣١ مارس ٢٠٢٣"
    assert localize_digits("2023", "arabext") == "۲۰۲۳"
    assert localize_digits("2023", "latn") == "2023"


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("fa-IR", "rtl"),
        ("ur", "rtl"),
        ("he", "rtl"),
        ("ckb", "rtl"),
        ("ps", "rtl"),
        ("sd", "rtl"),
        ("yi", "rtl"),
        ("en", "ltr"),
        ("fr_FR", "ltr"),
    ],
)
def test_language_direction(language: str, direction: str) -> None:
    assert language_direction(language) == direction


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("وصلت طائرات Mi-35B، أمس.", "وصلت طائرات <bdi>Mi-35B</bdi>، أمس."),
        ("قال (IMF) إن", "قال (<bdi>IMF</bdi>) إن"),
        ("التسجيل N6-TA جديد", "التسجيل <bdi>N6-TA</bdi> جديد"),
        ("هاتف iPhone 17 الجديد", "هاتف <bdi>iPhone 17</bdi> الجديد"),
        ("قال Elon Musk إن", "قال <bdi>Elon Musk</bdi> إن"),
        ("في عام 2023 وصل 5000 جندي", "في عام 2023 وصل 5000 جندي"),  # plain numbers stay
        ("An English sentence, 2023.", "An English sentence, 2023."),  # wholly LTR stays
        ("خبر <عاجل> & Twitter", "خبر &lt;عاجل&gt; &amp; <bdi>Twitter</bdi>"),
        # A signed figure keeps its sign before it (bidi draws a lone + or - on its right).
        ("ارتفع المؤشر +4.9% أمس", "ارتفع المؤشر <bdi>+4.9%</bdi> أمس"),
        ("التغير (-5.0%) و−3٫5٪", "التغير (<bdi>-5.0%</bdi>) و<bdi>−3٫5٪</bdi>"),
        ("بين 2023-2024 و10-12", "بين 2023-2024 و10-12"),  # ranges are not signs
    ],
)
def test_isolate_ltr_html(text: str, html: str) -> None:
    assert isolate_ltr_html(text) == html


#: A signed figure's pattern as first written, its look-behind first: the regex engine then
#: tries every position of a text (twice as slow on articles); the pattern used puts the sign
#: first, and must find the same runs.
_LOOK_FIRST = re.compile(
    f"{arabic._LTR_NAME}|(?<![{arabic._DIGIT}A-Za-z])[-+\u2212\u00b1][{arabic._DIGIT}]"
    f"(?:[{arabic._DIGIT}]|[.,\u066b\u066c](?=[{arabic._DIGIT}]))*[%\u066a\u2030]?"
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ابع ٠١٩0129AbZé-+−±.,٫٬%٪‰_:/@&'’\n", max_size=40))
def test_the_runs_isolated_are_those_of_the_pattern_as_first_written(text: str) -> None:
    found = [(m.span(), m.group()) for m in arabic._LTR_RUN.finditer(text)]
    assert found == [(m.span(), m.group()) for m in _LOOK_FIRST.finditer(text)]


def test_isolate_uses_the_context_direction() -> None:
    assert isolate_ltr_html("Twitter", rtl_context=True) == "<bdi>Twitter</bdi>"
    assert isolate_ltr_html("تويتر Twitter", rtl_context=False) == "تويتر Twitter"


def test_has_rtl_and_count_words() -> None:
    assert has_rtl("abc ع") and not has_rtl("abc 123")
    assert count_words("قال الوزير إن Mi-35B وصلت") == 6


def test_long_latin_runs_are_marked_so_they_may_wrap() -> None:
    quote = "this is a long English quotation inside the story"
    assert isolate_ltr_html(f"قال: {quote} ثم غادر") == (
        f'قال: <bdi class="long">{quote}</bdi> ثم غادر'
    )


@pytest.mark.parametrize(
    "word",
    ["الاقتصاد", "والاقتصاد", "فالاقتصاد", "بالاقتصاد", "كالاقتصاد", "للاقتصاد", "وبالاقتصاد"],
)
def test_strip_clitics_removes_conjunction_preposition_and_article(word: str) -> None:
    assert strip_clitics(word) == "اقتصاد"


@pytest.mark.parametrize("word", ["وزير", "فريق", "بنك", "كتاب", "لبنان", "الم", "لله"])
def test_strip_clitics_leaves_root_letters_and_short_words(word: str) -> None:
    assert strip_clitics(word) == word


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("الاقتصاديه", "اقتصاد"),  # ة already folded to ه, as match_words gives it
        ("حكوماتها", "حكوم"),
        ("والمعلمون", "معلم"),
        ("تونسي", "تونس"),
        ("عمان", "عمان"),  # a suffix goes only if three letters remain
    ],
)
def test_light_stem(word: str, stem: str) -> None:
    assert light_stem(word) == stem


def test_match_words_normalizes_hamza_teh_marbuta_tashkeel_and_drops_digits() -> None:
    assert match_words("الإقتصادُ، والاقتصاد 2026 NEWS") == ["الاقتصاد", "والاقتصاد", "news"]
    assert match_words("الحكومة") == ["الحكومه"]


def test_stop_words_also_behind_a_conjunction() -> None:
    assert is_stop_word("في") and is_stop_word("وقال") and is_stop_word("فان")
    assert not is_stop_word("وزير")


def test_index_terms_make_spellings_meet() -> None:
    assert index_terms("الإقتصاد") == index_terms("الاقتصاد") == index_terms("بالاقتصاد")
    assert index_terms("وقال الوزير إن الاقتصاد في تحسن") == ["وزير", "اقتصاد", "تحسن"]


#: A 25-word, 160-character headline: 288 bytes as a slug, more than a file name may hold.
LONG_TITLE = (
    "الحكومة تعلن عن خطة شاملة لإصلاح قطاع الكهرباء وتحسين الخدمات في المحافظات "
    "الجنوبية والشمالية خلال السنوات الخمس المقبلة بتمويل من البنك الدولي وشركاء دوليين"
)


@pytest.mark.parametrize("style", ["unicode", "ascii"])
def test_long_titles_give_slugs_cut_at_a_word_within_the_byte_budget(style: str) -> None:
    title = LONG_TITLE if style == "unicode" else LONG_TITLE + " " + LONG_TITLE  # 1 byte a letter
    whole = (unicode_slug if style == "unicode" else ascii_slug)(title)
    slug = make_slug(title, style)
    assert len(whole.encode()) > SLUG_BYTES >= len(slug.encode()) > SLUG_BYTES - 30
    assert whole.startswith(slug + "-")  # cut where a word ends
    assert make_slug(title, style) == slug  # stable


def test_one_long_word_is_cut_between_letters_never_inside_one() -> None:
    assert cut_slug("ب" * 200) == "ب" * (SLUG_BYTES // 2)
    assert cut_slug("a" + "ب" * 200) == "a" + "ب" * ((SLUG_BYTES - 1) // 2)  # not half a letter
    marked = "بَّ" * 100  # a letter with two marks: 6 bytes, one grapheme
    cut = cut_slug(marked)
    assert cut == "بَّ" * (SLUG_BYTES // 6) and len(cut.encode()) <= SLUG_BYTES
    assert cut_slug("ab" + "\u0301" * 300) == "a"  # b and its marks do not fit: all go


def test_short_slugs_are_left_alone() -> None:
    assert cut_slug("الاقتصاد-المصري") == "الاقتصاد-المصري"
    assert make_slug("ب " * 60, "unicode") == "-".join(["ب"] * 60)  # 179 bytes: fits
    assert make_slug("ب " * 61, "unicode") == "-".join(["ب"] * 60)


def test_term_counts_stems_a_word_once_for_every_text_that_shares_a_memo() -> None:
    text = "والاقتصاد الاقتصادية في الحكومة وحكوماتها"
    stems: dict[str, str] = {}
    assert term_counts(text, stems) == term_counts(text)
    assert "الاقتصاديه" in stems and stems["في"] == ""  # stop words remembered as no term
    # The memo is what the next text's words are looked up in: a word is not stemmed again.
    poisoned = dict.fromkeys(stems, "سم")
    assert term_counts(text, poisoned) == {"سم": 5}
    assert term_counts(text, poisoned) != term_counts(text)
