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
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from jarida import __version__
from jarida.dependencies import shaping_versions
from jarida.digests import (
    PRINT_CHARS,
    READS_DIGEST_CHARS,
    combine,
    digest,
    fingerprint_of,
    reads_digest,
)
from jarida.encoding import MISSING, Memo, encode, read_digest
from jarida.layout import I18N_DIR, TEMPLATES_DIR, theme_dir
from jarida.model import Site
from jarida.outputs import context
from jarida.outputs.jobs import Output, RenderJob
from jarida.parallel import parallel_iter
from jarida.readcolumns import HexByPath
from jarida.readkeys import KeyParts, PageNumbers, Placed, SentKeys, one_table
from jarida.readnumbers import NumberedReads
from jarida.readtable import Reads, Recorded


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
    site's pages are never all in memory at once): each page's new fingerprint and reads
    digest, the numbers its rendering process gave its keys, and that process's keys
    (:mod:`jarida.readkeys`: two numbers and a packed digest a key, made one table once every
    page is noted)."""

    #: Every page's output path, as this process holds it (not the copy each page's rendering
    #: process sent: ~200 bytes a page), and its plain digest (:attr:`Prints.plain`), in the
    #: same order: every page noted is one of them.
    paths: Sequence[str]
    plain: Sequence[str]
    #: Per output path noted: its new fingerprint and reads digest (packed: :class:`HexByPath`).
    prints: HexByPath = field(init=False)
    digests: HexByPath = field(init=False)
    #: Per output path: which process's keys its numbers are of (an index into ``_sent``),
    #: and the numbers of its keys, in the order read (kept in a temporary file).
    pages: PageNumbers = field(init=False)
    #: Each path's place in ``paths``: the one dict of paths all the columns above look up.
    _places: dict[str, int] = field(init=False)
    _parts: KeyParts = field(default_factory=KeyParts)
    _sent: list[SentKeys] = field(default_factory=list)
    #: Per rendering process (:attr:`NumberedReads.origin`; None: pages that carry their pairs):
    #: its index in ``_sent``.
    _origins: dict[str | None, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        places = {path: n for n, path in enumerate(self.paths)}
        if not len(places) == len(self.paths) == len(self.plain):
            raise ValueError("each path once, with its plain digest")
        object.__setattr__(self, "_places", places)
        object.__setattr__(self, "prints", HexByPath(places, PRINT_CHARS))
        object.__setattr__(self, "digests", HexByPath(places, READS_DIGEST_CHARS))
        object.__setattr__(self, "pages", PageNumbers(places, self.paths))

    def note(self, outputs: Iterable[Output]) -> Iterator[Output]:
        for output in outputs:
            place = self._places[output.path]
            path, reads = self.paths[place], output.reads
            if isinstance(reads, NumberedReads):
                at = self._origin(reads.origin)
                self._sent[at].add(self._parts, reads.new)
                numbers, mine = reads.numbers, reads.digest
            else:
                at = self._origin(None)
                numbers = self._sent[at].numbered(self._parts, reads)
                mine = reads_digest([value for _, value in reads])
            self.pages.add(path, at, numbers)
            self.digests.note(path, mine)
            self.prints.note(path, fingerprint_of(self.plain[place], mine))
            # With this process's own path: the writer keeps each page's path to the end of
            # the build, and the copy a worker sent (~190 bytes) is let go with the page.
            yield output if output.path is path else replace(output, path=path)

    def fingerprints(self, paths: Sequence[str], last: Sequence[str]) -> dict[str, str]:
        """Each page's fingerprint by path: a page's noted here (of what it read this time),
        the others' as ``last`` has them (in the order of ``paths``)."""
        found = dict(zip(paths, last, strict=True))
        found.update(self.prints)
        return found

    def _origin(self, origin: str | None) -> int:
        at = self._origins.get(origin)
        if at is None:
            at = self._origins[origin] = len(self._sent)
            self._sent.append(SentKeys())
        return at

    def recorded(self) -> Recorded:
        """What was noted, once every page is: the keys of every process made one table."""
        table = one_table(self._parts, self._sent)
        self._sent.clear()
        self._origins.clear()
        pages = Placed(self.pages, table.places)
        return Recorded(table.keys, table.values, pages, self.digests)


def rendered_print(plain: str, reads: Sequence[tuple[str, str]]) -> str:
    """The fingerprint of a page just rendered: its plain digest and its reads' digests."""
    return combine(plain, [value for _, value in reads])


@dataclass(frozen=True, slots=True)
class Prints:
    #: Per job: the digest of the base, the job and its context's plain values.
    plain: list[str]
    #: Per job: the fingerprint (``plain`` and the reads of its last render, replayed).
    prints: list[str]
    #: Per job: the digest of its last render's reads replayed (None: unknown).
    reads: list[str | None] = field(default_factory=list)
    #: Per key of the table of reads: the digest of its value on this build's site.
    replayed: list[str] = field(default_factory=list)


