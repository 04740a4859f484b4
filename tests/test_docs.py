"""README.md and docs/ against the code they describe, so that the two cannot drift apart: the
config tables and the defaults of ``Config``, the command table and the click commands, the
template table and the theme's files."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path

import click
import pytest
import yaml

from jarida.cli import cli
from jarida.config import Config
from tests.conftest import REPO

README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
THEME_TEMPLATES = REPO / "src" / "jarida" / "theme" / "templates"
#: The README's config tables: the heading above each, and the section of ``Config`` it covers.
CONFIG_TABLES = {
    "Configuration: `jarida.yaml`": "",
    "`feeds:`": "feeds",
    "`related:`": "related",
    "`comments:`": "comments",
    "`images:`": "images",
}

Table = list[list[str]]


def tables(path: Path) -> dict[str, list[Table]]:
    """Every Markdown table of ``path`` (header row first), by the heading above it."""
    found: dict[str, list[Table]] = {}
    heading, rows = "", []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            if not all(set(cell) <= set("-: ") for cell in cells):
                rows.append(cells)
            continue
        if rows:
            found.setdefault(heading, []).append(rows)
            rows = []
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
    return found


def names(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def plain(value: object) -> object:
    """A config value as YAML would write it: mappings as dicts, tuples as lists."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def documented_default(cell: str, value: object) -> bool:
    if cell == "see below":
        return is_dataclass(value)
    if cell == "empty":
        return value in ("", None) or value == {}
    written = names(cell)
    return bool(written) and yaml.safe_load(written[0]) == plain(value)


@pytest.mark.parametrize(("heading", "section"), CONFIG_TABLES.items())
def test_readme_config_tables_give_the_defaults_of_config(heading: str, section: str) -> None:
    defaults = Config(root=REPO)
    holder = getattr(defaults, section) if section else defaults
    (table,) = tables(README)[heading]
    assert table[0] == ["key", "default", "meaning"]
    documented: set[str] = set()
    for key_cell, default_cell, _ in table[1:]:
        for key in names(key_cell):
            value: object = holder
            for part in key.split("."):
                value = getattr(value, part)
            assert documented_default(default_cell, value), (key, default_cell, plain(value))
            documented.add(key.split(".")[0])
    assert documented == {f.name for f in fields(holder) if not f.metadata.get("derived")}


def commands(group: click.Group, prefix: str = "") -> list[str]:
    found: list[str] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix}{name} ")
        else:
            found.append(prefix + name)
    return found


def test_readme_command_table_lists_every_command() -> None:
    (table, *_) = (t for ts in tables(README).values() for t in ts if t[0] == ["command", "does"])
    listed = [names(row[0])[0] for row in table[1:]]
    for command in commands(cli):
        assert any(f"{entry} ".startswith(f"jarida {command} ") for entry in listed), command


def test_readme_opens_with_the_two_commands_of_a_new_user() -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line.split("#")[0].strip() for line in block] == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/jarida build",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]


def test_readme_names_the_python_it_needs() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    version = project["requires-python"].removeprefix(">=")
    assert f"Python ≥ {version}" in README.read_text(encoding="utf-8")


def test_templates_doc_lists_each_theme_template_once() -> None:
    (table,) = (
        t
        for ts in tables(REPO / "docs" / "templates.md").values()
        for t in ts
        if t[0][0] == "template"
    )
    listed = [name for row in table[1:] for name in names(row[0])]
    theme = sorted(p.relative_to(THEME_TEMPLATES).as_posix() for p in THEME_TEMPLATES.rglob("*"))
    assert sorted(listed) == [p for p in theme if (THEME_TEMPLATES / p).is_file()]


@pytest.mark.parametrize("doc", [README, *DOCS], ids=lambda p: p.name)
def test_docs_name_no_folder_of_this_machine(doc: Path) -> None:
    # Commands in the docs work from the repository: ../shared, not where it lies on one disk.
    # (Scratch paths such as /tmp/bench-venv are fine, wherever the checkout itself lies.)
    text = doc.read_text(encoding="utf-8")
    for folder in (REPO, REPO.parent / "shared"):
        assert f"{folder}/" not in text, folder
