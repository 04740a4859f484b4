"""Page bundles (Hugo's leaf bundles): an article that is a folder, ``content/2026/flood/index.md``,
with its files beside it (``photo.jpg``, ``docs/report.pdf``). The files are published with the
article, next to its page, so the body's relative references keep working.

Which file belongs to which bundle, from paths alone (no I/O): a file belongs to the nearest
folder above it that holds an ``index.md`` (never ``content/`` itself: ``content/index.md`` is an
article like any other). Markdown files are never files of a bundle: one beside an ``index.md``
stays an article of its own, with a warning (Hugo would make it a file of the bundle, unpublished
as a page; Jarida never drops text unseen).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from jarida.errors import Diagnostic, warning
from jarida.layout import CONTENT_DIR

#: The name of a bundle's article.
INDEX = "index.md"


def bundle_folder(source_id: str) -> str | None:
    """``2026/flood`` for ``2026/flood/index.md``; None for a source that is not a bundle."""
    folder, _, name = source_id.rpartition("/")
    return folder if name == INDEX and folder else None


def owner_of(path: str, folders: frozenset[str]) -> str | None:
    """The nearest bundle folder above ``path`` (a path under ``content/``), or None."""
    folder = posixpath.dirname(path)
    while folder:
        if folder in folders:
            return folder
        folder = posixpath.dirname(folder)
    return None


def folders_of(sources: Iterable[str]) -> frozenset[str]:
    """The bundle folders among the ids of ``sources``."""
    return frozenset(f for f in map(bundle_folder, sources) if f is not None)


def group_files(folders: frozenset[str], files: Iterable[str]) -> Mapping[str, tuple[str, ...]]:
    """The files of each bundle (paths under ``content/``, sorted) by the id of its
    ``index.md``; bundles without files are left out."""
    grouped: dict[str, list[str]] = {}
    for path in sorted(files):
        folder = owner_of(path, folders)
        if folder is not None:
            grouped.setdefault(f"{folder}/{INDEX}", []).append(path)
    return MappingProxyType({k: tuple(v) for k, v in sorted(grouped.items())})


def stray_sources(folders: frozenset[str], sources: Iterable[str]) -> list[Diagnostic]:
    """A warning for each Markdown file inside a bundle besides its ``index.md``."""
    found: list[Diagnostic] = []
    for source in sources:
        folder = owner_of(source, folders)
        if folder is None or source == f"{folder}/{INDEX}":
            continue
        found.append(
            warning(
                f"{CONTENT_DIR}/{source}",
                f"this Markdown file is inside the bundle {CONTENT_DIR}/{folder}/ (a folder "
                f"with an {INDEX}): it is published as an article of its own, not as a file "
                "of the bundle",
                hint=f"move it out of {CONTENT_DIR}/{folder}/ (or into a folder of its own as "
                f"{INDEX}); to publish it as a file, give it another extension such as .txt",
            )
        )
    return found