#: Keys replayed in one task of a worker (~5 µs a key).
FINGERPRINT_BLOCK = 4096
#: Pages' plain digests computed in one task of a worker (~75 µs a page: its context made and
#: encoded): blocks of either take some tens of milliseconds.
PLAIN_BLOCK = 512


def fingerprints(
    site: Site, jobs: Sequence[RenderJob], base: str, last: Reads, *, workers: int = 1
) -> Prints:
    """The fingerprint of each job, in order: equal to the one its last render recorded
    (:func:`rendered_print`) exactly when nothing it showed has changed. Every key of ``last``
    is replayed once; a page that read no key whose value changed keeps the reads digest
    ``last`` has for it, the others' reads are combined again. Replaying and the pages' plain
    digests fan out together to ``workers`` forked processes, a block at a time (the same
    digests)."""
    memo = Memo()  # a forked worker's copy keeps its own: long tuples encoded once per worker

    def plain_of(part: Sequence[RenderJob]) -> list[str]:
        return [digest([base, encode(job, memo), encode(context(site, job), memo)]) for job in part]

    values, plain = _in_blocks(
        lambda part: replay_all(site, part), last.keys, plain_of, jobs, workers
    )
    again = _reread(last, values)
    # by the keys' numbers as the pages' entries write them: no entry parsed into integers
    by_number = {format(n, "x"): value for n, value in enumerate(values)}
    prints: list[str] = []
    reads: list[str | None] = []
    kept, entries = last.digests, last.pages
    for job, mine in zip(jobs, plain, strict=True):
        entry = entries.get(job.out_path)
        known = kept.get(job.out_path)
        if known is None or type(known) is not str or again(entry):
            replayed = _replayed(entry, by_number)
            known = None if replayed is None else reads_digest(replayed)
        reads.append(known)
        # never rendered (None): matches nothing recorded
        prints.append(fingerprint_of(mine, known))
    return Prints(plain, prints, reads, values)


def _in_blocks(
    replay: Callable[[Sequence[str]], list[str]],
    keys: Sequence[str],
    plain: Callable[[Sequence[RenderJob]], list[str]],
    jobs: Sequence[RenderJob],
    workers: int,
) -> tuple[list[str], list[str]]:
    """``replay`` over ``keys`` a :data:`FINGERPRINT_BLOCK` at a time and ``plain`` over ``jobs``
    a :data:`PLAIN_BLOCK` at a time, as one stream of tasks in ``workers`` forked processes
    (they inherit the site), so that neither waits for the other; each one's results joined in
    order. Below two blocks of either, this process does it all: the fork would cost more."""
    tasks: list[tuple[bool, int]] = [(True, n) for n in range(0, len(keys), FINGERPRINT_BLOCK)]
    tasks += [(False, n) for n in range(0, len(jobs), PLAIN_BLOCK)]
    fan = len(keys) >= 2 * FINGERPRINT_BLOCK or len(jobs) >= 2 * PLAIN_BLOCK

    def work(task: tuple[bool, int]) -> list[str]:
        is_key, start = task
        if is_key:
            return replay(keys[start : start + FINGERPRINT_BLOCK])
        return plain(jobs[start : start + PLAIN_BLOCK])

    done = parallel_iter(work, tasks, jobs=workers if fan else 1, chunk=1, minimum=1)
    replayed: list[str] = []
    digests: list[str] = []
    for (is_key, _), block in zip(tasks, done, strict=True):
        (replayed if is_key else digests).extend(block)
    return replayed, digests


#: Past this many changed keys, every page's reads are combined again (one pattern of them all
#: would cost more than splitting each page's entry).
_MOST_CHANGED = 256


def _reread(last: Reads, values: Sequence[str]) -> Callable[[object], bool]:
    """Whether a page's entry of ``last`` must be combined again: it names a key whose value
    changed (``values``: this build's), or it is damaged; everything when ``last`` keeps no
    values."""
    if len(last.values) != len(values):
        return lambda entry: True
    changed = [
        format(n, "x") for n, (a, b) in enumerate(zip(values, last.values, strict=True)) if a != b
    ]
    if not changed:
        return lambda entry: type(entry) is not str
    if len(changed) > _MOST_CHANGED:
        return lambda entry: True
    names = re.compile(rf"(?:^|,)(?:{'|'.join(changed)})(?:,|$)")
    return lambda entry: type(entry) is not str or names.search(entry) is not None


def _replayed(entry: object, by_number: Mapping[str, str]) -> list[str] | None:
    """The digests of a page's reads, from its entry in the manifest (``"0,1f,..."``; None:
    no entry, or a damaged one: the page is rendered again)."""
    if not isinstance(entry, str):
        return None
    try:
        return list(map(by_number.__getitem__, entry.split(","))) if entry else []
    except KeyError:
        return None
