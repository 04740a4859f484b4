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
    assert (
        "must be a int or float or NoneType"
        in failure(tmp_path, "related:\n  recency_days: soon\n")[0]
    )


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    messages = failure(tmp_path, "title: x\nlanguage: [ar\n")
    assert messages[0].startswith("jarida.yaml:3: error: invalid YAML")
