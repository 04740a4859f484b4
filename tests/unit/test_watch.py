"""Which paths count as which kind of change, and which are ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarida.watch import ChangeKind, classify, kind_of


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("content/2026/a.md", ChangeKind.CONTENT),
        ("content", ChangeKind.CONTENT),
        ("templates/partials/card.html", ChangeKind.TEMPLATES),
        ("static/images/a.png", ChangeKind.STATIC),
        ("jarida.yaml", ChangeKind.CONFIG),
        ("i18n/ar.yaml", ChangeKind.STRINGS),
        ("public/index.html", None),
        (".jarida/manifest.json", None),
        (".public.stage-x1/index.html", None),
        (".git/index", None),
        ("README.md", None),
        ("content/.a.md.swp", None),
        ("content/a.md~", None),
        ("content/.#a.md", None),
        ("content/#a.md#", None),
        ("content/4913", None),
        ("templates/a.html___jb_tmp___", None),
        ("static/.DS_Store", None),
        ("jarida.yaml.swp", None),
    ],
)
def test_kind_of(path: str, kind: ChangeKind | None) -> None:
    assert kind_of(path) == kind


def test_classify_groups_a_burst(tmp_path: Path) -> None:
    root = tmp_path / "site"
    raw = [
        str(root / "content/b.md"),
        str(root / "content/a.md"),
        str(root / "jarida.yaml"),
        str(root / "public/index.html"),
        str(tmp_path / "elsewhere/content/c.md"),
    ]
    changes = classify(root, raw)
    assert changes is not None
    assert changes.paths == ("content/a.md", "content/b.md", "jarida.yaml")
    assert changes.kinds == {ChangeKind.CONTENT, ChangeKind.CONFIG}
    assert changes.config_changed
    assert classify(root, [str(root / "public/x.html")]) is None
