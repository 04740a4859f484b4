"""The one normal form of the paths a site writes and links to: aliases, permalinks, slugs.

A browser resolves ``/x/./``, ``/x//`` and ``/y/../x/`` to ``/x/`` before it asks for a page, and
so does the file system when the output is written: two spellings of one path must be one path
everywhere (the collision checks, the writer), or one output silently replaces another.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

#: C0 and C1 control characters and DEL: never part of a path a site links to.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class PathError(ValueError):
    """A path that names no place inside the site; the message says why."""


def normal_path(path: str) -> str:
    """``path`` relative to the site's root, ``.`` and empty segments dropped and ``..``
    resolved; a trailing ``/`` (or a last ``.`` or ``..``) kept as a trailing ``/``. The root is
    ``""``. Raises :class:`PathError` for a ``..`` above the root or a control character."""
    if found := _CONTROL.search(path):
        raise PathError(f"contains the control character U+{ord(found.group()):04X}")
    parts: list[str] = []
    segments = path.split("/")
    for segment in segments:
        if segment == "..":
            if not parts:
                raise PathError("goes above the site's root (`..`)")
            parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    folder = segments[-1] in ("", ".", "..") and bool(parts)
    return "/".join(parts) + ("/" if folder else "")


def url_path(text: str) -> str:
    """A path as written in a link or an alias (``/2017/03/old/``, percent-encoded or not, with
    a query or a fragment), decoded and in its normal form with a leading ``/``. A backslash is
    an error: browsers read it as ``/``, servers as a character of the name."""
    path = unquote(text.strip().split("#")[0].split("?")[0])
    if "\\" in path:
        raise PathError("contains a backslash")
    return "/" + normal_path(path)
