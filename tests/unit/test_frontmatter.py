"""Splitting front matter: YAML and TOML, and errors at the line of the whole file."""

from __future__ import annotations

from datetime import datetime

from jarida.content.frontmatter import FrontMatter, split_front_matter
from jarida.errors import Diagnostic


def split(text: str) -> FrontMatter:
    result = split_front_matter(text, "content/a.md")
    assert isinstance(result, FrontMatter), result
    return result


def problem(text: str) -> Diagnostic:
    result = split_front_matter(text, "content/a.md")
    assert isinstance(result, Diagnostic), result
    return result


def test_yaml_front_matter_and_body_line() -> None:
    fm = split("---\ntitle: خبر\ntags: [أ, ب]\n---\n\nالنص\n")
    assert fm.data["title"] == "خبر"
    assert fm.lines == {"title": 2, "tags": 3}
    assert fm.body == "\nالنص\n"
    assert fm.body_line == 5


def test_toml_front_matter() -> None:
    fm = split('+++\ntitle = "خبر"\ndate = 2023-03-31T10:00:00+03:00\n+++\nنص\n')
    assert fm.data["title"] == "خبر"
    assert isinstance(fm.data["date"], datetime)
    assert fm.lines["date"] == 3


def test_yaml_error_points_at_the_file_line() -> None:
    d = problem("---\ntitle: خبر\ntags: [أ, ب\ndate: 2023-01-01\n---\nنص\n")
    assert d.path == "content/a.md"
    assert d.line in (4, 5)  # where the parser notices the unclosed list
    assert "YAML" in d.message


def test_yaml_error_line_for_bad_indentation() -> None:
    d = problem("---\ntitle: خبر\n  date: 2023\n---\n")
    assert d.line == 3


def test_impossible_date_points_at_its_line() -> None:
    d = problem("---\ntitle: خبر\ndate: 2023-02-30\n---\n")
    assert d.line == 3
    assert "day is out of range" in d.message


def test_toml_error_points_at_the_file_line() -> None:
    d = problem('+++\ntitle = "خبر"\ndate = = 1\n+++\n')
    assert d.line == 3
    assert "TOML" in d.message


def test_missing_closing_fence() -> None:
    d = problem("---\ntitle: خبر\n\nنص بلا نهاية\n")
    assert d.line == 1
    assert "never closed" in d.message


def test_no_front_matter() -> None:
    assert "does not start with front matter" in problem("نص فقط\n").message


def test_front_matter_must_be_a_mapping() -> None:
    assert "key: value" in problem("---\n- a\n- b\n---\n").message


def test_control_characters_are_reported_at_their_line() -> None:
    d = problem("---\ntitle: خبر\nsummary: a\x1fb\n---\n")
    assert d.line == 3 and "U+001F" in d.message  # found by the fuzz tests
