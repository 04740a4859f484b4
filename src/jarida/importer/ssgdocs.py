"""What a Jekyll or Hugo site holds, sorted into what Jarida makes of it: posts, pages, term
pages, static files (and bundle resources), and what is left out with the reason.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from jarida.errors import Diagnostic
from jarida.importer.hugolanguages import Located, Locator
from jarida.importer.ssgconfig import HUGO_CONFIGS, JEKYLL_CONFIGS, SourceConfig
from jarida.importer.ssgfiles import (
    MARKDOWN,
    Document,
    SourceFile,
    has_front_matter,
    read_document,
    read_text,
    walk,
)

JEKYLL_POST = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
_JEKYLL_EXCLUDED = (
    "Gemfile",
    "Gemfile.lock",
    "gemfiles",
    "node_modules",
    "vendor",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "CNAME",
    "LICENSE",
    "README.md",
    "README",
)
CONFIGS = frozenset({*HUGO_CONFIGS, "config"})
HUGO_POST_SECTIONS = ("posts", "post", "blog", "news", "articles", "akhbar")


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceDoc:
    """A source page with front matter, and what it becomes."""

    doc: Document
    #: ``post``, ``page``, ``doc`` (a Jekyll collection's document) or ``term``.
    kind: str
    #: The name without extension (without the date of a Jekyll post; a bundle's folder name).
    stem: str
    basename: str
    folder: str
    section: str = ""
    #: Jekyll: the date of the file's name (``YYYY-MM-DD``).
    name_date: tuple[int, int, int] | None = None
    draft_folder: bool = False
    #: A Hugo leaf bundle's other files, with their paths inside the bundle.
    resources: tuple[tuple[str, SourceFile], ...] = ()
    #: For ``term``: the taxonomy and the term's folder name.
    taxonomy: str = ""
    categories: tuple[str, ...] = ()
    #: A post written as a standalone page (``layout: page``): its old URL is a post's.
    as_page: bool = False
    #: Hugo: its language ("" in a site of one language), and its path under its content
    #: folder without the language's suffix (``posts/budget.md``), what links translations.
    language: str = ""
    translation: str = ""

    @property
    def rel(self) -> str:
        return self.doc.file.rel


@dataclass(slots=True)
class Inventory:
    docs: list[SourceDoc] = field(default_factory=list)
    #: Static files: (path under the new site's ``static/``, the file).
    static: list[tuple[str, SourceFile]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _document(file: SourceFile, inventory: Inventory) -> Document | None:
    found = read_document(file, read_text(file))
    if isinstance(found, Diagnostic):
        inventory.problems.append(found)
        inventory.skipped.append(f"{file.rel}: its front matter does not parse (see the error)")
        return None
    return found


def _excluded(rel: str, patterns: Iterable[str]) -> bool:
    top = rel.split("/")[0]
    return any(
        top == p.strip("/")
        or rel == p
        or fnmatch.fnmatch(rel, p)
        or rel.startswith(p.rstrip("/") + "/")
        for p in patterns
    )


def _jekyll_special(file: SourceFile, config: SourceConfig, inventory: Inventory) -> None:
    """A file under a ``_`` folder: a post, a draft, a collection's document, or not content."""
    parts = file.parts
    where = next(i for i, p in enumerate(parts) if p.startswith("_"))
    folder = parts[where]
    suffix = PurePosixPath(file.rel).suffix.lower()
    label = folder[1:]
    if folder not in ("_posts", "_drafts") and label not in config.collections:
        inventory.skipped.append(f"{file.rel}: Jekyll's {folder}/ (templates, data or output)")
        return
    if suffix not in MARKDOWN:
        if label in config.collections or folder == "_posts":
            inventory.static.append((file.rel, file))  # a picture beside the posts
        return
    document = _document(file, inventory)
    if document is None:
        return
    name = PurePosixPath(file.rel).stem
    categories = tuple(p for p in parts[:where])
    inner = "/".join(parts[where + 1 : -1])
    if folder in ("_posts", "_drafts"):
        match = JEKYLL_POST.match(name)
        if folder == "_posts" and not match:
            inventory.skipped.append(f"{file.rel}: not named YYYY-MM-DD-title (Jekyll skips it)")
            return
        date = (int(match[1]), int(match[2]), int(match[3])) if match else None
        inventory.docs.append(
            SourceDoc(
                doc=document,
                kind="post",
                stem=match[4] if match else name,
                basename=name,
                folder=inner,
                name_date=date,
                draft_folder=folder == "_drafts",
                categories=categories,
            )
        )
        return
    settings = config.collections[label]
    if isinstance(settings, Mapping) and settings.get("output") is not True:
        inventory.skipped.append(f"{file.rel}: collection `{label}` has no pages (output: false)")
        return
    inventory.docs.append(
        SourceDoc(doc=document, kind="doc", stem=name, basename=name, folder=inner, section=label)
    )


