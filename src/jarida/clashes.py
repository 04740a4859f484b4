"""Output paths that cannot all be written, found before anything is: a static file (or a file of a
page bundle) on a page's
path, a static file inside the search index's folder or on the name of Jarida's marker, and a
file where another output needs a folder of the same name (a page slug ``atom.xml`` beside the
feed, a static file ``tags`` beside the tag pages). ``jarida check`` reports them as a build does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from jarida.errors import Diagnostic, error
from jarida.layout import CONFIG_FILE, CONTENT_DIR, MARKER, STATIC_DIR
from jarida.model import Site
from jarida.outputs.jobs import RenderJob
from jarida.searchindex import BUNDLE_DIR
from jarida.writer import Copy

#: What writes an output path: the source file it comes from ("" for a generated page), and how
#: to name it in a message.
Owner = tuple[str, str]
_GENERATED: Owner = ("", "a page the site generates")


def find_clashes(
    site: Site, jobs: Sequence[RenderJob], copies: Sequence[Copy], search: bool
) -> list[Diagnostic]:
    """Every clash between the outputs ``jobs`` and ``copies`` (and the search index)."""
    pages = {job.out_path for job in jobs}
    root = site.config.root
    problems = [
        error(
            _name(root, c),
            f"{_subject(root, c)} has the same path as the page /{c.path}",
            hint="rename or move the file",
        )
        for c in copies
        if c.path in pages
    ]
    problems += _twice(root, copies)
    problems += [
        error(
            f"{STATIC_DIR}/{c.path}",
            f"this static file is inside /{BUNDLE_DIR}/, where the search index is written",
            hint=f"move it out of {STATIC_DIR}/{BUNDLE_DIR}/, or set `search: false`",
        )
        for c in copies
        if search and c.path.startswith(f"{BUNDLE_DIR}/")
    ]
    problems += [
        error(
            f"{STATIC_DIR}/{c.path}",
            "this static file has the name of Jarida's marker of its output",
            hint="rename or move the static file",
        )
        for c in copies
        if c.path == MARKER
    ]
    return problems + _folder_clashes(_owners(site, jobs, copies, search))


def _bundled(root: Path, copy: Copy) -> bool:
    """Whether ``copy`` is a file of a page bundle (under ``content/``)."""
    return copy.source.is_relative_to(root / CONTENT_DIR)


def _name(root: Path, copy: Copy) -> str:
    """The file a copy comes from, as a message names it: a bundle's file by its path from the
    site's root, a static file by its path in ``static/``."""
    return (
        copy.source.relative_to(root).as_posix()
        if _bundled(root, copy)
        else (f"{STATIC_DIR}/{copy.path}")
    )


def _subject(root: Path, copy: Copy) -> str:
    return "this file of a page bundle" if _bundled(root, copy) else "this static file"


def _twice(root: Path, copies: Sequence[Copy]) -> list[Diagnostic]:
    """A file of a page bundle on the path of another file copied (a static file, a theme
    file): one of them would be lost. (Two bundles' files on one path would be two articles on
    one URL, an error of its own.)"""
    first: dict[str, Copy] = {}
    problems = []
    for copy in copies:
        other = first.setdefault(copy.path, copy)
        if other is not copy and _bundled(root, copy):
            problems.append(
                error(
                    _name(root, copy),
                    f"{_subject(root, copy)} has the same path as {_name(root, other)}",
                    hint="rename or move one of them",
                )
            )
    return problems


def _owners(
    site: Site, jobs: Sequence[RenderJob], copies: Sequence[Copy], search: bool
) -> dict[str, Owner]:
    owners: dict[str, Owner] = {}
    for job in jobs:
        if job.kind.document:
            path = site.document(job.key).path
            owners[job.out_path] = (path, f"the page of {path}")
        else:
            owners[job.out_path] = _GENERATED
    root = site.config.root
    for copy in copies:
        # The file itself: a fingerprinted copy's path is not its name in static/.
        inside = copy.source.is_relative_to(root)
        source = copy.source.relative_to(root).as_posix() if inside else f"{STATIC_DIR}/{copy.path}"
        owners.setdefault(copy.path, (source, source))
    owners.setdefault(MARKER, ("", "Jarida's marker of its output"))
    if search:
        owners.setdefault(f"{BUNDLE_DIR}/", ("", "the search index"))
    return owners


def _folder_clashes(owners: Mapping[str, Owner]) -> list[Diagnostic]:
    """A file that another output needs as a folder: one problem per such file."""
    inside: dict[str, list[str]] = {}
    for path in sorted(owners):
        parts = path.split("/")  # "pagefind/": the folder "pagefind" holds it
        for end in range(1, len(parts)):
            folder = "/".join(parts[:end])
            if folder in owners:
                inside.setdefault(folder, []).append(path)
                break
    return [_folder_clash(file, paths, owners) for file, paths in sorted(inside.items())]


def _folder_clash(file: str, paths: list[str], owners: Mapping[str, Owner]) -> Diagnostic:
    (source, who), (inner_source, inner_who) = owners[file], owners[paths[0]]
    more = f", and {len(paths) - 1} more" if len(paths) > 1 else ""
    return error(
        source or inner_source or CONFIG_FILE,
        f"/{file} is {who}, so it cannot also be a folder holding /{paths[0]} ({inner_who}{more})",
        hint="rename one of them: the static file, or the page's `slug:` (or the permalink)",
    )
