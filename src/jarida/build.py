"""The build, in the only place that knows the order of the stages.

config → outdir (ours? locked) → unchanged.decide → parse (cached) → site.assemble (taxonomy,
related) → outputs.plan (links, clashes) → fingerprint → renderpool → writer.commit → manifest
(docs/architecture.md draws it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from jarida.assets import Assets, collect_assets, stale_links
from jarida.bundles import published_files
from jarida.cache import ParseCache
from jarida.clashes import find_clashes
from jarida.config import Config
from jarida.errors import BuildFailed, Diagnostic, sorted_diagnostics
from jarida.fingerprint import Rendered, base_digest, fingerprints, reads_entry
from jarida.layout import CACHE_DIR, TEMPLATES_DIR
from jarida.links import check_site_links
from jarida.manifest import LoadedManifest, Manifest, ManifestFiles, OutputFile, intact
from jarida.model import Selection, Site
from jarida.outcome import BuildResult, SearchState
from jarida.outdir import Waiting, check_output_dir, locked, only_listed
from jarida.outputs import plan
from jarida.outputs.article import searchable
from jarida.outputs.jobs import RenderJob
from jarida.parse import ParseResult, parse_key, parse_sources
from jarida.related import compute_related
from jarida.related.store import stored_related
from jarida.render import make_environment
from jarida.renderpool import render_outputs
from jarida.searchindex import BUNDLE_DIR, SearchPlan, pagefind_binary, plan_search, run_pagefind
from jarida.site import Relate, assemble
from jarida.templatecheck import syntax_problems, template_problems
from jarida.unchanged import (
    Inputs,
    copy_stats,
    decide,
    racy_window,
    scan_inputs,
    stable_until,
    stamp,
)
from jarida.writer import Copy, commit

#: The search page's script (fingerprinted: assets/search.<digest>.js), copied when search is on.
SEARCH_SCRIPT = "assets/search."

#: Called with (stage, done, total) while parsing ("parse") and rendering ("render").
Reporter = Callable[[str, int, int], None]


def read_only_cache(config: Config) -> ParseCache:
    """The site's parse cache, used but never written."""
    return ParseCache(config.root, parse_key(config), writable=False)


def load_site(
    config: Config, selection: Selection, *, jobs: int = 1
) -> tuple[Site, list[Diagnostic]]:
    """Read and assemble the whole site, without rendering or writing anything."""
    result = parse_sources(config, read_only_cache(config), jobs=jobs)
    site, found = assemble(config, result.parsed, selection, result.bundles)
    return site, result.problems + found


def _fresh(out_dir: Path, written: OutputFile | None, fingerprint: str, path: str) -> bool:
    """Whether the old output file is exactly what this fingerprint renders."""
    return (
        written is not None
        and written.fingerprint == fingerprint
        and intact(out_dir, path, written)
    )


def _static_unchanged(out_dir: Path, copies: Sequence[Copy], previous: set[str]) -> bool:
    for copy in copies:
        try:
            old, new = (out_dir / copy.path).stat(), copy.source.stat()
        except OSError:
            return False
        if (old.st_size, old.st_mtime_ns) != (new.st_size, new.st_mtime_ns):
            return False
    return previous == {c.path for c in copies}


@dataclass(frozen=True, slots=True)
class _Planned:
    site: Site
    jobs: list[RenderJob]
    copies: list[Copy]
    #: Every error and warning found so far.
    problems: list[Diagnostic]
    assets: Assets


def _unexplained(jobs: int) -> Relate:
    """The related lists for pages, in ``jobs`` processes, without the reasons (``jarida
    related`` shows those)."""
    return lambda items, settings: compute_related(items, settings, explain=False, jobs=jobs)


def _plan_site(
    config: Config, selection: Selection, parsed: ParseResult, relate: Relate
) -> _Planned:
    """Assemble the site and plan every output, collecting every problem on the way."""
    site, found = assemble(
        config, parsed.parsed, selection, parsed.bundles, sources=parsed.sources, relate=relate
    )
    assets = collect_assets(config.root)
    copies = [
        Copy(f.source, f.path)
        for f in assets.files
        if config.search or not f.path.startswith(SEARCH_SCRIPT)
    ]
    own = {c.path for c in copies}
    jobs = [j for j in plan(site) if not (j.kind.yields_to_static and j.out_path in own)]
    copies += [Copy(source, path) for source, path in published_files(site)]
    outputs = {j.out_path for j in jobs} | {c.path for c in copies}
    links = check_site_links(site.documents(), outputs, config.base_path, parsed.files)
    stale = stale_links(config.root, assets, TEMPLATES_DIR)
    problems = [
        *parsed.problems,
        *found,
        *assets.problems,
        *links,
        *stale,
        *find_clashes(site, jobs, copies, config.search),
    ]
    return _Planned(site, jobs, copies, problems, assets)