def _with_defaults(sd: SourceDoc, config: SourceConfig) -> SourceDoc:
    """Jekyll's front-matter ``defaults`` applied (the file's own keys win), and ``layout:
    page`` on a post making it a standalone page."""
    kind = {"post": "posts", "page": "pages"}.get(sd.kind, sd.section)
    data = dict(sd.doc.data)
    for path, scope, values in reversed(config.defaults):
        if (not scope or scope == kind) and (not path or sd.rel.startswith(path.strip("/"))):
            for key, value in values.items():
                data.setdefault(str(key), value)
    as_page = sd.kind == "post" and value_of(data, "layout") == "page"
    return replace(sd, doc=replace(sd.doc, data=MappingProxyType(data)), as_page=as_page)


def jekyll_inventory(src: Path, config: SourceConfig) -> Inventory:
    inventory = _jekyll_files(src, config)
    inventory.docs = [_with_defaults(sd, config) for sd in inventory.docs]
    return inventory


def _jekyll_files(src: Path, config: SourceConfig) -> Inventory:
    inventory = Inventory()
    excluded = (*_JEKYLL_EXCLUDED, *config.exclude, *JEKYLL_CONFIGS)
    for file in walk(src, inventory.skipped):
        parts = file.parts
        if parts[0].startswith(".") or any(p.startswith(".") for p in parts):
            continue
        if _excluded(file.rel, excluded):
            inventory.skipped.append(f"{file.rel}: excluded (Jekyll does not publish it)")
        elif any(p.startswith("_") for p in parts[:-1]):
            _jekyll_special(file, config, inventory)
        elif parts[-1].startswith("_"):
            inventory.skipped.append(f"{file.rel}: a `_` name (Jekyll does not publish it)")
        else:
            _jekyll_file(file, inventory)
    return inventory


def _jekyll_file(file: SourceFile, inventory: Inventory) -> None:
    suffix = PurePosixPath(file.rel).suffix.lower()
    if suffix not in (*MARKDOWN, ".html", ".htm", ".xml", ".txt", ".json", ".css", ".js"):
        inventory.static.append((file.rel, file))
        return
    try:
        head = read_text(file)[:4]
    except OSError:
        head = ""
    if not has_front_matter(head):
        inventory.static.append((file.rel, file))
    elif suffix in MARKDOWN:
        document = _document(file, inventory)
        if document is not None:
            stem = PurePosixPath(file.rel).stem
            folder = posixpath.dirname(file.rel)
            inventory.docs.append(
                SourceDoc(doc=document, kind="page", stem=stem, basename=stem, folder=folder)
            )
    else:
        inventory.skipped.append(
            f"{file.rel}: a template page of the old site (Liquid in {suffix}); Jarida's theme "
            "makes the home page, lists and feeds"
        )


# Hugo ------------------------------------------------------------------------------------------


def _bundles(located: Mapping[str, Located | None]) -> set[tuple[str, str]]:
    """Leaf bundle folders (holding an ``index.md``, or ``index.<lang>.md``) as their content
    folder and their path under it."""
    return {
        (where.folder, posixpath.dirname(where.path))
        for where in located.values()
        if where is not None and PurePosixPath(where.path).name in ("index.md", "index.markdown")
    }


def _owner(path: str, bundles: Iterable[str]) -> str | None:
    folder = posixpath.dirname(path)
    while True:
        if folder in bundles:
            return folder
        if not folder:
            return None
        folder = posixpath.dirname(folder)


def post_sections(config: SourceConfig, sections: Counter[str]) -> tuple[str, ...]:
    """The sections whose pages are posts: ``mainSections``, else the usual names, else the
    largest section."""
    if config.main_sections:
        return config.main_sections
    usual = tuple(s for s in HUGO_POST_SECTIONS if s in sections)
    if usual:
        return usual
    return (sections.most_common(1)[0][0],) if sections else ()


