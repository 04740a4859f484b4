"""The files of a Jekyll or Hugo site, read safely: a walk that never leaves the source folder,
names in NFC, and front matter (YAML ``---``, TOML ``+++`` or JSON ``{``) with the line of each key.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from jarida.content.frontmatter import NESTED_HINT, NESTED_TOO_DEEPLY
from jarida.errors import Diagnostic, error
from jarida.yamlpos import error_position, load_yaml_with_lines

#: Front matter is Markdown's; HTML files with front matter are templates of the old site.
MARKDOWN = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    """One regular file inside the source folder."""

    #: The path under the source folder, ``/``-separated, in NFC.
    rel: str
    path: Path

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.rel).parts


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A source's front matter and body."""

    file: SourceFile
    data: Mapping[str, Any]
    body: str
    body_line: int


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def walk(root: Path, skipped: list[str]) -> Iterator[SourceFile]:
    """Every regular file under ``root``, sorted; symbolic links are followed only when they
    stay inside ``root`` (and folders through links never: no loops). What is left out goes to
    ``skipped`` with its reason."""
    base = root.resolve()
    for folder, dirs, files in os.walk(base, followlinks=False):
        here = Path(folder)
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                skipped.append(f"{_rel(here / name, base)}: a link to a folder (not followed)")
        dirs.sort()
        for name in sorted(files):
            path = here / name
            rel = _rel(path, base)
            if path.is_symlink() and not _inside(path, base):
                skipped.append(f"{rel}: a link out of the source folder (not followed)")
            elif path.is_file():
                yield SourceFile(rel=rel, path=path)


def _rel(path: Path, base: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(base).as_posix())


def read_text(file: SourceFile) -> str:
    """The file as text: UTF-8 (a BOM dropped), LF line ends, NFC."""
    text = file.path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def has_front_matter(text: str) -> bool:
    first = text.split("\n", 1)[0].rstrip()
    return first in ("---", "+++") or (first.startswith("{") and text.lstrip().startswith("{"))


def _json_front(text: str, shown: str) -> tuple[dict[str, Any], str, int] | Diagnostic:
    decoder = json.JSONDecoder()
    try:
        data, end = decoder.raw_decode(text)
    except json.JSONDecodeError as exc:
        return error(shown, f"the JSON front matter does not parse: {exc.msg}", line=exc.lineno)
    if not isinstance(data, dict):
        return error(shown, "the JSON front matter is not an object", line=1)
    rest = text[end:]
    return data, rest.removeprefix("\n"), text[:end].count("\n") + 2


def read_document(file: SourceFile, text: str) -> Document | Diagnostic:
    """The front matter and body of ``text``; an error at its line when it does not parse."""
    try:
        return _read_document(file, text)
    except RecursionError:  # tomllib and json recurse once per level, as the build's reader
        return error(file.rel, NESTED_TOO_DEEPLY, line=1, hint=NESTED_HINT)


def _read_document(file: SourceFile, text: str) -> Document | Diagnostic:
    shown = file.rel
    lines = text.split("\n")
    fence = lines[0].rstrip()
    if fence not in ("---", "+++"):
        parsed = _json_front(text, shown)
        if isinstance(parsed, Diagnostic):
            return parsed
        data, body, body_line = parsed
        return Document(file=file, data=data, body=body, body_line=body_line)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == fence), None)
    if end is None:
        return error(
            shown,
            f"the front matter opened with `{fence}` is never closed",
            line=1,
            hint=f"add a line `{fence}` after the last key",
        )
    block = "\n".join(lines[1:end])
    found = _parse(block, fence, shown)
    if isinstance(found, Diagnostic):
        return found
    return Document(
        file=file,
        data=found,
        body="\n".join(lines[end + 1 :]),
        body_line=end + 2,
    )


_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")


def _parse(block: str, fence: str, shown: str) -> dict[str, Any] | Diagnostic:
    """The front-matter block as a mapping; an error at its line of the file (the block
    starts on line 2)."""
    try:
        data = (
            tomllib.loads(block)
            if fence == "+++"
            else load_yaml_with_lines(block, line_offset=1)[0]
        )
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.search(str(exc))
        problem = _TOML_AT.sub("", str(exc))
        line = int(found[1]) + 1 if found else 1
        return error(shown, f"the TOML front matter does not parse: {problem}", line=line)
    except yaml.YAMLError as exc:
        line = error_position(exc, block)[0] + 2 if isinstance(exc, yaml.MarkedYAMLError) else 1
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        return error(
            shown,
            f"the front matter does not parse: {problem}",
            line=line,
            hint="fix the YAML between the `---` lines (quote values holding `:` or `#`)",
        )
    if data is None:
        return {}
    if not isinstance(data, dict):
        return error(shown, "the front matter is not a mapping of keys to values", line=2)
    return data


def load_data(file: SourceFile) -> Any:
    """A config file (YAML, TOML or JSON) as data; ValueError with the reason when it does
    not parse."""
    text = read_text(file)
    suffix = file.path.suffix.lower()
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
        data, _ = load_yaml_with_lines(text, line_offset=0)
        return data
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ValueError(str(exc).split("\n")[0]) from exc
