"""Read the site's Markdown sources: the only place content is read from disk.

Every source becomes NFC text with ``\\n`` line ends and no BOM, plus the sha256 of its bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Container
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


def _too_large(size: int, shown_path: str) -> Diagnostic:
    return error(
        shown_path,
        f"file is {size:,} bytes, over the {MAX_SOURCE_BYTES:,} limit",
        hint="split the article or move large data into static/",
    )


def read_source(path: Path, shown_path: str) -> bytes | Diagnostic:
    """The bytes of a source, or a diagnostic when it is over :data:`MAX_SOURCE_BYTES`: told by
    its size before reading, and never more than one byte past the limit read (a file that grows
    meanwhile)."""
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        return _too_large(size, shown_path)
    with path.open("rb") as source:
        raw = source.read(MAX_SOURCE_BYTES + 1)
    return _too_large(len(raw), shown_path) if len(raw) > MAX_SOURCE_BYTES else raw


def decode(raw: bytes, shown_path: str) -> str | Diagnostic:
    """Bytes to NFC text with ``\\n`` line ends; a diagnostic names the first bad byte."""
    if len(raw) > MAX_SOURCE_BYTES:
        return _too_large(len(raw), shown_path)
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
    """Every source, read and hashed; decoded unless its digest is ``known`` (its parse is
    cached, so its text is never needed: it is left empty)."""
    paths, problems = discover(root)
    sources: list[SourceFile] = []
    content = root / CONTENT_DIR
    for path in paths:
        shown = path.relative_to(root).as_posix()
        raw = read_source(path, shown)
        if isinstance(raw, Diagnostic):
            problems.append(raw)
            continue
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
    return sources, problems
