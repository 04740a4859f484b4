"""``jarida import jekyll|hugo``: a Jekyll or Hugo site into a Jarida site, with a report.

Posts become articles, pages pages, Hugo's ``content/<taxonomy>/<term>/_index.md`` term files;
static files and page bundles' files are copied. Every old URL keeps answering: the site's
``permalink`` is the old pattern where Jarida can write it, and an article whose new URL still
differs gets its old one as an alias. Files that exist are left alone unless ``force``, so a
later import adds only what is new. The report is also written to ``<dialect>-import/report.json``.
"""

from __future__ import annotations

import shutil
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from jarida.config import Config, load_config
from jarida.errors import error
from jarida.importer.hugolanguages import stated_language, translation_keys
from jarida.importer.mapping import front_matter_text
from jarida.importer.ssgbody import translate_body
from jarida.importer.ssgconfig import (
    BUILT_IN,
    HUGO_CONFIGS,
    JEKYLL_CONFIGS,
    Dialect,
    SourceConfig,
    find_dialect,
    read_hugo,
    read_jekyll,
)
from jarida.importer.ssgdocs import Inventory, SourceDoc, hugo_inventory, jekyll_inventory, value_of
from jarida.importer.ssgfront import (
    UPDATED_KEYS,
    extra_keys,
    image_texts,
    is_draft,
    lead_image,
    names,
    parse_moment,
    summary_text,
    the_date,
)
from jarida.importer.ssgplace import Place, Placer, Site, safe_name
from jarida.importer.ssgreport import ImportedSite, Records, site_config, site_languages
from jarida.importer.wordpress import ImportFailed, write_file
from jarida.importer.wplanguages import KEY_CHARS
from jarida.layout import CONFIG_FILE, CONTENT_DIR
from jarida.taxonomyconfig import OWN_SEGMENTS


@dataclass(frozen=True, slots=True, kw_only=True)
class SsgOptions:
    dialect: Dialect
    src: Path
    site: Path
    force: bool = False


class NewUrls:
    """The translator's view of the new site: old names and paths → new URLs."""

    def __init__(self, places: Iterable[Place], config: SourceConfig) -> None:
        self.posts: dict[str, str] = {}
        self.pages: dict[str, str] = {}
        prefix = config.content_dir + "/" if config.dialect == "hugo" else ""
        for place in places:
            sd = place.doc
            self.posts.setdefault(sd.basename, place.new)
            rel = sd.rel
            for key in (rel, rel.removeprefix(prefix)):
                stem = str(PurePosixPath(key).with_suffix("")).removesuffix("/index")
                for name in (key, stem, PurePosixPath(key).name, PurePosixPath(stem).name):
                    if "/" in name or PurePosixPath(name).stem not in ("index", ""):
                        self.pages.setdefault(name.strip("/").lower(), place.new)

    def post(self, name: str) -> str | None:
        return self.posts.get(unicodedata.normalize("NFC", PurePosixPath(name.strip()).name))

    def page(self, path: str) -> str | None:
        key = unicodedata.normalize("NFC", unquote(path.strip().split("#")[0])).strip("/").lower()
        return self.pages.get(key) or self.pages.get(str(PurePosixPath(key).with_suffix("")))

    def asset(self, path: str) -> str:
        return path


def _check_folders(options: SsgOptions) -> None:
    src, site = options.src, options.site
    shown = src.as_posix()
    if not src.is_dir():
        raise ImportFailed([error(shown, "no such folder", hint="give the old site's folder")])
    found = find_dialect(src)
    wanted = JEKYLL_CONFIGS[0] if options.dialect == "jekyll" else " or ".join(HUGO_CONFIGS[:2])
    if found != options.dialect:
        raise ImportFailed(
            [
                error(
                    shown,
                    f"not a {options.dialect.capitalize()} site: no {wanted} in it"
                    + (f" (it looks like a {found.capitalize()} site)" if found else ""),
                    hint=f"give the folder that holds the site's {wanted}"
                    + (f", or run `jarida import {found}`" if found else ""),
                )
            ]
        )
    real_src, real_site = src.resolve(), site.resolve()
    if real_site == real_src or real_src in real_site.parents:
        raise ImportFailed(
            [
                error(
                    site.as_posix(),
                    "the new site would be inside the old one",
                    hint="give a folder outside it",
                )
            ]
        )
    if site.exists() and not site.is_dir():
        raise ImportFailed([error(site.as_posix(), "not a folder")])
    ours = (site / CONFIG_FILE).is_file() or (site / CONTENT_DIR).is_dir()
    if site.is_dir() and not ours and any(site.iterdir()):
        raise ImportFailed(
            [
                error(
                    site.as_posix(),
                    "this folder is not empty and is not a Jarida site (no jarida.yaml)",
                    hint="give a new or empty folder, or a Jarida site to add the import to",
                )
            ]
        )


