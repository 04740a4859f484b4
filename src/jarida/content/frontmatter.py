"""Split a source into its front matter (YAML between ``---`` or TOML between ``+++``) and body.

Errors point at the line of the whole file, not of the front-matter block.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import yaml

from jarida.errors import Diagnostic, clip, error
from jarida.xmlchars import FORBIDDEN, describe, strip_forbidden
from jarida.yamlpos import KeyLines, error_position, load_yaml_with_lines

_FENCES = MappingProxyType({"---": "yaml", "+++": "toml"})
#: Front matter deeper than Python's parsers recurse: said alike by the build and the importers.
NESTED_TOO_DEEPLY = "the front matter is nested too deeply"
NESTED_HINT = "front matter holds a few keys with names, dates and short lists"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontMatter:
    data: Mapping[str, Any]
    #: 1-based line of each key in the file (dotted for nested keys).
    lines: KeyLines
    body: str
    #: 1-based line of the file on which the body starts.
    body_line: int
    #: Warnings as (line, message): values that held characters XML forbids (written as
    #: escapes such as ``"\x01"``), which were taken out.
    warnings: tuple[tuple[int, str], ...] = ()


def _strings(value: Any) -> list[str]:
    """Every string in ``value``: itself, or the items, keys and values inside it."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for pair in value.items() for part in pair for s in _strings(part)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _clean(value: Any) -> Any:
    """``value`` with the characters XML forbids taken out of every string in it."""
    if isinstance(value, str):
        return strip_forbidden(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


#: Keys whose values become paths of the site: a character XML forbids there is an error where
#: the path is checked (``content.article``), not a warning; the value is left as written.
PATH_KEYS = frozenset({"slug", "aliases"})


def _cleaned(data: dict[str, Any], lines: KeyLines) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """The front matter without characters XML forbids, and a warning for each key that had one
    (but :data:`PATH_KEYS`)."""
    clean = dict(data)
    warnings: list[tuple[int, str]] = []
    for key, value in data.items():
        if key in PATH_KEYS:
            continue
        bad = "".join(s for s in _strings(value) if FORBIDDEN.search(s))
        if bad:
            clean[key] = _clean(value)
            message = f"`{clip(str(key))}` held {describe(bad)}, which feeds cannot carry; removed"
            warnings.append((lines.get(str(key), 1), message))
    return clean, warnings


def _toml_key_lines(block: list[str], first_line: int) -> KeyLines:
    lines: dict[str, int] = {}
    for offset, text in enumerate(block):
        match = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", text)
        if match:
            lines.setdefault(match.group(1), first_line + offset)
    return MappingProxyType(lines)


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    if "out of range" in str(exc.problem):
        return "that date does not exist: check the day and the month"
    if "alias" in str(exc.problem):
        return "write the values out, or use fewer and smaller `&anchor` / `*alias` pairs"
    return "check quoting, indentation and the `key: value` form here"


def _parse_yaml(text: str, path: str, first_line: int) -> tuple[Any, KeyLines] | Diagnostic:
    try:
        return load_yaml_with_lines(text, line_offset=first_line - 1)
    except yaml.MarkedYAMLError as exc:
        line, col = error_position(exc, text)
        return error(
            path,
            f"invalid YAML front matter: {exc.problem or exc.context}",
            line=first_line + line,
            col=col + 1,
            hint=_yaml_hint(exc),
        )
    except ValueError as exc:
        return error(
            path,
            f"invalid value in front matter: {exc}",
            line=first_line,
            hint="check the dates: the day must exist in that month",
        )


def _parse_toml(text: str, path: str, first_line: int) -> tuple[Any, KeyLines] | Diagnostic:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        line, col = (
            (int(match.group(1)), int(match.group(2))) if match else (text.count("\n") + 1, 0)
        )
        message = _TOML_POSITION.sub("", str(exc)).strip()
        return error(
            path,
            f"invalid TOML front matter: {message}",
            line=first_line + line - 1,
            col=col,
            hint='TOML strings need quotes: title = "..."',
        )
    return data, _toml_key_lines(text.split("\n"), first_line)


def _parse_block(
    block: str, kind: str, path: str
) -> tuple[dict[str, Any], KeyLines, list[tuple[int, str]]] | Diagnostic:
    """The front matter's mapping, its key lines and its warnings, or the first error."""
    parse = _parse_yaml if kind == "yaml" else _parse_toml
    try:
        parsed = parse(block, path, 2)
        if isinstance(parsed, Diagnostic):
            return parsed
        data, key_lines = parsed
        if data is None:
            data = {}
        if not isinstance(data, dict):
            return error(path, "the front matter must be a set of `key: value` lines", line=2)
        data, warnings = _cleaned(data, key_lines)
    except RecursionError:  # tomllib (and pure-Python YAML) recurse once per level
        return error(path, NESTED_TOO_DEEPLY, line=1, hint=NESTED_HINT)
    return data, key_lines, warnings


def split_front_matter(text: str, path: str) -> FrontMatter | Diagnostic:
    if not text.strip():
        return error(
            path,
            "the file is empty",
            line=1,
            hint="write front matter (`---`, `title:`, `date:`, `---`) and the article, "
            "or delete the file",
        )
    lines = text.split("\n")
    fence = lines[0].rstrip() if lines else ""
    if fence not in _FENCES:
        return error(
            path,
            "the file does not start with front matter",
            line=1,
            hint="start the file with a line `---`, then `title:` and `date:`, then `---`",
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == fence)
    except StopIteration:
        return error(
            path,
            f"the front matter opened with `{fence}` is never closed",
            line=1,
            hint=f"add a line `{fence}` after the last front-matter key",
        )
    block = "\n".join(lines[1:end])
    parsed = _parse_block(block, _FENCES[fence], path)
    if isinstance(parsed, Diagnostic):
        return parsed
    data, key_lines, warnings = parsed
    return FrontMatter(
        data=MappingProxyType(data),
        lines=key_lines,
        body="\n".join(lines[end + 1 :]),
        body_line=end + 2,
        warnings=tuple(warnings),
    )
