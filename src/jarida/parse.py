"""Every source parsed: front matter validated and Markdown rendered, from the cache where the
source's bytes, Jarida's version and the parse settings are unchanged, in parallel otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from jarida import __version__
from jarida.cache import decode_parsed, digest_of, encode_parsed
from jarida.config import Config
from jarida.content.article import build_article_source, summary_of
from jarida.content.frontmatter import FrontMatter, split_front_matter
from jarida.content.loader import load_sources
from jarida.errors import Diagnostic
from jarida.i18n import load_strings
from jarida.markdown import make_parser, render_markdown
from jarida.model import ArticleSource, RenderedBody, SourceFile
from jarida.parallel import Progress, parallel_map
from jarida.related.terms import article_terms

Parsed = tuple[ArticleSource, RenderedBody]


@dataclass(frozen=True, slots=True)
class ParseResult:
    parsed: list[Parsed]
    problems: list[Diagnostic]
    #: The cache entries of this build's sources, by digest (for the next build).
    entries: dict[str, Any]
    #: How many sources were parsed rather than taken from the cache.
    fresh: int
    #: The id of every source found, parsed or not (broken ones too).
    sources: frozenset[str] = frozenset()


def parse_key(config: Config) -> str:
    """What besides a source's bytes decides its parse: version, zone, Markdown settings."""
    heading = load_strings(config.language, config.root)["footnotes"]
    return digest_of(__version__, config.timezone, repr(config.markdown), str(heading))


def _parser(config: Config) -> Any:
    heading = load_strings(config.language, config.root)["footnotes"]
    return make_parser(config.markdown, footnotes_heading=str(heading))


def parse_one(source: SourceFile, md: Any, config: Config) -> Parsed | list[Diagnostic]:
    front = split_front_matter(source.text, source.path)
    if not isinstance(front, FrontMatter):
        return [front]
    article = build_article_source(source, front, config.tz)
    if isinstance(article, list):
        return article
    body = render_markdown(md, article.body, clean=config.markdown.html == "sanitize")
    bag = article_terms(article.title, summary_of(article, body), body.text)
    return article, replace(body, terms=bag.terms, term_counts=bag.counts)


def parse_sources(
    config: Config, cached: Mapping[str, Any], *, jobs: int = 1, progress: Progress | None = None
) -> ParseResult:
    sources, problems = load_sources(config.root)
    todo = [s for s in sources if s.digest not in cached]
    md = _parser(config)

    def parse_to_entry(source: SourceFile) -> dict[str, Any] | list[Diagnostic] | None:
        result = parse_one(source, md, config)
        return result if isinstance(result, list) else encode_parsed(*result)

    fresh = dict(
        zip(
            (s.digest for s in todo),
            parallel_map(parse_to_entry, todo, jobs=jobs, progress=progress),
            strict=True,
        )
    )
    parsed: list[Parsed] = []
    entries: dict[str, Any] = {}
    for source in sources:
        entry = cached.get(source.digest) or fresh.get(source.digest)
        if isinstance(entry, list):
            problems += entry
        elif entry is None:  # a front-matter value JSON cannot hold: parsed here, not cached
            result = parse_one(source, md, config)
            if isinstance(result, list):
                problems += result
            else:
                parsed.append(result)
        else:
            entries[source.digest] = entry
            parsed.append(decode_parsed(entry, source))
    return ParseResult(parsed, problems, entries, len(todo), frozenset(s.id for s in sources))
