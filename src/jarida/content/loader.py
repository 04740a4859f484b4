"""Read the site's Markdown sources: the only place content is read from disk.

Every source becomes NFC text with ``\\n`` line ends and no BOM, plus the sha256 of its bytes.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from jarida.content.bundles import folders_of, group_files, owner_of, stray_sources
from jarida.content.seen import Seen, read_begins
from jarida.content.unread import no_articles, no_file, skipped
from jarida.errors import Diagnostic, error, warning
from jarida.filenames import printable, unusable
from jarida.filestat import stat_of
from jarida.layout import CONTENT_DIR
from jarida.model import SourceFile

#: Sources larger than this are refused: a news article is never this big.
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
    except ValueError:
        return False
    return True


def _inside_checker(root: Path, content: Path) -> Callable[[str, bool], bool]:
    """Whether a file of ``content/`` (its POSIX path there; ``link``: itself a link) is inside
    the site, links followed: resolving each folder once, and only the files that are links
    themselves (resolving every file took most of a 10,000-file scan)."""
    real_root = root.resolve()
    folders: dict[str, bool] = {}

    def inside(relative: str, link: bool) -> bool:
        if link:
            return _inside(content / relative, real_root)
        folder = relative.rpartition("/")[0]
        known = folders.get(folder)
        if known is None:
            known = folders[folder] = _inside(content / folder, real_root)
        return known

    return inside


@dataclass(frozen=True, slots=True)
class Discovered:
    """What ``content/`` holds."""

    #: Every Markdown source, sorted.
    sources: tuple[Path, ...]
    #: The other files (images, documents) by their POSIX path under ``content/``: those of a
    #: bundle are published with its article; a link to another one is told apart from a link
    #: to nothing.
    files: frozenset[str]
    problems: tuple[Diagnostic, ...]
    #: The files of each page bundle by the id of its ``index.md`` (:mod:`.bundles`).
    bundles: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(slots=True)
class _Found:
    """What the walk of ``content/`` met, before bundles are known."""

    sources: list[Path] = field(default_factory=list)
    files: set[str] = field(default_factory=set)
    skipped: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    #: Files that are not sources, with a name no URL can carry: (path under content/, why).
    unusable: list[tuple[Path, str]] = field(default_factory=list)
    #: Links (to files or folders) that point out of ``content/``.
    links_out: list[Path] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Entry:
    """A name found under ``content/``: its POSIX path there, whether it is a link, and
    whether it is (or links to) a file."""

    relative: str
    link: bool
    file: bool


def _entries(content: Path) -> list[_Entry]:
    """Everything under ``content/`` in the order of ``sorted(content.rglob("*"))`` (by path
    parts; links to folders listed, not entered), told apart by what listing the folder gives
    (one ``stat`` for a link only: three calls per file took most of a 10,000-file scan)."""
    found: list[_Entry] = []

    def walk(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            return
        for entry in entries:
            link = entry.is_symlink()
            is_file = _is(entry.is_file)
            found.append(_Entry(prefix + entry.name, link, is_file))
            if not link and _is(entry.is_dir):
                walk(entry.path, f"{prefix}{entry.name}/")

    walk(str(content), "")
    found.sort(key=lambda e: e.relative.split("/"))
    return found


def _is(test: Callable[[], bool]) -> bool:
    try:
        return test()
    except OSError:
        return False


def _is_markdown(relative: str) -> bool:
    """Whether ``Path(relative).suffix`` is ``.md`` (``.md`` alone is a hidden name)."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return dot > 0 and name[dot:] == ".md"


def _walk(root: Path) -> _Found:
    content = root / CONTENT_DIR
    found = _Found()
    inside = _inside_checker(root, content)
    real_content = content.resolve()
    for entry in _entries(content) if content.is_dir() else ():
        rel, md = entry.relative, _is_markdown(entry.relative)
        if rel.startswith(("_", ".")) or "/_" in rel or "/." in rel:  # a hidden part
            if md and entry.file:
                found.skipped.append(Path(rel))
            continue
        if entry.link and not md and not _inside(content / rel, real_content):
            found.links_out.append(Path(rel))
            continue
        if not entry.file:
            if md and not _is((content / rel).is_dir):
                found.problems.append(no_file(rel))
            continue
        if (bad := unusable(rel)) is not None:
            if md:
                found.problems.append(_unreadable_name(Path(rel), bad, source=True))
            else:
                found.unusable.append((Path(rel), bad))
        elif not md:
            found.files.add(rel)
        elif not inside(rel, entry.link):
            found.problems.append(
                error(
                    f"{CONTENT_DIR}/{rel}",
                    "this file is a link to a place outside the site; it was not read",
                    hint="copy the file into content/ instead of linking to it",
                )
            )
        else:
            found.sources.append(content / rel)
    return found


def _refused(found: _Found, folders: frozenset[str]) -> list[Diagnostic]:
    """Files of ``content/`` that cannot be published: an error in a bundle (its article would
    miss them), a warning elsewhere for a name no URL can carry (nothing publishes them)."""
    problems = []
    for relative, why in found.unusable:
        folder = owner_of(relative.as_posix(), folders)
        if folder is None:
            problems.append(_unreadable_name(relative, why, source=False))
            continue
        problems.append(
            error(
                printable((CONTENT_DIR / relative).as_posix()),
                f"the file name {why}; this file of the bundle {CONTENT_DIR}/{folder}/ "
                "is not published",
                hint="rename the file with letters, digits, `-`, `_` and `.` only",
            )
        )
    for relative in found.links_out:
        if owner_of(relative.as_posix(), folders) is not None:
            problems.append(
                error(
                    f"{CONTENT_DIR}/{relative.as_posix()}",
                    f"this file of a bundle is a link to a place outside {CONTENT_DIR}/; "
                    "it is not published",
                    hint="copy the file into the bundle instead of linking to it",
                )
            )
    return problems