class _Run:
    def __init__(self, options: SsgOptions, source: SourceConfig, config: Config) -> None:
        self.options, self.source, self.config = options, source, config
        self.records = Records(dialect=options.dialect, default_language=source.default_language)
        self.taxonomies = frozenset(BUILT_IN | set(config.taxonomies) | set(source.taxonomies))

    def shown(self, rel: str) -> str:
        return (self.options.src / rel).as_posix()

    def _write(self, path: str, text: str) -> bool:
        target = self.options.site / path
        if target.exists() and not self.options.force:
            self.records.existing.append(path)
            return False
        write_file(target, text)
        return True

    def copy(self, path: str, source: Path) -> bool:
        target = self.options.site / path
        if target.exists() and not self.options.force:
            if target.is_file() and target.read_bytes() == source.read_bytes():
                return False
            self.records.existing.append(path)
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, temporary)
        temporary.replace(target)
        return True

    def body(self, sd: SourceDoc, links: NewUrls) -> str:
        text, notes = translate_body(
            sd.doc.body,
            self.options.dialect,
            source=self.shown(sd.rel),
            links=links,
            first_line=sd.doc.body_line,
        )
        self.records.translation += notes
        return text.strip("\n") + "\n" if text.strip() else ""

    def front(self, place: Place, notes: list[str]) -> dict[str, Any]:
        sd, data = place.doc, place.doc.doc.data
        title = value_of(data, "title")
        if not isinstance(title, str | int | float) or not str(title).strip():
            title = sd.stem.replace("-", " ").strip() or sd.stem
            notes.append(f"{sd.rel}: no title; {title!r} was made from the file's name")
        front: dict[str, Any] = {"title": str(title).strip()}
        has_date = any(value_of(data, k) is not None for k in ("date", "publishdate", "pubdate"))
        if sd.kind == "post" or has_date or sd.name_date:
            m = place.moment
            front["date"] = m.at.date() if m.day_only else m.at
        updated = value_of(data, *UPDATED_KEYS)
        moment = (
            parse_moment(updated, place.moment.at.tzinfo or self.config.tz) if updated else None
        )
        if moment is not None and moment.at > place.moment.at:
            front["updated"] = moment.at.date() if moment.day_only else moment.at
        front["slug"] = place.slug
        if place.translation_key:
            front["translation_key"] = place.translation_key
        if is_draft(sd):
            front["draft"] = True
        if (summary := summary_text(data)) is not None:
            front["summary"] = summary
        if (image := lead_image(data)) is not None:
            front["image"] = image
            front |= image_texts(data)
        front |= self.terms(sd, data)
        if place.aliases:
            front["aliases"] = list(place.aliases)
        kept, dropped = extra_keys(data, self.taxonomies, sd.rel)
        notes += dropped
        return front | {k: v for k, v in kept.items() if k not in front}

    def terms(self, sd: SourceDoc, data: Mapping[str, Any]) -> dict[str, Any]:
        jekyll = self.options.dialect == "jekyll"
        found: dict[str, Any] = {}
        categories = [
            *sd.categories,
            *names(value_of(data, "categories", "category"), split_spaces=jekyll),
        ]
        pairs = [
            ("categories", list(dict.fromkeys(categories))),
            ("tags", names(value_of(data, "tags", "tag"), split_spaces=jekyll)),
            *(
                (t, names(value_of(data, t), split_spaces=False))
                for t in sorted(self.taxonomies - BUILT_IN)
            ),
            ("authors", names(value_of(data, "authors", "author"), split_spaces=False)),
        ]
        for key, values in pairs:
            if values:
                found[key] = values[:100]
        return found

    def document(self, place: Place, links: NewUrls) -> None:
        notes = list(place.notes)
        front = self.front(place, notes)
        self.records.notes += notes
        written = self._write(place.path, front_matter_text(front, self.body(place.doc, links)))
        self.records.placed(place, written, draft="draft" in front)
        folder = PurePosixPath(place.path).parent.as_posix()
        for inner, file in place.doc.resources:
            self.records.resources += self.copy(f"{folder}/{inner}", file.path)

    def term(self, sd: SourceDoc, links: NewUrls) -> None:
        name = safe_name(sd.stem)
        data = sd.doc.data
        front: dict[str, Any] = {}
        for key, value in (("title", value_of(data, "title")), ("description", summary_text(data))):
            if isinstance(value, str) and value.strip():
                front[key] = value.strip()
        if (image := lead_image(data)) is not None:
            front["image"] = image
        edition = self.source.edition_of(sd.language)
        path = f"{CONTENT_DIR}/{edition + '/' if edition else ''}{sd.taxonomy}/{name}.md"
        if self._write(path, front_matter_text(front, self.body(sd, links))):
            self.records.terms.append(path)


