"""YAML with positions: the parsed value plus the 1-based line of every mapping key."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import yaml

KeyLines = Mapping[str, int]

#: libyaml's parser when PyYAML was built with it (about ten times faster), else pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The most values the aliases (``*name``) of a document may add when expanded. A few small
#: aliases are fine; nine levels of nine aliases (a 400-byte "billion laughs") are 387 million.
MAX_EXPANDED = 10_000
#: Counts stop growing here: an alias chain as long as the text would make numbers of
#: thousands of digits.
_COUNT_CAP = 2**40


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _expanded_sizes(root: yaml.Node) -> dict[int, int] | yaml.Node:
    """How many values each node stands for with its aliases expanded (by ``id``), counted once
    per node (linear in the text, whatever the expansion); or the node an alias inside it
    refers back to (a cycle). An alias is the very node its anchor names: a shared child."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            open_nodes.discard(id(node))
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in _children(node)), _COUNT_CAP)
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            return node
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(_children(node)))
    return sizes


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand past :data:`MAX_EXPANDED` values (at the key that
    holds too many) or refer to a value that contains them, before anything is expanded."""
    sizes = _expanded_sizes(root)
    if isinstance(sizes, yaml.Node):
        raise yaml.constructor.ConstructorError(
            None, None, "a YAML alias (`*name`) refers to itself", sizes.start_mark
        )
    if sizes[id(root)] - len(sizes) <= MAX_EXPANDED:  # what the aliases add
        return
    node, mark = root, root.start_mark
    # Down to the first key (or item) that holds too many values by itself.
    while big := [c for c in _children(node) if sizes[id(c)] > MAX_EXPANDED]:
        if isinstance(node, yaml.MappingNode):
            key, node = next((k, v) for k, v in node.value if big[0] in (k, v))
            mark = key.start_mark
        else:
            node, mark = big[0], big[0].start_mark
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"YAML aliases (`*name`) expand this value to more than {MAX_EXPANDED:,} values",
        mark,
    )


def _collect(node: yaml.Node, prefix: str, line_offset: int, out: dict[str, int]) -> None:
    """The line of every key under ``node``, and of every list item (``menus.main[0]``)."""
    if isinstance(node, yaml.SequenceNode) and prefix:
        for n, item in enumerate(node.value):
            name = f"{prefix.removesuffix('.')}[{n}]"
            out.setdefault(name, item.start_mark.line + 1 + line_offset)
            _collect(item, name + ".", line_offset, out)
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        name = prefix + str(key_node.value)
        out.setdefault(name, key_node.start_mark.line + 1 + line_offset)
        _collect(value_node, name + ".", line_offset, out)


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    return [scalar for child in _children(node) for scalar in _scalars(child)]


def _failing_scalar(node: yaml.Node) -> yaml.Node:
    """The scalar whose value cannot be made (an impossible date, an integer of more digits
    than Python converts), or ``node``."""
    constructor = yaml.SafeLoader("")
    makers = {
        "tag:yaml.org,2002:timestamp": constructor.construct_yaml_timestamp,
        "tag:yaml.org,2002:int": constructor.construct_yaml_int,
    }
    for scalar in _scalars(node):
        if scalar.tag in makers:
            try:
                makers[scalar.tag](scalar)
            except ValueError:
                return scalar
    return node


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> yaml.MarkedYAMLError:
    position = exc.position
    line = text.count("\n", 0, position)
    column = position - (text.rfind("\n", 0, position) + 1)
    mark = yaml.Mark("<front matter>", position, line, column, None, 0)
    problem = (
        f"character U+{exc.character:04X} is not allowed in YAML"
        if isinstance(exc.character, int)
        else "a character is not allowed in YAML"
    )
    return yaml.MarkedYAMLError(problem=problem, problem_mark=mark)


def load_yaml_with_lines(text: str, *, line_offset: int) -> tuple[Any, KeyLines]:
    """Parse one YAML document safely; raise ``yaml.MarkedYAMLError`` on a syntax error.

    ``line_offset`` is added to every line, so that keys of a front-matter block point at the
    line of the whole file.
    """
    try:
        return _load(text, line_offset)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. U+001F
        raise _reader_error(exc, text) from None


def _load(text: str, line_offset: int) -> tuple[Any, KeyLines]:
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, MappingProxyType({})
        _check_aliases(node)
        try:
            data = loader.construct_document(node)
        except ValueError as exc:  # an impossible date such as 2023-02-30, a huge integer
            raise yaml.constructor.ConstructorError(
                None, None, str(exc), _failing_scalar(node).start_mark
            ) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    _collect(node, "", line_offset, lines)
    return data, MappingProxyType(lines)


def error_position(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int]:
    """0-based (line, column) of a YAML error where a writer should look.

    An unclosed list or quote is only noticed at the end of the text; the place it was opened
    (the error's context) is where the fix goes.
    """
    problem, context = exc.problem_mark, exc.context_mark
    at_end = problem is not None and problem.line >= text.rstrip("\n").count("\n") + 1
    mark = context if (at_end or problem is None) and context is not None else problem
    return (mark.line, mark.column) if mark is not None else (0, 0)
