"""The editors' control of the front page and the site-wide blocks (issue 18): the featured
lead story, the breaking banner and its end, the home page's category sections, the main menu,
and the fragments that keep the banner and the sidebar out of every article page."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from jarida.errors import BuildFailed
from tests.conftest import NOW, MakeSite, article, build_site, read

HOME = {
    "jarida.yaml": "title: جريدة\npaginate: 3\n",
    "content/old.md": article("قديم مميز", "2026-05-01T10:00:00+03:00", slug="old", featured="true"),
    "content/mid.md": article("أوسط مميز", "2026-05-02T10:00:00+03:00", slug="mid", featured="true"),
    "content/new.md": article("أحدث", "2026-05-03T10:00:00+03:00", slug="new"),
    "content/newer.md": article("أحدث منه", "2026-05-04T10:00:00+03:00", slug="newer"),
}


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="[^"]*" dir="auto">([^<]*)</a>', html)


def test_the_newest_featured_story_leads_the_home_page_and_the_rest_keep_date_order(
    make_site: MakeSite,
) -> None:
    root = make_site(HOME)
    build_site(root)
    assert card_titles(read(root, "index.html")) == ["أوسط مميز", "أحدث منه", "أحدث"]
    assert card_titles(read(root, "page/2/index.html")) == ["قديم مميز"]


def test_without_a_featured_story_the_newest_leads(make_site: MakeSite) -> None:
    files = {k: v.replace("featured: true\n", "") for k, v in HOME.items()}
    root = make_site(files)
    build_site(root)
    assert card_titles(read(root, "index.html")) == ["أحدث منه", "أحدث", "أوسط مميز"]


def test_a_featured_draft_or_future_story_does_not_lead(make_site: MakeSite) -> None:
    files = dict(HOME)
    files["content/draft.md"] = article("مسودة", "2026-05-05", featured="true", draft="true")
    files["content/later.md"] = article("لاحق", "2026-07-05", featured="true")
    root = make_site(files)
    build_site(root, drafts=True, future=True)
    assert card_titles(read(root, "index.html"))[0] == "أوسط مميز"


def test_featured_must_be_true_or_false(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("خبر", featured="maybe")})
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    [problem] = failed.value.diagnostics
    assert (problem.path, problem.line) == ("content/a.md", 4)
    assert "`featured` must be true or false" in problem.message
