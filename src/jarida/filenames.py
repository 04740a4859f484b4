"""File names a site cannot use: the system allows any bytes but ``/`` and NUL in a name, while
a URL, a cache key and a message need UTF-8 text without control characters."""

from __future__ import annotations

import unicodedata


def unusable(name: str) -> str | None:
    """Why ``name`` (as :mod:`os` decodes it) cannot name a page or a file of the site, or None:
    bytes that are not UTF-8, or a control character (a line feed, a tab)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8"
    if any(unicodedata.category(c) == "Cc" for c in name):
        return "holds a control character"
    return None


def printable(name: str) -> str:
    """``name`` as a message can show it: bytes that are not UTF-8 as U+FFFD, control characters
    as ``\\xNN``."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in text)
