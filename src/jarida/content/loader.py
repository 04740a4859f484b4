"""Read the site's Markdown sources: the only place content is read from disk.

Every source becomes NFC text with ``\\n`` line ends and no BOM, plus the sha256 of its bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Container
from dataclasses import dataclass
from pathlib import Path

from jarida.errors import Diagnostic, error
from jarida.model import SourceFile

CONTENT_DIR = "content"
#: Sources larger than this are refused: a news article is never this big.
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def _hidden(relative: Path) -> bool:
    return any(part.startswith(("_", ".")) for part in relative.parts)


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
    except ValueError:
        return False
    return True


def _inside_checker(root: Path) -> Callable[[Path], bool]:
    """Whether a file is inside the site, links followed: resolving each folder once, and only
    the files that are links themselves (resolving every file took most of a 10,000-file scan)."""
    real_root = root.resolve()
    folders: dict[Path, bool] = {}

    def inside(path: Path) -> bool:
        if path.is_symlink():
            return _inside(path, real_root)
        if path.parent not in folders:
            folders[path.parent] = _inside(path.parent, real_root)
        return folders[path.parent]

    return inside


@dataclass(frozen=True, slots=True)
class Discovered:
    """What ``content/`` holds."""

    #: Every Markdown source, sorted.
    sources: tuple[Path, ...]
    #: The other files (images, documents) by their POSIX path under ``content/``: they are not
    #: published, but a link to one is told apart from a link to nothing.
    files: frozenset[str]
    problems: tuple[Diagnostic, ...]


def discover(root: Path) -> Discovered:
    """Every ``content/**/*.md`` in sorted order; hidden names and links out of the site skipped."""
    content = root / CONTENT_DIR
    found: list[Path] = []
    files: set[str] = set()
    problems: list[Diagnostic] = []
    if not content.is_dir():
        return Discovered((), frozenset(), ())
    inside = _inside_checker(root)
    for path in sorted(content.rglob("*")):
        relative = path.relative_to(content)
        if _hidden(relative) or not path.is_file():
            continue
        if path.suffix != ".md":
            files.add(relative.as_posix())
            continue
        if not inside(path):
            problems.append(
                error(
                    path.relative_to(root).as_posix(),
                    "this file is a link to a place outside the site; it was not read",
                    hint="copy the file into content/ instead of linking to it",
                )
            )
            continue
        found.append(path)
    return Discovered(tuple(found), frozenset(files), tuple(problems))


def decode(raw: bytes, shown_path: str) -> str | Diagnostic:
    """Bytes to NFC text with ``\\n`` line ends; a diagnostic names the first bad byte."""
    if len(raw) > MAX_SOURCE_BYTES:
        return error(
            shown_path,
            f"file is {len(raw):,} bytes, over the {MAX_SOURCE_BYTES:,} limit",
            hint="split the article or move large data into static/",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return error(
            shown_path,
            f"not valid UTF-8 at byte offset {exc.start}",
            line=line,
            hint="save the file as UTF-8 in your editor",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True, slots=True)
class Sources:
    """The site's sources, read; the other files of ``content/``; the problems met."""

    sources: list[SourceFile]
    files: frozenset[str]
    problems: list[Diagnostic]


def load_sources(root: Path, known: Container[str] = frozenset()) -> Sources:
    """Every source, read and hashed; decoded unless its digest is ``known`` (its parse is
    cached, so its text is never needed: it is left empty)."""
    discovered = discover(root)
    problems = list(discovered.problems)
    sources: list[SourceFile] = []
    content = root / CONTENT_DIR
    for path in discovered.sources:
        shown = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        text = "" if digest in known else decode(raw, shown)
        if isinstance(text, Diagnostic):
            problems.append(text)
            continue
        sources.append(
            SourceFile(
                id=path.relative_to(content).as_posix(), path=shown, text=text, digest=digest
            )
        )
    return Sources(sources, discovered.files, problems)
