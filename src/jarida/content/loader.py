"""Read the site's Markdown sources: the only place content is read from disk.

Every source becomes NFC text with ``\\n`` line ends and no BOM, plus the sha256 of its bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Container
from pathlib import Path

from jarida.cache import source_key
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


def discover(root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every ``content/**/*.md`` in sorted order; hidden names and links out of the site skipped."""
    content = root / CONTENT_DIR
    found: list[Path] = []
    problems: list[Diagnostic] = []
    if not content.is_dir():
        return found, problems
    inside = _inside_checker(root)
    for path in sorted(content.rglob("*.md")):
        relative = path.relative_to(content)
        if _hidden(relative) or not path.is_file():
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
    return found, problems


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


def load_sources(
    root: Path, known: Container[str] = frozenset()
) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every source, read and hashed; decoded unless its :func:`source_key` is ``known`` (its
    parse is cached, so its text is never needed: it is left empty)."""
    paths, problems = discover(root)
    sources: list[SourceFile] = []
    content = root / CONTENT_DIR
    for path in paths:
        shown = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        source_id = path.relative_to(content).as_posix()
        text = "" if source_key(source_id, digest) in known else decode(raw, shown)
        if isinstance(text, Diagnostic):
            problems.append(text)
            continue
        sources.append(SourceFile(id=source_id, path=shown, text=text, digest=digest))
    return sources, problems
