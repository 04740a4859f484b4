"""Media of a WordPress export: the attachments index, upload URLs, copies into ``static/``.

An upload URL is one whose path holds ``/wp-content/uploads/`` (or any file on a
``*.files.wordpress.com`` host); its path after that is where the file sits in a WordPress
``uploads`` folder. With ``--uploads DIR`` such a file is copied to
``static/wp-content/uploads/<same path>`` and links to it become site-relative; without it, or when
the file is missing, the link stays absolute. Everything referenced goes into the media manifest.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from urllib.parse import quote, unquote, urlsplit

STATIC_UPLOADS = "wp-content/uploads"
_UPLOADS_MARK = "/wp-content/uploads/"
#: Absolute URLs, and site-relative paths into the uploads folder, as they appear in Markdown/HTML.
_URL = re.compile(
    r"""(?:https?:)?//[^\s"'<>()\[\]\\]+|(?<=[\s("'=,])/wp-content/uploads/[^\s"'<>()\[\]\\]+"""
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment:
    id: int
    url: str
    parent: int
    title: str
    alt: str
    menu_order: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportIndex:
    """What posts refer to by id: attachments, each post's images in gallery order, and the
    content of reusable blocks."""

    attachments: Mapping[int, Attachment]
    children: Mapping[int, tuple[int, ...]]
    reusable: Mapping[int, str]


def make_index(attachments: list[Attachment], reusable: Mapping[int, str]) -> ExportIndex:
    children: dict[int, list[Attachment]] = {}
    for a in attachments:
        if a.parent and is_image(a.url):
            children.setdefault(a.parent, []).append(a)
    return ExportIndex(
        attachments=MappingProxyType({a.id: a for a in attachments}),
        reusable=MappingProxyType(dict(reusable)),
        children=MappingProxyType(
            {
                parent: tuple(a.id for a in sorted(found, key=lambda a: (a.menu_order, a.id)))
                for parent, found in children.items()
            }
        ),
    )


def is_image(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith((".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp"))


def upload_path(url: str) -> str | None:
    """The file's path inside the uploads folder, or None when ``url`` is not an upload."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if _UPLOADS_MARK in path:
        relative = path.split(_UPLOADS_MARK, 1)[1]
    elif (parts.hostname or "").endswith(".files.wordpress.com"):
        relative = path.lstrip("/")
    else:
        return None
    pure = PurePosixPath(relative)
    if not relative or pure.is_absolute() or any(p in ("", ".", "..") for p in pure.parts):
        return None
    return pure.as_posix()


@dataclass(frozen=True, slots=True, kw_only=True)
class Placed:
    """Where a referenced media file ended up: ``copied``, ``exists``, ``missing`` or ``remote``."""

    status: str
    link: str
    local: str | None = None


class MediaPlacer:
    """Resolve, copy (with ``--uploads``) and count every media URL the imported text references.

    Holds one entry per distinct URL (not per reference): the size of the media library, never
    the size of the text.
    """

    def __init__(self, site: Path, uploads: Path | None, *, force: bool, dry: bool = False) -> None:
        self.site = site
        self.uploads = uploads
        self.force = force
        self.dry = dry
        self.seen: dict[str, Placed] = {}
        self.uses: dict[str, int] = {}
        self.first_use: dict[str, str] = {}

    def place(self, url: str, used_in: str) -> Placed:
        key = _without_query(url)
        self.uses[key] = self.uses.get(key, 0) + 1
        self.first_use.setdefault(key, used_in)
        if key not in self.seen:
            self.seen[key] = self._resolve(key)
        return self.seen[key]

    def _resolve(self, url: str) -> Placed:
        relative = upload_path(url)
        if relative is None or self.uploads is None:
            return Placed(status="remote", link=url)
        source = self.uploads / relative
        if not source.is_file():
            return Placed(status="missing", link=url)
        local = f"static/{STATIC_UPLOADS}/{relative}"
        target = self.site / local
        # Relative to the site's root, as every link in content: the build adds the base path.
        link = "/" + quote(f"{STATIC_UPLOADS}/{relative}", safe="/")
        if target.exists() and not self.force:
            return Placed(status="exists", link=link, local=local)
        if not self.dry:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        return Placed(status="copied", link=link, local=local)

    def rewrite(self, text: str, used_in: str) -> str:
        """Every media URL in ``text`` placed, and linked to its local copy where there is one."""

        def one(match: re.Match[str]) -> str:
            url = match.group()
            if upload_path(_absolute(url)) is None:
                return url
            placed = self.place(_absolute(url), used_in)
            return placed.link if placed.local else url

        return _URL.sub(one, text)

    def manifest(self) -> list[dict[str, object]]:
        return [
            {
                "url": url,
                "status": placed.status,
                "local": placed.local,
                "references": self.uses[url],
                "first_used_in": self.first_use[url],
            }
            for url, placed in sorted(self.seen.items())
        ]


def _absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


def _without_query(url: str) -> str:
    return url.split("#", 1)[0].split("?", 1)[0]
