"""Every source parsed: front matter validated and Markdown rendered, from the cache where the
source's path and bytes, Jarida's version and the parse settings are unchanged, in parallel
otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol, overload

from jarida import __version__
from jarida.config import Config
from jarida.content.article import (
    IMAGE_TEXTS,
    build_article_source,
    long_word_error,
    summary_of,
)
from jarida.content.editions import edition_of
from jarida.content.frontmatter import FrontMatter, split_front_matter
from jarida.content.loader import Sources, read_again
from jarida.content.seen import Seen
from jarida.content.terms import TermBag, article_terms
from jarida.dependencies import shaping_versions
from jarida.errors import Diagnostic, warning
from jarida.foreign import foreign_warning, scan_front_matter
from jarida.i18n import load_strings
from jarida.i18n.arabic import make_slug
from jarida.languages import edition_codes, edition_config, local_id
from jarida.markdown import make_parser, render_markdown
from jarida.model import ArticleBody, ArticleSource, Body, RenderedBody, SourceFile
from jarida.parallel import Jobs, Progress, forks, parallel_iter
from jarida.parsecodec import (
    Bag,
    Decoded,
    ParsedEntry,
    decode_parsed,
    digest_of,
    encode_parsed,
    packed_counts,
    source_key,
)
from jarida.searchterms import extra_terms, plain_text
from jarida.xmlchars import FORBIDDEN, describe, strip_forbidden

Parsed = tuple[ArticleSource, ArticleBody]
#: New parses written to the cache per transaction.
SAVE_BATCH = 500


class ParseStore(Protocol):
    """What parsing needs of a cache (:class:`jarida.cache.ParseCache` is the one a build uses):
    the entries it holds by :func:`~jarida.parsecodec.source_key`, their HTML when a page shows
    it, a way to save new ones, and to forget the loaded entries once they are decoded."""

    @property
    def entries(self) -> Mapping[str, ParsedEntry]: ...

    @property
    def writable(self) -> bool:
        """Whether :meth:`save` writes (``jarida check`` writes nothing)."""

    @property
    def note(self) -> str:
        """Why the store was discarded on opening, or ""."""

    @property
    def seen(self) -> Mapping[str, Seen]:
        """How each source was when the last build read it (:mod:`jarida.content.seen`)."""

    def save(
        self,
        fresh: Mapping[str, tuple[ParsedEntry, str]],
        keep: set[str] | None = None,
        seen: Mapping[str, Seen] | None = None,
    ) -> str:
        """Add ``fresh`` (entries with their HTML) and, given ``keep``, drop the others; given
        ``seen``, keep it as the sources' records; a note when it could not be written."""

    def html(self, key: str) -> str: ...

    def release(self) -> None: ...


@dataclass(frozen=True, slots=True)
class ParseResult:
    parsed: list[Parsed]
    problems: list[Diagnostic]
    #: The id of every source found, parsed or not (broken ones too).
    sources: frozenset[str] = frozenset()
    #: Remarks about the cache (discarded, not writable).
    notes: tuple[str, ...] = ()
    #: The files of ``content/`` that are not sources, by path under it (published only as
    #: files of a bundle).
    files: frozenset[str] = frozenset()
    #: The files of each page bundle by the id of its ``index.md``.
    bundles: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    #: Each parsed article's term bag by its id: the related lists' input alone.
    bags: Mapping[str, TermBag] = field(default_factory=lambda: MappingProxyType({}))
    #: The moments at which the sources make a different site (:attr:`ArticleSource.changes_at`),
    #: each once, in order: what the build's stamp needs of them once the parses are let go.
    changes_at: tuple[datetime, ...] = ()

    def without_parses(self) -> ParseResult:
        """The same without what only assembly reads: the parses (the articles hold what they
        show: ~2.4 KB an article besides, held to the build's end before; ~230 MB at 100,000
        articles, let go before the related index is built) and the sources' ids."""
        return replace(self, parsed=[], sources=frozenset())

    def without_bags(self) -> ParseResult:
        """The same, the term bags let go once the related lists are made (~2.4 KB an article,
        held to the build's end before: the main process's peak at 100,000 articles 2,088 →
        1,961 MiB)."""
        return replace(self, bags=MappingProxyType({}))


