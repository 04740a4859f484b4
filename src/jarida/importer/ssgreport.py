"""What ``jarida import jekyll|hugo`` reports (printed, and as ``<dialect>-import/report.json``),
and the ``jarida.yaml`` it writes from the old site's settings when the site has none.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

import yaml

from jarida.config import parse_config
from jarida.configcheck import Checker
from jarida.errors import BuildFailed, Diagnostic
from jarida.importer.oldurls import jarida_permalink
from jarida.importer.ssgconfig import SourceConfig
from jarida.importer.ssgplace import Place
from jarida.importer.wordpress import write_file
from jarida.importer.wplanguages import languages_summary
from jarida.layout import CONFIG_FILE
from jarida.urlpath import base_url_problem


def report_file(dialect: str) -> str:
    return f"{dialect}-import/report.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class MovedUrl:
    source: str
    path: str
    old: str
    new: str
    #: Whether the old URL is an alias (a redirect page) rather than the page itself.
    redirect: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedSite:
    dialect: str
    posts: int
    pages: int
    terms: tuple[str, ...]
    drafts: tuple[str, ...]
    static: int
    resources: int
    urls: tuple[MovedUrl, ...]
    existing: tuple[str, ...]
    skipped: tuple[str, ...]
    notes: tuple[str, ...]
    #: What the translator left or changed, at its file and line.
    translation: tuple[Diagnostic, ...]
    problems: tuple[Diagnostic, ...]
    config_written: bool
    seconds: float
    #: Posts and pages imported per language (empty for a site in one language).
    languages: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    default_language: str = ""

    def summary(self, shown: int = 10) -> list[str]:
        redirects = sum(u.redirect for u in self.urls)
        lines = [
            f"Imported {self.posts} posts, {self.pages} pages and {len(self.terms)} term pages"
            f" ({len(self.drafts)} as drafts) from the {self.dialect.capitalize()} site"
            f" in {self.seconds:.2f} s.",
            f"Old URLs: {len(self.urls)}, {len(self.urls) - redirects} as they were and"
            f" {redirects} as redirects to the new ones (all in {report_file(self.dialect)}).",
            f"Files copied: {self.static} static, {self.resources} of page bundles.",
        ]
        if self.languages:
            lines.append(languages_summary(self.languages, self.default_language) + ".")
        lines += _listed(self.dialect, "Drafts", list(self.drafts), shown)
        lines += _listed(self.dialect, f"Skipped {len(self.skipped)}", list(self.skipped), shown)
        lines += _listed(
            self.dialect,
            f"Left as they are (they exist; --force overwrites) {len(self.existing)} files",
            list(self.existing),
            shown,
        )
        lines += _listed(self.dialect, "Notes", list(self.notes), shown)
        lines += _listed(
            self.dialect,
            f"Template syntax not translated (or with loss): {len(self.translation)}",
            [d.format() for d in self.translation],
            shown,
        )
        if self.config_written:
            lines.append(f"Wrote {CONFIG_FILE} from the old site's settings: check it.")
        return lines


def _listed(dialect: str, title: str, entries: list[str], shown: int) -> list[str]:
    if not entries:
        return []
    more = f" (first {shown}; all in {report_file(dialect)})" if len(entries) > shown else ""
    return [f"{title}{more}:", *(f"  {entry}" for entry in entries[:shown])]


@dataclass(slots=True)
class Records:
    dialect: str
    posts: int = 0
    pages: int = 0
    terms: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    static: int = 0
    resources: int = 0
    urls: list[MovedUrl] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    translation: tuple[Diagnostic, ...] = ()
    problems: list[Diagnostic] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    default_language: str = ""

    def placed(self, place: Place, written: bool, *, draft: bool) -> None:
        decoded = unquote(place.new)
        self.urls.append(
            MovedUrl(
                source=place.doc.rel,
                path=place.path,
                old=place.old,
                new=decoded,
                redirect=place.old in place.aliases,
            )
        )
        if not written:
            return
        if place.doc.language:
            self.languages[place.doc.language] += 1
        if place.doc.kind == "post" and not place.doc.as_page:
            self.posts += 1
        else:
            self.pages += 1
        if draft:
            self.drafts.append(place.path)

    def report(self, *, config_written: bool, seconds: float) -> ImportedSite:
        return ImportedSite(
            dialect=self.dialect,
            posts=self.posts,
            pages=self.pages,
            terms=tuple(self.terms),
            drafts=tuple(self.drafts),
            static=self.static,
            resources=self.resources,
            urls=tuple(self.urls),
            existing=tuple(self.existing),
            skipped=tuple(self.skipped),
            notes=tuple(self.notes),
            translation=self.translation,
            problems=tuple(self.problems),
            config_written=config_written,
            seconds=seconds,
            languages=MappingProxyType(dict(sorted(self.languages.items()))),
            default_language=self.default_language,
        )

    def write(self, site: Path) -> None:
        data = {
            "posts": self.posts,
            "pages": self.pages,
            "terms": self.terms,
            "drafts": self.drafts,
            "static": self.static,
            "resources": self.resources,
            "urls": [
                {
                    "source": u.source,
                    "file": u.path,
                    "old": u.old,
                    "new": u.new,
                    "redirect": u.redirect,
                }
                for u in self.urls
            ],
            "existing": self.existing,
            "skipped": self.skipped,
            "notes": self.notes,
            "languages": dict(sorted(self.languages.items())),
            "translation": [d.format() for d in self.translation],
            "problems": [d.format() for d in self.problems],
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        write_file(site / report_file(self.dialect), text)


#: Arabic titles of taxonomies news sites commonly have (the old config names none).
ARABIC_TITLES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "locations": ("الأماكن", "مكان"),
        "places": ("الأماكن", "مكان"),
        "people": ("الأشخاص", "شخص"),
        "persons": ("الأشخاص", "شخص"),
        "countries": ("الدول", "دولة"),
        "cities": ("المدن", "مدينة"),
        "topics": ("المواضيع", "موضوع"),
        "series": ("السلاسل", "سلسلة"),
        "organizations": ("المنظمات", "منظمة"),
        "events": ("الأحداث", "حدث"),
    }
)


#: The weight of an imported custom taxonomy in related lists (tags weigh 100, categories 50):
#: news stories about one place or one person are related.
RELATED_WEIGHT = 40


def _taxonomies(source: SourceConfig, language: str) -> dict[str, dict[str, str]]:
    arabic = language.lower().startswith("ar")
    found = {}
    for name, single in source.taxonomies.items():
        title, singular = ARABIC_TITLES.get(name, (name, single)) if arabic else (name, single)
        found[name] = {"title": title, "singular": singular}
    return found


def site_config(site: Path, source: SourceConfig, sections: tuple[str, ...]) -> bool:
    """Write ``jarida.yaml`` from the old site's settings, if the site has none."""
    path = site / CONFIG_FILE
    if path.exists():
        return False
    data: dict[str, Any] = {"title": source.title or "جريدة"}
    if source.description:
        data["description"] = source.description
    if source.base_url and base_url_problem(source.base_url) is None:
        data["base_url"] = (
            source.base_url if source.base_url.endswith("/") else source.base_url + "/"
        )
    optional = {
        "language": source.language.replace("_", "-"),
        "timezone": source.timezone,
        "paginate": source.paginate or None,
        "permalink": jarida_permalink(source, sections),
    }
    for key, value in optional.items():
        if value:
            try:
                parse_config(site, data | {key: value}, Checker(CONFIG_FILE, MappingProxyType({})))
            except BuildFailed:
                continue
            data[key] = value
    if source.taxonomies:
        data["taxonomies"] = _taxonomies(source, str(data.get("language", "ar")))
        data["related"] = {"weights": dict.fromkeys(source.taxonomies, RELATED_WEIGHT)}
    header = f"# Written by `jarida import {source.dialect}` from the old site's settings.\n"
    write_file(path, header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return True


def site_languages(site: Path, source: SourceConfig, *, written: bool) -> list[str]:
    """``languages:`` added to the ``jarida.yaml`` this import wrote (each enabled language
    but the default, by weight, with its title and description); for a site's own config, a
    note saying what to add."""
    others = [lang for lang in source.languages if lang.edition and not lang.disabled]
    others = [lang for lang in others if not lang.clashes]
    if not others:
        return []
    notes = []
    if source.default_in_subdir:
        code = source.default_language
        notes.append(
            f"/{code}/: the old site served its default language under /{code}/ "
            f"(defaultContentLanguageInSubdir); Jarida serves it at /: each article and page "
            f"keeps its old address as an alias, but the old home /{code}/ and its term pages "
            f"/{code}/<taxonomy>/… do not answer: redirect /{code}/* to /* on the host"
        )
    if not written:
        codes = ", ".join(lang.edition for lang in others)
        return [
            *notes,
            f"{CONFIG_FILE}: the old site has the languages {codes} besides the default "
            f"({source.default_language}); add `languages:` with each of them to {CONFIG_FILE} "
            "(docs/languages.md) so that content/<code>/ builds as its edition",
        ]
    block: dict[str, dict[str, str]] = {}
    for lang in others:
        block[lang.edition] = {"title": lang.title or source.title or "جريدة"}
        if lang.description:
            block[lang.edition]["description"] = lang.description
        if lang.region:
            block[lang.edition]["region"] = lang.region
    text = yaml.safe_dump({"languages": block}, allow_unicode=True, sort_keys=False)
    with (site / CONFIG_FILE).open("a", encoding="utf-8") as config:
        config.write(text)
    return notes