def hugo_inventory(src: Path, config: SourceConfig, taxonomies: Iterable[str]) -> Inventory:
    inventory = Inventory()
    files = list(walk(src, inventory.skipped))
    locator = Locator(config.content_dir, config.languages, config.default_language)
    located = {f.rel: locator.locate(f.rel) for f in files}
    bundles = _bundles(located)
    resources: dict[tuple[str, str], list[tuple[str, SourceFile]]] = {}
    pages: list[tuple[SourceFile, Located]] = []
    others: Counter[str] = Counter()
    for file in files:
        where = located[file.rel]
        if file.rel.startswith("static/"):
            inventory.static.append((file.rel.removeprefix("static/"), file))
            continue
        if where is None:
            others[file.parts[0]] += 1
            continue
        if where.language in locator.disabled:
            inventory.skipped.append(
                f"{file.rel}: in `{where.language}`, a language disabled in the config"
            )
            continue
        if where.language in locator.clashing:
            inventory.skipped.append(
                f"{file.rel}: in `{where.language}`, whose Jarida edition "
                f"`{where.language.split('-')[0]}` is `{locator.clashing[where.language]}`'s "
                "(an edition is a language, not a language and a region): import it on its own"
            )
            continue
        path = where.path
        owner = _owner(path, {b for f, b in bundles if f == where.folder})
        name = PurePosixPath(path).name
        if owner is not None and name not in ("index.md", "index.markdown"):
            if PurePosixPath(name).suffix.lower() in MARKDOWN:
                inventory.skipped.append(f"{file.rel}: Markdown inside a page bundle (a resource)")
            else:
                inner = file.rel[len(where.folder) + len(owner) + 1 :]
                resources.setdefault((where.folder, owner), []).append((inner, file))
        elif PurePosixPath(name).suffix.lower() in MARKDOWN:
            pages.append((file, where))
        elif not name.startswith("."):  # a branch bundle's file, at its old path
            edition = locator.edition(where.language)
            inventory.static.append((f"{edition}/{path}" if edition else path, file))
    inventory.skipped += [
        f"{top}{'/' if top not in CONFIGS else ''}: {n} file{'s' if n > 1 else ''} of Hugo's"
        f" {'settings' if top in CONFIGS else 'templates, assets or data'} (not content)"
        for top, n in sorted(others.items())
        if top not in ("public", "resources", ".hugo_build.lock")
    ]
    sections = Counter(w.path.split("/")[0] for _, w in pages if "/" in w.path)
    posts = post_sections(config, sections)
    known = frozenset(taxonomies)
    for file, where in pages:
        _hugo_page(file, where, posts, known, resources, inventory)
    if not config.languages:
        inventory.docs[:] = [replace(d, language="") for d in inventory.docs]
    return inventory


def _hugo_page(
    file: SourceFile,
    where: Located,
    posts: tuple[str, ...],
    taxonomies: frozenset[str],
    resources: Mapping[tuple[str, str], list[tuple[str, SourceFile]]],
    inventory: Inventory,
) -> None:
    path = where.path
    parts = PurePosixPath(path).parts
    name = PurePosixPath(path).stem
    if name == "_index":
        if len(parts) == 3 and parts[0] in taxonomies:
            document = _document(file, inventory)
            if document is not None:
                inventory.docs.append(
                    SourceDoc(
                        doc=document,
                        kind="term",
                        stem=parts[1],
                        basename=name,
                        folder=parts[0],
                        taxonomy=parts[0],
                        language=where.language,
                    )
                )
            return
        inventory.skipped.append(
            f"{file.rel}: a list page (Jarida makes the home page, categories and term lists)"
        )
        return
    bundle = name == "index"
    folder = "/".join(parts[:-2] if bundle else parts[:-1])
    stem = parts[-2] if bundle else name
    if not stem or (bundle and len(parts) < 2):
        inventory.skipped.append(f"{file.rel}: the site's home page (Jarida's theme makes it)")
        return
    document = _document(file, inventory)
    if document is None:
        return
    section = parts[0] if len(parts) > (2 if bundle else 1) else ""
    kind = "post" if section and section in posts else "page"
    as_page = kind == "post" and value_of(document.data, "layout") == "page"
    own = (
        tuple(sorted(resources.get((where.folder, posixpath.dirname(path)), []))) if bundle else ()
    )
    inventory.docs.append(
        SourceDoc(
            doc=document,
            kind=kind,
            stem=stem,
            basename=stem,
            folder=folder,
            section=section,
            resources=own,
            as_page=as_page,
            language=where.language,
            translation=path,
        )
    )


def value_of(data: Mapping[str, Any], *keys: str) -> Any:
    """The first of ``keys`` (any case) that ``data`` has."""
    lowered = {str(k).lower(): v for k, v in data.items()}
    return next((lowered[k] for k in keys if lowered.get(k) is not None), None)
