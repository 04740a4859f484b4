"""What ``content/`` holds that is not read, and the warnings that say so: Markdown in ``_``
folders (Jekyll's ``_posts``), Hugo's ``_index.md``, a name that is no file, a folder with no
articles at all. Nothing a user put in ``content/`` goes unread in silence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from jarida.errors import Diagnostic, warning
from jarida.filenames import printable
from jarida.layout import CONTENT_DIR

#: What to do with the Markdown of a skipped ``_`` folder, by its name.
_SKIPPED_HINTS = MappingProxyType(
    {
        "_posts": "Jekyll's _posts: move the files into content/ (e.g. content/2024/), each "
        "with a `date:` in its front matter (Jekyll took it from the file name)",
        "_drafts": "Jekyll's _drafts: move the files into content/, each with `draft: true` "
        "in its front matter",
    }
)
_SKIPPED_HINT = (
    "rename the folder without the `_` to publish them, or leave it if they are not articles"
)


def _skipped_folder(folder: str, count: int) -> Diagnostic:
    files = f"{count} Markdown file{'s' if count != 1 else ''}"
    return warning(
        f"{CONTENT_DIR}/{folder}",
        f"{files} in {CONTENT_DIR}/{folder}/ {'are' if count != 1 else 'is'} not read: "
        "Jarida skips folders whose names start with `_`",
        hint=_SKIPPED_HINTS.get(folder.rpartition("/")[2], _SKIPPED_HINT),
    )


def skipped(relatives: Iterable[Path]) -> list[Diagnostic]:
    """A warning for each ``_`` folder that holds Markdown (``content/_posts``: 12 files), and
    for each ``_index.md``; files named ``_x.md`` and ``.`` names are skipped on purpose."""
    folders: Counter[str] = Counter()
    found: list[Diagnostic] = []
    for relative in relatives:
        parts = relative.parts
        first = next(i for i, part in enumerate(parts) if part.startswith(("_", ".")))
        if parts[first].startswith("."):
            continue
        if first < len(parts) - 1:
            folders["/".join(parts[: first + 1])] += 1
        elif parts[first] == "_index.md":
            found.append(
                warning(
                    f"{CONTENT_DIR}/{relative.as_posix()}",
                    "`_index.md` is not read: Jarida makes no section page from it "
                    "(Hugo's _index.md)",
                    hint="a category's page lists its articles by itself; move text worth "
                    f"keeping to a page in {CONTENT_DIR}/pages/, or delete the file",
                )
            )
    return found + [_skipped_folder(folder, count) for folder, count in sorted(folders.items())]


def no_articles(content: Path) -> Diagnostic:
    return warning(
        CONTENT_DIR,
        f"no articles found in {content.resolve()}; is this the site's folder?",
        hint="run jarida in the folder that holds jarida.yaml and content/, or name it "
        "(`jarida build SITE_DIR`); `jarida new site FOLDER` starts a new site",
    )


def no_file(relative: str) -> Diagnostic:
    """A Markdown name that is no file to read: a link to nothing (a draft moved away), a
    pipe, a device."""
    return warning(
        printable(f"{CONTENT_DIR}/{relative}"),
        "this is not a file (a link to nothing, a pipe or a device); it was not read",
        hint="remove it, or make it the article's file again",
    )
