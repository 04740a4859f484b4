"""Fingerprints: for every output, the digest of what its templates see.

A page's fingerprint is derived from its template context, by one code path for every kind of
page (:mod:`jarida.reads`): the context's plain values are hashed as they are, and what the
templates read of the site's shared objects (articles, terms, the site itself) is what the last
render of the page recorded, looked up again on this build's site. Nothing lists by hand what a
page depends on, so a template override that shows any front-matter key or any site-wide value
cannot leave a stale page. An output whose fingerprint did not change is neither rendered nor
rewritten.

Everything every page shares (Jarida's version, the configuration, every template and interface
string, the current names of the fingerprinted style sheets and scripts) is in the ``base``
digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from jarida import __version__
from jarida.dependencies import shaping_versions
from jarida.layout import I18N_DIR, TEMPLATES_DIR, theme_dir
from jarida.manifest import Reads
from jarida.model import Site
from jarida.outputs import context
from jarida.outputs.jobs import Output, RenderJob
from jarida.reads import combine, digest, encode, replay


def _files_digest(folders: Sequence[Path]) -> list[tuple[str, str]]:
    return [
        (path.relative_to(folder).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest())
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


def base_digest(site: Site, asset_paths: Mapping[str, str]) -> str:
    """What every output depends on; ``asset_paths`` are the names pages link static files by."""
    theme = theme_dir()
    root = site.config.root
    folders = [t / n for t in (theme, root) for n in (TEMPLATES_DIR, I18N_DIR)]
    return digest(
        [
            __version__,
            shaping_versions(),
            repr(site.config),
            _files_digest(folders),
            # Only the renamed (fingerprinted) files: a new plain static file changes no page.
            sorted([plain, out] for plain, out in asset_paths.items() if plain != out),
        ]
    )


@dataclass(frozen=True, slots=True)
class Rendered:
    """What the pages a build renders read, noted as the writer takes them (not their bytes: a
    site's pages are never all in memory at once): each page's new fingerprint, and its keys
    (one string per key, shared by every page that read it)."""

    #: Per output path: its plain digest (:attr:`Prints.plain`).
    plain: Mapping[str, str]
    prints: dict[str, str] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)
    _table: dict[str, str] = field(default_factory=dict)

    def note(self, outputs: Iterable[Output]) -> Iterator[Output]:
        for output in outputs:
            self.prints[output.path] = rendered_print(self.plain[output.path], output.reads)
            self.keys[output.path] = [self._table.setdefault(k, k) for k, _ in output.reads]
            yield output


def reads_entry(last: Reads, kept: Sequence[str], rendered: Mapping[str, list[str]]) -> Reads:
    """The manifest's reads after a build: the kept pages' from ``last``, the rendered pages'
    new ones."""
    pages = dict(rendered)
    for path in kept:
        known = last.keys_of(path)
        if known is not None:
            pages[path] = known
    keys = sorted({k for read in pages.values() for k in read})
    index = {k: format(n, "x") for n, k in enumerate(keys)}
    table = {p: ",".join(index[k] for k in pages[p]) for p in sorted(pages)}
    return Reads(tuple(keys), MappingProxyType(table))


def rendered_print(plain: str, reads: Sequence[tuple[str, str]]) -> str:
    """The fingerprint of a page just rendered: its plain digest and its reads' digests."""
    return combine(plain, [value for _, value in reads])


@dataclass(frozen=True, slots=True)
class Prints:
    #: Per job: the digest of the base, the job and its context's plain values.
    plain: list[str]
    #: Per job: the fingerprint (``plain`` and the reads of its last render, replayed).
    prints: list[str]


def fingerprints(site: Site, jobs: Sequence[RenderJob], base: str, last: Reads) -> Prints:
    """The fingerprint of each job, in order: equal to the one its last render recorded
    (:func:`rendered_print`) exactly when nothing it showed has changed."""
    replayed: dict[int, str] = {}
    plain: list[str] = []
    prints: list[str] = []
    for job in jobs:
        mine = digest([base, encode(job), encode(context(site, job))])
        plain.append(mine)
        numbers = last.indexes(job.out_path)
        if numbers is None:
            prints.append(combine(mine, None))  # never rendered: matches nothing recorded
            continue
        values = []
        for n in numbers:
            value = replayed.get(n)
            if value is None:
                value = replayed[n] = replay(site, last.keys[n])
            values.append(value)
        prints.append(combine(mine, values))
    return Prints(plain, prints)
