"""The architecture's rules (``../shared/STYLE.md``), checked on the source with ``ast``.

:data:`GROUPS` puts every module of the package into one stage group of the pipeline, earliest
first, by name patterns: a new module inside a package (``jarida.outputs.article``) falls in its
package's group by itself. A module imports only modules of its own group or of an earlier one
(or, for a side tool, of the groups it declares). Every import counts: ``import jarida.x``,
``from jarida import x`` (``x`` a module), ``from jarida.x import y``, relative imports, imports
inside functions or under ``TYPE_CHECKING``, and ``importlib.import_module("jarida.x")``.

Then STYLE's "never" rules that the source shows: only the command line prints, exits or changes
the process; the model imports no stage and does no I/O; no module-level mutable state; never
pickle; no bare ``except``; the clock is injected; only the server and deploy reach the network.
Each checker is also fed a small bad source, so that none of them can pass by finding nothing.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "jarida"
PACKAGE = "jarida"


@dataclass(frozen=True)
class Group:
    name: str
    #: ``fnmatch`` patterns of dotted module names (``*`` also spans dots).
    patterns: tuple[str, ...]
    #: The other groups this one may import; ``None``: every earlier group.
    may_import: tuple[str, ...] | None = None


def package(name: str) -> tuple[str, str]:
    """A package and every module inside it, at any depth."""
    return (name, f"{name}.*")


#: The stage groups in pipeline order (STYLE.md §1, docs/architecture.md): load → parse →
#: assemble → relate → plan → fingerprint → render → write → index, then what runs a build.
GROUPS = (
    # What every stage may use: errors, names of the site's files, text helpers, the worker pool.
    Group(
        "base",
        (
            PACKAGE,
            "jarida.errors",
            "jarida.xmlchars",
            "jarida.dependencies",
            "jarida.yamlpos",
            "jarida.configcheck",
            "jarida.urlpath",
            "jarida.filenames",
            "jarida.filestat",
            "jarida.layout",
            "jarida.cachefile",
            "jarida.jsonblocks",
            "jarida.allocator",
            "jarida.textpickle",
            "jarida.parallel",
            *package("jarida.i18n"),
        ),
    ),
    # The image engine, self-contained: the config validates its settings with it.
    Group("images", package("jarida.images")),
    Group(
        "config",
        (
            "jarida.config",
            "jarida.themeconfig",
            "jarida.taxonomyconfig",
            "jarida.languages",
            "jarida.buildconfig",
        ),
    ),
    # The values that flow through the pipeline (see test_the_model_imports_no_stage).
    Group("model", ("jarida.model", "jarida.bodies", "jarida.outcome", "jarida.parsecodec")),
    # Sources and static files read, front matter validated, Markdown rendered.
    Group(
        "load & parse",
        (
            *package("jarida.content"),
            "jarida.foreign",
            "jarida.markdown",
            "jarida.searchterms",
            "jarida.parse",
            "jarida.assets",
        ),
    ),
    # The Site: what is published, terms, links; related lists.
    Group(
        "assemble & relate",
        (
            "jarida.taxonomy",
            "jarida.termtexts",
            "jarida.translations",
            "jarida.links",
            "jarida.bundles",
            "jarida.site",
            "jarida.pictures",
            "jarida.explain",
            "jarida.related",
            "jarida.related.index",
            "jarida.related.inputs",
            "jarida.related.lists",
            "jarida.related.rank",
            "jarida.related.update",
        ),
    ),
    # What is kept between builds. After the stages that get it handed in through an interface
    # (parse takes its store as a ``ParseStore``; it never imports ``cache``).
    Group(
        "state",
        (
            "jarida.cache",
            "jarida.manifest",
            "jarida.readtable",
            "jarida.readcolumns",
            "jarida.codenumbers",
            "jarida.readkeys",
            "jarida.related.store",
            "jarida.related.statefile",
        ),
    ),
    # Every output planned, its context, its fingerprint, rendered.
    Group(
        "plan & render",
        (
            "jarida.structured",
            "jarida.render",
            "jarida.digests",
            "jarida.encoding",
            "jarida.moments",
            "jarida.reads",
            "jarida.readnumbers",
            *package("jarida.outputs"),
            "jarida.fingerprint",
            "jarida.remote",
            "jarida.renderpool",
            "jarida.templatecheck",
        ),
    ),
    # The output folder: staged, swapped in, indexed by Pagefind.
    Group(
        "write",
        (
            "jarida.outdir",
            "jarida.journal",
            "jarida.treeswap",
            "jarida.writer",
            "jarida.pagestore",
            "jarida.searchindex",
            "jarida.clashes",
            "jarida.originals",
        ),
    ),
    # The one place that knows the order of the stages.
    # Where the stages fan out: the process pool or a Dask cluster (handed to build()).
    Group(
        "build",
        (
            "jarida.build",
            "jarida.sitecheck",
            "jarida.unchanged",
            "jarida.collector",
            *package("jarida.executors"),
        ),
    ),
    Group("deploy", package("jarida.deploy")),
    Group("serve", ("jarida.watch", "jarida.livereload", "jarida.server", "jarida.serve")),
    # Side tools, not stages: they write sources in the content format; only the CLI runs them.
    # The template-syntax translator reads its output as the build does (markdown, foreign).
    Group("importer", package("jarida.importer"), may_import=("base", "config", "load & parse")),
    Group("scaffold", package("jarida.scaffold"), may_import=("base", "config")),
    # The command line: the only place that prints, exits or changes the process.
    Group(
        "cli",
        (
            "jarida.cli",
            "jarida.clioptions",
            "jarida.importcli",
            "jarida.__main__",
            "jarida.terminal",
            "jarida.progress",
        ),
    ),
)
ORDER = {group.name: n for n, group in enumerate(GROUPS)}
CLI = "cli"


@dataclass(frozen=True)
class Module:
    name: str
    path: str
    is_package: bool
    tree: ast.Module


def module_name(path: Path, src: Path = SRC) -> str:
    parts = path.relative_to(src).with_suffix("").parts
    return ".".join((PACKAGE, *parts)).removesuffix(".__init__")


def read_modules(src: Path = SRC) -> list[Module]:
    return [
        Module(
            module_name(path, src),
            path.relative_to(src.parent.parent).as_posix(),
            path.name == "__init__.py",
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path)),
        )
        for path in sorted(src.rglob("*.py"))
    ]


MODULES = read_modules()
NAMES = frozenset(m.name for m in MODULES)


# The import collector.


def _absolute(module: str, level: int, name: str, is_package: bool) -> str:
    """The module a ``from`` import names, relative ones resolved against ``module``."""
    if level == 0:
        return module
    base = name if is_package else name.rpartition(".")[0]
    for _ in range(level - 1):
        base = base.rpartition(".")[0]
    return f"{base}.{module}" if module else base


def _dynamic(node: ast.Call) -> str | None:
    """``importlib.import_module("x")`` or ``__import__("x")`` with a constant name."""
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if called not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def imports_of(
    tree: ast.AST, *, name: str, is_package: bool, known: Iterable[str]
) -> dict[str, int]:
    """Every module of the package that ``tree`` (module ``name``) imports, with the first line
    that does; ``known``: the package's modules (``from jarida import x`` imports ``jarida.x``
    when that is a module, else ``jarida``)."""
    modules = frozenset(known)
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node.module or "", node.level, name, is_package)
            for alias in node.names:
                child = f"{source}.{alias.name}"
                targets.append(child if child in modules else source)
        elif isinstance(node, ast.Call):
            targets = [t for t in [_dynamic(node)] if t is not None]
        for target in targets:
            if target == PACKAGE or target.startswith(f"{PACKAGE}."):
                found.setdefault(target, getattr(node, "lineno", 0))
    return found


def module_imports(module: Module) -> dict[str, int]:
    return imports_of(module.tree, name=module.name, is_package=module.is_package, known=NAMES)


# Groups.


def groups_of(name: str) -> list[Group]:
    return [g for g in GROUPS if any(fnmatchcase(name, p) for p in g.patterns)]


def group_of(name: str) -> Group:
    found = groups_of(name)
    if len(found) != 1:
        raise LookupError(name)
    return found[0]


def classified(name: str) -> bool:
    """Whether ``name`` is in exactly one group (the others are reported once, by
    :func:`test_every_module_is_in_exactly_one_group`, and judged by no other rule)."""
    return len(groups_of(name)) == 1


def import_problem(importer: str, target: str) -> str | None:
    """Why ``importer`` may not import ``target``, or None when it may."""
    mine, theirs = group_of(importer), group_of(target)
    if mine == theirs:
        return None
    if mine.may_import is not None:
        if theirs.name in mine.may_import:
            return None
        allowed = ", ".join(mine.may_import)
        return f"imports {target} ({theirs.name}); the {mine.name} group uses only {allowed}"
    if ORDER[theirs.name] < ORDER[mine.name]:
        return None
    return (
        f"imports {target}, of the later group {theirs.name!r}: a stage imports only its own "
        f"group or earlier ones ({' < '.join(ORDER)})"
    )


def _where(module: Module, line: int) -> str:
    return f"{module.path}:{line} ({module.name})"


def test_every_module_is_in_exactly_one_group() -> None:
    problems = []
    for module in MODULES:
        found = groups_of(module.name)
        if not found:
            problems.append(
                f"{module.path}: {module.name} is in no stage group: add it (or a pattern for "
                "its package) to the group of its pipeline stage in GROUPS, tests/test_layering.py"
            )
        elif len(found) > 1:
            names = ", ".join(g.name for g in found)
            problems.append(f"{module.path}: {module.name} matches several groups: {names}")
    assert not problems, "\n".join(problems)


def test_no_import_of_a_later_stage() -> None:
    problems = []
    for module in MODULES:
        for target, line in sorted(module_imports(module).items()):
            if target not in NAMES:
                problems.append(f"{_where(module, line)} imports {target}, which does not exist")
                continue
            if not (classified(module.name) and classified(target)):
                continue
            problem = import_problem(module.name, target)
            if problem is not None:
                problems.append(f"{_where(module, line)} {problem}")
    assert not problems, "\n".join(problems)


# STYLE's "never" rules. Each takes a module's name and tree and returns its problems as
# "line: what".

Rule = Callable[[str, ast.AST], list[str]]


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for a name or attribute chain, else ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module named by an import statement (third-party and standard ones too)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _uses_module(tree: ast.AST, roots: Iterable[str]) -> list[str]:
    wanted = tuple(roots)
    return [
        f"{line}: imports {name}"
        for line, name in _imported(tree)
        if any(name == root or name.startswith(f"{root}.") for root in wanted)
    ]


#: What only the command line does: print, exit, talk to the terminal, change the process.
TERMINAL_CALLS = frozenset(
    {"print", "input", "breakpoint", "exit", "quit", "sys.exit", "os._exit", "os.abort"}
)
PROCESS_CHANGES = frozenset(
    {
        "os.chdir",
        "os.putenv",
        "os.unsetenv",
        "os.environ.setdefault",
        "os.environ.update",
        "os.environ.pop",
        "os.environ.clear",
        "signal.signal",
        "locale.setlocale",
        "sys.setrecursionlimit",
        "sys.path.append",
        "sys.path.insert",
    }
)
TERMINAL_NAMES = frozenset({"sys.stdout", "sys.stderr", "sys.stdin", "os.environ", "sys.path"})


def only_the_cli_talks(_name: str, tree: ast.AST) -> list[str]:
    """STYLE §2, §8: the library logs and never prints; the CLI turns errors into exit 1."""
    found = _uses_module(tree, ("click", "rich"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = _dotted(node.func)
            if called in TERMINAL_CALLS or called in PROCESS_CHANGES:
                found.append(f"{node.lineno}: calls {called}")
        elif isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if _dotted(raised) in ("SystemExit", "KeyboardInterrupt"):
                found.append(f"{node.lineno}: raises {_dotted(raised)}")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                base = target.value if isinstance(target, ast.Subscript) else target
                if _dotted(base) in TERMINAL_NAMES:
                    found.append(f"{node.lineno}: changes {_dotted(base)}")
        elif isinstance(node, ast.Attribute) and _dotted(node) in ("sys.stdout", "sys.stderr"):
            found.append(f"{node.lineno}: uses {_dotted(node)}")
    return found


#: What the model may import of the package: nothing of a stage.
MODEL_MAY_IMPORT = ("base", "config", "model")
#: Libraries and calls that touch files, processes or the network.
IO_MODULES = ("sqlite3", "subprocess", "socket", "shutil", "tempfile", "http", "urllib.request")
IO_CALLS = frozenset(
    {
        "open",
        "read_text",
        "read_bytes",
        "write_text",
        "write_bytes",
        "iterdir",
        "glob",
        "rglob",
        "mkdir",
        "unlink",
        "rmdir",
        "rename",
        "touch",
    }
)


def the_model_is_plain(name: str, tree: ast.AST) -> list[str]:
    """STYLE §1, §3: the values flowing through the pipeline import no stage and do no I/O
    (a value that needs stored data gets a reference, and a store is handed to its reader)."""
    found = _uses_module(tree, IO_MODULES)
    for target, line in imports_of(tree, name=name, is_package=False, known=NAMES).items():
        if classified(target) and group_of(target).name not in MODEL_MAY_IMPORT:
            found.append(f"{line}: imports the stage {target} ({group_of(target).name})")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else _dotted(func)
            if called in IO_CALLS:
                found.append(f"{node.lineno}: calls {called} (I/O)")
    return found


MUTABLE_VALUES = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
MUTABLE_CALLS = frozenset(
    {
        "list",
        "dict",
        "set",
        "bytearray",
        "defaultdict",
        "OrderedDict",
        "Counter",
        "deque",
        "ChainMap",
        "WeakValueDictionary",
        "WeakKeyDictionary",
        "WeakSet",
        "SimpleNamespace",
    }
)
CACHES = frozenset({"cache", "lru_cache", "cached_property"})


def _mutable(value: ast.AST | None) -> bool:
    if isinstance(value, MUTABLE_VALUES):
        return True
    return isinstance(value, ast.Call) and _dotted(value.func).rpartition(".")[2] in MUTABLE_CALLS


def _shared_assignments(body: list[ast.stmt], where: str = "module-level") -> list[str]:
    """Mutable values bound in a module's or a class's body (shared by every caller)."""
    found = []
    for node in body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and _mutable(node.value):
            found.append(f"{node.lineno}: {where} mutable value")
        elif where != "module-level":
            continue
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute | ast.Subscript) for t in node.targets
        ):
            found.append(f"{node.lineno}: changes another module's value at import")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = {_dotted(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list}
            if {n.rpartition(".")[2] for n in names} & CACHES:
                found.append(f"{node.lineno}: module-level cache on {node.name}")
        elif isinstance(node, ast.ClassDef):
            found += _shared_assignments(node.body, f"class-level ({node.name})")
        elif isinstance(node, ast.If | ast.Try):
            found += _shared_assignments([*node.body, *node.orelse])
    return found


def no_global_state(_name: str, tree: ast.AST) -> list[str]:
    """STYLE §8: no module-level caches, registries, signals or context stacks."""
    assert isinstance(tree, ast.Module)
    found = _shared_assignments(tree.body)
    globals_ = [n for n in ast.walk(tree) if isinstance(n, ast.Global)]
    return found + [f"{n.lineno}: global {', '.join(n.names)}" for n in globals_]


#: Where pickle may be used (module names), and why: never to store anything.
PICKLERS = {
    "jarida.executors.dask": "a stage's function streamed to Dask workers in parts, pickled as"
    " Dask pickles tasks (cloudpickle), in transit only",
}


def never_pickle(name: str, tree: ast.AST) -> list[str]:
    """STYLE §2 (cache.py) and §8: JSON and SQLite only, never pickle (what is sent to Dask
    workers is pickled in transit, as Dask does: :data:`PICKLERS`)."""
    if name in PICKLERS:
        return []
    return _uses_module(tree, ("pickle", "shelve", "marshal", "dill", "cloudpickle", "joblib"))


def no_bare_except(_name: str, tree: ast.AST) -> list[str]:
    """STYLE §8: third-party exceptions are converted at the boundary; no bare ``except``."""
    return [
        f"{node.lineno}: bare except"
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and node.type is None
    ]


CLOCK_CALLS = frozenset(
    {
        "datetime.now",
        "datetime.utcnow",
        "datetime.today",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "date.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
        "time.localtime",
        "time.gmtime",
        "time.ctime",
    }
)
#: Where the real clock may be read (module patterns), and why.
CLOCK_READERS = {
    "jarida.model": "clock_now(): the one clock a build is handed (SOURCE_DATE_EPOCH or now)",
    "jarida.unchanged": "when the inputs were scanned, against racy mtimes; never in output",
    "jarida.content.seen": "when a source was read, against racy mtimes; never in output",
    "jarida.images.*": "when an image was checked, against racy mtimes; never in output",
}


def the_clock_is_injected(name: str, tree: ast.AST) -> list[str]:
    """STYLE §1.4: deterministic output, the clock is injected (``Selection.now``)."""
    if any(fnmatchcase(name, pattern) for pattern in CLOCK_READERS):
        return []
    return [
        f"{node.lineno}: reads the clock ({_dotted(node.func)})"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _dotted(node.func) in CLOCK_CALLS
    ]


NETWORK = ("socket", "socketserver", "http.server", "http.client", "urllib.request", "ssl")


def only_serve_and_deploy_reach_the_network(_name: str, tree: ast.AST) -> list[str]:
    """STYLE §1: only the loader, the writer, the server and deploy touch the world."""
    return _uses_module(tree, NETWORK)


#: rule → the groups it does not apply to.
RULES: dict[Rule, frozenset[str]] = {
    only_the_cli_talks: frozenset({CLI}),
    the_model_is_plain: frozenset(g.name for g in GROUPS) - {"model"},
    no_global_state: frozenset(),
    never_pickle: frozenset(),
    no_bare_except: frozenset(),
    the_clock_is_injected: frozenset({CLI}),
    only_serve_and_deploy_reach_the_network: frozenset({"serve", "deploy"}),
}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_never_rule(rule: Rule) -> None:
    problems = [
        f"{module.path}:{problem}"
        for module in MODULES
        if classified(module.name) and group_of(module.name).name not in RULES[rule]
        for problem in rule(module.name, module.tree)
    ]
    assert not problems, "\n".join([rule.__doc__ or "", *problems])


# The checkers themselves, on small sources: each must find what it is there to find.


def collect(source: str, name: str = "jarida.pkg.mod", is_package: bool = False) -> set[str]:
    known = {"jarida", "jarida.x", "jarida.pkg", "jarida.pkg.mod", "jarida.pkg.sub", "jarida.y"}
    tree = ast.parse(textwrap.dedent(source))
    return set(imports_of(tree, name=name, is_package=is_package, known=known))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import jarida.x", {"jarida.x"}),
        ("import jarida.pkg.sub as s", {"jarida.pkg.sub"}),
        ("import jarida", {"jarida"}),
        ("from jarida import x", {"jarida.x"}),
        ("from jarida import x, y as z", {"jarida.x", "jarida.y"}),
        ("from jarida import __version__", {"jarida"}),
        ("from jarida.x import thing", {"jarida.x"}),
        ("from jarida.pkg import sub", {"jarida.pkg.sub"}),
        ("from . import sub", {"jarida.pkg.sub"}),
        ("from .sub import thing", {"jarida.pkg.sub"}),
        ("from .. import x", {"jarida.x"}),
        ("from ..x import thing", {"jarida.x"}),
        ("def f():\n    from jarida.x import thing", {"jarida.x"}),
        ("class C:\n    def m(self):\n        import jarida.y", {"jarida.y"}),
        ("if TYPE_CHECKING:\n    from jarida.x import T", {"jarida.x"}),
        ("try:\n    import jarida.x\nexcept ImportError:\n    pass", {"jarida.x"}),
        ("importlib.import_module('jarida.x')", {"jarida.x"}),
        ("__import__('jarida.y')", {"jarida.y"}),
        ("import json\nfrom jinja2 import Environment\nimport jaridax", set()),
    ],
)
def test_the_collector_catches_every_form_of_import(source: str, expected: set[str]) -> None:
    assert collect(source) == expected


def test_relative_imports_in_a_package_resolve_from_the_package() -> None:
    assert collect("from . import sub", name="jarida.pkg", is_package=True) == {"jarida.pkg.sub"}
    assert collect("from . import x", name="jarida", is_package=True) == {"jarida.x"}


def test_the_collector_finds_the_imports_of_the_real_modules() -> None:
    """The rules above judge something: the package's hundreds of imports are all seen."""
    imports = {m.name: module_imports(m) for m in MODULES}
    assert sum(len(found) for found in imports.values()) > 200
    assert "jarida.build" in imports["jarida.cli"]  # a lazy import inside a command
    assert "jarida" in imports["jarida.cli"]  # from jarida import __version__


