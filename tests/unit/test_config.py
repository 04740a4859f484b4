"""jarida.yaml: defaults, validation, unknown keys with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarida.config import Config, load_config
from jarida.errors import BuildFailed


def config_of(tmp_path: Path, text: str) -> Config:
    (tmp_path / "jarida.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


def failure(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        config_of(tmp_path, text)
    return [d.format() for d in info.value.diagnostics]


def test_no_config_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert (config.language, config.paginate, config.permalink) == (
        "ar",
        10,
        "/{year}/{month}/{slug}/",
    )
    assert config.related.count == 5


def test_values_are_read(tmp_path: Path) -> None:
    config = config_of(
        tmp_path,
        "title: جريدة\nbase_url: https://example.com/news\n"
        "language: ar-SY\ntimezone: Asia/Damascus\npaginate: 20\n"
        "related:\n  count: 3\n  weights: {tags: 10}\n",
    )
    assert config.title == "جريدة"
    assert config.base_url == "https://example.com/news/"
    assert config.base_path == "/news/"
    assert config.origin == "https://example.com"
    assert config.related.count == 3
    assert config.related.weights["tags"] == 10.0
    assert config.related.weights["categories"] == 50.0


def test_unknown_key_suggests_the_close_match(tmp_path: Path) -> None:
    messages = failure(tmp_path, "title: x\npaginnate: 5\n")
    assert messages == [
        "jarida.yaml:2: error: unknown config key `paginnate`\n    hint: did you mean `paginate`?"
    ]


def test_unknown_nested_key(tmp_path: Path) -> None:
    messages = failure(tmp_path, "related:\n  cont: 3\n")
    assert "unknown config key `related.cont`" in messages[0]
    assert "`count`" in messages[0]
    assert messages[0].startswith("jarida.yaml:2:")


def test_wrong_types_and_values(tmp_path: Path) -> None:
    assert "must be a int" in failure(tmp_path, "paginate: many\n")[0]
    assert "unknown timezone" in failure(tmp_path, "timezone: Mars/Olympus\n")[0]
    assert "unknown language" in failure(tmp_path, "language: xx-Nope\n")[0]
    assert "bad permalink" in failure(tmp_path, "permalink: /{year}/{title}/\n")[0]
    assert "bad permalink" in failure(tmp_path, "permalink: /../{slug}/\n")[0]
    assert "bad permalink" in failure(tmp_path, "permalink: /{slug}/\t/\n")[0]
    assert "`slugs` must be" in failure(tmp_path, "slugs: latin\n")[0]


def test_related_keys_are_read_and_validated(tmp_path: Path) -> None:
    config = config_of(
        tmp_path,
        "related:\n  recency_days: 30\n  include_newer: false\n  min_score: 0\n"
        "  weights: {content: 80, authors: 0}\n",
    )
    assert config.related.recency_days == 30
    assert config.related.include_newer is False
    assert config.related.weights["content"] == 80.0
    assert config.related.weights["authors"] == 0.0
    assert config.related.weights["tags"] == 100.0
    assert load_config(tmp_path / "nowhere").related.recency_days is None
    assert "did you mean `recency_days`" in failure(tmp_path, "related:\n  recency: 3\n")[0]
    assert "did you mean `content`" in failure(tmp_path, "related:\n  weights: {contnet: 1}\n")[0]
    assert "at least 1" in failure(tmp_path, "related:\n  count: 0\n")[0]
    assert "positive number of days" in failure(tmp_path, "related:\n  recency_days: -1\n")[0]
    assert "above 0 and at most 1" in failure(tmp_path, "related:\n  cardinality_threshold: 2\n")[0]
    assert "0 or more" in failure(tmp_path, "related:\n  weights: {tags: -5}\n")[0]
    assert "must be a float, not str" in failure(tmp_path, "related:\n  recency_days: soon\n")[0]


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    messages = failure(tmp_path, "title: x\nlanguage: [ar\n")
    assert messages[0].startswith("jarida.yaml:2: error: invalid YAML")  # where the list opens


def test_menus_are_lists_of_links(tmp_path: Path) -> None:
    config = config_of(tmp_path, "menus:\n  footer:\n    - {title: من نحن, url: /about/}\n")
    assert [(i.title, i.url) for i in config.menus["footer"]] == [("من نحن", "/about/")]
    messages = failure(tmp_path, "menus:\n  footer:\n    - {title: x, link: /a/}\n")
    assert any("unknown config key `menus.footer[0].link`" in m for m in messages)
    assert "`menus.footer` must be a list" in failure(tmp_path, "menus:\n  footer: x\n")[0]
    assert (
        "`menus.footer[0].url` is required"
        in failure(tmp_path, "menus: {footer: [{title: x}]}\n")[0]
    )


def test_deploy_targets_are_validated_records(tmp_path: Path) -> None:
    config = config_of(
        tmp_path,
        "deploy:\n"
        "  pages: {type: git, remote: 'git@host:org/site.git', domain: news.example}\n"
        "  mirror:\n    type: rsync\n    dest: user@host:/var/www/site\n    max_delete: 0.1\n",
    )
    assert list(config.deploy) == ["mirror", "pages"]
    pages, mirror = config.deploy["pages"], config.deploy["mirror"]
    assert (pages.type, pages.branch, pages.domain, pages.max_delete) == (
        "git",
        "gh-pages",
        "news.example",
        0.5,
    )
    assert (mirror.type, mirror.dest, mirror.max_delete) == (
        "rsync",
        "user@host:/var/www/site",
        0.1,
    )
    assert load_config(tmp_path / "none").deploy == {}


def test_deploy_problems_point_at_their_lines(tmp_path: Path) -> None:
    messages = failure(
        tmp_path,
        "title: x\n"
        "deploy:\n"
        "  a: {remote: r}\n"
        "  b: {type: ftp}\n"
        "  c: {type: git, brnch: main}\n"
        "  d: {type: rsync}\n"
        "  e: {type: dir, dest: out, max_delete: 2}\n",
    )
    assert messages[0] == "jarida.yaml:3: error: `deploy.a.type` is required"
    assert messages[1].startswith("jarida.yaml:4: error: `deploy.b.type` must be one of")
    assert messages[2].startswith("jarida.yaml:5: error: unknown config key `deploy.c.brnch`")
    assert "did you mean `branch`?" in messages[2]
    assert len(messages) == 3  # the records' own checks run once the types are right
    messages = failure(
        tmp_path, "deploy:\n  d: {type: rsync}\n  e: {type: dir, dest: o, max_delete: 2}\n"
    )
    assert messages == [
        "jarida.yaml:2: error: `deploy.d.dest` is required when `type` is rsync",
        "jarida.yaml:3: error: `deploy.e.max_delete` must be a share between 0 and 1\n"
        "    hint: 0.5 lets a deploy delete up to half of the remote's files",
    ]


def test_deploy_settings_change_no_page_fingerprint(tmp_path: Path) -> None:
    plain = config_of(tmp_path, "title: x\n")
    with_target = config_of(tmp_path, "title: x\ndeploy: {a: {type: dir, dest: out}}\n")
    assert repr(plain) == repr(with_target)


def test_an_alias_bomb_in_the_config_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 9)]
    text = "extra:\n" + "\n".join("  " + line for line in lines) + "\n"
    (message,) = failure(tmp_path, text)
    assert message.startswith("jarida.yaml:") and "aliases" in message and len(message) < 400


def test_small_aliases_in_the_config_are_fine(tmp_path: Path) -> None:
    config = config_of(tmp_path, "extra:\n  a: &c [x, y]\n  b: *c\n")
    assert config.extra["b"] == ["x", "y"]


def test_base_url_is_a_web_address(tmp_path: Path) -> None:
    for url in ("javascript:alert(1)//", "news.example/", "ftp://x.example/", "https://", "/news/"):
        assert "`base_url` must be" in failure(tmp_path, f"base_url: '{url}'\n")[0], url
    for url in ("https://news.example/ar/", "http://127.0.0.1:8000/", "https://x.example"):
        (tmp_path / "jarida.yaml").write_text(f"base_url: '{url}'\n", encoding="utf-8")
        assert load_config(tmp_path).base_url.startswith(url)


def test_images_widths_and_formats_are_read_sorted_and_validated(tmp_path: Path) -> None:
    assert load_config(tmp_path).images.widths == (320, 480, 640, 960, 1280, 1920)
    config = config_of(tmp_path, "images:\n  widths: [640, 320, 640]\n  formats: [webp]\n")
    assert (config.images.widths, config.images.formats) == ((320, 640), ("webp",))
    assert failure(tmp_path, "images:\n  widths: [320, 99999]\n") == [
        "jarida.yaml:2: error: `images.widths`: width 99999 is out of range: widths are 1 to "
        "8192 pixels"
    ]
    assert (
        "`images.widths`: give at least one width"
        in failure(tmp_path, "images:\n  widths: []\n")[0]
    )
    unknown = failure(tmp_path, "images:\n  widht: [320]\n")
    assert unknown[0].startswith("jarida.yaml:2: error: unknown config key `images.widht`")


def test_home_sections_are_categories_with_counts(tmp_path: Path) -> None:
    config = config_of(
        tmp_path,
        "home:\n  sections:\n    - {category: اقتصاد, count: 3}\n    - category: رياضة\n",
    )
    assert [(s.category, s.count) for s in config.home.sections] == [("اقتصاد", 3), ("رياضة", 4)]
    assert config_of(tmp_path, "title: x\n").home.sections == ()
    assert config.sidebar.count == 5


def test_home_section_problems_are_errors_at_their_lines(tmp_path: Path) -> None:
    messages = failure(
        tmp_path,
        "title: x\nhome:\n  sections:\n    - {category: اقتصاد, count: 0}\n"
        "    - {category: رياضة, cuont: 2}\n    - {count: 2}\n",
    )
    assert messages[0].startswith(
        "jarida.yaml:5: error: unknown config key `home.sections[1].cuont`"
    )
    assert messages[1].startswith("jarida.yaml:6: error: `home.sections[2].category` is required")
    messages = failure(tmp_path, "home:\n  sections:\n    - {category: اقتصاد, count: 0}\n")
    assert messages == ["jarida.yaml:3: error: `home.sections[0].count` must be at least 1"]
    messages = failure(tmp_path, "home:\n  sections: اقتصاد\n")
    assert messages[0].startswith("jarida.yaml:2: error: `home.sections` must be a list")
    assert failure(tmp_path, "sidebar: {count: -1}\n") == [
        "jarida.yaml:1: error: `sidebar.count` must be at least 1"
    ]


def test_list_items_have_their_lines(tmp_path: Path) -> None:
    messages = failure(tmp_path, "menus:\n  main:\n    - {title: a, url: /a/}\n    - {title: b}\n")
    assert messages[0].startswith("jarida.yaml:4: error: `menus.main[1].url` is required")


@pytest.mark.parametrize(
    ("line", "key"),
    [('time_format: "yyyy QQQ"', "time_format"), ('date_format: "HH:mm a"', "date_format")],
)
def test_a_date_or_time_pattern_that_cannot_be_formatted_is_an_error_at_its_line(
    tmp_path: Path, line: str, key: str
) -> None:
    """A time of day has no year and a day no hour: Babel would fail in every template."""
    problems = failure(tmp_path, f"title: ت\n{line}\n")
    assert len(problems) == 1
    assert problems[0].startswith("jarida.yaml:2: error:") and f"`{key}`" in problems[0]
    assert "CLDR" in problems[0]


def test_named_and_cldr_patterns_are_accepted(tmp_path: Path) -> None:
    config = config_of(tmp_path, 'date_format: "d MMMM y"\ntime_format: "HH:mm"\n')
    assert (config.date_format, config.time_format) == ("d MMMM y", "HH:mm")
    assert config_of(tmp_path, "date_format: full\ntime_format: medium\n").time_format == "medium"
