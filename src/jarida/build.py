"""The build, in the only place that knows the order of the stages:

load → parse → assemble → relate → images → plan → fingerprint → render → index (the search
index, which the writer makes on the staged tree before the swap) → write → record (the
manifest and the no-op stamp).

:func:`build` calls each once, in order, once :func:`jarida.unchanged.decide` found a change
(garbage collection: :mod:`jarida.collector`); :mod:`jarida.sitecheck` goes through the same
stages up to the plan without writing (docs/architecture.md)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from jarida.assets import Assets, collect_assets, stale_links
from jarida.bundles import published_files
from jarida.cache import ParseCache
from jarida.clashes import find_clashes
from jarida.collector import building
from jarida.config import Config
from jarida.content.loader import load_sources
from jarida.errors import BuildFailed, Diagnostic
from jarida.fingerprint import Prints, Rendered, base_digest, fingerprints
from jarida.i18n import missing_strings
from jarida.layout import TEMPLATES_DIR
from jarida.links import check_site_links
from jarida.manifest import Manifest, ManifestFiles, OutputFile
from jarida.model import BodyStore, Selection, Site
from jarida.originals import clean_originals
from jarida.outcome import BuildResult
from jarida.outdir import Waiting, check_output_dir, locked, only_listed
from jarida.outputs import plan
from jarida.outputs.article import indexed_pages
from jarida.outputs.jobs import Output, RenderJob
from jarida.pagestore import keep_pages, split_kept
from jarida.parallel import Executor, Progress
from jarida.parse import ParseResult, parse_key, parse_sources
from jarida.pictures import Pictures, publish_images
from jarida.readtable import Reads, next_reads
from jarida.related.store import stored_related
from jarida.render import make_environment
from jarida.renderpool import render_outputs
from jarida.searchindex import (
    BUNDLE_DIR,
    Indexing,
    SearchPlan,
    index_search,
    index_state,
    plan_index,
    plan_search,
)
from jarida.site import assemble, relate
from jarida.templatecheck import syntax_problems, template_problems
from jarida.unchanged import Decided, copy_stats, decide_build, stable_until, stamp
from jarida.writer import Copy, Stats, commit, copies_unchanged

#: The search page's script (fingerprinted: assets/search.<digest>.js), copied when search is on.
SEARCH_SCRIPT = "assets/search."

#: Called with (stage, done, total) while parsing ("parse") and rendering ("render").
Reporter = Callable[[str, int, int], None]


def build(
    config: Config,
    *,
    out_dir: Path,
    selection: Selection,
    jobs: int = 1,
    clean: bool = False,
    strict: bool = False,
    report: Reporter | None = None,
    waiting: Waiting | None = None,
    manifest_dir: Path | None = None,
    known: Decided | None = None,
    executor: Executor | None = None,
) -> BuildResult:
    """Build the site into ``out_dir``: only what changed since the last build (none: ``skipped``)
    unless ``clean``; ``strict``: a warning fails it before any write. A folder Jarida did not
    write is refused; ``waiting`` is told while another build writes it. ``manifest_dir`` keeps
    the manifest; ``known``: the CLI's decision; work fans out to ``executor``, else ``jobs``."""
    started, fan = time.perf_counter(), executor or jobs
    records = ManifestFiles(config.root, manifest_dir)
    check_output_dir(config.root, out_dir, lambda: _recorded_output(records, out_dir))
    with locked(out_dir, waiting), building() as settled:
        state = decide_build(config, out_dir, selection, records, known, strict=strict, clean=clean)
        last, skipped = state.loaded.manifest, state.decision.skipped
        if skipped is not None:
            return replace(skipped, seconds=time.perf_counter() - started)
        cache = ParseCache(config.root, parse_key(config), clean=clean)
        parsed = parse_sources(  # no source's text held here: each parse reads its file
            config,
            load_sources(config.root, cache.seen),
            cache,
            jobs=fan,
            progress=_step(report, "parse"),
        )
        site, found = assemble(
            config, parsed.parsed, selection, parsed.bundles, sources=parsed.sources
        )
        parsed = parsed.without_parses()  # the articles hold what they show: the parses let go
        related = stored_related(config.root, cache.key, fan, fresh=clean)
        site, related_notes = relate(site, parsed.bags, related)
        parsed = parsed.without_bags()  # the related lists' input alone: let go
        pictures = publish_images(site, workers=jobs)
        planned = plan_outputs(pictures.site, parsed, found, bodies=cache, images=pictures)
        reads = Reads() if clean else records.reads(out_dir, last)  # only once it is needed
        work = fingerprint_outputs(planned, out_dir, (last, reads), records, workers=jobs)
        settled()  # the site is made: frozen, and the collector on to render
        _stop_if_failed(planned, work.todo, jobs, strict)
        outputs = render_outputs(
            planned.site,
            work.todo,
            assets=planned.assets,
            bodies=cache,
            workers=fan,
            progress=_step(report, "render"),
            on_error=lambda *_: _TemplateError(),
        )
        index = index_search(work.search, work.keep_index)  # run by the writer before the swap
        written = write_outputs(planned, work, outputs, index, out_dir, (last, reads), jobs)
        run = _Recording(selection, out_dir, records, state, reads, parsed, related_notes, started)
        return record_build(run, planned, work, written)


