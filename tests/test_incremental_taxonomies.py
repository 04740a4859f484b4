"""Incremental builds of custom taxonomies and term files: exactly the pages that show what
changed re-render, and the result equals a clean build."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeSite, article, build_site, tree

CONFIG = "related: {weights: {content: 0}}\ntaxonomies:\n  locations: {title: الأماكن}\n"
GAZA = "---\ntitle: غزة\ndescription: عن غزة\n---\nنبذة عن غزة.\n"
SITE = {
    "jarida.yaml": CONFIG,
    "content/a.md": article(
        "خبر أ", "2026-05-04T10:00:00+03:00", slug="a", locations="[غزة]", people="[سمير]"
    ),
    "content/b.md": article("خبر ب", "2026-05-03T10:00:00+03:00", slug="b", locations="[رفح]"),
    "content/locations/غزة.md": GAZA,
}
A, B = "2026/05/a/index.html", "2026/05/b/index.html"
TERM = "locations/غزة/"


def feeds(*folders: str) -> set[str]:
    return {f"{folder}{name}" for folder in folders for name in ("atom.xml", "rss.xml")}


@pytest.fixture
def root(make_site: MakeSite) -> Path:
    site = make_site(SITE)
    build_site(site)
    return site


def edit(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


def same_as_clean(root: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build_site(root, out=clean, clean=True)
    assert tree(root / "public") == tree(clean)


def test_a_term_file_body_edit_renders_its_term_page_alone(root: Path, tmp_path: Path) -> None:
    edit(root, "content/locations/غزة.md", GAZA.replace("نبذة عن غزة.", "نبذة أطول عن غزة."))
    assert set(build_site(root).rendered_paths) == {TERM + "index.html"}
    same_as_clean(root, tmp_path)


def test_a_term_file_title_edit_renders_the_pages_that_show_the_name(
    root: Path, tmp_path: Path
) -> None:
    edit(root, "content/locations/غزة.md", GAZA.replace("title: غزة", "title: قطاع غزة"))
    assert set(build_site(root).rendered_paths) == {
        TERM + "index.html",
        A,  # lists its locations by name
        "locations/index.html",
    } | feeds(TERM)  # their titles
    assert "قطاع غزة" in (root / "public" / A).read_text(encoding="utf-8")
    same_as_clean(root, tmp_path)


def test_a_new_term_file_renders_its_term_and_nothing_of_other_terms(
    root: Path, tmp_path: Path
) -> None:
    edit(root, "content/locations/رفح.md", "---\n---\nعن رفح.\n")
    assert set(build_site(root).rendered_paths) == {"locations/رفح/index.html"}
    same_as_clean(root, tmp_path)


def test_removing_a_term_file_renders_its_term_again(root: Path, tmp_path: Path) -> None:
    (root / "content/locations/غزة.md").unlink()
    assert set(build_site(root).rendered_paths) == {TERM + "index.html"}
    same_as_clean(root, tmp_path)


def test_declaring_a_taxonomy_renders_its_pages(root: Path, tmp_path: Path) -> None:
    edit(root, "jarida.yaml", CONFIG + "  people: {title: الأشخاص}\n")
    rendered = set(build_site(root).rendered_paths)
    assert {"people/index.html", "people/سمير/index.html", A} <= rendered
    sitemap = (root / "public/sitemap.xml").read_text(encoding="utf-8")
    assert "/people/%D8%B3%D9%85%D9%8A%D8%B1/</loc>" in sitemap
    same_as_clean(root, tmp_path)
