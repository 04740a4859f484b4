"""The keys of ``jarida.yaml`` that the news theme's article page and masthead read: the reader
comments (``comments:``) and the size of the ``logo`` the header shows.

The comments are a prompt to write in by email by default, or one provider's thread (giscus,
or a self-hosted Remark42 or Isso) that the reader's browser loads only when asked. Each setting
a provider needs is checked here, at its line of ``jarida.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal
from urllib.parse import unquote

from jarida.configcheck import Checker
from jarida.errors import Diagnostic, shown
from jarida.images.measure import picture_size
from jarida.images.model import ImageError
from jarida.layout import STATIC_DIR
from jarida.urlpath import PathError, normal_path


@dataclass(frozen=True, slots=True, kw_only=True)
class GiscusConfig:
    """``comments.giscus``: the values https://giscus.app gives for a repository."""

    repo: str = ""
    repo_id: str = ""
    category: str = ""
    category_id: str = ""
    #: How a page finds its discussion.
    mapping: Literal["pathname", "url", "title", "og:title"] = "pathname"
    reactions: bool = True
    #: giscus's theme (``preferred_color_scheme`` follows the reader's light or dark setting).
    theme: str = "preferred_color_scheme"


@dataclass(frozen=True, slots=True, kw_only=True)
class Remark42Config:
    """``comments.remark42``: a self-hosted Remark42 server."""

    host: str = ""
    site_id: str = "remark"


@dataclass(frozen=True, slots=True, kw_only=True)
class IssoConfig:
    """``comments.isso``: a self-hosted Isso server."""

    host: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentsConfig:
    """``comments:``: what an article page offers its readers below the article."""

    #: ``email``: a prompt to write to ``email``; ``giscus``, ``remark42``, ``isso``: that
    #: provider's thread, loaded by the reader's browser only when asked; ``none``: nothing.
    provider: Literal["email", "giscus", "remark42", "isso", "none"] = "email"
    #: The address of the email prompt (``extra.comments_email`` is read when it is empty).
    email: str = ""
    #: When a provider's thread is loaded: ``click`` (a button) or ``lazy`` (when the reader
    #: scrolls near it). Never with the page.
    load: Literal["click", "lazy"] = "click"
    giscus: GiscusConfig = field(default_factory=GiscusConfig)
    remark42: Remark42Config = field(default_factory=Remark42Config)
    isso: IssoConfig = field(default_factory=IssoConfig)


#: What each provider needs, and how each value must look.
_NEEDS = MappingProxyType(
    {
        "giscus": ("repo", "repo_id", "category", "category_id"),
        "remark42": ("host", "site_id"),
        "isso": ("host",),
    }
)
_HOST = re.compile(r"^https?://[^/\s?#@\"'<>]+(/[^\s?#\"'<>]*)?$", re.IGNORECASE)
_REPO = re.compile(r"^[\w.-]+/[\w.-]+$")
_EMAIL = re.compile(r"^[^@\s<>\"'?&]+@[^@\s<>\"'?&]+\.[^@\s<>\"'?&]+$")


def _at(c: Checker, key: str, fallback: str) -> str:
    """``key`` when ``jarida.yaml`` has it (its line), else ``fallback``."""
    return key if key in c.lines else fallback


def check_comments(c: Checker, comments: CommentsConfig) -> list[Diagnostic]:
    """Every problem of ``comments:``: a provider's missing or malformed settings, a bad
    address."""
    out: list[Diagnostic] = []
    if comments.email and not _EMAIL.match(comments.email):
        out.append(
            c.fail(
                "comments.email",
                f"`comments.email` {shown(comments.email)} is not an email address",
            )
        )
    provider = comments.provider
    for name in _NEEDS.get(provider, ()):
        key = f"comments.{provider}.{name}"
        value = getattr(getattr(comments, provider), name).strip()
        where = _at(c, key, _at(c, f"comments.{provider}", "comments.provider"))
        if not value:
            hint = (
                "giscus.app gives these values for your repository" if provider == "giscus" else ""
            )
            out.append(
                c.fail(where, f"`{key}` is required when `comments.provider` is {provider}", hint)
            )
        elif name == "host" and not _HOST.match(value):
            out.append(
                c.fail(
                    where,
                    f"`{key}` must be the server's address, such as "
                    f"https://comments.example/, not {shown(value)}",
                )
            )
        elif name == "repo" and not _REPO.match(value):
            out.append(c.fail(where, f"`{key}` must be OWNER/NAME, not {shown(value)}"))
    return out