def _step(report: Reporter | None, stage: str) -> Progress | None:
    return report and (lambda done, total: report(stage, done, total))


@dataclass(frozen=True, slots=True)
class _Planned:
    site: Site
    jobs: list[RenderJob]
    copies: list[Copy]
    #: Every error and warning found so far.
    problems: list[Diagnostic]
    assets: Assets
    #: Where the pages' bodies are read from.
    bodies: BodyStore


def plan_outputs(
    site: Site,
    parsed: ParseResult,
    found: Sequence[Diagnostic],
    *,
    bodies: BodyStore,
    images: Pictures,
) -> _Planned:
    """Every output of the site planned (its pages, the static files, the pictures' files; the
    images among them without metadata, :mod:`jarida.originals`), with every problem found so
    far: ``parsed``'s, ``found``, ``images``', the links, the static files, the clashes."""
    config = site.config
    assets = collect_assets(config.root, config.base_path)
    copies = [
        Copy(f.source, f.path)
        for f in assets.files
        if config.search or not f.path.startswith(SEARCH_SCRIPT)
    ]
    own = {c.path for c in copies}
    jobs = [j for j in plan(site) if not (j.kind.yields_to_static and j.out_path in own)]
    copies += [Copy(source, path) for source, path in (*published_files(site), *images.files)]
    outputs = {j.out_path for j in jobs} | {c.path for c in copies}
    links = check_site_links(site.all_documents(), outputs, config.site_path, parsed.files)
    problems = [
        *parsed.problems,
        *found,
        *images.problems,
        *assets.problems,
        *links,
        *stale_links(config.root, assets, TEMPLATES_DIR),
        *find_clashes(site, jobs, copies, config.search),
        *missing_strings((e.config.language for e in site.every_edition()), config.root),
    ]
    return _Planned(site, jobs, *clean_originals(copies, problems, images), assets, bodies)


def _stop_if_failed(planned: _Planned, todo: Sequence[RenderJob], jobs: int, strict: bool) -> None:
    """Fail before anything renders on an error, or on any warning when ``strict``."""
    if any(d.is_error for d in planned.problems) or (strict and planned.problems):
        raise _failed(planned, todo, jobs)


class _TemplateError(Exception):
    """A page failed to render: :func:`_failed` then finds every template error."""


def _failed(planned: _Planned, jobs: Sequence[RenderJob], workers: int) -> BuildFailed:
    """A build that cannot go on, with every problem :func:`check` would report: ``jobs`` are
    the pages to render (the others rendered without an error last time and have not changed)."""
    found = template_problems(
        planned.site, jobs, assets=planned.assets, bodies=planned.bodies, workers=workers
    )
    return BuildFailed([*planned.problems, *found])


@dataclass(frozen=True, slots=True)
class _Work:
    """What a build renders of the planned outputs, what it keeps, and the search index."""

    #: Per job: its fingerprint, its context's plain values' digest and its reads' digest
    #: (:class:`jarida.fingerprint.Prints`).
    found: Prints
    todo: list[RenderJob]
    kept: list[str]
    removed: int
    search: SearchPlan | None
    keep_index: bool
    #: Kept pages the output lost, and their copies in the store (:mod:`jarida.pagestore`).
    restore: dict[str, Path]


def fingerprint_outputs(
    planned: _Planned,
    out_dir: Path,
    last: tuple[Manifest, Reads],
    records: ManifestFiles,
    *,
    workers: int,
) -> _Work:
    """Each output's fingerprint, and which ones the last build into ``out_dir`` (``last``: its
    manifest and reads) left intact, there or kept beside its manifest (``records``:
    :mod:`jarida.pagestore`; templates that do not parse fail the build here, before anything
    renders)."""
    manifest, reads = last
    site, all_jobs = planned.site, planned.jobs
    env = make_environment(site.config, planned.assets)
    if syntax_problems(env, site.config.root):
        raise _failed(planned, all_jobs, workers)
    found = fingerprints(
        site, all_jobs, base_digest(site, planned.assets.paths), reads, workers=workers
    )
    prints = found.prints
    search, keep_index = plan_index(indexed_pages(site, all_jobs, prints), manifest.search, out_dir)
    todo, restore = split_kept(manifest, out_dir, records.pages(out_dir), all_jobs, prints)
    kept = sorted({j.out_path for j in all_jobs} - {j.out_path for j in todo})
    removed = len(set(manifest.files) - {j.out_path for j in all_jobs})
    return _Work(found, todo, kept, removed, search, keep_index, restore)


@dataclass(frozen=True, slots=True)
class _Written:
    #: The manifest's files of the output, its static files and search digest.
    manifest: Manifest
    #: What each page read (:mod:`jarida.readtable`), saved before the manifest.
    reads: Reads
    #: The seconds the search index took.
    index_seconds: float


