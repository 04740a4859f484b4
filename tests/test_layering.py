"""Architecture rules from STYLE.md, checked on the source: stage order and no global state."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "jarida"

#: The pipeline, earliest first. A module may import only modules at its own stage or earlier.
STAGES = [
    {
        "errors",
        "xmlchars",
        "dependencies",
        "yamlpos",
        "configcheck",
        "parallel",
        "progress",
        "i18n.arabic",
        "i18n",
        "i18n.dates",
        "urlpath",
        "filenames",
        "layout",
    },
    # The image engine: self-contained; the pipeline calls it.
    {
        "images",
        "images.spec",
        "images.model",
        "images.plan",
        "images.decode",
        "images.encode",
        "images.store",
        "images.engine",
        "images.markup",
    },
    {"config"},
    {"assets"},
    {"model"},
    {"outcome"},
    {"parsecodec"},
    {"cache", "manifest"},
    {"content.loader", "content.frontmatter", "content.article"},
    {"foreign", "markdown", "searchterms"},
    {"content.terms"},
    {"parse"},
    {
        "taxonomy",
        "related.index",
        "related.rank",
        "related.update",
        "related.store",
        "related",
        "links",
    },
    {"site"},
    {"structured"},
    {"render", "pages", "explain"},
    {"syndication"},
    {"reads"},
    {"outputs"},
    {"fingerprint", "renderpool", "templatecheck"},
    {"outdir", "writer", "searchindex"},
    {"unchanged", "clashes"},
    {"build"},
    {"deploy.plan"},
    {"deploy.git", "deploy.rsync", "deploy.folder"},
    {"deploy"},
    {"watch", "livereload"},
    {"server"},
    {"serve"},
    # A side tool, not a stage: see test_importer_is_a_side_tool.
    {
        "importer",
        "importer.xmlclean",
        "importer.items",
        "importer.wxr",
        "importer.media",
        "importer.wphtml",
        "importer.convert",
        "importer.mapping",
        "importer.wordpress",
    },
    # Another side tool: see test_scaffold_is_a_side_tool.
    {
        "scaffold",
        "scaffold.notes",
        "scaffold.configfile",
        "scaffold.workflows",
        "scaffold.newsite",
        "scaffold.newarticle",
    },
    {"terminal"},
    {"cli", "__main__"},
]
#: What the importer may use of Jarida: the config, the text helpers, the content format.
IMPORTER_MAY_USE = ("errors", "yamlpos", "config", "configcheck", "i18n", "content.", "layout")
SCAFFOLD_MAY_USE = IMPORTER_MAY_USE


def modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        if name in ("__init__", "content"):
            continue
        found.append((name, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def stage_of(name: str) -> int:
    for index, members in enumerate(STAGES):
        if name in members:
            return index
    raise AssertionError(f"module {name} has no stage in test_layering.STAGES")


@pytest.mark.parametrize(("name", "tree"), modules(), ids=lambda v: v if isinstance(v, str) else "")
def test_no_import_of_a_later_stage(name: str, tree: ast.Module) -> None:
    mine = stage_of(name)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jarida."):
            target = node.module.removeprefix("jarida.")
            assert stage_of(target) <= mine, f"{name} imports later stage {target}"


@pytest.mark.parametrize(("name", "tree"), modules(), ids=lambda v: v if isinstance(v, str) else "")
def test_no_module_level_mutable_state(name: str, tree: ast.Module) -> None:
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            value = node.value
            assert not isinstance(
                value, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp
            ), f"{name}:{node.lineno} module-level mutable value"


def _jarida_imports(tree: ast.Module) -> set[str]:
    return {
        node.module.removeprefix("jarida.")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jarida.")
    }


def test_importer_is_a_side_tool() -> None:
    """The importer uses only early stages, and only the CLI imports it."""
    for name, tree in modules():
        used = _jarida_imports(tree)
        if name.startswith("importer"):
            outside = {u for u in used if not u.startswith("importer")}
            assert all(u.startswith(IMPORTER_MAY_USE) for u in outside), (name, outside)
        elif name != "cli":
            assert not any(u.startswith("importer") for u in used), name


def test_scaffold_is_a_side_tool() -> None:
    """``jarida new`` uses the config, text helpers and content format; only the CLI imports it."""
    for name, tree in modules():
        used = _jarida_imports(tree)
        if name.startswith("scaffold"):
            outside = {u for u in used if not u.startswith("scaffold")}
            assert all(u.startswith(SCAFFOLD_MAY_USE) for u in outside), (name, outside)
        elif name != "cli":
            assert not any(u.startswith("scaffold") for u in used), name