def check(config: Config, selection: Selection, *, jobs: int = 1) -> tuple[Diagnostic, ...]:
    """Every problem of the site, found without writing anything (not even the cache): the
    sources that do not parse, and everything wrong with the site the others make, its pages
    rendered to find the template errors."""
    parsed = parse_sources(config, read_only_cache(config), jobs=jobs)
    planned = _plan_site(config, selection, parsed, _unexplained(jobs))
    found = template_problems(planned.site, planned.jobs, assets=planned.assets, workers=jobs)
    return sorted_diagnostics([*planned.problems, *found])


class _TemplateError(Exception):
    """A page failed to render: :func:`_failed` then finds every template error."""


def _failed(planned: _Planned, jobs: Sequence[RenderJob], workers: int) -> BuildFailed:
    """A build that cannot go on, with every problem :func:`check` would report: ``jobs`` are
    the pages to render (the others rendered without an error last time and have not changed)."""
    found = template_problems(planned.site, jobs, assets=planned.assets, workers=workers)
    return BuildFailed([*planned.problems, *found])


def _indexed(site: Site, jobs: Sequence[RenderJob], prints: Sequence[str]) -> list[tuple[str, str]]:
    """The pages the search index holds, as (output path, fingerprint)."""
    return [(j.out_path, p) for j, p in zip(jobs, prints, strict=True) if searchable(site, j)]


def _search_step(
    site: Site,
    jobs: Sequence[RenderJob],
    prints: Sequence[str],
    last_digest: str | None,
    out_dir: Path,
) -> tuple[SearchPlan | None, bool]:
    """The search index plan (None when search is off or no page is indexed), and whether the
    last index still fits: the same indexed pages with the same fingerprints, the same binary."""
    if not site.config.search:
        return None, False
    pages = _indexed(site, jobs, prints)
    if not pages:
        return None, False
    search = plan_search(pages)
    return search, last_digest == search.digest and (out_dir / BUNDLE_DIR / "pagefind.js").is_file()


def _indexer(search: SearchPlan | None, seconds: list[float]) -> Callable[[Path], None] | None:
    """What runs on the staged tree before the swap: Pagefind, when the index must be rebuilt."""
    if search is None:
        return None
    executable = search.executable
    return lambda stage: seconds.append(run_pagefind(executable, stage))


def _search_state(config: Config, search: SearchPlan | None, keep: bool) -> SearchState:
    if not config.search:
        return "off"
    return "empty" if search is None else "kept" if keep else "indexed"


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
) -> BuildResult:
    """Build the site into ``out_dir``, re-rendering only what changed since the last build;
    nothing at all when nothing it reads changed (:func:`jarida.unchanged.decide`; the result
    then says ``skipped``), unless ``clean``.

    With ``strict``, a warning fails the build too (before anything is written). A folder
    that Jarida did not write is refused before anything is read (:mod:`jarida.outdir`); while
    another build writes the same folder, ``waiting`` is told and this one waits for it. The
    manifest of ``out_dir`` is kept in ``manifest_dir``, by default the site's ``.jarida/``.
    """
    started = time.perf_counter()
    manifests = ManifestFiles(config.root, manifest_dir)
    check_output_dir(config.root, out_dir, lambda: _recorded_output(manifests, out_dir))
    with locked(out_dir, waiting):
        previous = LoadedManifest(Manifest()) if clean else manifests.load(out_dir)
        decision = decide(config, out_dir, selection, previous.manifest, strict=strict)
        if decision.skipped is not None:
            return replace(decision.skipped, seconds=time.perf_counter() - started)
        return _build_locked(
            config,
            out_dir=out_dir,
            selection=selection,
            jobs=jobs,
            clean=clean,
            strict=strict,
            report=report,
            started=started,
            manifests=manifests,
            previous=previous,
            scanned=decision.inputs,
        )


def _recorded_output(manifests: ManifestFiles, out_dir: Path) -> bool:
    """Whether ``out_dir`` holds nothing but what the last build recorded writing there (an
    output of a Jarida that wrote no marker yet)."""
    recorded = manifests.recorded(out_dir)
    if recorded is None:
        return False
    return only_listed(out_dir, recorded.files, (BUNDLE_DIR,) if recorded.search else ())


@dataclass(frozen=True, slots=True)
class _Work:
    """What a build renders of the planned outputs, what it keeps, and the search index."""

    prints: list[str]
    #: Per job: the digest of its context's plain values (:class:`jarida.fingerprint.Prints`).
    plain: list[str]
    todo: list[RenderJob]
    kept: list[str]
    removed: int
    search: SearchPlan | None
    keep_index: bool


