"""``taxonomies:`` in jarida.yaml: custom taxonomies, checked at their lines."""

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


GOOD = """\
taxonomies:
  locations: {title: الأماكن, singular: مكان}
  people: {title: الأشخاص, singular: شخص, feed: false}
  sports-teams: {}
related:
  weights: {locations: 40, people: 40}
"""


def test_declared_taxonomies_are_read_with_their_defaults(tmp_path: Path) -> None:
    config = config_of(tmp_path, GOOD)
    assert config.taxonomy_names == (
        "tags",
        "categories",
        "authors",
        "locations",
        "people",
        "sports-teams",
    )
    locations, people, teams = (
        config.taxonomies[n] for n in ("locations", "people", "sports-teams")
    )
    assert (locations.title, locations.singular, locations.feed) == ("الأماكن", "مكان", True)
    assert people.feed is False
    assert (teams.title, teams.singular) == ("sports-teams", "sports-teams")
    assert config.related.weights["locations"] == 40.0
    assert config.related.weights["tags"] == 100.0  # the defaults stay


def test_a_custom_taxonomy_weighs_nothing_in_related_lists_unless_given(tmp_path: Path) -> None:
    config = config_of(tmp_path, "taxonomies:\n  places: {}\n")
    assert config.related.weights.get("places", 0.0) == 0.0


def test_a_taxonomy_without_a_config_has_only_the_built_in_ones(tmp_path: Path) -> None:
    assert load_config(tmp_path).taxonomy_names == ("tags", "categories", "authors")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Locations", "lowercase"),
        ("أماكن", "lowercase"),
        ("a b", "lowercase"),
        ("page", "used by the site's own"),
        ("assets", "used by the site's own"),
        ("search", "used by the site's own"),
        ("fragments", "used by the site's own"),
        ("images", "used by the site's own"),
        ("tags", "built in"),
    ],
)
def test_bad_names_are_errors_at_their_line(tmp_path: Path, name: str, why: str) -> None:
    found = failure(tmp_path, f"title: x\ntaxonomies:\n  {name!r}: {{}}\n")
    assert len(found) == 1 and why in found[0], found
    assert found[0].startswith("jarida.yaml:3:"), found


def test_a_name_on_the_permalink_prefix_is_an_error(tmp_path: Path) -> None:
    found = failure(tmp_path, "permalink: /news/{slug}/\ntaxonomies:\n  news: {}\n")
    assert len(found) == 1 and "jarida.yaml:3:" in found[0] and "permalink" in found[0]


def test_unknown_keys_of_a_taxonomy_are_errors_at_their_line(tmp_path: Path) -> None:
    found = failure(tmp_path, "taxonomies:\n  places:\n    titel: x\n")
    assert len(found) == 1 and found[0].startswith("jarida.yaml:3:"), found
    assert "taxonomies.places.titel" in found[0] and "title" in found[0]


def test_weights_of_undeclared_taxonomies_are_unknown_keys(tmp_path: Path) -> None:
    found = failure(tmp_path, "taxonomies:\n  places: {}\nrelated:\n  weights: {placs: 3}\n")
    assert len(found) == 1 and found[0].startswith("jarida.yaml:4:"), found
    assert "related.weights.placs" in found[0] and "places" in found[0]


def test_negative_weight_of_a_custom_taxonomy_is_an_error(tmp_path: Path) -> None:
    found = failure(tmp_path, "taxonomies:\n  places: {}\nrelated:\n  weights: {places: -1}\n")
    assert len(found) == 1 and "jarida.yaml:4:" in found[0]
