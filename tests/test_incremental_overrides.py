"""A template override that shows any value stays correct under incremental builds: a page's
fingerprint is derived from what its templates read, so no edit can leave a stale page."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import MakeSite, article, build_site, tree

HOME = "index.html"
A, B = "2026/05/a/index.html", "2026/05/b/index.html"


def source(name: str, n: int = 0, **front: str) -> str:
    front = {"slug": name, "tags": "[t1]", "category": "c1", "author": "w1", **front}
    day = {"a": 4, "b": 3, "c": 2}.get(name, 1)
    return article(f"خبر {name}", f"2026-05-0{day}T10:00:00+03:00", f"نص {name} {n}.", **front)


SITE = {
    "jarida.yaml": "paginate: 10\nrelated: {weights: {content: 0}}\n",
    "content/a.md": source("a", summary="ملخص أ", subtitle="عنوان فرعي أول"),
    "content/b.md": source("b", summary="ملخص ب", subtitle="عنوان فرعي ثان"),
}

#: Card partials that show what the built-in card does not.
CARD_SUBTITLE = '{% include "theme/partials/card.html" %}<p>{{ item.extra.subtitle }}</p>\n'
CARD_MINUTES = '{% include "theme/partials/card.html" %}<p>{{ item.word_count }}</p>\n'
CARD_BODY = '{% include "theme/partials/card.html" %}{{ item.body_html | safe }}\n'
CARD_UPDATED = '{% include "theme/partials/card.html" %}<p>{{ item.updated or "-" }}</p>\n'


def set_up(make_site: MakeSite, overrides: Mapping[str, str]) -> Path:
    root = make_site({**SITE, **{f"templates/{k}": v for k, v in overrides.items()}})
    build_site(root)
    return root


def edit(root: Path, name: str, text: str) -> None:
    (root / "content" / name).write_text(text, encoding="utf-8")


def assert_same_as_clean(root: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build_site(root, out=clean, clean=True)
    assert tree(root / "public") == tree(clean)


def test_a_card_override_showing_an_extra_key_is_re_rendered(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = set_up(make_site, {"partials/card.html": CARD_SUBTITLE})
    edit(root, "a.md", source("a", summary="ملخص أ", subtitle="عنوان فرعي جديد"))
    result = build_site(root)
    assert HOME in result.rendered_paths
    assert "عنوان فرعي جديد" in (root / "public" / HOME).read_text(encoding="utf-8")
    assert_same_as_clean(root, tmp_path)


def test_an_extra_key_no_template_shows_renders_only_the_article(make_site: MakeSite) -> None:
    root = set_up(make_site, {})
    edit(root, "a.md", source("a", summary="ملخص أ", subtitle="عنوان فرعي جديد"))
    # The article page shows `extra` (its comments archive, its image caption); the cards do not.
    # The full-text feeds show the body, known by its source's digest (the body is not read to
    # fingerprint a page).
    feeds = {
        f"{folder}{name}"
        for folder in ("", "tags/t1/", "categories/c1/", "authors/w1/")
        for name in ("atom.xml", "rss.xml")
    }
    assert set(build_site(root).rendered_paths) == {A} | feeds


@pytest.mark.parametrize("card", [CARD_MINUTES, CARD_BODY])
def test_a_card_override_showing_the_body_or_its_length_is_re_rendered(
    make_site: MakeSite, tmp_path: Path, card: str
) -> None:
    root = set_up(make_site, {"partials/card.html": card})
    edit(root, "a.md", source("a", 1, summary="ملخص أ", subtitle="عنوان فرعي أول") + "كلمات أخرى\n")
    assert HOME in build_site(root).rendered_paths
    assert_same_as_clean(root, tmp_path)


def test_a_card_override_showing_updated_is_re_rendered(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = set_up(make_site, {"partials/card.html": CARD_UPDATED})
    edit(root, "b.md", source("b", summary="ملخص ب", updated="2026-05-20T10:00:00+03:00"))
    assert HOME in build_site(root).rendered_paths
    assert_same_as_clean(root, tmp_path)


def test_a_term_count_on_an_article_page_follows_new_articles(
    make_site: MakeSite, tmp_path: Path
) -> None:
    override = (
        '{% extends "theme/article.html" %}{% block related %}'
        "{% for tag in tags %}<p>{{ tag.name }}: {{ tag.article_ids | length }}</p>{% endfor %}"
        "{% endblock %}"
    )
    root = set_up(make_site, {"article.html": override})
    edit(root, "c.md", source("c"))
    result = build_site(root)
    assert {A, B} <= set(result.rendered_paths)
    assert "t1: 3" in (root / "public" / A).read_text(encoding="utf-8")
    assert_same_as_clean(root, tmp_path)


def test_a_site_wide_count_in_the_footer_follows_new_articles(
    make_site: MakeSite, tmp_path: Path
) -> None:
    footer = '{% include "theme/partials/footer.html" %}<p>{{ site.listed | length }}</p>\n'
    root = set_up(make_site, {"partials/footer.html": footer})
    edit(root, "c.md", source("c", tags="[t9]", category="c9"))
    result = build_site(root)
    assert "tags/index.html" in result.rendered_paths and A in result.rendered_paths
    assert_same_as_clean(root, tmp_path)


def test_navigation_counts_in_the_header_follow_new_articles(
    make_site: MakeSite, tmp_path: Path
) -> None:
    header = (
        '{% include "theme/partials/header.html" %}'
        "{% for c in nav_categories %}<i>{{ c.article_ids | length }}</i>{% endfor %}\n"
    )
    root = set_up(make_site, {"partials/header.html": header})
    edit(root, "c.md", source("c"))
    assert A in build_site(root).rendered_paths
    assert_same_as_clean(root, tmp_path)


def test_the_built_in_navigation_does_not_depend_on_category_counts(
    make_site: MakeSite,
) -> None:
    root = set_up(make_site, {})
    edit(root, "c.md", source("c", tags="[t9]"))  # c1 gets a third article; the order holds
    rendered = set(build_site(root).rendered_paths)
    assert "404.html" not in rendered and "tags/t1/index.html" not in rendered


# Overrides the property test adds, changes and removes: each shows something the built-in
# templates do not (an extra key, the body, counts, the whole site).
OVERRIDES = {
    "partials/card.html": [
        CARD_SUBTITLE,
        CARD_MINUTES,
        CARD_BODY,
        CARD_UPDATED,
        '{% include "theme/partials/card.html" %}{{ item.extra.get("rank", "") }}\n',
    ],
    "partials/footer.html": [
        '{% include "theme/partials/footer.html" %}{{ site.listed | length }}\n',
        "{% for a in site.articles.values() %}{{ a.extra.get('subtitle', '') }}{% endfor %}\n",
    ],
    "partials/related.html": [
        "{% for item in related %}{{ item.extra.get('rank', '') }} {{ item.summary }}{% endfor %}",
    ],
    "article.html": [
        '{% extends "theme/article.html" %}{% block related %}{% for t in tags %}'
        "{{ t.name }} {{ t.article_ids | length }}{% endfor %}{% endblock %}",
        '{% extends "theme/article.html" %}{% block comments %}{{ article.extra.subtitle '
        "| default('') }} {{ article.word_count }}{% endblock %}",
    ],
    "partials/header.html": [
        '{% include "theme/partials/header.html" %}'
        "{% for c in nav_categories %}{{ c.article_ids | length }}{% endfor %}\n",
    ],
}

KEYS = ["title", "summary", "subtitle", "rank", "updated", "tags", "category", "body", "delete"]

EDITS = st.lists(
    st.one_of(
        st.tuples(
            st.just("content"), st.sampled_from("abcd"), st.sampled_from(KEYS), st.integers(0, 3)
        ),
        st.tuples(
            st.just("template"),
            st.sampled_from(sorted(OVERRIDES)),
            st.just(""),
            st.integers(-1, 4),
        ),
    ),
    min_size=1,
    max_size=4,
)


def front_matter(name: str, key: str, n: int) -> dict[str, str]:
    front = {"summary": f"ملخص {name}", "subtitle": f"فرعي {name}", "rank": "1"}
    values = {
        "title": {"title": f"عنوان {name} {n}"},
        "summary": {"summary": f"ملخص {name} {n}"},
        "subtitle": {"subtitle": f"فرعي {name} {n}"},
        "rank": {"rank": str(n)},
        "updated": {"updated": f"2026-05-1{n}T10:00:00+03:00"},
        "tags": {"tags": f"[t{n}, t{n + 1}]"},
        "category": {"category": f"c{n % 2}"},
    }
    return front | values.get(key, {})


def write_article(root: Path, name: str, key: str, n: int) -> None:
    front = front_matter(name, key, n)
    title = front.pop("title", f"خبر {name}")
    text = source(name, n if key == "body" else 0, **front)
    (root / "content").mkdir(exist_ok=True)
    (root / "content" / f"{name}.md").write_text(
        text.replace(f"title: 'خبر {name}'", f"title: '{title}'"), encoding="utf-8"
    )


def apply(root: Path, edit: tuple[str, str, str, int]) -> None:
    kind, name, key, n = edit
    if kind == "template":
        path = root / "templates" / name
        if n < 0 or n >= len(OVERRIDES[name]):
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(OVERRIDES[name][n], encoding="utf-8")
    elif key == "delete":
        (root / "content" / f"{name}.md").unlink(missing_ok=True)
    else:
        write_article(root, name, key, n)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(start=["partials/card.html", "article.html"], edits=[("content", "a", "subtitle", 1)])
@given(
    start=st.lists(st.sampled_from(sorted(OVERRIDES)), min_size=2, max_size=5, unique=True),
    edits=EDITS,
)
def test_incremental_equals_clean_after_any_edit_of_front_matter_bodies_and_templates(
    make_site: MakeSite,
    tmp_path_factory: pytest.TempPathFactory,
    start: list[str],
    edits: list[tuple[str, str, str, int]],
) -> None:
    root = make_site({})
    shutil.rmtree(root)  # the fixture's folder is shared by every example: start afresh
    root = make_site({"jarida.yaml": SITE["jarida.yaml"]})
    for name in "abc":
        write_article(root, name, "", 0)
    for name in start:
        apply(root, ("template", name, "", 0))
    build_site(root)
    clean = tmp_path_factory.mktemp("clean")
    for one in edits:  # compared after each edit: a later edit could hide a stale page
        apply(root, one)
        build_site(root)
        build_site(root, out=clean, clean=True)
        assert tree(root / "public") == tree(clean), one