#: What a browser strips from both ends of a link: C0 controls and the space.
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
#: The schemes a menu link may have besides none (a path): addresses a reader's browser opens.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def check_menus(c: Checker, menus: object, key: str = "menus") -> list[Diagnostic]:
    """An error for each link of ``menus`` (``key`` in jarida.yaml) that is neither a path nor
    an address of :data:`LINK_SCHEMES` (``javascript:``, ``data:``: script in the site's
    pages), its scheme read as a browser reads it."""
    found = []
    for name, items in menus.items() if isinstance(menus, Mapping) else ():
        for n, item in enumerate(items):
            scheme = _scheme(item.url)
            if scheme is not None and scheme not in LINK_SCHEMES:
                where = f"{key}.{name}[{n}].url"
                found.append(
                    c.fail(
                        where,
                        f"`{where}` {shown(item.url)} is not a link a reader can follow",
                        "give a path from the site's root (/about/) or an http(s)://, mailto: "
                        "or tel: address",
                    )
                )
    return found


def _scheme(link: str) -> str | None:
    """``https`` of ``https://cdn.example/logo.svg`` (``//cdn.example/…`` is ``https`` too), or
    None for a path; read as a browser does (spaces and controls around it, tabs and line
    breaks within it, ignored)."""
    link = re.sub(r"[\t\n\r]", "", link).strip(_C0_AND_SPACE)
    if link.startswith("//"):
        return "https"
    found = re.match(r"^([a-z][a-z0-9+.-]*):", link, re.IGNORECASE)
    return found.group(1).lower() if found else None


def measure_logo(
    c: Checker, root: Path, logo: str
) -> tuple[tuple[int, int] | None, list[Diagnostic]]:
    """The size the header's ``<img>`` of the logo is laid out at (None for a logo given as a
    URL, which the build cannot read), or the problem: the logo is a file of ``static/`` that
    must exist and be a picture."""
    hint = f"put the logo in {STATIC_DIR}/ and give its path from there, such as /images/logo.svg"
    scheme = _scheme(logo.strip())
    if not logo.strip() or scheme in ("http", "https"):
        return None, []
    if scheme is not None:
        return None, [
            c.fail("logo", f"the logo {shown(logo)} is neither a file nor a web address", hint)
        ]
    try:
        path = normal_path(unquote(logo.strip().split("?")[0].split("#")[0]))
    except PathError as exc:
        return None, [c.fail("logo", f"the logo {shown(logo)} {exc}", hint)]
    file = root / STATIC_DIR / path
    if not path or path.endswith("/") or not file.is_file():
        return None, [
            c.fail(
                "logo", f"the logo {shown(logo)} does not exist: no file {STATIC_DIR}/{path}", hint
            )
        ]
    try:
        size = picture_size(file.read_bytes(), svg=file.suffix.lower() == ".svg")
    except ImageError as exc:
        problem = (
            exc.message
            if "no width and height" in exc.message
            else f"cannot be read: it {exc.message}"
        )
        return None, [c.fail("logo", f"the logo {STATIC_DIR}/{path} {problem}", exc.hint)]
    except OSError as exc:
        return None, [
            c.fail("logo", f"the logo {STATIC_DIR}/{path} cannot be read: {exc.strerror}", hint)
        ]
    return size, []
