"""Every folder and file name of a site, in one place: what a build reads, what it remembers in
``.jarida/``, and what it writes beside the output. Other modules import these names; lists of
the site's own folders (the ones an output may not replace, the ones the no-op build stamps,
the ones ``jarida serve`` watches) are made from them here.

A site::

    jarida.yaml     CONFIG_FILE
    content/        CONTENT_DIR     articles and pages (Markdown)
    templates/      TEMPLATES_DIR   overrides of the theme's templates
    static/         STATIC_DIR      files copied as they are
    i18n/           I18N_DIR        overrides of the theme's interface strings
    .jarida/        CACHE_DIR       parsed.sqlite, related.npz, manifest-<folder>.json,
                                    reads-<folder>.json, pages-<folder>/, images/
    public/         OUTPUT_DIR      the default output, with the marker .jarida-output
    .public.lock, .public.journal, .public.stage-*, .public.old-*   beside the output
    (.public.spare: the recycled tree of earlier versions, deleted when seen)

The built-in theme (``jarida/theme/``) has the same ``templates/``, ``static/`` and ``i18n/``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The site's settings, at its root.
CONFIG_FILE = "jarida.yaml"
#: The sources: articles, and pages under ``content/pages/``.
CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
I18N_DIR = "i18n"
#: What a build remembers for the next one.
CACHE_DIR = ".jarida"
#: Where ``jarida build`` and ``jarida deploy`` write when no folder is given.
OUTPUT_DIR = "public"
#: The folder of Jarida's package that holds its built-in theme.
THEME_DIR = "theme"

#: The folders a build reads, recursively (besides :data:`CONFIG_FILE`).
INPUT_DIRS = (CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, I18N_DIR)
#: Folders of the site that an output may not be, nor be inside.
GUARDED = (*INPUT_DIRS, CACHE_DIR, ".git")

#: In :data:`CACHE_DIR`: the parse cache (SQLite), its JSON predecessor (deleted when seen),
#: and the related state and lists of the last build.
PARSE_DB = "parsed.sqlite"
OLD_PARSE_CACHE = "parsed.json"
RELATED_STATE = "related.npz"
#: In :data:`CACHE_DIR`: the related lists of the last build, read without numpy.
RELATED_LISTS = "related-lists.json"
#: In :data:`CACHE_DIR`: the images' derivatives (resized, cropped, re-encoded), by content key,
#: and what each source image gave the last time (``jobs/``).
IMAGE_CACHE = "images"
#: In the image cache: the published originals (bundle and static images) without their
#: metadata, by the digest of the source's bytes, and ``index.json`` (each source's last stat).
CLEAN_CACHE = "clean"

#: The file in every output that says Jarida wrote the folder (and may replace it).
MARKER = ".jarida-output"
#: The most bytes of one name in a path (a file or a folder): Linux, macOS and Windows.
NAME_BYTES = 255


def longest_name(path: str) -> int:
    """The bytes (UTF-8) of the longest name in the POSIX ``path``, to compare with
    :data:`NAME_BYTES`."""
    return max(len(part.encode()) for part in path.split("/"))


def theme_dir() -> Path:
    """The built-in theme, inside Jarida's package."""
    return Path(str(files("jarida") / THEME_DIR))


def image_cache(root: Path) -> Path:
    """Where the derivatives of the images of the site at ``root`` are kept."""
    return root / CACHE_DIR / IMAGE_CACHE


def clean_cache(root: Path) -> Path:
    """Where the cleaned originals of the site at ``root`` are kept (:mod:`jarida.originals`)."""
    return image_cache(root) / CLEAN_CACHE


def manifest_file(folder: Path, tag: str) -> Path:
    """The manifest of one output folder (``tag`` tells the folders apart) in ``folder``."""
    return folder / f"manifest-{tag}.json"


def reads_file(folder: Path, tag: str) -> Path:
    """What the pages of one output folder read (:mod:`jarida.readtable`), beside its manifest."""
    return folder / f"reads-{tag}.json"


#: How the folders of pages kept for each output folder begin (:func:`pages_dir`).
PAGES_PREFIX = "pages-"
#: How the folders of kept pages let go begin, while a detached process deletes them.
PAGES_ASIDE_PREFIX = ".pages-aside-"


def pages_dir(folder: Path, tag: str) -> Path:
    """The pages of one output folder kept by fingerprint (:mod:`jarida.pagestore`), beside its
    manifest."""
    return folder / f"{PAGES_PREFIX}{tag}"


def lock_file(out_dir: Path) -> Path:
    """The lock two writers of ``out_dir`` take turns on, beside it."""
    return out_dir.parent / f".{out_dir.name}.lock"


def spare_dir(out_dir: Path) -> Path:
    """The output before the last, which earlier versions kept beside ``out_dir`` to recycle
    (deleted when seen)."""
    return out_dir.with_name(f".{out_dir.name}.spare")


def stage_prefix(out_dir: Path) -> str:
    """How the names of the trees being built beside ``out_dir`` begin."""
    return f".{out_dir.name}.stage-"


def old_prefix(out_dir: Path) -> str:
    """How the names of replaced trees begin while they are being deleted."""
    return f".{out_dir.name}.old-"


def journal_file(out_dir: Path) -> Path:
    """The journal of a commit of ``out_dir`` in place, beside it, while the commit is applied."""
    return out_dir.parent / f".{out_dir.name}.journal"
