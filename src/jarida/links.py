"""Links between the site's own pages, checked and resolved.

A Markdown link to another source file (``[التفاصيل](../2025/budget.md)``) becomes a link to that
article's URL, so writers link files and never hard-code URLs. A link or image inside the site
that leads nowhere is a problem at its line (an error for a picture, or a relative reference;
a warning for a link from the site's root); a front-matter ``image`` that does not exist is an
error. References to the files of page bundles are resolved before (:mod:`jarida.bundles`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from html import escape
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from jarida.errors import Diagnostic, error, warning
from jarida.layout import CONTENT_DIR
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


def relative_target(target: str) -> str | None:
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


def _bundle_hint(doc: Article, beside: str) -> str:
    """How to publish ``beside``, a file of ``content/`` that no published bundle holds."""
    folder, _, name = doc.id.rpartition("/")
    if name == "index.md" and folder:  # a bundle: the file is not in it, or its name is refused
        return f"put the file in the bundle, {CONTENT_DIR}/{folder}/, or check its name"
    bundle = posixpath.join(folder, PurePosixPath(name).stem, "index.md")
    return (
        f"make the article a page bundle: move {doc.path} to {CONTENT_DIR}/{bundle} and "
        f"{CONTENT_DIR}/{beside} beside it (its files are published with it); or put the file "
        f"under static/ and link it from the site's root"
    )


def _relative_problem(
    doc: Article, target: str, line: int, path: str, files: frozenset[str]
) -> Diagnostic:
    """The problem of a link or image at the relative ``path`` that no output is at: an error,
    but a warning when it leads out of the site (to another site on the same host)."""
    beside = posixpath.normpath(posixpath.join(posixpath.dirname(doc.id), path))
    lands = _from_page(doc.site_dir, path)
    if beside in files:
        why = f"{CONTENT_DIR}/{beside} is not published (it is in no published page bundle)"
        hint = _bundle_hint(doc, beside)
    elif lands.startswith(".."):
        why, hint = "it leads out of the site", "check the path, relative to this file"
        return warning(doc.path, f"link to {target}: {why}", line=line, hint=hint)
    else:
        why = f"no such file (from the page /{doc.site_dir} it leads to /{lands})"
        hint = (
            _bundle_hint(doc, beside)
            if doc.id.endswith("/index.md")
            else "put the file beside the article in its page bundle, or under static/ and "
            "link it from the site's root, e.g. /images/a.png"
        )
    return error(doc.path, f"link to {target}: {why}", line=line, hint=hint)


def _root_problem(doc: Article, target: str, line: int, tag: str) -> Diagnostic:
    """The problem of a link or image from the site's root that no output is at: an error for
    an image (the page would show a broken picture), a warning for a link."""
    if tag == "img":
        return error(
            doc.path,
            f"image {target}: no file of the site is there",
            line=line,
            hint="a path from the site's root is a file of static/ (/images/a.png is "
            "static/images/a.png); or put the picture in the article's page bundle",
        )
    return warning(
        doc.path,
        f"link to {target}: no page or file of the site is there",
        line=line,
        hint="link articles by their .md file, e.g. ../2025/x.md",
    )


def _image_problem(doc: Article, base_path: str, outputs: set[str]) -> Diagnostic | None:
    """An error when the front-matter ``image`` is a file of the site that no output is."""
    image = doc.image
    if not image or _SCHEME.match(image) or image.startswith("//"):
        return None
    if not image.startswith("/"):  # relative, and no file of a published bundle
        return error(
            doc.path,
            f"`image` {image} is not a file of this article's page bundle",
            line=doc.image_line,
            hint=_bundle_hint(doc, posixpath.join(posixpath.dirname(doc.id), image))
            + " (e.g. /images/a.jpg)",
        )
    path = _output_path(image, base_path)
    if path is None or path in outputs:
        return None
    return error(
        doc.path,
        f"`image` {image} does not exist",
        line=doc.image_line,
        hint="put the file under static/, or in the article's page bundle",
    )


def check_site_links(
    documents: Sequence[Article],
    outputs: set[str],
    base_path: str,
    files: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Problems of links and images to paths of the site that no page or file has, written
    from the site's root (``/images/a.png``) or relative to the page (``a.png``), and of a
    front-matter ``image`` that does not exist; ``files`` are the files of ``content/`` besides
    the sources (named when a link meant one). A picture that would show broken is an error."""
    problems: list[Diagnostic] = []
    for doc in documents:
        for target, line, tag in doc.links:
            path = _output_path(site_link(base_path, target), base_path)
            if path is not None and _missing(path, outputs):
                problems.append(_root_problem(doc, target, line, tag))
            elif (relative := relative_target(target)) and _missing(
                _from_page(doc.site_dir, relative), outputs
            ):
                problems.append(_relative_problem(doc, target, line, relative, files))
        if (problem := _image_problem(doc, base_path, outputs)) is not None:
            problems.append(problem)
    return problems