def _places(run: _Run, inventory: Inventory) -> list[Place]:
    reserved = OWN_SEGMENTS | run.taxonomies
    site = Site(
        permalink=run.config.permalink,
        tz_name=run.config.timezone,
        slugs=run.config.slugs,
        reserved=frozenset(reserved),
    )
    placer = Placer(run.source, site)
    places = []
    ordered = sorted(inventory.docs, key=lambda d: (d.kind != "post", d.rel))
    docs = [d for d in ordered if d.kind != "term"]
    if run.source.dialect == "jekyll" and run.source.languages:
        codes, default = [lang.code for lang in run.source.languages], run.source.default_language
        docs = [replace(d, language=stated_language(d.doc.data, codes, default)) for d in docs]
    keys = translation_keys(
        (d.language, _text(value_of(d.doc.data, "translationkey")), d.translation) for d in docs
    )
    for n, sd in enumerate(docs):
        notes: list[str] = []
        moment = the_date(sd, run.config.tz if not run.source.timezone else _tz(run), notes)
        run.records.notes += notes
        aliases = names(value_of(sd.doc.data, "aliases", "redirect_from"), split_spaces=False)
        places.append(replace(placer.place(sd, moment, aliases), translation_key=keys.get(n, "")))
    if run.source.dialect == "jekyll":  # jekyll-polyglot: translations share their URL
        keys = translation_keys((p.doc.language, "", _unprefixed(p)) for p in places)
        places = [replace(p, translation_key=keys.get(n, "")) for n, p in enumerate(places)]
    return places


def _unprefixed(place: Place) -> str:
    """A page's old URL without its language's prefix: ``2024/03/budget``."""
    old = place.old.strip("/")
    return old.removeprefix(f"{place.old_prefix}/") if place.old_prefix else old


def _text(value: Any) -> str:
    return str(value).strip()[:KEY_CHARS] if isinstance(value, str | int) else ""


def _tz(run: _Run) -> Any:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(run.source.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return run.config.tz


def import_site(options: SsgOptions) -> ImportedSite:
    """Import ``options.src`` into ``options.site``; :class:`ImportFailed` before writing anything
    when the folders are not what they should be."""
    started = time.perf_counter()
    _check_folders(options)
    reader = read_jekyll if options.dialect == "jekyll" else read_hugo
    source, problems = reader(options.src)
    if problems:
        raise ImportFailed([replace(p, path=(options.src / p.path).as_posix()) for p in problems])
    if options.dialect == "jekyll":
        inventory = jekyll_inventory(options.src, source)
    else:
        inventory = hugo_inventory(options.src, source, BUILT_IN | set(source.taxonomies))
    options.site.mkdir(parents=True, exist_ok=True)
    post_sections = tuple(d.section for d in inventory.docs if d.kind == "post")
    written = site_config(options.site, source, post_sections)
    run = _Run(options, source, load_config(options.site))
    run.records.notes += site_languages(options.site, source, written=written)
    run.records.problems += [replace(p, path=run.shown(p.path)) for p in inventory.problems]
    run.records.skipped += inventory.skipped
    places = _places(run, inventory)
    links = NewUrls(places, source)
    for place in places:
        run.document(place, links)
    for sd in inventory.docs:
        if sd.kind == "term":
            run.term(sd, links)
    for path, file in inventory.static:
        run.records.static += run.copy(f"static/{path}", file.path)
    run.records.write(options.site)
    return run.records.report(config_written=written, seconds=time.perf_counter() - started)
