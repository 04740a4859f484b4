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
    assert fm.lines == {"title": 2, "tags": 3, "tags[0]": 3, "tags[1]": 3}  # list items too
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


def _alias_bomb(levels: int, key: str = "tags") -> str:
    """``levels`` anchors, each a list of nine aliases of the one before: 9**levels values."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, levels)]
    return "---\ntitle: x\n" + "\n".join(lines) + f"\n{key}: *a{levels - 1}\n---\nنص\n"


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    text = _alias_bomb(9)  # 387,420,489 values: gigabytes and minutes if expanded
    assert len(text.encode()) < 700
    d = problem(text)
    assert "aliases" in d.message and "10,000" in d.message, d.message
    assert d.line == 7  # the first key whose value is too big: `a4` (9**5 values)
    assert "fewer and smaller" in d.hint
    assert len(d.format()) < 400


def test_an_alias_bomb_just_over_the_bound_is_refused() -> None:
    d = problem(_alias_bomb(5))  # 59,049 values
    assert "aliases" in d.message and d.line == 7


def test_a_few_small_aliases_are_fine() -> None:
    fm = split("---\ntitle: x\ncommon: &c [اقتصاد, سياسة]\ntags: *c\n---\nنص\n")
    assert fm.data["tags"] == ["اقتصاد", "سياسة"]
    assert fm.lines == {
        **{"title": 2, "common": 3, "tags": 4},
        **{"common[0]": 3, "common[1]": 3, "tags[0]": 3, "tags[1]": 3},  # where the items are
    }


def test_an_alias_inside_its_own_value_is_refused() -> None:
    for text in ("a: &a [*a]", "a: &a {b: *a}", "x: 1\na: &a {b: [1, {c: *a}]}"):
        d = problem(f"---\ntitle: x\n{text}\n---\nنص\n")
        assert "refers to itself" in d.message, (text, d)
        assert d.line == 2 + text.count("\n") + 1


def test_what_an_attacker_tries_next_is_an_error_at_its_line() -> None:
    huge = problem("---\ntitle: x\nn: 1\ncount: " + "9" * 5000 + "\n---\n")
    assert huge.line == 4 and "4300 digits" in huge.message and len(huge.message) < 200
    code = problem("---\ntitle: x\nx: !!python/object/apply:os.system ['true']\n---\n")
    assert code.line == 3 and "could not determine a constructor" in code.message
    deep = problem("---\ntitle: x\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    assert deep.line == 3 and "nesting depth" in deep.message


def test_toml_nested_too_deeply_is_an_error_not_a_crash() -> None:
    for value in ("[" * 5000 + "]" * 5000, "{a=" * 3000 + "1" + "}" * 3000):
        d = problem(f'+++\ntitle = "x"\nx = {value}\n+++\n')
        assert d.line == 1 and "nested too deeply" in d.message
