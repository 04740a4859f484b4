"""``jarida import wordpress``: a WordPress export (WXR) into a Jarida site, with a report.

Two streaming passes over the export: the first indexes attachments (for featured images and
galleries) and reusable blocks; the second writes one Markdown file per post and page. Files that
exist are left alone unless ``force``, so importing a later export adds only what is new. The
importer's own records, ``wordpress-import/media.json`` (the media manifest) and
``wordpress-import/report.json``, are rewritten on every run.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import yaml

from jarida.config import load_config, parse_config
from jarida.configcheck import Checker
from jarida.errors import BuildFailed, Diagnostic, JaridaError, error
from jarida.importer.items import Channel, Item
from jarida.importer.mapping import DRAFT_STATUSES, Context, Placer, build_entry, clean_name
from jarida.importer.media import Attachment, MediaPlacer, make_index
from jarida.importer.wplanguages import (
    Editions,
    EditionsIndex,
    languages_config,
    languages_summary,
)
from jarida.importer.wxr import read_wxr
from jarida.layout import CONFIG_FILE

RECORDS_DIR = "wordpress-import"
MANIFEST = f"{RECORDS_DIR}/media.json"
REPORT = f"{RECORDS_DIR}/report.json"
SKIPPED_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "nav_menu_item": "menu item (menus are set in jarida.yaml)",
        "wp_navigation": "navigation menu (menus are set in jarida.yaml)",
        "revision": "revision",
        "wp_block": "reusable block (inlined where a post uses it)",
        "wp_template": "theme template",
        "wp_template_part": "theme template",
        "wp_global_styles": "theme styles",
        "custom_css": "theme styles",
        "customize_changeset": "theme customizer draft",
        "oembed_cache": "embed cache",
        "user_request": "privacy request",
    }
)


class ImportFailed(JaridaError):  # noqa: N818 (reads as a sentence: raise ImportFailed)
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("; ".join(d.message for d in diagnostics))


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportOptions:
    export: Path
    site: Path
    uploads: Path | None = None
    force: bool = False
    comments: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    path: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    items: int
    posts: int
    pages: int
    drafts: tuple[Draft, ...]
    skipped: Mapping[str, int]
    #: Files not written because they exist (use ``force`` to overwrite them).
    existing: tuple[str, ...]
    attachments: int
    #: Distinct media files referenced, by what became of them: copied, exists, missing, remote.
    media: Mapping[str, int]
    comments: int
    raw_html: int
    notes: tuple[str, ...]
    problems: tuple[Diagnostic, ...]
    config_written: bool
    seconds: float = 0.0
    #: Posts and pages imported per language (empty for an export without languages).
    languages: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    default_language: str = ""

    def summary(self, shown: int = 10) -> list[str]:
        """The report as lines of text, each list cut at ``shown`` entries."""
        lines = [
            f"Imported {self.posts} posts and {self.pages} pages ({len(self.drafts)} as drafts)"
            f" from {self.items} items in {self.seconds:.2f} s."
        ]
        if self.languages:
            lines.append(languages_summary(self.languages, self.default_language) + ".")
        lines += _listed("Drafts", [f"{d.path} ({d.reason})" for d in self.drafts], shown)
        skipped = [f"{n} × {reason}" for reason, n in self.skipped.items()]
        lines += _listed(f"Skipped {sum(self.skipped.values())} items", skipped, shown)
        media = ", ".join(f"{n} {status}" for status, n in self.media.items()) or "none"
        lines.append(
            f"Media: {self.attachments} attachments in the export; files referenced: {media}"
            f" (manifest: {MANIFEST})."
        )
        if self.comments:
            lines.append(f"Comments archived (approved ones only): {self.comments}.")
        if self.raw_html:
            lines.append(f"Raw HTML kept where Markdown has no equivalent: {self.raw_html}.")
        lines += _listed(
            f"Left as they are (they exist; --force overwrites) {len(self.existing)} files",
            list(self.existing),
            shown,
        )
        lines += _listed("Notes", list(self.notes), shown)
        if self.config_written:
            lines.append(f"Wrote {CONFIG_FILE} from the export: check it, and set `timezone:`.")
        return lines


class _Run:
    """The state of one import: counters and the few per-item keys that must be remembered."""

    def __init__(self, options: ImportOptions, context: Context) -> None:
        self.options = options
        self.context = context
        self.places = Placer(context)
        self.media = MediaPlacer(options.site, options.uploads, force=options.force)
        self.counts: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.drafts: list[Draft] = []
        self.existing: list[str] = []
        self.notes: list[str] = []
        self.problems: list[Diagnostic] = []
        self.imported: list[int] = []

    def item(self, item: Item) -> None:
        self.counts["items"] += 1
        kind, reason = route(item)
        if reason:
            self.skipped[reason] += 1
            return
        if kind == "attachment":
            self.counts["attachments"] += 1
            return
        place = self.places.place(item, kind)
        self.notes += place.notes
        target = self.options.site / place.path
        if target.exists() and not self.options.force:
            self.existing.append(place.path)
            return
        entry = build_entry(item, place, self.context, self.media)
        write_file(target, entry.text)
        self.counts[kind + "s"] += 1
        self.imported.append(item.post_id)
        self.counts["comments"] += entry.comments
        self.counts["raw_html"] += entry.raw_html
        if place.draft_reason:
            self.drafts.append(Draft(path=place.path, reason=place.draft_reason))
        if entry.dynamic_blocks:
            self.notes.append(
                f"{place.path}: dynamic Gutenberg blocks (they store no HTML) left out: "
                + _tally(entry.dynamic_blocks)
            )
        if entry.kept_shortcodes:
            self.notes.append(
                f"{place.path}: shortcodes kept as text: " + _tally(entry.kept_shortcodes)
            )

    def report(self, config_written: bool) -> ImportReport:
        statuses = Counter(placed.status for placed in self.media.seen.values())
        return ImportReport(
            items=self.counts["items"],
            posts=self.counts["posts"],
            pages=self.counts["pages"],
            drafts=tuple(self.drafts),
            skipped=MappingProxyType(dict(sorted(self.skipped.items()))),
            existing=tuple(self.existing),
            attachments=self.counts["attachments"],
            media=MappingProxyType(dict(sorted(statuses.items()))),
            comments=self.counts["comments"],
            raw_html=self.counts["raw_html"],
            notes=tuple(self.notes),
            problems=tuple(self.problems),
            config_written=config_written,
            languages=MappingProxyType(self.context.editions.counted(self.imported)),
            default_language=self.context.editions.default,
        )


def _listed(title: str, entries: list[str], shown: int) -> list[str]:
    if not entries:
        return []
    more = f" (first {shown}; all in {REPORT})" if len(entries) > shown else ""
    return [f"{title}{more}:", *(f"  {entry}" for entry in entries[:shown])]


def _tally(names: tuple[str, ...]) -> str:
    return ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in Counter(names).items())


def route(item: Item) -> tuple[str, str]:
    """``(kind, "")`` for what is imported (post, page, attachment), else ``("", reason)``."""
    if item.post_type == "attachment":
        return "attachment", ""
    if item.post_type not in ("post", "page"):
        return "", SKIPPED_TYPES.get(item.post_type, f"post type `{item.post_type}`")
    if item.status == "publish" or item.status in DRAFT_STATUSES:
        return item.post_type, ""
    if item.status == "trash":
        return "", "in the trash"
    if item.status == "auto-draft":
        return "", "auto-draft (never saved by its author)"
    return "", f"status `{item.status}`"


def write_file(target: Path, text: str) -> None:
    """Write through a hidden temporary file, so a killed import never leaves half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)