def _work(planned: _Planned, out_dir: Path, manifest: Manifest, workers: int) -> _Work:
    """Each output's fingerprint, and which ones the last build into ``out_dir`` left intact."""
    site, all_jobs = planned.site, planned.jobs
    env = make_environment(site.config, planned.assets)
    if syntax_problems(env, site.config.root):
        raise _failed(planned, all_jobs, workers)
    found = fingerprints(site, all_jobs, base_digest(site, planned.assets.paths), manifest.reads)
    prints = found.prints
    search, keep_index = _search_step(site, all_jobs, prints, manifest.search, out_dir)
    old = manifest.files
    todo = [
        j
        for j, fp in zip(all_jobs, prints, strict=True)
        if not _fresh(out_dir, old.get(j.out_path), fp, j.out_path)
    ]
    kept = sorted({j.out_path for j in all_jobs} - {j.out_path for j in todo})
    removed = len(set(old) - {j.out_path for j in all_jobs})
    return _Work(prints, found.plain, todo, kept, removed, search, keep_index)


def _write(
    planned: _Planned,
    work: _Work,
    out_dir: Path,
    manifest: Manifest,
    *,
    workers: int,
    report: Reporter | None,
) -> tuple[Manifest, float]:
    """Render what changed and commit the new output (when anything differs from the last);
    the manifest's files of the output, and the seconds the search index took."""
    todo, copies, search = work.todo, planned.copies, work.search
    reindex = search is not None and not work.keep_index
    outputs = render_outputs(
        planned.site,
        todo,
        assets=planned.assets,
        workers=workers,
        progress=report and (lambda d, t: report("render", d, t)),
        on_error=lambda *_: _TemplateError(),
    )
    unchanged_static = _static_unchanged(out_dir, copies, set(manifest.static))
    index_seconds: list[float] = []
    if not (todo or work.removed or not unchanged_static or not out_dir.is_dir() or reindex):
        return manifest, 0.0
    paths = [j.out_path for j in planned.jobs]
    rendered = Rendered(dict(zip(paths, work.plain, strict=True)))
    try:
        stats = commit(
            out_dir,
            rendered.note(outputs),
            work.kept,
            copies,
            kept_trees=[BUNDLE_DIR] if work.keep_index else [],
            finish=_indexer(search if reindex else None, index_seconds),
            keep_spare=True,
            expected=len(todo),
        )
    except _TemplateError:
        raise _failed(planned, todo, workers) from None
    # a page just rendered has the fingerprint of what it read this time
    by_path = dict(zip(paths, work.prints, strict=True)) | rendered.prints
    indexed = _indexed(planned.site, planned.jobs, [by_path[p] for p in paths])
    written = Manifest(
        files=MappingProxyType({p: OutputFile(by_path[p], *stats[p]) for p in sorted(stats)}),
        static=tuple(sorted(c.path for c in copies)),
        search=None if search is None else plan_search(indexed).digest,
        reads=reads_entry(manifest.reads, work.kept, rendered.keys),
    )
    return written, sum(index_seconds)


def _build_locked(
    config: Config,
    *,
    out_dir: Path,
    selection: Selection,
    jobs: int,
    clean: bool,
    strict: bool,
    report: Reporter | None,
    started: float,
    manifests: ManifestFiles,
    previous: LoadedManifest,
    scanned: Inputs | None,
) -> BuildResult:
    binary = str(pagefind_binary() or "") if config.search else ""
    if scanned is None or scanned.binary != binary:  # the scan that decided covers another
        scanned = scan_inputs(config, out_dir, selection, binary=binary)
    inputs = scanned.trusted(racy_window(config.root / CACHE_DIR))
    manifest = previous.manifest
    key = parse_key(config)
    parsed = parse_sources(
        config,
        ParseCache(config.root, key, clean=clean),
        jobs=jobs,
        progress=report and (lambda d, t: report("parse", d, t)),
    )
    notes = [*parsed.notes, previous.note]
    relate = stored_related(config.root, notes, key, jobs, fresh=clean)
    planned = _plan_site(config, selection, parsed, relate)
    site, all_jobs, copies, problems = planned.site, planned.jobs, planned.copies, planned.problems
    work = _work(planned, out_dir, manifest, jobs)
    search, keep_index, todo, kept = work.search, work.keep_index, work.todo, work.kept
    if any(d.is_error for d in problems) or (strict and problems):
        raise _failed(planned, todo, jobs)
    written, index_seconds = _write(planned, work, out_dir, manifest, workers=jobs, report=report)
    state = _search_state(config, search, keep_index)
    copied = copy_stats(out_dir, (c.path for c in copies))
    new_stamp = None
    if inputs is not None and copied is not None:
        until = stable_until((source for source, _ in parsed.parsed), selection.now)
        new_stamp = stamp(
            inputs,
            selection=selection,
            until=until,
            binary=binary,
            warnings=problems,
            search=state,
            copies=copied,
        )
    written = replace(written, stamp=new_stamp)
    if written != manifest:
        notes.append(manifests.save(out_dir, written))
    return BuildResult(
        site=site,
        pages=len(all_jobs),
        rendered=len(todo),
        unchanged=len(kept),
        removed=work.removed,
        files=len(all_jobs) + len(copies),
        seconds=time.perf_counter() - started,
        warnings=tuple(problems),
        notes=tuple(n for n in notes if n),
        rendered_paths=tuple(sorted(j.out_path for j in todo)),
        search=state,
        search_seconds=index_seconds,
    )