def parse_key(config: Config) -> str:
    """What besides a source's bytes decides its parse: version, zone, Markdown, the footnotes
    heading, search (the folded terms), the slug style (slugs of titles) and the taxonomies
    (front-matter keys, and folders of term files)."""
    headings = [_heading(config, code) for code in ("", *edition_codes(config))]
    markdown = repr(config.markdown)
    settings = (config.timezone, markdown, *headings, config.search, config.slugs)
    # the editions' codes decide which folders are editions' (and which `lang:` is known)
    editions = (config.language, *config.languages) if config.languages else ()
    names = (*config.taxonomy_names, *editions)
    return digest_of(__version__, shaping_versions(), *settings, *names)


def _heading(config: Config, code: str) -> str:
    """The footnotes heading of the edition ``code`` ("": the default), in its language."""
    language = edition_config(config, code).language
    return str(load_strings(language, config.root)["footnotes"])


class Parsers:
    """The Markdown parser of each edition (its footnotes headed in its language), made when
    first asked for, once per process."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.made: dict[str, Any] = {}

    def __call__(self, code: str) -> Any:
        if code not in self.made:
            heading = _heading(self.config, code)
            self.made[code] = make_parser(self.config.markdown, footnotes_heading=heading)
        return self.made[code]


def _without_forbidden(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The source without characters XML forbids, and a warning at the first line with one."""
    match = FORBIDDEN.search(text)
    if match is None:
        return text, []
    line = text.count("\n", 0, match.start()) + 1
    return strip_forbidden(text), [(line, f"{describe(text)}, which feeds cannot carry; removed")]


def parse_one(
    source: SourceFile, md: Parsers, config: Config, stems: dict[str, str] | None = None
) -> tuple[ArticleSource, RenderedBody, Bag] | list[Diagnostic]:
    """One source parsed (by its edition's parser of ``md``); or its errors (and warnings).
    ``stems``: the words' terms known from the sources parsed before (see
    :func:`~jarida.i18n.arabic.term_counts`)."""
    if source.text is None:
        raise ValueError(f"{source.path}: not read (jarida.content.loader.read_again)")
    text, found = _without_forbidden(source.text)
    front = split_front_matter(text, source.path)
    if not isinstance(front, FrontMatter):
        return [front, *_warnings(source.path, found)]
    found += front.warnings
    lang, key, problems = edition_of(config, source, front)
    local = local_id(config, source.id)
    article = build_article_source(source, front, config.tz, config.taxonomy_names, local)
    if isinstance(article, list) or problems:
        errors = article if isinstance(article, list) else []
        return [*errors, *problems, *_warnings(source.path, found)]
    article = replace(article, warnings=tuple(sorted([*found, *article.warnings])))
    article = replace(article, lang=lang, translation_key=key)
    body = render_markdown(md(lang), front.body, clean=config.markdown.html == "sanitize")
    if body.long_word:
        line, length = body.long_word
        at = front.body_line + line - 1
        return [long_word_error(source.path, length, line=at), *_warnings(source.path, found)]
    bag = article_terms(article.title, summary_of(article, body), body.text, stems)
    if config.search:
        body = replace(body, search_terms=extra_terms(article.title, plain_text(body.html)))
    foreign = (
        *scan_front_matter(front.data, front.lines, ("title", "summary", *IMAGE_TEXTS)),
        *((key, text, front.body_line + line - 1) for key, text, line in body.foreign),
    )
    article = replace(article, title_slug=make_slug(article.title, config.slugs), foreign=foreign)
    return article, body, (bag.terms, bag.counts)


def _warnings(path: str, found: Iterable[tuple[int, str]]) -> list[Diagnostic]:
    return [warning(path, message, line=line) for line, message in found]


