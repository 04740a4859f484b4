"""Front-matter validation into ArticleSource: required keys, types, lines of errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from jarida.content.article import build_article_source
from jarida.content.frontmatter import FrontMatter, split_front_matter
from jarida.errors import Diagnostic
from jarida.model import ArticleSource, SourceFile

CAIRO = ZoneInfo("Africa/Cairo")


def parse(text: str) -> ArticleSource | list[Diagnostic]:
    source = SourceFile(id="a.md", path="content/a.md", text=text, digest="0")
    front = split_front_matter(text, source.path)
    assert isinstance(front, FrontMatter)
    return build_article_source(source, front, CAIRO)


def ok(text: str) -> ArticleSource:
    result = parse(text)
    assert isinstance(result, ArticleSource), result
    return result


def problems(text: str) -> list[tuple[int, str]]:
    result = parse(text)
    assert isinstance(result, list)
    return [(d.line, d.message) for d in result]


def test_full_article() -> None:
    a = ok(
        "---\ntitle: خبر\ndate: 2023-03-31T10:00:00+03:00\nupdated: 2023-04-01\n"
        "tags: [الطيران, روسيا]\ncategory: سياسة\nauthor: سلمى\nsummary: ملخص\n"
        "image: /a.png\nimage_alt: صورة\nslug: my-slug\ndraft: true\nsource: وكالة\n---\nنص\n"
    )
    assert a.title == "خبر"
    assert a.date == datetime(2023, 3, 31, 10, tzinfo=timezone(timedelta(hours=3)))
    assert a.updated == datetime(2023, 4, 1, tzinfo=CAIRO)
    assert a.terms == {"tags": ("الطيران", "روسيا"), "categories": ("سياسة",), "authors": ("سلمى",)}
    assert (a.summary, a.image, a.image_alt, a.slug, a.draft) == (
        "ملخص",
        "/a.png",
        "صورة",
        "my-slug",
        True,
    )
    assert a.extra == {"source": "وكالة"}
    assert a.body_line == 15


def test_naive_dates_take_the_site_zone() -> None:
    a = ok("---\ntitle: خبر\ndate: 2023-03-31 10:00\n---\n")
    assert a.date == datetime(2023, 3, 31, 10, tzinfo=CAIRO)
    assert ok("---\ntitle: x\ndate: '2023-03-31T10:00:00Z'\n---\n").date == datetime(
        2023, 3, 31, 10, tzinfo=UTC
    )


def test_tags_as_comma_separated_string_arabic_comma_too() -> None:
    a = ok(
        "---\ntitle: x\ndate: 2023-01-01\ntags: الطيران، روسيا, النفط\ncategories: [أ, ب]\n---\n"
    )
    assert a.terms["tags"] == ("الطيران", "روسيا", "النفط")
    assert a.terms["categories"] == ("أ", "ب")


def test_missing_title_and_date_both_reported() -> None:
    found = problems("---\nsummary: ملخص\n---\n")
    assert [m for _, m in found] == ["missing or empty `title`", "missing `date`"]
    assert all(line == 1 for line, _ in found)


def test_wrong_types_at_their_lines() -> None:
    found = problems("---\ntitle: خبر\ndate: أمس\ntags: 5\ndraft: maybe\n---\n")
    assert found == [
        (3, "`date` is not a date: 'أمس'"),
        (5, "`draft` must be true or false, not 'maybe'"),
        (4, "`tags` must be a list of names or one comma-separated string, not 5"),
    ]


def test_empty_title() -> None:
    assert problems("---\ntitle: ''\ndate: 2023-01-01\n---\n") == [(2, "missing or empty `title`")]


def test_unsafe_slugs() -> None:
    for slug in ("a/b", "../x", "..", "a?b", "a#b"):
        found = problems(f"---\ntitle: x\ndate: 2023-01-01\nslug: '{slug}'\n---\n")
        assert found and found[0][0] == 4 and "cannot be part of a URL" in found[0][1]


def test_a_value_echoed_in_a_message_is_cut_short() -> None:
    items = ", ".join(["{a: " + "ب" * 50 + "}"] * 2000)
    found = problems(
        f"---\ntitle: [{'أ' * 5000}]\ndate: {'x' * 5000}\ntags: [{items}]\n"
        f"slug: {'a/' * 3000}\ntype: {'p' * 5000}\ndraft: {'n' * 5000}\n"
        f"aliases: [{', '.join(['[1]'] * 3000)}]\n---\nنص\n"
    )
    assert sorted({line for line, _ in found}) == [2, 3, 4, 5, 6, 7, 8]
    for _, message in found:
        assert len(message) < 200, message


def test_dates_at_the_limits_are_errors_at_their_lines() -> None:
    found = problems(
        "---\ntitle: خبر\ndate: 9999-12-31\nupdated: 0001-01-01T00:00+14:00\n"
        "publish_date: 0999-12-31T23:00:00Z\nexpires: '9001-01-01'\n---\nنص\n"
    )
    assert [line for line, _ in found] == [3, 4, 5, 6]
    for line, message in found:
        assert "outside the years 1000 to 9000" in message, (line, message)


def test_dates_inside_the_limits_are_kept() -> None:
    a = ok("---\ntitle: خبر\ndate: 1000-01-01T00:00+14:00\nexpires: 9000-12-31T23:59-12:00\n---\n")
    assert a.date.year == 1000 and a.expires is not None and a.expires.year == 9000


def test_a_given_slug_or_alias_too_long_for_a_file_name_is_an_error_at_its_line() -> None:
    fits = ok(f"---\ntitle: خبر\ndate: 2026-01-01\nslug: {'ب' * 90}\n---\n")
    assert fits.slug == "ب" * 90  # 180 bytes
    found = problems(
        f"---\ntitle: خبر\ndate: 2026-01-01\nslug: {'ب' * 91}\naliases: [/2017/{'ق' * 128}/]\n---\n"
    )
    (line4, slug), (line5, alias) = sorted(found)
    assert (line4, line5) == (4, 5)
    assert "182 bytes" in slug and "at most 180" in slug
    assert "256 bytes" in alias


def test_at_most_100_names_per_taxonomy_and_aliases() -> None:
    names = ", ".join(f"و{n}" for n in range(100))
    a = ok(f"---\ntitle: خبر\ndate: 2026-01-01\ntags: [{names}]\n---\n")
    assert len(a.terms["tags"]) == 100
    many = ", ".join(f"و{n}" for n in range(101))
    paths = ", ".join(f"/old/{n}/" for n in range(101))
    found = problems(
        f"---\ntitle: خبر\ndate: 2026-01-01\ntags: [{many}]\ncategories: {many}\n"
        f"authors: [{many}]\naliases: [{paths}]\n---\n"
    )
    assert sorted(found) == [
        (4, "`tags` has 101 names; an article may have at most 100"),
        (5, "`categories` has 101 names; an article may have at most 100"),
        (6, "`authors` has 101 names; an article may have at most 100"),
        (7, "`aliases` has 101 paths; an article may have at most 100"),
    ]


def test_a_word_too_long_for_the_search_index_in_a_title_or_a_name() -> None:
    word = "ب" * 1001
    found = problems(
        f"---\ntitle: خبر {word}\ndate: 2026-01-01\ntags: [أ, {word}]\nsummary: {word}\n---\n"
    )
    assert [line for line, _ in sorted(found)] == [2, 4, 5]
    assert all("1,001 characters without a space" in m and len(m) < 200 for _, m in found)


def test_an_image_is_a_path_of_the_site_or_a_web_address() -> None:
    for image in ("cover.jpg", "/images/a.png", "https://cdn.example/a.jpg", "//cdn.example/a"):
        assert ok(f"---\ntitle: خبر\ndate: 2026-01-01\nimage: '{image}'\n---\n").image == image
    for image in ("javascript:alert(1)", " JavaScript:x", "data:text/html,<b>", "vbscript:x"):
        found = problems(f"---\ntitle: خبر\ndate: 2026-01-01\nimage: '{image}'\n---\n")
        assert found == [(4, found[0][1])] and "`image`" in found[0][1], (image, found)


def test_caption_and_credit_are_fields_of_their_own() -> None:
    a = ok(
        "---\ntitle: خبر\ndate: 2023-03-31\nimage: cover.jpg\nimage_alt: سيول\n"
        "image_caption: ' السيول في الوادي '\nimage_credit: أحمد علي\n---\nنص\n"
    )
    assert (a.image_caption, a.image_credit) == ("السيول في الوادي", "أحمد علي")
    assert "image_caption" not in a.extra and "image_credit" not in a.extra
    assert a.warnings == ()


def test_caption_and_credit_must_be_text_without_endless_words() -> None:
    assert problems(
        "---\ntitle: خبر\ndate: 2023-03-31\nimage_caption: [a, b]\n"
        f"image_credit: {'x' * 1001}\n---\n"
    ) == [
        (4, "`image_caption` must be text, not ['a', 'b']"),
        (
            5,
            "a word of 1,001 characters without a space; the search index takes words of "
            "at most 1,000",
        ),
    ]


def test_an_image_without_alt_is_a_warning_at_the_image_line() -> None:
    a = ok("---\ntitle: خبر\ndate: 2023-03-31\n\nimage: /a.jpg\n---\nنص\n")
    assert [line for line, _ in a.warnings] == [5]
    assert "`image_alt`" in a.warnings[0][1]
    assert ok("---\ntitle: خبر\ndate: 2023-03-31\n---\nنص\n").warnings == ()


def test_image_focus_is_a_focal_point_checked_at_its_line() -> None:
    for focus in ("0.3,0.6", "top", "bottom-left"):
        text = f"---\ntitle: خبر\ndate: 2026-01-01\nimage: a.jpg\nimage_focus: '{focus}'\n---\n"
        assert ok(text).extra["image_focus"] == focus
    for focus in ("1.5,0.2", "middle", "[1, 2]"):
        text = f"---\ntitle: خبر\ndate: 2026-01-01\nimage: a.jpg\nimage_focus: '{focus}'\n---\n"
        found = problems(text)
        assert found == [(5, found[0][1])] and found[0][1].startswith("`image_focus`: "), found
        assert "0.3,0.6" in found[0][1]  # says what to write


def test_featured_is_a_boolean_at_its_line() -> None:
    assert ok("---\ntitle: خبر\ndate: 2023-03-31\nfeatured: true\n---\n").featured is True
    assert ok("---\ntitle: خبر\ndate: 2023-03-31\n---\n").featured is False
    assert problems("---\ntitle: خبر\ndate: 2023-03-31\nfeatured: maybe\n---\n") == [
        (4, "`featured` must be true or false, not 'maybe'")
    ]


def test_breaking_until_is_a_date_in_the_site_zone() -> None:
    a = ok(
        "---\ntitle: خبر\ndate: 2023-03-31T10:00\nbreaking: true\n"
        "breaking_until: 2023-03-31 18:30\n---\n"
    )
    assert a.breaking_until == datetime(2023, 3, 31, 18, 30, tzinfo=CAIRO)
    assert a.warnings == ()
    assert "breaking" not in a.extra and "breaking_until" not in a.extra


def test_breaking_without_an_end_lasts_a_day_after_the_latest_date_and_warns() -> None:
    a = ok(
        "---\ntitle: خبر\ndate: 2023-03-31T10:00\nupdated: 2023-04-01T08:00\nbreaking: true\n---\n"
    )
    assert a.breaking_until == datetime(2023, 4, 2, 8, 0, tzinfo=CAIRO)
    [(line, message)] = a.warnings
    assert line == 5 and "`breaking_until`" in message and "24 hours" in message


def test_not_breaking_has_no_end_even_with_breaking_until() -> None:
    text = "---\ntitle: خبر\ndate: 2023-03-31\nbreaking: false\nbreaking_until: 2023-04-01\n---\n"
    assert ok(text).breaking_until is None
    assert ok("---\ntitle: خبر\ndate: 2023-03-31\n---\n").breaking_until is None


def test_bad_breaking_keys_are_errors_at_their_lines() -> None:
    assert problems("---\ntitle: خبر\ndate: 2023-03-31\nbreaking: yes please\n---\n") == [
        (4, "`breaking` must be true or false, not 'yes please'")
    ]
    found = problems(
        "---\ntitle: خبر\ndate: 2023-03-31\nbreaking: true\nbreaking_until: غدا\n---\n"
    )
    assert found == [(5, "`breaking_until` is not a date: 'غدا'")]
    found = problems(
        "---\ntitle: خبر\ndate: 2023-03-31T10:00\nbreaking: true\nbreaking_until: 2023-03-30\n---\n"
    )
    assert [line for line, _ in found] == [5]
    assert "before the article's `date`" in found[0][1]
