"""``build()`` is the pipeline a newcomer reads: one function of at most 60 lines that calls
every stage once, in order; ``sitecheck.check()`` goes through the same stages up to the plan."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "jarida"
#: The call that is each stage, in the order of the pipeline (docs/architecture.md).
STAGES = (
    "load_sources",
    "parse_sources",
    "assemble",
    "relate",
    "publish_images",
    "plan_outputs",
    "fingerprint_outputs",
    "render_outputs",
    "index_search",
    "write_outputs",
    "record_build",
)
BUILD_LINES = 60


def _function(name: str, module: str = "build.py") -> ast.FunctionDef:
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    return next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)


def _called(node: ast.AST) -> Iterator[str]:
    """The names of the functions ``node`` calls, in the order they run (a call's arguments
    before the call)."""
    for child in ast.iter_child_nodes(node):
        yield from _called(child)
    if isinstance(node, ast.Call):
        func = node.func
        yield func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _stage_calls(function: ast.FunctionDef) -> list[str]:
    return [name for name in _called(function) if name in STAGES]


def test_build_calls_every_stage_once_in_order_on_one_screen() -> None:
    build = _function("build")
    assert (build.end_lineno or 0) - build.lineno + 1 <= BUILD_LINES
    assert _stage_calls(build) == list(STAGES)


def test_check_goes_through_the_same_stages_up_to_the_plan() -> None:
    assert _stage_calls(_function("check", "sitecheck.py")) == list(
        STAGES[: STAGES.index("plan_outputs") + 1]
    )
