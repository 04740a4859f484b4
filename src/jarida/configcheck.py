"""Validate a YAML mapping against a frozen dataclass, using the dataclass's own type hints.

Supported field types: ``str``, ``int``, ``float``, ``bool``, ``Literal[...]``, a nested
dataclass, ``tuple[X, ...]`` (a YAML list), and ``Mapping[str, X]`` (free keys, or, with
``metadata={"closed": True}``, only the keys of the default). Every problem is a diagnostic at
the key's line, unknown keys with a suggestion; a missing required field is a problem too.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from jarida.errors import Diagnostic, error, shown
from jarida.yamlpos import KeyLines


def suggest(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(sorted(known))


@dataclass(frozen=True, slots=True)
class Checker:
    path: str
    lines: KeyLines

    def fail(self, key: str, message: str, hint: str = "") -> Diagnostic:
        return error(self.path, message, line=self.lines.get(key, 0), hint=hint)

    def unknown(self, key: str, known: list[str]) -> Diagnostic:
        name = key.rpartition(".")[2]
        return self.fail(key, f"unknown config key `{key}`", suggest(name, known))


_SCALARS: Mapping[type, tuple[type, ...]] = MappingProxyType(
    {str: (str,), int: (int,), float: (int, float), bool: (bool,)}
)


def _scalar(value: object, kind: type, key: str, c: Checker) -> tuple[Any, list[Diagnostic]]:
    accepted = _SCALARS[kind]
    if isinstance(value, bool) and kind is not bool:
        accepted = ()
    if not isinstance(value, accepted):
        message = f"`{key}` must be a {kind.__name__}, not {type(value).__name__} ({shown(value)})"
        return None, [c.fail(key, message)]
    return (float(value) if kind is float else value), []  # type: ignore[arg-type]


def _mapping(
    value: object, spec: dataclasses.Field[Any], item: Any, key: str, c: Checker
) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(value, dict):
        return None, [c.fail(key, f"`{key}` must be a mapping of keys to values")]
    closed = bool(spec.metadata.get("closed"))
    if not closed and item is object:
        return MappingProxyType(dict(value)), []
    factory: Any = spec.default_factory
    known = dict(factory()) if closed else {}
    problems: list[Diagnostic] = []
    for name, entry in sorted(value.items(), key=lambda pair: str(pair[0])):
        if closed and name not in known:
            problems.append(c.unknown(f"{key}.{name}", list(known)))
            continue
        known[str(name)], found = _check(entry, item, f"{key}.{name}", spec, c)
        problems += found
    return MappingProxyType(known), problems


def _sequence(
    value: object, spec: dataclasses.Field[Any], item: Any, key: str, c: Checker
) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(value, list):
        return None, [c.fail(key, f"`{key}` must be a list")]
    values: list[Any] = []
    problems: list[Diagnostic] = []
    for n, entry in enumerate(value):
        checked, found = _check(entry, item, f"{key}[{n}]", spec, c)
        values.append(checked)
        problems += found
    return tuple(values), problems


def _check(
    value: object, hint: Any, key: str, spec: dataclasses.Field[Any], c: Checker
) -> tuple[Any, list[Diagnostic]]:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):  # X | None: null, or an X
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None and len(options) < len(typing.get_args(hint)):
            return None, []
        return _check(value, options[0], key, spec, c)
    if origin is Literal:
        choices = typing.get_args(hint)
        if value not in choices:
            listed = ", ".join(f"`{str(v).lower() if isinstance(v, bool) else v}`" for v in choices)
            return None, [c.fail(key, f"`{key}` must be one of {listed}, not {shown(value)}")]
        return value, []
    if origin is Mapping:
        return _mapping(value, spec, typing.get_args(hint)[1], key, c)
    if origin is tuple:
        return _sequence(value, spec, typing.get_args(hint)[0], key, c)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            return None, [c.fail(key, f"`{key}` must be a mapping of keys to values")]
        values, problems = validate(hint, value, c, prefix=key + ".")  # type: ignore[arg-type]
        maker: Any = hint
        return (maker(**values) if not problems else None), problems
    return _scalar(value, hint, key, c)


def validate(
    cls: type[Any],
    data: Mapping[str, object],
    c: Checker,
    *,
    prefix: str = "",
    skip: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Keyword arguments for ``cls`` from ``data``, and every problem found."""
    hints = typing.get_type_hints(cls)
    specs = {f.name: f for f in dataclasses.fields(cls) if f.name not in skip}
    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for name, value in data.items():
        key = f"{prefix}{name}"
        if name not in specs:
            problems.append(c.unknown(key, list(specs)))
            continue
        values[name], found = _check(value, hints[name], key, specs[name], c)
        problems += found
    for name, spec in specs.items():
        required = (
            spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
        )
        if required and name not in data:
            where = prefix.rstrip(".") or name
            problems.append(c.fail(where, f"`{prefix}{name}` is required"))
    return values, problems
