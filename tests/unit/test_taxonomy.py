"""Term grouping by normalized spelling."""

from __future__ import annotations

from jarida.taxonomy import Tagged, group_terms


def items(*names: tuple[str, ...]) -> list[Tagged]:
    return [
        Tagged(id=f"{i}.md", path=f"content/{i}.md", names={"tags": n}) for i, n in enumerate(names)
    ]


def test_hamza_and_case_variants_fold_into_one_term() -> None:
    groups, warnings, landed = group_terms(
        "tags", items(("الإقتصاد",), ("الاقتصاد",), ("الاقتصاد", "MeToo"), ("metoo",)), "unicode"
    )
    assert sorted(groups) == ["metoo", "الاقتصاد"]
    economy = groups["الاقتصاد"]
    assert economy.name == "الاقتصاد"  # the spelling used most
    assert economy.variants == ("الاقتصاد", "الإقتصاد")
    assert economy.members == ("0.md", "1.md", "2.md")
    assert groups["metoo"].name == "MeToo"  # tie: the spelling that sorts first
    assert landed[("0.md", "الإقتصاد")] == "الاقتصاد"
    assert len(warnings) == 2
    assert "«الإقتصاد» (content/0.md)" in warnings[1].message
    assert all(not w.is_error for w in warnings)


def test_tashkeel_and_tatweel_variants_fold() -> None:
    groups, _, _ = group_terms("tags", items(("السِّياسة",), ("السيـاسة",), ("السياسة",)), "unicode")
    assert list(groups) == ["السياسة"]


def test_ascii_slugs() -> None:
    groups, _, _ = group_terms("tags", items(("الاقتصاد المصري",)), "ascii")
    assert list(groups) == ["al-aqtsad-al-msri"]


def test_slug_clash_gets_a_suffix() -> None:
    groups, _, landed = group_terms("tags", items(("C",), ("C++",)), "unicode")
    assert sorted(groups) == ["c", "c-2"]
    assert landed[("1.md", "C++")] == "c-2"
