"""Related-article scoring: structural keys, Arabic content similarity, ranking rules."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida.config import RelatedConfig
from jarida.content.terms import TermBag, article_terms
from jarida.i18n.arabic import light_stem
from jarida.model import RelatedHit
from jarida.related import RelatedInput, compute_related
from jarida.related import index as index_module
from jarida.related import rank as rank_module
from jarida.related.index import build_index
from jarida.related.update import update_related

DAY0 = datetime(2026, 1, 1, tzinfo=UTC)
STRUCTURE_ONLY = RelatedConfig(min_score=1.0)


def item(name: str, day: int, text: str = "", **terms: tuple[str, ...]) -> RelatedInput:
    return RelatedInput(
        id=name,
        date=DAY0 + timedelta(days=day),
        terms=terms,
        content=article_terms("", "", text),
    )


def ids(result: tuple[RelatedHit, ...]) -> list[str]:
    return [hit.id for hit in result]


CORPUS = [
    item("a", 1, tags=("طيران", "روسيا"), categories=("سياسة",)),
    item("b", 2, tags=("طيران",), categories=("اقتصاد",)),
    item("c", 3, tags=("طيران", "روسيا"), categories=("سياسة",)),
    item("d", 4, tags=("رياضة",), categories=("رياضة",)),
    item("e", 5, categories=("سياسة",)),
]

FUEL = "قررت الحكومة رفع أسعار الوقود والبنزين في محطات التوزيع ابتداء من الأسبوع المقبل."
FUEL_AGAIN = "زيادة جديدة في أسعار البنزين: الحكومة تقرّ تعديل سعر الوقود بمحطات البيع."
STORIES = {
    "fuel": FUEL,
    "fuel-again": FUEL_AGAIN,
    "match": "فاز الفريق في المباراة النهائية لكرة القدم بهدفين أمام جماهير الملعب.",
    "film": "افتتح مهرجان السينما دورته الجديدة بعرض فيلم روائي طويل لمخرج شاب.",
    "rain": "توقعت مصالح الرصد الجوي أمطارا غزيرة ورياحا قوية بالمناطق الشمالية.",
    "school": "انطلقت العودة المدرسية في كامل المدارس وسط نقص في عدد المعلمين.",
}


def stories(**overrides: str) -> list[RelatedInput]:
    texts = {**STORIES, **overrides}
    return [item(name, day, text) for day, (name, text) in enumerate(sorted(texts.items()))]


def test_shared_tags_beat_category_beat_nothing() -> None:
    related = compute_related(CORPUS, STRUCTURE_ONLY)
    assert ids(related["a"]) == ["c", "b", "e"]
    assert related["a"][0].score == 250.0
    reasons = [(r.kind, r.keys, r.score) for r in related["a"][0].reasons]
    assert reasons == [("tags", ("روسيا", "طيران"), 200.0), ("categories", ("سياسة",), 50.0)]
    assert str(related["a"][0].reasons[1]) == "categories: سياسة (+50.00)"
    assert ids(related["d"]) == []  # nothing shared: no filler


def test_a_tag_match_beats_content_alone() -> None:
    corpus = [*stories(), item("tagged", 9, "خبر قصير عن موضوع آخر.", tags=("وقود",))]
    corpus[0] = replace(corpus[0], terms={"tags": ("وقود",)})  # "film" shares only the tag
    related = compute_related(corpus, RelatedConfig())
    assert ids(related["film"])[0] == "tagged"


def test_count_and_min_score() -> None:
    related = compute_related(CORPUS, replace(STRUCTURE_ONLY, count=1))
    assert ids(related["a"]) == ["c"]
    strict = compute_related(CORPUS, RelatedConfig(min_score=150))
    assert ids(strict["a"]) == ["c"]


def test_include_newer_false_lists_only_older() -> None:
    related = compute_related(CORPUS, replace(STRUCTURE_ONLY, include_newer=False))
    assert ids(related["a"]) == []
    assert ids(related["c"]) == ["a", "b"]
    content = compute_related(stories(), RelatedConfig(include_newer=False))
    assert "fuel-again" not in ids(content["fuel"])  # it is newer (sorted by name: day 1 > 0)
    assert ids(content["fuel-again"])[0] == "fuel"


def test_cardinality_threshold_ignores_common_terms_on_large_sites() -> None:
    many = [replace(i, id=f"{i.id}{n}") for n in range(4) for i in CORPUS]  # 20 articles
    common = [
        replace(i, terms={**i.terms, "tags": (*i.terms.get("tags", ()), "أخبار")}) for i in many
    ]
    related = compute_related(common, replace(STRUCTURE_ONLY, cardinality_threshold=0.5))
    assert all(hit.id.startswith("d") for hit in related["d0"])  # «أخبار» on all: ignored
    loose = compute_related(common, replace(STRUCTURE_ONLY, cardinality_threshold=1.0))
    assert any(not hit.id.startswith("d") for hit in loose["d0"])
    small = compute_related(common[:5], replace(STRUCTURE_ONLY, cardinality_threshold=0.5))
    assert ids(small["d0"])  # a small site keeps every term


def test_ties_break_by_date_then_id_and_order_does_not_matter() -> None:
    twins = [
        item("x", 1, tags=("t",)),
        item("y", 2, tags=("t",)),
        item("z", 2, tags=("t",)),
        item("w", 3, tags=("t",)),
    ]
    forward = compute_related(twins, STRUCTURE_ONLY)
    backward = compute_related(list(reversed(twins)), STRUCTURE_ONLY)
    assert ids(forward["x"]) == ["w", "y", "z"]
    assert forward == backward


def test_content_finds_the_same_story_in_other_words() -> None:
    related = compute_related(stories(), RelatedConfig())
    assert ids(related["fuel"])[0] == "fuel-again"
    assert ids(related["fuel-again"])[0] == "fuel"
    content = related["fuel"][0].reasons[0]
    assert content.kind == "content"
    assert {"وقود", light_stem("البنزين"), "اسعار"} <= set(content.keys)


def test_unrelated_stories_get_no_filler() -> None:
    related = compute_related(stories(), RelatedConfig())
    assert ids(related["rain"]) == []
    assert all(hit.score >= RelatedConfig().min_score for hits in related.values() for hit in hits)


def test_hamza_spelling_and_clitics_do_not_split_a_term() -> None:
    corpus = stories(
        rain="نمو الإقتصاد الوطني بنسبة ضعيفة.", school="تراجع نمو الاقتصاد الوطني هذا العام."
    )
    related = compute_related(corpus, RelatedConfig())
    assert ids(related["rain"]) == ["school"]
    assert "اقتصاد" in related["rain"][0].reasons[0].keys
    assert article_terms("الإقتصاد", "", "").terms == article_terms("", "", "وبالاقتصاد").terms


def test_recency_prefers_the_nearer_of_equal_matches() -> None:
    corpus = [
        item("now", 10, FUEL),
        item("old", 1, FUEL_AGAIN),
        item("late", 30, FUEL_AGAIN),
        *(item(n, 40 + i, t) for i, (n, t) in enumerate(STORIES.items()) if "fuel" not in n),
    ]
    plain = compute_related(corpus, RelatedConfig())
    assert ids(plain["now"])[:2] == ["late", "old"]  # equal scores: the newest first
    recent = compute_related(corpus, RelatedConfig(recency_days=30))
    assert ids(recent["now"])[:2] == ["old", "late"]
    recency = [r for r in recent["now"][1].reasons if r.kind == "recency"]
    assert recency and recency[0].score < 0 and recency[0].keys == ("20 days apart",)


def test_reasons_add_up_to_the_score() -> None:
    corpus = [replace(s, terms={"tags": ("أخبار",)}) for s in stories()]
    for config in (RelatedConfig(), RelatedConfig(recency_days=2)):
        for hits in compute_related(corpus, config).values():
            for hit in hits:
                assert sum(r.score for r in hit.reasons) == pytest.approx(hit.score, abs=1e-3)


def test_deterministic_across_runs_and_input_order() -> None:
    corpus = stories()
    first = compute_related(corpus, RelatedConfig())
    assert compute_related(list(reversed(corpus)), RelatedConfig()) == first
    assert compute_related(corpus, RelatedConfig()) == first


def _kept_terms(items: list[RelatedInput]) -> dict[str, dict[str, float]]:
    """Per article, its content terms that carry a weight, and the weight."""
    matrix, vocabulary = index_module._content(items)
    return {
        item.id: {
            vocabulary[col]: round(float(value), 12)
            for col, value in zip(
                matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]],
                matrix.data[matrix.indptr[row] : matrix.indptr[row + 1]],
                strict=True,
            )
        }
        for row, item in enumerate(items)
    }


def test_each_article_keeps_only_its_heaviest_content_terms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limit = index_module.CONTENT_TERMS
    assert limit
    terms = [f"ك{n:03d}" for n in range(2 * limit)]
    heavy = terms[1::2][: limit // 2]  # counted 3 times; every other term once
    light = [t for t in terms if t not in heavy]

    def bag(words: list[str], counts: dict[str, int]) -> TermBag:
        ordered = sorted(words)
        return TermBag(tuple(ordered), tuple(counts.get(w, 1) for w in ordered))

    items = [
        # Listed first, so the later terms get the low column numbers.
        RelatedInput(id="a", date=DAY0, terms={}, content=bag(terms[limit:], {})),
        RelatedInput(id="b", date=DAY0, terms={}, content=bag(terms[:limit], {})),
        RelatedInput(id="long", date=DAY0, terms={}, content=bag(terms, dict.fromkeys(heavy, 3))),
    ]
    kept = _kept_terms(items)
    # Every term is on two articles (equal idf): the heavy ones win, then ties go by term.
    assert set(kept["long"]) == set(heavy) | set(sorted(light)[: limit - len(heavy)])
    assert set(kept["a"]) == set(terms[limit:])  # short rows keep every term
    assert sum(w * w for w in kept["long"].values()) == pytest.approx(1.0)
    for order in (items[::-1], [items[1], items[2], items[0]]):
        assert _kept_terms(order) == kept
    monkeypatch.setattr(index_module, "CONTENT_TERMS", None)
    assert set(_kept_terms(items)["long"]) == set(terms)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), rows=st.sampled_from([1, 2, 3, 7, 64]))
def test_the_heaviest_terms_cut_is_the_same_ranked_a_block_of_rows_at_a_time(
    seed: int, rows: int
) -> None:
    """The cut ranks a block of rows at a time (its sort's arrays were ~1 GB at 100,000
    articles): the same weights, to the bit, for any block size."""
    rng = random.Random(seed)
    words = [f"كلمة{n}" for n in range(140)]
    items = [
        item(f"{n:03d}", rng.randrange(30), " ".join(rng.choices(words, k=rng.randrange(1, 160))))
        for n in range(12)
    ]
    whole, vocabulary = index_module._content(items)
    original = index_module.STRONGEST_ROWS
    try:
        index_module.STRONGEST_ROWS = rows
        blocked, again = index_module._content(items)
    finally:
        index_module.STRONGEST_ROWS = original
    assert again == vocabulary
    assert np.array_equal(whole.indptr, blocked.indptr)
    assert np.array_equal(whole.indices, blocked.indices)
    assert whole.data.tobytes() == blocked.data.tobytes()
    assert max(np.diff(whole.indptr)) <= (index_module.CONTENT_TERMS or 10**9)


def _brute_force(items: list[RelatedInput], config: RelatedConfig) -> dict[str, list[str]]:
    index = build_index(sorted(items, key=lambda i: i.id), config)
    scores = (index.left @ index.right.T).toarray().astype(np.float32)
    out = {}
    for row, article_id in enumerate(index.ids):
        ranked = sorted(
            (col for col in range(len(index.ids)) if col != row and scores[row, col] > 0),
            key=lambda col: (-float(scores[row, col]), -index.days[col], col),
        )
        kept = [c for c in ranked if scores[row, c] >= config.min_score][: config.count]
        out[article_id] = [index.ids[c] for c in kept]
    return out


def test_blocks_and_chunk_floor_match_a_brute_force_ranking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(7)
    words = [f"كلمة{chr(0x0628 + n % 20)}{chr(0x0628 + n // 20)}" for n in range(300)]
    items = [
        item(
            f"{n:04d}",
            rng.randrange(60),
            " ".join(rng.choices(words, k=rng.randrange(3, 25))),
            tags=tuple(rng.sample(["ا", "ب", "ج", "د"], rng.randrange(0, 2))),
        )
        for n in range(700)
    ]
    monkeypatch.setattr(rank_module, "BLOCK_CELLS", 700 * 37)  # 37 rows a block
    config = RelatedConfig(min_score=3.0, count=5)
    related = compute_related(items, config)
    assert {k: ids(v) for k, v in related.items()} == _brute_force(items, config)


def test_blocks_shared_by_processes_give_the_same_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    words = [f"خبر{chr(0x0628 + n % 20)}{chr(0x0628 + n // 20)}" for n in range(200)]
    items = [
        item(f"{n:04d}", rng.randrange(90), " ".join(rng.choices(words, k=rng.randrange(3, 30))))
        for n in range(300)
    ]
    serial = compute_related(items, RelatedConfig(min_score=2.0))
    monkeypatch.setattr(rank_module, "PARALLEL_ROWS", 0)
    forked: list[object] = []
    real = rank_module.parallel_iter

    def spy(*args: object, **kwargs: object) -> object:
        forked.append(kwargs["jobs"])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rank_module, "parallel_iter", spy)
    assert compute_related(items, RelatedConfig(min_score=2.0), jobs=2) == serial
    assert forked == [2]


def _corpus(rng: random.Random, count: int) -> list[RelatedInput]:
    words = [f"نبأ{chr(0x0628 + n % 20)}{chr(0x0628 + n // 20)}" for n in range(120)]
    return [
        item(
            f"{n:04d}",
            rng.randrange(40),
            " ".join(rng.choices(words, k=rng.randrange(2, 40))),
            tags=tuple(rng.sample(["ا", "ب", "ج", "د", "ه"], rng.randrange(0, 3))),
        )
        for n in range(count)
    ]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), edits=st.integers(1, 4), recency=st.sampled_from([None, 5]))
def test_lists_brought_up_to_date_equal_lists_computed_from_scratch(
    seed: int, edits: int, recency: int | None
) -> None:
    rng = random.Random(seed)
    config = RelatedConfig(min_score=1.0, count=4, recency_days=recency, include_newer=seed % 3 > 0)
    corpus = _corpus(rng, 90)
    if seed % 2:  # a site of editions: lists stay within each
        corpus = [replace(c, edition=rng.choice(["", "en"])) for c in corpus]
    lists, state, _ = update_related(corpus, config, None)
    assert lists == compute_related(corpus, config, explain=False)
    for _ in range(edits):  # edit a few articles' words, tags or dates; sometimes none
        for n in rng.sample(range(len(corpus)), rng.randrange(0, 4)):
            other = _corpus(rng, 1)[0]
            corpus[n] = replace(
                corpus[n],
                content=other.content if rng.random() < 0.7 else corpus[n].content,
                terms=other.terms if rng.random() < 0.3 else corpus[n].terms,
                date=other.date if rng.random() < 0.2 else corpus[n].date,
                edition=rng.choice(["", "en"]) if seed % 2 else "",
            )
        lists, state, scored = update_related(corpus, config, state)
        assert lists == compute_related(corpus, config, explain=False)
        edition = {c.id: c.edition for c in corpus}
        assert all(edition[h.id] == edition[i] for i, hits in lists.items() for h in hits)
        assert scored <= len(corpus)


def test_an_edit_scores_only_the_rows_it_touches() -> None:
    rng = random.Random(3)
    corpus = _corpus(rng, 400)
    config = RelatedConfig(min_score=1.0)
    _, state, scored = update_related(corpus, config, None)
    assert scored == 400
    _, same, scored = update_related(corpus, config, state)
    assert scored == 0 and same.rows.tolist() == state.rows.tolist()
    corpus[7] = replace(corpus[7], terms={"tags": ("ه",)})  # a tag: the term weights stay
    lists, _, scored = update_related(corpus, config, same)
    assert 0 < scored < 40
    assert lists == compute_related(corpus, config, explain=False)
    added = [*corpus, _corpus(random.Random(4), 1)[0]]
    added[-1] = replace(added[-1], id="new")
    _, _, scored = update_related(added, config, state)
    assert scored == 401  # a new article changes every weight: all scored again


def test_lists_stay_within_their_edition_and_are_still_full() -> None:
    # Each story in Arabic and in an "English" copy of the same words and tags: its copy is its
    # best match, but belongs to another edition; each list is still `count` long, of its own.
    stories = list(STORIES.items())
    corpus = [
        replace(item(f"{code or 'ar'}-{name}", n, text, tags=("خبر",)), edition=code)
        for n, (name, text) in enumerate(stories)
        for code in ("", "en")
    ]
    config = RelatedConfig(min_score=0.5, count=3)
    lists = compute_related(corpus, config)
    for article_id, hits in lists.items():
        prefix = article_id.split("-")[0]
        assert len(hits) == 3 and all(h.id.startswith(prefix + "-") for h in hits), hits
    state_lists, _, _ = update_related(corpus, config, None)
    assert state_lists == compute_related(corpus, config, explain=False)


def test_kept_lists_are_written_a_block_at_a_time_and_read_back(tmp_path: Path) -> None:
    """At 100,000 articles 500,000 hits: never one text (nor a list per hit) in memory."""
    import tracemalloc
    from types import MappingProxyType

    from jarida.layout import CACHE_DIR, RELATED_LISTS
    from jarida.related.store import load_lists, save_lists

    ids = [f"2020/{n % 12:02d}/مقال-{n}.md" for n in range(20_000)]
    lists = MappingProxyType(
        {
            a: tuple(
                RelatedHit(id=ids[(n + k) % len(ids)], score=k / 7, reasons=()) for k in range(1, 9)
            )
            for n, a in enumerate(ids)
        }
    )
    tracemalloc.start()
    try:
        assert save_lists(tmp_path, "key", lists) == ""
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    size = (tmp_path / CACHE_DIR / RELATED_LISTS).stat().st_size
    assert size > 5_000_000 and peak * 2 < size  # made whole: ~6 times its size
    assert load_lists(tmp_path, "key") == lists
    assert load_lists(tmp_path, "another key") is None