def _inline(parsed: tuple[ArticleSource, RenderedBody, Bag]) -> Decoded:
    """A parse held in memory (not in the cache)."""
    source, body, (terms, counts) = parsed
    article_body = ArticleBody(
        html=Body.inline(body.html),
        summary_text=body.summary_text,
        toc=body.toc,
        word_count=body.word_count,
        links=body.links,
        search_terms=body.search_terms,
    )
    return source, article_body, (terms, packed_counts(counts))


def _decoded(
    batch: Mapping[str, tuple[ParsedEntry, str]],
    sources: Mapping[str, SourceFile],
    *,
    in_cache: bool,
) -> dict[str, Decoded]:
    """A saved batch of new parses (and their ``sources`` by key) decoded: each body a key into
    the cache (``in_cache``), or its HTML inline when the cache could not keep it."""
    return {
        key: decode_parsed(entry, sources[key], Body(key) if in_cache else Body.inline(html))
        for key, (entry, html) in batch.items()
    }


def _with_text(root: Path, source: SourceFile, by: str = "") -> SourceFile | list[Diagnostic]:
    """``source`` with its text: as it is when it holds one, else read again at ``root``."""
    return source if source.text is not None else read_again(root, source, by=by)


class _Read(Sequence[SourceFile | list[Diagnostic]]):
    """``sources[n]`` for each ``n`` of ``todo``, read with its text when taken (a slice at a
    time, as an executor submits them), so that the texts sent to workers that cannot read the
    site's folder are never all in memory at once."""

    def __init__(self, root: Path, sources: Sequence[SourceFile], todo: Sequence[int]) -> None:
        self.root, self.sources, self.todo = root, sources, todo

    def __len__(self) -> int:
        return len(self.todo)

    @overload
    def __getitem__(self, at: int) -> SourceFile | list[Diagnostic]: ...
    @overload
    def __getitem__(self, at: slice) -> list[SourceFile | list[Diagnostic]]: ...
    def __getitem__(
        self, at: int | slice
    ) -> SourceFile | list[Diagnostic] | list[SourceFile | list[Diagnostic]]:
        if isinstance(at, slice):
            return [_with_text(self.root, self.sources[n]) for n in self.todo[at]]
        return _with_text(self.root, self.sources[self.todo[at]])


def _where(config: Config, jobs: Jobs) -> tuple[Path | None, str]:
    """Where the parses read the sources, and who reads them there (None: Dask workers that
    are sent the texts)."""
    if isinstance(jobs, int) or jobs.forks:
        return config.root, ""
    return jobs.shared_root, "Dask workers"


def _gathered(
    sources: Sequence[SourceFile],
    keys: Mapping[str, str],
    cached: Mapping[str, ParsedEntry],
    fresh: dict[str, Decoded],
    again: Callable[[SourceFile], tuple[ArticleSource, RenderedBody, Bag] | list[Diagnostic]],
    problems: list[Diagnostic],
) -> list[Decoded]:
    """Every source's parse in order: decoded from the cache, or from this build's (``fresh``);
    a source with neither (an error, or a front-matter value JSON cannot hold) parsed ``again``
    here, its errors added to ``problems``."""
    parsed: list[Decoded] = []
    for source in sources:
        key = keys[source.id]
        found = cached.get(key)
        done = (
            decode_parsed(found, source, Body(key)) if found is not None else fresh.pop(key, None)
        )
        if done is None:
            result = again(source)
            if isinstance(result, list):
                problems += result
            else:
                parsed.append(_inline(result))
            continue
        parsed.append(done)
    return parsed


def _set_apart(decoded: list[Decoded]) -> tuple[list[Parsed], Mapping[str, TermBag]]:
    """The parses, and beside them each one's term bag by its id."""
    bags = MappingProxyType({source.id: TermBag(*bag) for source, _, bag in decoded})
    return [(source, body) for source, body, _ in decoded], bags