def test_the_order_rule_refuses_a_later_stage_and_says_where() -> None:
    assert import_problem("jarida.site", "jarida.errors") is None
    assert import_problem("jarida.outputs.article", "jarida.outputs.jobs") is None
    problem = import_problem("jarida.model", "jarida.outputs.article")
    assert problem is not None and "later group 'plan & render'" in problem
    problem = import_problem("jarida.importer.wxr", "jarida.site")
    assert problem is not None and "uses only base, config, load & parse" in problem
    assert import_problem("jarida.cli", "jarida.importer.wordpress") is None


def test_a_new_module_falls_in_its_package_group_or_in_none() -> None:
    assert group_of("jarida.outputs.article").name == "plan & render"
    assert group_of("jarida.content.newthing").name == "load & parse"
    assert groups_of("jarida.brand_new_stage") == []


@pytest.mark.parametrize(
    ("rule", "source"),
    [
        (only_the_cli_talks, "print('x')"),
        (only_the_cli_talks, "import sys\nsys.exit(1)"),
        (only_the_cli_talks, "raise SystemExit(2)"),
        (only_the_cli_talks, "import click"),
        (only_the_cli_talks, "from rich.console import Console"),
        (only_the_cli_talks, "import sys\nsys.stderr.write('x')"),
        (only_the_cli_talks, "import os\nos.environ['TZ'] = 'UTC'"),
        (only_the_cli_talks, "import os\ndef f():\n    os.chdir('/')"),
        (the_model_is_plain, "from jarida.outputs import plan"),
        (the_model_is_plain, "def f(p):\n    return p.read_text()"),
        (the_model_is_plain, "def f(p):\n    return Path(p).read_bytes()"),
        (the_model_is_plain, "def f(p):\n    return open(p).read()"),
        (the_model_is_plain, "import sqlite3"),
        (no_global_state, "SEEN = {}"),
        (no_global_state, "SEEN: list[str] = []"),
        (no_global_state, "SEEN = set()"),
        (no_global_state, "from collections import defaultdict\nBY = defaultdict(list)"),
        (no_global_state, "class C:\n    registry = {}"),
        (no_global_state, "import functools\n@functools.lru_cache\ndef f(x):\n    return x"),
        (no_global_state, "def f():\n    global N\n    N = 1"),
        (no_global_state, "import PIL.Image\nPIL.Image.MAX_IMAGE_PIXELS = None"),
        (never_pickle, "import pickle"),
        (never_pickle, "from pickle import dumps"),
        (no_bare_except, "try:\n    pass\nexcept:\n    pass"),
        (the_clock_is_injected, "from datetime import datetime\nt = datetime.now()"),
        (the_clock_is_injected, "import time\nt = time.time()"),
        (only_serve_and_deploy_reach_the_network, "import socket"),
        (only_serve_and_deploy_reach_the_network, "from urllib.request import urlopen"),
    ],
)
def test_each_rule_finds_what_it_is_for(rule: Rule, source: str) -> None:
    assert rule("jarida.site", ast.parse(source)) != []


@pytest.mark.parametrize(
    "source",
    [
        "TAXONOMIES = ('tags', 'categories')",
        "LIMIT = frozenset({'a'})",
        "log = logging.getLogger(__name__)",
        "def f():\n    seen = {}\n    return seen",
        "class C:\n    __slots__ = ('a',)",
        "@dataclass\nclass D:\n    items: list[str] = field(default_factory=list)",
    ],
)
def test_immutable_or_local_values_are_not_global_state(source: str) -> None:
    assert no_global_state("jarida.x", ast.parse(source)) == []