def _index(
    options: ImportOptions, shown: str, languages: EditionsIndex
) -> tuple[Channel, list[Attachment], dict[int, str]]:
    """Pass 1: the channel, every attachment and every reusable block, each post's and page's
    language (into ``languages``), nothing else kept."""
    channel: Channel | None = None
    attachments: list[Attachment] = []
    reusable: dict[int, str] = {}
    fatal: list[Diagnostic] = []
    for record in read_wxr(options.export, shown):
        if isinstance(record, Channel):
            channel = record
        elif isinstance(record, Item) and record.post_type == "attachment":
            attachments.append(
                Attachment(
                    id=record.post_id,
                    url=record.attachment_url,
                    parent=record.parent,
                    title=record.title,
                    alt=record.meta.get("_wp_attachment_image_alt", ""),
                    menu_order=record.menu_order,
                )
            )
        elif isinstance(record, Item) and record.post_type == "wp_block":
            reusable[record.post_id] = record.content
        elif isinstance(record, Item) and record.post_type in ("post", "page"):
            languages.add(record)
        elif isinstance(record, Diagnostic) and record.is_error:
            fatal.append(record)
    if channel is None:
        raise ImportFailed(fatal or [error(shown, "no WordPress export found in this file")])
    return channel, attachments, reusable


