"""Links between the site's own pages, checked and resolved.

A Markdown link to another source file (``[التفاصيل](../2025/budget.md)``) becomes a link to that
article's URL, so writers link files and never hard-code URLs. A link or image inside the site
that leads nowhere is a warning at its line; a front-matter ``image`` that does not exist is an
error.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from html import escape
from urllib.parse import unquote, urlsplit

from jarida.errors import Diagnostic, error, warning
from jarida.model import Article
from jarida.urlpath import site_link

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _is_source_link(target: str) -> bool:
    path = urlsplit(target).path
    return not _SCHEME.match(target) and not target.startswith(("/", "#")) and path.endswith(".md")


def resolve_source_links(
    documents: Sequence[Article], unpublished: Iterable[str] = ()
) -> tuple[list[Article], list[Diagnostic]]:
    """Links to ``.md`` sources replaced by their pages' URLs; a warning for each one missing."""
    url_of = {d.id: d.url for d in documents}
    hidden = set(unpublished)
    problems: list[Diagnostic] = []
    out: list[Article] = []
    for doc in documents:
        rewrites: list[tuple[str, str]] = []
        for target, line, _ in doc.links:
            if not _is_source_link(target):
                continue
            parts = urlsplit(target)
            wanted = posixpath.normpath(
                posixpath.join(posixpath.dirname(doc.id), unquote(parts.path))
            )
            if wanted in url_of:
                url = url_of[wanted] + (f"#{parts.fragment}" if parts.fragment else "")
                rewrites.append((f'href="{escape(target)}"', f'href="{escape(url)}"'))
            else:
                why = (
                    "an article that is not published or has errors"
                    if wanted in hidden
                    else "no such file"
                )
                problems.append(
                    warning(
                        doc.path,
                        f"link to {target}: {why} under content/",
                        line=line,
                        hint="check the path, relative to this file",
                    )
                )
        body = replace(doc.body, rewrites=(*doc.body.rewrites, *rewrites))
        out.append(replace(doc, body=body) if rewrites else doc)
    return out, problems


def _output_path(target: str, base_path: str) -> str | None:
    """The output file a root-relative link points at, or None for links outside the site."""
    if not target.startswith("/") or target.startswith("//"):
        return None
    path = unquote(urlsplit(target).path)
    if not path.startswith(base_path):
        return None
    path = path[len(base_path) :]
    return path + "index.html" if path.endswith("/") or not path else path


def _relative_path(target: str) -> str | None:
    """The path of a link relative to its page (``photo.png``, ``../files/a.pdf``), or None
    for a URL, a root-relative path, an anchor or a ``.md`` source (resolved on their own)."""
    if _SCHEME.match(target) or target.startswith(("/", "#", "?")) or _is_source_link(target):
        return None
    return unquote(urlsplit(target).path) or None


def _from_page(out_dir: str, path: str) -> str:
    """Where a relative ``path`` leads from the page in ``out_dir``: a path under the site's
    root, or one starting with ``..`` when it leads out of the site."""
    joined = posixpath.normpath(posixpath.join(out_dir, path))
    return joined + "/" if path.endswith("/") and joined != "." else joined


def _missing(path: str, outputs: set[str]) -> bool:
    path = path.rstrip("/")
    return path not in outputs and f"{path}/index.html" not in outputs


def _relative_problem(
    doc: Article, target: str, line: int, path: str, files: frozenset[str]
) -> Diagnostic:
    """The warning for a link or image at the relative ``path`` that no output is at."""
    beside = posixpath.normpath(posixpath.join(posixpath.dirname(doc.id), path))
    lands = _from_page(doc.out_dir, path)
    if beside in files:
        why = (
            f"content/{beside} is not published "
            "(Jarida publishes the Markdown of content/, not the files beside it)"
        )
        hint = f"move the file to static/{beside} and link it from the site's root: /{beside}"
    elif lands.startswith(".."):
        why, hint = "it leads out of the site", "check the path, relative to this file"
    else:
        why = f"no such file (from the page /{doc.out_dir} it leads to /{lands})"
        hint = "put the file under static/ and link it from the site's root, e.g. /images/a.png"
    return warning(doc.path, f"link to {target}: {why}", line=line, hint=hint)


def check_site_links(
    documents: Sequence[Article],
    outputs: set[str],
    base_path: str,
    files: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Warnings for links and images to paths of the site that no page or static file has,
    written from the site's root (``/images/a.png``) or relative to the page (``a.png``);
    ``files`` are the files of ``content/`` besides the sources (named when a link meant one)."""
    problems: list[Diagnostic] = []
    for doc in documents:
        for target, line, _ in doc.links:
            path = _output_path(site_link(base_path, target), base_path)
            if path is not None and _missing(path, outputs):
                problems.append(
                    warning(
                        doc.path,
                        f"link to {target}: no page or file of the site is there",
                        line=line,
                        hint="link articles by their .md file, e.g. ../2025/x.md",
                    )
                )
            elif (relative := _relative_path(target)) and _missing(
                _from_page(doc.out_dir, relative), outputs
            ):
                problems.append(_relative_problem(doc, target, line, relative, files))
        image = doc.image and _output_path(doc.image, base_path)
        if image and image not in outputs:
            problems.append(
                error(
                    doc.path,
                    f"`image` {doc.image} does not exist",
                    line=doc.image_line,
                    hint="put the file under static/",
                )
            )
    return problems
