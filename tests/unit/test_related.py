"""Structural related-article scoring."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from jarida.config import RelatedConfig
from jarida.related import RelatedInput, compute_related


def item(name: str, day: int, **terms: tuple[str, ...]) -> RelatedInput:
    return RelatedInput(id=name, date=datetime(2026, 1, day, tzinfo=UTC), terms=terms)


CORPUS = [
    item("a", 1, tags=("طيران", "روسيا"), categories=("سياسة",)),
    item("b", 2, tags=("طيران",), categories=("اقتصاد",)),
    item("c", 3, tags=("طيران", "روسيا"), categories=("سياسة",)),
    item("d", 4, tags=("رياضة",), categories=("رياضة",)),
    item("e", 5, categories=("سياسة",)),
]


def ids(result: tuple[object, ...]) -> list[str]:
    return [hit.id for hit in result]  # type: ignore[attr-defined]


def test_shared_tags_beat_category_beat_nothing() -> None:
    related = compute_related(CORPUS, RelatedConfig())
    assert ids(related["a"]) == ["c", "b", "e"]
    assert related["a"][0].score == 250.0
    assert related["a"][0].reasons == ("categories: سياسة", "tags: طيران", "tags: روسيا")
    assert ids(related["d"]) == []  # nothing shared: no filler


def test_count_and_min_score() -> None:
    related = compute_related(CORPUS, RelatedConfig(count=1))
    assert ids(related["a"]) == ["c"]
    strict = compute_related(CORPUS, RelatedConfig(min_score=150))
    assert ids(strict["a"]) == ["c"]


def test_include_newer_false_lists_only_older() -> None:
    related = compute_related(CORPUS, RelatedConfig(include_newer=False))
    assert ids(related["a"]) == []
    assert ids(related["c"]) == ["a", "b"]


def test_cardinality_threshold_ignores_common_terms_on_large_sites() -> None:
    many = [replace(i, id=f"{i.id}{n}") for n in range(4) for i in CORPUS]  # 20 articles
    common = [
        replace(i, terms={**i.terms, "tags": (*i.terms.get("tags", ()), "أخبار")}) for i in many
    ]
    related = compute_related(common, RelatedConfig(cardinality_threshold=0.5))
    assert all(hit.id.startswith("d") for hit in related["d0"])  # «أخبار» on all: ignored
    loose = compute_related(common, RelatedConfig(cardinality_threshold=1.0))
    assert any(not hit.id.startswith("d") for hit in loose["d0"])
    small = compute_related(common[:5], RelatedConfig(cardinality_threshold=0.5))
    assert ids(small["d0"])  # a small site keeps every term


def test_ties_break_by_date_then_id_and_order_does_not_matter() -> None:
    twins = [
        item("x", 1, tags=("t",)),
        item("y", 2, tags=("t",)),
        item("z", 2, tags=("t",)),
        item("w", 3, tags=("t",)),
    ]
    forward = compute_related(twins, RelatedConfig())
    backward = compute_related(list(reversed(twins)), RelatedConfig())
    assert ids(forward["x"]) == ["w", "y", "z"]
    assert forward == backward