def _site_config(site: Path, channel: Channel) -> bool:
    """Write ``jarida.yaml`` from the export's site title and address, if the site has none."""
    path = site / CONFIG_FILE
    if path.exists():
        return False
    data: dict[str, object] = {"title": clean_name(channel.title) or "جريدة"}
    if channel.description.strip():
        data["description"] = clean_name(channel.description)
    if channel.link.startswith(("http://", "https://")):
        data["base_url"] = channel.link.rstrip("/") + "/"
    if channel.language.strip():
        data["language"] = channel.language.strip()
    try:
        parse_config(site, data, Checker(CONFIG_FILE, MappingProxyType({})))
    except BuildFailed:
        data.pop("language", None)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    header = "# Written by `jarida import wordpress` from the export; set `timezone:` too.\n"
    write_file(path, header + text)
    return True


def _write_languages(
    site: Path, editions: Editions, channel: Channel, *, written: bool
) -> list[str]:
    """``languages:`` added to the ``jarida.yaml`` this import wrote; for a site's own, a note
    saying what to add. The notes on items whose language is not a code."""
    notes = list(editions.notes)
    if not editions.codes:
        return notes
    title = clean_name(channel.title) or "جريدة"
    block = {"languages": languages_config(editions, title)}
    if written:
        with (site / CONFIG_FILE).open("a", encoding="utf-8") as config:
            config.write(yaml.safe_dump(block, allow_unicode=True, sort_keys=False))
    else:
        codes = ", ".join(editions.codes)
        notes.append(
            f"{CONFIG_FILE}: the export has the languages {codes} besides the default "
            f"({editions.default}); add `languages:` with each of them to {CONFIG_FILE} "
            "(docs/languages.md) so that content/<code>/ builds as its edition"
        )
    return notes


def _merged(path: Path, found: list[dict[str, object]]) -> list[dict[str, object]]:
    """This run's media entries, plus those of earlier runs (their files were not read again)."""
    by_url: dict[str, dict[str, object]] = {}
    try:
        earlier = json.loads(path.read_text(encoding="utf-8")).get("referenced", [])
    except (OSError, ValueError, AttributeError):
        earlier = []
    for entry in [*earlier, *found]:
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            by_url[entry["url"]] = entry
    return [by_url[url] for url in sorted(by_url)]


def _records(run: _Run, attachments: list[Attachment], options: ImportOptions) -> None:
    by_url = run.media.seen
    manifest = {
        "export": options.export.as_posix(),
        "uploads": options.uploads.as_posix() if options.uploads else None,
        "attachments": [
            {
                "id": a.id,
                "url": a.url,
                "title": a.title,
                "alt": a.alt,
                "parent": a.parent,
                "local": by_url[a.url].local if a.url in by_url else None,
            }
            for a in sorted(attachments, key=lambda a: a.id)
        ],
        "referenced": _merged(options.site / MANIFEST, run.media.manifest()),
    }
    report = run.report(config_written=False)
    summary = {
        "posts": report.posts,
        "pages": report.pages,
        "drafts": [{"path": d.path, "reason": d.reason} for d in report.drafts],
        "skipped": dict(report.skipped),
        "existing": list(report.existing),
        "attachments": report.attachments,
        "media": dict(report.media),
        "comments": report.comments,
        "raw_html": report.raw_html,
        "notes": list(report.notes),
        "problems": [d.format() for d in report.problems],
    }
    for name, data in ((MANIFEST, manifest), (REPORT, summary)):
        write_file(options.site / name, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def import_wordpress(options: ImportOptions) -> ImportReport:
    """Import ``options.export`` into ``options.site``; :class:`ImportFailed` if unreadable."""
    started = time.perf_counter()
    shown = options.export.as_posix()
    if not options.export.is_file():
        raise ImportFailed([error(shown, "no such file")])
    if options.uploads is not None and not options.uploads.is_dir():
        raise ImportFailed([error(options.uploads.as_posix(), "the uploads folder does not exist")])
    languages = EditionsIndex()
    channel, attachments, reusable = _index(options, shown, languages)
    options.site.mkdir(parents=True, exist_ok=True)
    config_written = _site_config(options.site, channel)
    config = load_config(options.site)
    editions = languages.finish(channel, config.language)
    notes = _write_languages(options.site, editions, channel, written=config_written)
    context = Context(
        tz=config.tz,
        slugs=config.slugs,
        permalink=config.permalink,
        base_path=config.base_path,
        channel=channel,
        media=make_index(attachments, reusable),
        comments=options.comments,
        editions=editions,
    )
    run = _Run(options, context)
    run.notes += notes
    for record in read_wxr(options.export, shown):
        if isinstance(record, Item):
            run.item(record)
        elif isinstance(record, Diagnostic):
            run.problems.append(record)
    _records(run, attachments, options)
    return replace(run.report(config_written), seconds=time.perf_counter() - started)