def parse_sources(
    config: Config,
    loaded: Sources,
    cache: ParseStore,
    *,
    jobs: Jobs = 1,
    progress: Progress | None = None,
) -> ParseResult:
    """Every source ``loaded`` (:func:`~jarida.content.loader.load_sources`, told how ``cache``
    saw each source last) parsed: from ``cache`` where it holds the source's path and digest,
    in ``jobs`` processes otherwise; the new parses are saved to ``cache`` (with how each
    source was read) before returning, so that the bodies are read from it when a page shows
    them (their :class:`Body` is a key), not held in memory.

    Memory: the main process holds no source's text (:func:`load_sources` keeps none): where a
    parse runs, it reads its file again (checked against the digest the build hashed), so a
    forked worker reads the site's folder and a Dask worker its shared path; only Dask workers
    that cannot read the site's folder are sent the texts. Each batch of new parses is decoded
    once saved, so that a clean build never holds every encoded parse."""
    cached = cache.entries
    files, bundles, problems = loaded.files, loaded.bundles, list(loaded.problems)
    seen = loaded.seen
    sources = list(loaded.sources)
    del loaded  # the caller passes it inline: each text is now held here alone
    keys = {s.id: source_key(s.id, s.digest) for s in sources}
    todo = [n for n, s in enumerate(sources) if keys[s.id] not in cached]
    md = Parsers(config)
    stems: dict[str, str] = {}  # per process, as the parser: each word stemmed once

    shared, by = _where(config, jobs)

    def parse_source(
        source: SourceFile | list[Diagnostic],
    ) -> tuple[ParsedEntry, str] | list[Diagnostic] | None:
        again = source  # an error, or sent with its text
        if not isinstance(source, list) and shared is not None:
            again = _with_text(shared, source, by)
        result = again if isinstance(again, list) else parse_one(again, md, config, stems)
        return result if isinstance(result, list) else encode_parsed(*result)

    def parse_to_entry(n: int) -> tuple[ParsedEntry, str] | list[Diagnostic] | None:
        return parse_source(sources[n])

    # Saved a batch at a time as they come: a clean build never holds every body at once.
    fresh: dict[str, Decoded] = {}
    batch: dict[str, tuple[ParsedEntry, str]] = {}
    parsed_sources: dict[str, SourceFile] = {}
    note = ""
    if forks(jobs):
        results = parallel_iter(parse_to_entry, todo, jobs=jobs, progress=progress)
    else:  # each task carries its source (with its text where the workers cannot read it)
        sent = (
            [sources[n] for n in todo] if shared is not None else _Read(config.root, sources, todo)
        )
        results = parallel_iter(parse_source, sent, jobs=jobs, progress=progress)
    for n, result in zip(todo, results, strict=True):
        if isinstance(result, tuple):
            key = keys[sources[n].id]
            batch[key] = result
            if sources[n].text is not None:  # given one: not needed again
                sources[n] = replace(sources[n], text=None)
            parsed_sources[key] = sources[n]
        if len(batch) >= SAVE_BATCH or n == todo[-1]:
            note = note or cache.save(batch)
            fresh |= _decoded(batch, parsed_sources, in_cache=cache.writable and not note)
            batch, parsed_sources = {}, {}
    note = note or cache.save({}, set(keys.values()), seen)

    def again(source: SourceFile) -> tuple[ArticleSource, RenderedBody, Bag] | list[Diagnostic]:
        read = _with_text(config.root, source)
        return read if isinstance(read, list) else parse_one(read, md, config, stems)

    parsed, bags = _set_apart(_gathered(sources, keys, cached, fresh, again, problems))
    cache.release()
    problems += [d for source, _ in parsed for d in _warnings(source.path, source.warnings)]
    problems += [foreign_warning(s.path, hit) for s, _ in parsed for hit in s.foreign]
    notes = tuple(n for n in (cache.note, note) if n)
    ids = frozenset(s.id for s in sources)
    changes = sorted({moment for s, _ in parsed for moment in s.changes_at})
    return ParseResult(parsed, problems, ids, notes, files, bundles, bags, tuple(changes))
