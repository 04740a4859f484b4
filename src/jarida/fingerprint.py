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
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from jarida import __version__
from jarida.dependencies import shaping_versions
from jarida.digests import combine, digest
from jarida.encoding import MISSING, Memo, encode, read_digest
from jarida.layout import I18N_DIR, TEMPLATES_DIR, theme_dir
from jarida.manifest import Reads
from jarida.model import Site
from jarida.outputs import context
from jarida.outputs.jobs import Output, RenderJob


def _files_digest(folders: Sequence[Path]) -> list[tuple[str, str]]:
    return [
        (path.relative_to(folder).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest())
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


#: The length of a default edition's term's reference (another's adds its code).
_TERM_REF = 3


def _resolve(site: Site, ref: tuple[Any, ...]) -> object:
    """The object ``ref`` stands for on ``site``, or :data:`MISSING`."""
    if ref[0] == "doc":
        for edition in site.every_edition():
            doc = edition.articles.get(ref[1]) or edition.pages.get(ref[1])
            if doc := doc or edition.term_texts.get(ref[1]):
                return doc
        return MISSING
    if ref[0] == "term":
        owner = site.editions.get(ref[3]) if len(ref) > _TERM_REF else site
        terms = {} if owner is None else owner.taxonomies.get(ref[1], {})
        return terms.get(ref[2], MISSING)
    if ref[0] == "edition":
        found: Any = site.editions.get(ref[1], MISSING)
        ref = ref[1:]
    elif ref[0] == "site":
        found = site
    else:
        raise ValueError(f"{ref!r} is no reference")
    for n, part in enumerate(ref[1:]):
        if found is MISSING:
            break
        found = getattr(found, part) if n == 0 else found.get(part, MISSING)
        if found is MISSING:
            break
    return found


def _value(found: object, op: str, arg: Any) -> object:
    """What the read ``op``/``arg`` gives of ``found`` (an object :func:`_resolve` found)."""
    if found is MISSING:
        return MISSING
    if op == "attr":
        return getattr(found, arg, MISSING)
    if op == "key":
        value = cast(Mapping[Any, Any], found).get(arg, MISSING)
        return ["mapping"] if isinstance(value, Mapping) else value
    if op == "in":
        return arg in cast(Mapping[Any, Any], found)
    if op == "keys":
        return list(cast(Mapping[Any, Any], found))
    return repr(found)  # "repr": the whole object


#: The digest of a read that cannot be replayed (a damaged manifest): no read's digest is this
#: (they are hexadecimal), so a page that made it is rendered again.
UNKNOWN = "?" * 16
_UNSEEN = object()


def _parts(text: str, parsed: dict[str, Any]) -> tuple[str, Any, Any, Any]:
    """The text of the reference of the key ``text``, the reference, the op and its argument,
    each part parsed once per build (``parsed``: a site's pages read the same dozen fields of
    thousands of objects, and parsing every key whole was most of a replay)."""
    end = text.index('],"', 1) + 1  # the reference is a flat list: its first "]" ends it
    ref_text, tail = text[1:end], text[end + 1 : -1]
    if text[0] != "[" or text[-1] != "]":
        raise ValueError(text)
    ref = parsed.get(ref_text)
    if ref is None:
        ref = parsed[ref_text] = tuple(json.loads(ref_text))
    op_arg = parsed.get(tail)
    if op_arg is None:
        op_arg = parsed[tail] = json.loads(f"[{tail}]")
    op, arg = op_arg
    return ref_text, ref, op, arg


def replay_all(site: Site, texts: Sequence[str]) -> list[str]:
    """The digest of the value each read of ``texts`` (keys as :class:`Recorder` writes them)
    gives on ``site``; each object is found once, however many of its fields were read, and
    each reference and field name parsed once. A key that is not one gives :data:`UNKNOWN`."""
    found: dict[str, object] = {}
    parsed: dict[str, Any] = {}
    digests: list[str] = []
    for text in texts:
        try:
            ref_text, ref, op, arg = _parts(text, parsed)
            obj = found.get(ref_text, _UNSEEN)
            if obj is _UNSEEN:
                obj = found[ref_text] = _resolve(site, ref)
            if op == "attr" and obj is not MISSING:  # most reads: a field
                value = getattr(obj, arg, MISSING)
            else:
                value = _value(obj, op, arg)
            digests.append(read_digest(text, value))
        except (TypeError, ValueError, LookupError, AttributeError):
            digests.append(UNKNOWN)
    return digests


def replay(site: Site, text: str) -> str:
    """The digest of the value the read ``text`` (a key as :class:`Recorder` writes it) gives
    on ``site``."""
    return replay_all(site, [text])[0]


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
    new ones; the same as a clean build would write (the keys read by some page, sorted).

    The table of ``last`` is kept as it is when the rendered pages read only keys in it and no
    key may have stopped being read (an edit: a few pages read the same keys again); only then
    is it made again, and every kept page's indexes renumbered."""
    position = {k: n for n, k in enumerate(last.keys)}
    dropped = set(last.pages) - set(kept) - set(rendered)
    left = _numbers(last, [*dropped, *(p for p in rendered if p in last.pages)])
    if all(k in position for read in rendered.values() for k in read):
        now = {position[k] for read in rendered.values() for k in read}
        if left <= now:
            pages = {p: last.pages[p] for p in kept if p in last.pages}
            pages |= {p: ",".join(format(position[k], "x") for k in r) for p, r in rendered.items()}
            return Reads(last.keys, MappingProxyType(dict(sorted(pages.items()))))
    return _renumbered(last, kept, rendered)


def _numbers(last: Reads, paths: Iterable[str]) -> set[int]:
    """The indexes of the keys ``paths`` read."""
    return {n for p in paths for n in (last.indexes(p) or ())}


def _renumbered(last: Reads, kept: Sequence[str], rendered: Mapping[str, list[str]]) -> Reads:
    old = {p: n for p in kept if (n := last.indexes(p)) is not None}
    used = set().union(*old.values())
    keys = sorted({last.keys[n] for n in used} | {k for r in rendered.values() for k in r})
    hexes = {k: format(n, "x") for n, k in enumerate(keys)}
    renumber = {n: hexes[last.keys[n]] for n in used}
    pages = {p: ",".join(map(renumber.__getitem__, n)) for p, n in old.items()}
    pages |= {p: ",".join(map(hexes.__getitem__, r)) for p, r in rendered.items()}
    return Reads(tuple(keys), MappingProxyType(dict(sorted(pages.items()))))


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
    values = replay_all(site, last.keys)
    # by the keys' numbers as the pages' entries write them: no entry parsed into integers
    by_number = {format(n, "x"): value for n, value in enumerate(values)}
    plain: list[str] = []
    prints: list[str] = []
    memo = Memo()
    for job in jobs:
        mine = digest([base, encode(job, memo), encode(context(site, job), memo)])
        plain.append(mine)
        # never rendered (None): matches nothing recorded
        prints.append(combine(mine, _replayed(last.pages.get(job.out_path), by_number)))
    return Prints(plain, prints)


def _replayed(entry: object, by_number: Mapping[str, str]) -> list[str] | None:
    """The digests of a page's reads, from its entry in the manifest (``"0,1f,..."``; None:
    no entry, or a damaged one: the page is rendered again)."""
    if not isinstance(entry, str):
        return None
    try:
        return list(map(by_number.__getitem__, entry.split(","))) if entry else []
    except KeyError:
        return None
