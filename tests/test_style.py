"""The code stays ruff clean, ruff formatted and mypy --strict clean."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_ruff_check() -> None:
    done = run("ruff", "check", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = run("ruff", "format", "--check", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    done = run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


# The size limits of STYLE.md, and the names of the site's own files, checked on the source.

SRC = REPO / "src" / "jarida"
#: Modules and functions longer than this are split along their seams.
MODULE_LINES = 400
FUNCTION_LINES = 80


def _sources() -> list[tuple[str, str]]:
    return [
        (path.relative_to(SRC).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(SRC.rglob("*.py"))
    ]


def test_no_module_is_over_the_limit() -> None:
    long = {name: text.count("\n") for name, text in _sources()}
    assert {name: n for name, n in long.items() if n > MODULE_LINES} == {}


def test_no_function_is_over_the_limit() -> None:
    found = {}
    for name, text in _sources():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = (node.end_lineno or node.lineno) - start + 1
                if lines > FUNCTION_LINES:
                    found[f"{name}:{node.lineno} {node.name}"] = lines
    assert found == {}


#: Names of the site's own folders and files, and pieces of the names made beside the output:
#: only ``layout.py`` spells them.
SITE_NAMES = frozenset(
    {
        "jarida.yaml",
        "content",
        "templates",
        "static",
        "i18n",
        "theme",
        ".jarida",
        "public",
        ".jarida-output",
        ".git",
        "parsed.sqlite",
        "parsed.json",
        "related.npz",
        "related-lists.json",
    }
)
#: Names that mean nothing else anywhere in the code: never spelled outside ``layout.py``.
ONLY_PATHS = frozenset(
    {
        "jarida.yaml",
        ".jarida",
        ".jarida-output",
        "parsed.sqlite",
        "parsed.json",
        "related.npz",
        "related-lists.json",
    }
)
PIECES = frozenset({".spare", ".lock", ".stage-", ".old-", "manifest-", "reads-"})
#: The same word meaning something else, by module and constant.
NOT_A_PATH = frozenset({("related/index.py", "CONTENT")})


def _constants(node: ast.AST) -> list[str]:
    """The string constants of an expression that are the whole of it or a tuple element."""
    values = node.elts if isinstance(node, ast.Tuple) else [node]
    return [v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]


def _names_spelled(name: str, tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in ONLY_PATHS | PIECES:
                found.append(f"{name}:{node.lineno} {node.value!r}")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            hits = [*_constants(node.left), *_constants(node.right)]
            found += [f"{name}:{node.lineno} / {v!r}" for v in hits if v in SITE_NAMES]
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if any((name, n) in NOT_A_PATH for n in names):
                continue
            hits = [v for v in _constants(node.value) if v in SITE_NAMES]
            found += [f"{name}:{node.lineno} {v!r}" for v in hits]
    return sorted(set(found))


def test_the_site_names_live_in_layout() -> None:
    """``content/``, ``.jarida/``, ``public/``, the cache files, the marker and the names made
    beside the output are spelled in ``layout.py`` only; every other module imports them."""
    found = []
    for name, text in _sources():
        if name != "layout.py":
            found += _names_spelled(name, ast.parse(text))
    assert found == []