def discover(root: Path) -> Discovered:
    """Every ``content/**/*.md`` in sorted order; hidden names and links out of the site skipped
    (with a warning for Markdown skipped in ``_`` folders, and when there is none at all); the
    files of each page bundle."""
    content = root / CONTENT_DIR
    found = _walk(root)
    ids = [path.relative_to(content).as_posix() for path in found.sources]
    folders = folders_of(ids)
    problems = [
        *found.problems,
        *_refused(found, folders),
        *stray_sources(folders, ids),
        *skipped(found.skipped),
    ]
    if not found.sources:
        problems.append(no_articles(content))
    return Discovered(
        tuple(found.sources),
        frozenset(found.files),
        tuple(problems),
        group_files(folders, found.files),
    )


def _unreadable_name(relative: Path, why: str, *, source: bool) -> Diagnostic:
    make = error if source else warning
    return make(
        printable((CONTENT_DIR / relative).as_posix()),
        f"the file name {why}; the file was not read",
        hint="rename the file with letters, digits, `-` and `_` only",
    )


def _too_large(size: int, shown_path: str) -> Diagnostic:
    return error(
        shown_path,
        f"file is {size:,} bytes, over the {MAX_SOURCE_BYTES:,} limit",
        hint="split the article or move large data into static/",
    )


def read_source(path: Path, shown_path: str, size: int | None = None) -> bytes | Diagnostic:
    """The bytes of a source, or a diagnostic when it is over :data:`MAX_SOURCE_BYTES`: told by
    its ``size`` (the caller's stat, else one here) before reading, and never more than one byte
    past the limit read (a file that grows meanwhile)."""
    size = path.stat().st_size if size is None else size
    if size > MAX_SOURCE_BYTES:
        return _too_large(size, shown_path)
    with path.open("rb") as source:
        # A buffer of the size told, not of the limit: reading into 2 MB costs a mapping of
        # memory each time (~30 µs a file, twice a source a build); a file grown since is read on.
        raw = source.read(size + 1)
        if len(raw) > size:
            raw += source.read(MAX_SOURCE_BYTES + 1 - len(raw))
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


@dataclass(frozen=True, slots=True)
class Sources:
    """The site's sources, read; the other files of ``content/``; the problems met."""

    sources: list[SourceFile]
    files: frozenset[str]
    problems: list[Diagnostic]
    #: The files of each page bundle by the id of its ``index.md``.
    bundles: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    #: How each source was when it was read (or its record vouched for it), by id.
    seen: Mapping[str, Seen] = field(default_factory=lambda: MappingProxyType({}))


def load_sources(root: Path, seen: Mapping[str, Seen] | None = None) -> Sources:
    """Every source, read and hashed, but those whose record in ``seen`` (the last build's,
    by id) vouches for their bytes: their digest is taken from it, and they are not opened.
    No text is kept: a parse that needs one reads the file again (:func:`read_again`, where the
    parse runs), so that the main process never holds the site's texts (~1 GB at 100,000
    articles) and decodes none of them."""
    discovered = discover(root)
    problems = list(discovered.problems)
    sources: list[SourceFile] = []
    records: dict[str, Seen] = {}
    known = seen or {}
    start = len(str(root / CONTENT_DIR)) + 1
    for path in discovered.sources:
        source_id = str(path)[start:]
        shown = f"{CONTENT_DIR}/{source_id}"
        read_ns = read_begins()  # before the stat: a write after it changes the stat
        try:
            stat = stat_of(path.stat())
        except OSError as exc:
            problems.append(error(shown, f"could not be read: {exc.strerror}", hint="build again"))
            continue
        record = known.get(source_id)
        if record is None or not record.vouches(stat):
            raw = read_source(path, shown, stat[0])
            if isinstance(raw, Diagnostic):
                problems.append(raw)
                continue
            record = Seen(stat, hashlib.sha256(raw).hexdigest(), read_ns)
        records[source_id] = record
        sources.append(SourceFile(id=source_id, path=shown, text=None, digest=record.digest))
    return Sources(
        sources, discovered.files, problems, discovered.bundles, MappingProxyType(records)
    )


def read_again(root: Path, source: SourceFile, *, by: str = "") -> SourceFile | list[Diagnostic]:
    """``source`` with its text, read again from the site's folder at ``root`` (``by``: who reads
    it there when it is not this machine, e.g. ``Dask workers``) and decoded (an error names a
    bad byte's line); an error when the bytes are no longer the ones the build hashed (the file
    changed meanwhile)."""
    try:
        raw = read_source(root / source.path, source.path)
    except OSError as exc:
        if not by:
            why = f"could not be read again during the build: {exc.strerror}"
            return [error(source.path, why, hint="build again")]
        why = f"cannot be read where the {by} see the site ({root}): {exc.strerror}"
        return [error(source.path, why, hint="set build.shared_path to the site's folder there")]
    if isinstance(raw, Diagnostic):
        return [raw]
    if hashlib.sha256(raw).hexdigest() != source.digest:
        return [error(source.path, "changed while the build read it", hint="build again")]
    text = decode(raw, source.path)
    return [text] if isinstance(text, Diagnostic) else replace(source, text=text)
