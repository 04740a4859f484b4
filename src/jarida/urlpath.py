"""The one normal form of the paths a site writes and links to: aliases, permalinks, slugs.

A browser resolves ``/x/./``, ``/x//`` and ``/y/../x/`` to ``/x/`` before it asks for a page, and
so does the file system when the output is written: two spellings of one path must be one path
everywhere (the collision checks, the writer), or one output silently replaces another.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import unescape as html_unescape
from urllib.parse import quote, unquote

from jarida.errors import shown

#: C0 and C1 control characters, DEL, and the non-characters XML forbids: never part of a
#: path a site links to.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


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


def site_link(base_path: str, url: str) -> str:
    """A link as an author writes it (front matter, ``jarida.yaml``, a menu) as the site writes
    it: a root-relative path (``/about/``) is relative to the site's root, so it gets the base
    path (``/news/about/``), percent-encoded; full, protocol-relative (``//cdn…``) and relative
    links stay as they are."""
    if not url.startswith("/") or url.startswith("//"):
        return url
    return base_path + quote(unquote(url[1:]), safe="/#?=&")


#: An HTML start tag; in rendered Markdown, a ``<`` in text is always ``&lt;``.
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
#: A quoted attribute holding one URL that is a root-relative path.
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster|action)\s*=\s*["'])/(?![/\\])""", re.I)
_SRCSET = re.compile(r"""(\s(?:srcset|imagesrcset)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


def _rebase_srcset(base_path: str, value: str) -> str:
    candidates = []
    for candidate in value.split(","):
        url = candidate.strip()
        if url.startswith("/") and not url.startswith("//"):
            candidate = candidate.replace(url[0], base_path, 1)
        candidates.append(candidate)
    return ",".join(candidates)


def rebase_links(html: str, base_path: str) -> str:
    """Root-relative links and images in a rendered body (``href``, ``src``, ``srcset``, raw
    HTML included) put under the base path, as the author's links in front matter are."""
    if base_path == "/":
        return html

    def tag(match: re.Match[str]) -> str:
        text = _URL_ATTRIBUTE.sub(lambda m: m.group(1) + base_path, match.group())
        return _SRCSET.sub(
            lambda m: m.group(1) + m.group(2) + _rebase_srcset(base_path, m.group(3)) + m.group(2),
            text,
        )

    return _TAG.sub(tag, html)


#: An ``<img>`` tag and its ``src`` and ``alt`` attributes, quoted either way.
_IMG = re.compile(r"<img\s[^<>]*>", re.I)
_IMG_ATTRIBUTE = re.compile(r"""\s(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
#: Where a picture's markup takes the ``alt`` of the ``<img>`` it replaces.
ALT_SLOT = "\x00alt\x00"
#: Any attribute of a tag, as written (``title="…"``, ``class=wide``, ``hidden``).
_ANY_ATTRIBUTE = re.compile(r"""\s([^\s"'<>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
#: What the picture's own ``<img>`` says: the author's values were for the original file.
_PICTURE_OWN = frozenset(
    {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding", "fetchpriority"}
)


def picture_tags(html: str, base_path: str, pictures: Mapping[str, str]) -> str:
    """``html`` with every ``<img>`` whose ``src`` is the output path of a key of ``pictures``
    (relative to the site's root, unencoded) replaced by that key's markup, its
    :data:`ALT_SLOT` filled with the ``alt`` the tag had (already escaped), and the tag's other
    attributes (``title``, ``class``, ``id``, …) kept on the picture's ``<img>``."""

    def tag(match: re.Match[str]) -> str:
        found = {
            m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _IMG_ATTRIBUTE.finditer(match.group())
        }
        src = unquote(html_unescape(found.get("src", "")).split("#")[0].split("?")[0])
        if not src.startswith(base_path):
            return match.group()
        markup = pictures.get(src[len(base_path) :])
        if markup is None:
            return match.group()
        kept = "".join(
            m.group()
            for m in _ANY_ATTRIBUTE.finditer(match.group()[4:].rstrip("/>"))
            if m.group(1).lower() not in _PICTURE_OWN
        )
        markup = markup.replace("<img", "<img" + kept, 1) if kept else markup
        return markup.replace(ALT_SLOT, found.get("alt", ""))

    return _IMG.sub(tag, html) if pictures else html


#: What a site's address looks like: http(s), a host, an optional path; no query, no fragment.
_BASE_URL = re.compile(r"^https?://[^/\s?#@]+(/[^\s?#]*)?$", re.IGNORECASE)


def base_url_problem(base_url: str) -> str | None:
    """Why ``base_url`` is not a site's address (``https://news.example/ar/``), or None."""
    if _BASE_URL.match(base_url):
        return None
    example = "https://news.example/"
    return f"`base_url` must be an http(s) address such as {example}, not {shown(base_url)}"