def write_outputs(
    planned: _Planned,
    work: _Work,
    outputs: Iterator[Output],
    index: Indexing,
    out_dir: Path,
    last: tuple[Manifest, Reads],
    workers: int,
) -> _Written:
    """Commit the new output, the pages rendered as the writer takes them (when anything
    differs from the last build), the search index made on the staged tree before the swap;
    ``last``: the last build's manifest and reads."""
    todo, copies = work.todo, planned.copies
    manifest, reads = last
    reindex = index.plan is not None
    unchanged_static = copies_unchanged(out_dir, copies, set(manifest.static))
    changed = todo or work.removed or work.restore or not unchanged_static or reindex
    if not (changed or not out_dir.is_dir()):
        return _Written(manifest, reads, 0.0)
    paths = [j.out_path for j in planned.jobs]
    rendered = Rendered(paths, work.found.plain)
    try:
        stats = commit(
            out_dir,
            rendered.note(outputs),
            work.kept,
            copies,
            kept_trees=[BUNDLE_DIR] if work.keep_index else [],
            finish=index if reindex else None,
            previous=manifest,
            expected=len(todo),
            restore=work.restore,
        )
    except _TemplateError:
        raise _failed(planned, todo, workers) from None
    written = _manifest(planned, work, rendered.fingerprints(paths, work.found.prints), stats)
    del stats  # with the sizes and times it copied (~20 MB at 100,000 articles), before the table
    still = set(work.kept)
    kept = {
        p: d for p, d in zip(paths, work.found.reads, strict=True) if d is not None and p in still
    }
    table = next_reads(reads, work.found.replayed, kept, rendered.recorded())
    return _Written(written, table, index.seconds)


def _manifest(planned: _Planned, work: _Work, by_path: dict[str, str], stats: Stats) -> Manifest:
    """The manifest of the output (``by_path``: each page's fingerprint)."""
    indexed = indexed_pages(planned.site, planned.jobs, [by_path[j.out_path] for j in planned.jobs])
    return Manifest(
        files=MappingProxyType({p: OutputFile(by_path[p], *stats[p]) for p in sorted(stats)}),
        static=tuple(sorted(c.path for c in planned.copies)),
        search=None if work.search is None else plan_search(indexed).digest,
    )


@dataclass(frozen=True, slots=True)
class _Recording:
    """What recording a build needs besides its stages' results."""

    selection: Selection
    out_dir: Path
    manifests: ManifestFiles
    #: The last build's manifest, and the inputs scanned for the stamp.
    decided: Decided
    #: The last build's reads.
    reads: Reads
    parsed: ParseResult
    related_notes: tuple[str, ...]
    started: float


def record_build(run: _Recording, planned: _Planned, work: _Work, written: _Written) -> BuildResult:
    """The manifest saved (with the stamp that lets the next build be skipped, when every input
    could be trusted) and what the build reports."""
    config, copies, problems = planned.site.config, planned.copies, planned.problems
    state = index_state(config.search, work.search, work.keep_index)
    copied = copy_stats(run.out_dir, (c.path for c in copies))
    new_stamp, scan, last = None, run.decided.scan, run.decided.loaded.manifest
    if scan is not None and scan.digest is not None and copied is not None:
        new_stamp = stamp(
            scan.digest,
            selection=run.selection,
            until=stable_until(run.parsed.changes_at, run.selection.now),
            binary=scan.binary,
            warnings=problems,
            search=state,
            copies=copied,
        )
    tag, kept = last.reads, ""
    if written.reads != run.reads:
        tag, kept = run.manifests.save_reads(run.out_dir, written.reads)
    manifest = replace(written.manifest, stamp=new_stamp, reads=tag)
    saved = run.manifests.save(run.out_dir, manifest) if manifest != last else ""
    rendered = {j.out_path for j in work.todo}
    keep_pages(run.manifests.pages(run.out_dir), run.out_dir, manifest.files, rendered)
    notes = (*run.parsed.notes, run.decided.loaded.note, *run.related_notes, kept, saved)
    return BuildResult(
        site=planned.site,
        pages=len(planned.jobs),
        rendered=len(work.todo),
        unchanged=len(work.kept),
        restored=len(work.restore),
        removed=work.removed,
        files=len(planned.jobs) + len(copies),
        seconds=time.perf_counter() - run.started,
        warnings=tuple(problems),
        notes=tuple(n for n in notes if n),
        rendered_paths=tuple(sorted(j.out_path for j in work.todo)),
        search=state,
        search_seconds=written.index_seconds,
    )


def _recorded_output(manifests: ManifestFiles, out_dir: Path) -> bool:
    """Whether ``out_dir`` holds nothing but what the last build recorded writing there (an
    output of a Jarida that wrote no marker yet)."""
    recorded = manifests.recorded(out_dir)
    if recorded is None:
        return False
    return only_listed(out_dir, recorded.files, (BUNDLE_DIR,) if recorded.search else ())
