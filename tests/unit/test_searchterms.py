"""The words an article page adds to the search index: the folds Pagefind does not make."""

from __future__ import annotations

import pytest

from jarida.searchterms import extra_terms, plain_text


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("الاقتصادُ المصريُّ", ""),  # tashkeel: Pagefind's stemmer ignores it
        ("أحمد وإبراهيم وآمال", ""),  # hamza on alef: Pagefind reads it as ا
        ("عام ٢٠٢٤ و۱۴۰۲", ""),  # digits: Pagefind matches both shapes
        ("الـعـالم", ""),  # tatweel
        ("Christine LAGARDE", ""),  # case
        ("خطة للتعليم والاقتصاد", "الاقتصاد"),  # و on ال: Pagefind keeps it
        ("فالحكومة قررت", "الحكومة"),
        ("على مستوى المستشفى", "علي مستوي المستشفي"),  # ى
        ("فارسی کتاب", "فارسي كتاب"),  # Persian yeh and keheh
        ("ٱلله", "الله"),  # alef wasla
        ("ﻻعب", ""),  # a presentation form: Pagefind reads the letters
        ("«والاقتصاد»، والاقتصاد؛ على على", "الاقتصاد علي"),  # each once, no punctuation
        ("أعلى", "اعلي"),  # the whole fold of a word Pagefind would miss
        ("والد فالح", ""),  # short words keep their و/ف
    ],
)
def test_extra_terms(text: str, terms: str) -> None:
    assert extra_terms(text) == terms


def test_extra_terms_of_title_and_body_in_order() -> None:
    assert extra_terms("العلم والاقتصاد", "والاقتصاد على") == "الاقتصاد علي"


def test_plain_text_of_html() -> None:
    html = "<p>قال <bdi>IMF</bdi> إن</p><table><tr><td>أ</td><td>ب</td></tr></table>&amp; &lt;"
    assert plain_text(html).split() == ["قال", "IMF", "إن", "أ", "ب", "&", "<"]
