"""What a build reports: counts, timings, warnings and notes (no heavy imports, so that the
command line can report a skipped build without loading the pipeline)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jarida.errors import Diagnostic
from jarida.model import Site

SearchState = Literal["off", "empty", "indexed", "kept"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    #: The site as built; None when the build was skipped because nothing it reads had changed
    #: (:mod:`jarida.unchanged`).
    site: Site | None
    #: Whether the build was skipped because nothing it reads had changed (then ``site`` is
    #: None, and the counts and warnings are those of the build that wrote the output).
    skipped: bool = False
    #: Outputs of the site (pages, feeds, sitemaps, …).
    pages: int
    rendered: int
    unchanged: int
    #: Of the unchanged, those the output had lost, linked back from ``.jarida/``
    #: (:mod:`jarida.pagestore`).
    restored: int = 0
    removed: int
    files: int
    seconds: float
    warnings: tuple[Diagnostic, ...]
    #: Remarks about the cache (discarded, rebuilt, not writable).
    notes: tuple[str, ...] = ()
    #: The outputs rendered by this build (the others were unchanged), sorted.
    rendered_paths: tuple[str, ...] = ()
    search: SearchState = "off"
    #: Seconds Pagefind took, when it ran.
    search_seconds: float = 0.0
