"""Where each page of the old site goes in the Jarida site: its file, its slug, its new URL, and
its old URL as an alias when the two differ (Jarida writes a redirect page at every alias).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import quote

from jarida.i18n.arabic import SLUG_BYTES, make_slug
from jarida.importer.oldurls import UrlFacts, old_url
from jarida.importer.ssgconfig import SourceConfig
from jarida.importer.ssgdocs import SourceDoc, value_of
from jarida.importer.ssgfront import Moment, names
from jarida.layout import NAME_BYTES
from jarida.urlpath import PathError, normal_path, url_path

PAGES_DIR = "content/pages"
MAX_STEM_BYTES = 120
MAX_ALIASES = 100
_UNSAFE = re.compile(r"[/\\\x00-\x1f\x7f-\x9f\ufffe\uffff?#%<>\"|*:]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """What placing needs of the Jarida site being written."""

    permalink: str
    tz_name: str
    slugs: str
    #: First path segments the site's own pages take (taxonomies, ``page``, ``search``…).
    reserved: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    doc: SourceDoc
    #: The Markdown file written, under the site (``content/2020/x.md``).
    path: str
    slug: str
    moment: Moment
    old: str
    new: str
    aliases: tuple[str, ...]
    notes: tuple[str, ...] = ()
    #: What links it to its translations (``translationKey``, or its path), when it has some.
    translation_key: str = ""
    #: The language's folder its old URL is under (``en-us`` of ``/en-us/posts/x/``), or "".
    old_prefix: str = ""


def cut(text: str, limit: int) -> str:
    data = text.encode()
    return text if len(data) <= limit else data[:limit].decode(errors="ignore").rstrip("-")


def safe_name(text: str, limit: int = MAX_STEM_BYTES) -> str:
    """A file or slug name from ``text``: NFC, no characters a path or URL cannot hold."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("-", text).replace("..", "-").strip(" .-")
    return cut(re.sub(r"-{2,}", "-", text), limit)


def url_of(out_dir: str) -> str:
    """The link to an output folder from the site's root, percent-encoded as Jarida writes it."""
    return "/" + quote(out_dir, safe="/")


@dataclass(slots=True)
class Placer:
    config: SourceConfig
    site: Site
    #: Files and output folders taken so far (by this run).
    files: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)

    def edition(self, sd: SourceDoc) -> str:
        """The Jarida edition of a page (``content/<code>/``, ``/<code>/``): "" for the default
        language's."""
        return self.config.edition_of(sd.language)

    def facts(self, sd: SourceDoc, moment: Moment) -> UrlFacts:
        data = sd.doc.data
        own = (
            value_of(data, "url") if self.config.dialect == "hugo" else value_of(data, "permalink")
        )
        slug = value_of(data, "slug")
        title = value_of(data, "title")
        categories = tuple(sd.categories)
        if self.config.dialect == "jekyll":
            categories += tuple(names(value_of(data, "categories", "category"), split_spaces=True))
        return UrlFacts(
            kind=sd.kind,
            date=moment.at,
            stem=sd.stem,
            basename=sd.basename,
            folder=sd.folder,
            title=str(title) if isinstance(title, str | int | float) else sd.stem,
            slug=str(slug) if isinstance(slug, str | int) and str(slug).strip() else None,
            categories=categories,
            section=sd.section,
            own=str(own) if isinstance(own, str) and own.strip() else None,
        )

    def _file(self, folder: str, stem: str, bundle: bool) -> str:
        base = safe_name(stem) or "page"
        for n in range(1, 1000):
            name = base if n == 1 else f"{base}-{n}"
            path = f"{folder}/{name}/index.md" if bundle else f"{folder}/{name}.md"
            if path.lower() not in self.files and f"{folder}/{name}".lower() not in self.files:
                self.files.add(path.lower())
                self.files.add(f"{folder}/{name}".lower())
                return path
        raise ValueError(stem)  # a thousand files of one name: never in practice

    def _wanted_slug(self, old: str, facts: UrlFacts) -> str:
        """The slug that gives back the old URL's last part (``/p/<slug>/``), else the file's."""
        last = PurePosixPath(old.rstrip("/") or "/").name
        last = re.sub(r"\.html?$", "", last)
        return safe_name(last, SLUG_BYTES) or safe_name(facts.slug or facts.stem, SLUG_BYTES)

    def _new_dir(self, sd: SourceDoc, slug: str, moment: Moment) -> str:
        if sd.kind != "post" or sd.as_page:
            return normal_path(slug + "/")
        local = moment.at
        path = self.site.permalink.format(
            year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug
        )
        return normal_path(path + "/")

    def place(self, sd: SourceDoc, moment: Moment, aliases: Iterable[str]) -> Place:
        from zoneinfo import ZoneInfo

        facts = self.facts(sd, moment)
        old = old_url(self.config, facts)
        edition = self.edition(sd)
        # The other languages are at /<code>/ (Hugo: but a page's own `url`), and so is the
        # default one with Hugo's `defaultContentLanguageInSubdir` (Jarida's is at /).
        code = sd.language if edition else ""
        code = code or (self.config.default_language if self.config.default_in_subdir else "")
        if code and (facts.own is None or self.config.dialect == "jekyll"):
            old = f"/{code}/{old.lstrip('/')}"
        prefix = f"{edition}/" if edition else ""
        local = Moment(
            at=moment.at.astimezone(ZoneInfo(self.site.tz_name)), day_only=moment.day_only
        )
        slug = self._wanted_slug(old, facts) or make_slug(facts.title, self.site.slugs) or "page"
        out_dir = self._new_dir(sd, slug, local)
        n = 1
        while prefix + out_dir in self.urls or out_dir.split("/")[0] in self.site.reserved:
            n += 1
            out_dir = self._new_dir(sd, f"{cut(slug, SLUG_BYTES - 4)}-{n}", local)
        if n > 1:
            slug = f"{cut(slug, SLUG_BYTES - 4)}-{n}"
        out_dir = prefix + out_dir
        self.urls.add(out_dir)
        page = sd.kind != "post" or sd.as_page
        folder = PAGES_DIR if page else f"content/{local.at.year:04d}"
        if edition:
            folder = f"content/{edition}/" + folder.removeprefix("content/")
        stem = slug if page else sd.stem
        path = self._file(folder, stem, bool(sd.resources))
        new = "/" + out_dir
        kept, notes = _aliases([old, *aliases], new, sd.rel)
        return Place(
            doc=sd,
            path=path,
            slug=slug,
            moment=moment,
            old=old,
            new=url_of(out_dir),
            aliases=kept,
            notes=tuple(notes),
            old_prefix=code if old.startswith(f"/{code}/") else "",
        )


def _aliases(candidates: Iterable[str], new: str, rel: str) -> tuple[tuple[str, ...], list[str]]:
    kept: list[str] = []
    notes: list[str] = []
    for alias in candidates:
        try:
            path = url_path(alias if alias.startswith("/") else "/" + alias)
        except PathError as exc:
            notes.append(f"{rel}: no alias for {alias[:100]!r}: it {exc}")
            continue
        if path in ("/", new) or path in kept:
            continue
        if any(len(part.encode()) > NAME_BYTES for part in path.split("/")):
            notes.append(f"{rel}: no alias for {alias[:100]!r}: a part is too long for a file")
            continue
        kept.append(path)
    if len(kept) > MAX_ALIASES:
        notes.append(f"{rel}: only the first {MAX_ALIASES} old URLs kept as aliases")
    return tuple(kept[:MAX_ALIASES]), notes
