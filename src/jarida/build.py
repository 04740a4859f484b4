"""The build, in the only place that knows the order of the stages.

config → parse (content.loader → content.frontmatter → content.article → markdown, cached)
→ site.assemble (taxonomy, related) → outputs.plan → fingerprint → renderpool → writer.commit
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jarida.assets import Assets, collect_assets, stale_links
from jarida.cache import CACHE_DIR, CacheFiles, Loaded, ParseCache, output_intact
from jarida.clashes import find_clashes
from jarida.config import Config, RelatedConfig
from jarida.errors import BuildFailed, Diagnostic, sorted_diagnostics
from jarida.fingerprint import Reads, Rendered, base_digest, fingerprints, reads_entry
from jarida.links import check_site_links
from jarida.model import RelatedHit, Selection, Site
from jarida.outcome import BuildResult, SearchState
from jarida.outdir import Waiting, check_output_dir, locked, only_listed
from jarida.outputs import plan
from jarida.pages import RenderJob, searchable
from jarida.parse import ParseResult, parse_key, parse_sources
from jarida.related import RelatedInput, compute_related
from jarida.related.rank import hit_lists
from jarida.related.store import StoredState, load_state, save_state
from jarida.related.update import update_related
from jarida.render import TEMPLATES_DIR, make_environment
from jarida.renderpool import render_outputs
from jarida.searchindex import BUNDLE_DIR, SearchPlan, pagefind_binary, plan_search, run_pagefind
from jarida.site import Relate, assemble
from jarida.templatecheck import syntax_problems, template_problems
from jarida.unchanged import STAMP, copy_stats, input_digest, racy_window, stable_until, stamp
from jarida.writer import Copy, commit

#: The search page's script (fingerprinted: assets/search.<digest>.js), copied when search is on.
SEARCH_SCRIPT = "assets/search."
RelatedLists = Mapping[str, tuple[RelatedHit, ...]]
#: Generated files that a file of the same name in static/ replaces.
STATIC_WINS = frozenset({"robots", "redirects"})

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
    site, found = assemble(config, result.parsed, selection)
    return site, result.problems + found


def _fresh(out_dir: Path, entry: object, fingerprint: str, path: str) -> bool:
    """Whether the old output file is exactly what this fingerprint renders."""
    return (
        isinstance(entry, list)
        and entry[:1] == [fingerprint]
        and output_intact(out_dir, path, entry)
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


def _stored_relate(root: Path, notes: list[str], parse: str, jobs: int, *, fresh: bool) -> Relate:
    """The related lists from the state the last build left in ``.jarida/``: as they were when
    the inputs (every published article's terms, date and term bag, and the settings) are the
    same, brought up to date otherwise (:func:`update_related`), from scratch with ``fresh``.
    A term bag is known by its source's digest and the parse settings (``parse``).
    """

    def relate(items: Sequence[RelatedInput], settings: RelatedConfig) -> RelatedLists:
        digest = hashlib.sha256(repr((settings, parse)).encode())
        for item in sorted(items, key=lambda i: i.id):
            terms = sorted(item.terms.items())
            bag = item.source or repr((item.content.terms, item.content.counts))
            digest.update(repr((item.id, item.date.isoformat(), terms, bag)).encode())
        key = digest.hexdigest()
        stored = StoredState("", None) if fresh else load_state(root)
        notes.append(stored.note)
        state = stored.state
        if state is not None and stored.key == key:
            return hit_lists(state.ids, state.rows, state.cols, state.values)
        lists, state, _ = update_related(items, settings, state, jobs=jobs)
        notes.append(save_state(root, key, state))
        return lists

    return relate


def _plan_site(
    config: Config, selection: Selection, parsed: ParseResult, relate: Relate
) -> _Planned:
    """Assemble the site and plan every output, collecting every problem on the way."""
    site, found = assemble(config, parsed.parsed, selection, sources=parsed.sources, relate=relate)
    assets = collect_assets(config.root)
    copies = [
        Copy(f.source, f.path)
        for f in assets.files
        if config.search or not f.path.startswith(SEARCH_SCRIPT)
    ]
    own = {c.path for c in copies}
    jobs = [j for j in plan(site) if not (j.kind in STATIC_WINS and j.out_path in own)]
    outputs = {j.out_path for j in jobs} | own
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


def _search_step(
    site: Site,
    jobs: Sequence[RenderJob],
    prints: Sequence[str],
    last_digest: object,
    out_dir: Path,
) -> tuple[SearchPlan | None, bool]:
    """The search index plan (None when search is off or no page is indexed), and whether the
    last index still fits: the same indexed pages with the same fingerprints, the same binary."""
    if not site.config.search:
        return None, False
    pages = [(j.out_path, p) for j, p in zip(jobs, prints, strict=True) if searchable(site, j)]
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
    """Build the site into ``out_dir``, re-rendering only what changed since the last build.

    With ``strict``, a warning fails the build too (before anything is written). A folder
    that Jarida did not write is refused before anything is read (:mod:`jarida.outdir`); while
    another build writes the same folder, ``waiting`` is told and this one waits for it. The
    manifest of ``out_dir`` is kept in ``manifest_dir``, by default the site's ``.jarida/``.
    """
    started = time.perf_counter()
    cache = CacheFiles(config.root, manifest_dir)
    check_output_dir(config.root, out_dir, lambda: _recorded_output(cache, out_dir))
    with locked(out_dir, waiting):
        return _build_locked(
            config,
            out_dir=out_dir,
            selection=selection,
            jobs=jobs,
            clean=clean,
            strict=strict,
            report=report,
            started=started,
            cache=cache,
        )


def _recorded_output(cache: CacheFiles, out_dir: Path) -> bool:
    """Whether ``out_dir`` holds nothing but what the last build recorded writing there (an
    output of a Jarida that wrote no marker yet)."""
    recorded = cache.recorded(out_dir)
    if recorded is None:
        return False
    return only_listed(out_dir, recorded.files, (BUNDLE_DIR,) if recorded.search else ())


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
    cache: CacheFiles,
) -> BuildResult:
    binary = str(pagefind_binary() or "") if config.search else ""
    trusted_before = time.time_ns() - racy_window(config.root / CACHE_DIR)
    inputs = input_digest(config, out_dir, selection, binary=binary, trusted_before=trusted_before)
    manifest = Loaded({}) if clean else cache.load_manifest(out_dir)
    key = parse_key(config)
    parsed = parse_sources(
        config,
        ParseCache(config.root, key, clean=clean),
        jobs=jobs,
        progress=report and (lambda d, t: report("parse", d, t)),
    )
    notes = [*parsed.notes, *([manifest.note] if manifest.note else [])]
    relate = _stored_relate(config.root, notes, key, jobs, fresh=clean)
    planned = _plan_site(config, selection, parsed, relate)
    site, all_jobs, copies, problems = planned.site, planned.jobs, planned.copies, planned.problems
    assets = planned.assets
    env = make_environment(config, assets)
    if syntax_problems(env, config.root):
        raise _failed(planned, all_jobs, jobs)
    last = Reads.from_manifest(manifest.entries.get("reads"))
    found = fingerprints(site, all_jobs, base_digest(site, assets.paths), last)
    prints = found.prints
    search, keep_index = _search_step(
        site, all_jobs, prints, manifest.entries.get("search"), out_dir
    )
    reindex = search is not None and not keep_index
    old = manifest.entries.get("files", {})
    todo = [
        j
        for j, fp in zip(all_jobs, prints, strict=True)
        if not _fresh(out_dir, old.get(j.out_path), fp, j.out_path)
    ]
    if any(d.is_error for d in problems) or (strict and problems):
        raise _failed(planned, todo, jobs)
    kept = sorted({j.out_path for j in all_jobs} - {j.out_path for j in todo})
    removed = len(set(old) - {j.out_path for j in all_jobs})
    paths = [j.out_path for j in all_jobs]
    rendered = Rendered(dict(zip(paths, found.plain, strict=True)))
    outputs = render_outputs(
        site,
        todo,
        assets=assets,
        workers=jobs,
        progress=report and (lambda d, t: report("render", d, t)),
        on_error=lambda *_: _TemplateError(),
    )
    unchanged_static = _static_unchanged(out_dir, copies, set(manifest.entries.get("static", [])))
    index_seconds: list[float] = []
    entry: dict[str, object] = dict(manifest.entries)
    if todo or removed or not unchanged_static or not out_dir.is_dir() or reindex:
        try:
            stats = commit(
                out_dir,
                rendered.note(outputs),
                kept,
                copies,
                kept_trees=[BUNDLE_DIR] if keep_index else [],
                finish=_indexer(search if reindex else None, index_seconds),
                keep_spare=True,
                expected=len(todo),
            )
        except _TemplateError:
            raise _failed(planned, todo, jobs) from None
        by_path = dict(zip(paths, prints, strict=True)) | rendered.prints
        entry = {
            "files": {p: [by_path[p], *stats[p]] for p in sorted(stats)},
            "static": sorted(c.path for c in copies),
            "reads": reads_entry(last, kept, rendered.keys),
        }
        if search is not None:
            pages = [(j.out_path, by_path[j.out_path]) for j in all_jobs if searchable(site, j)]
            entry["search"] = plan_search(pages).digest
    state = _search_state(config, search, keep_index)
    copied = copy_stats(out_dir, (c.path for c in copies))
    entry.pop(STAMP, None)
    if inputs is not None and copied is not None:
        until = stable_until((source for source, _ in parsed.parsed), selection.now)
        entry[STAMP] = stamp(
            inputs,
            selection=selection,
            until=until,
            binary=binary,
            warnings=problems,
            search=state,
            copies=copied,
        )
    if entry != manifest.entries:
        notes.append(cache.save_manifest(out_dir, entry))
    return BuildResult(
        site=site,
        pages=len(all_jobs),
        rendered=len(todo),
        unchanged=len(kept),
        removed=removed,
        files=len(all_jobs) + len(copies),
        seconds=time.perf_counter() - started,
        warnings=tuple(problems),
        notes=tuple(n for n in notes if n),
        rendered_paths=tuple(sorted(j.out_path for j in todo)),
        search=state,
        search_seconds=sum(index_seconds),
    )
