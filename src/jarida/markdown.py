"""Markdown to HTML with markdown-it-py: CommonMark, tables, strikethrough, footnotes, heading ids.

Right-to-left aware: Latin runs inside Arabic text are isolated in ``<bdi>``, code is ``dir="ltr"``,
and ``#`` headings are demoted to ``h2`` because the page's headline is its one ``h1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from html.parser import HTMLParser
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from jarida.config import MarkdownConfig
from jarida.content.article import LONG_WORD
from jarida.foreign import scan_tokens
from jarida.i18n.arabic import count_words, has_rtl, isolate_ltr_html, unicode_slug
from jarida.model import Heading, Reference, RenderedBody


def _demote_h1(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def _mark_rtl_context(state: StateCore) -> None:
    """Tell each text token whether the paragraph around it is right to left."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            rtl = has_rtl(token.content)
            for child in token.children:
                child.meta["rtl"] = rtl


def _render_text(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    return isolate_ltr_html(token.content, rtl_context=bool(token.meta.get("rtl")))


def _ltr_code(rule: str) -> Any:
    def render(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        html: str = getattr(self, "_jarida_" + rule)(tokens, idx, options, env)
        if rule == "code_inline":
            return html.replace("<code", '<code dir="ltr"', 1)
        return html.replace("<pre", '<pre dir="ltr" tabindex="0"', 1)

    return render


def _focusable_tables(state: StateCore) -> None:
    """Wide tables scroll sideways; keyboard users must be able to reach and scroll them."""
    for token in state.tokens:
        if token.type == "table_open":
            token.attrSet("tabindex", "0")


def _figures(state: StateCore) -> None:
    """An image with a title alone in its paragraph becomes a ``<figure>`` captioned by the
    title (a ``<figure>`` cannot sit inside a ``<p>``: only a paragraph of its own is one)."""
    tokens = state.tokens
    for i in range(len(tokens) - 2):
        opening, inline = tokens[i], tokens[i + 1]
        children = inline.children or []
        if opening.type != "paragraph_open" or opening.hidden or len(children) != 1:
            continue
        image = children[0]
        title = str(image.attrs.get("title", "")).strip()
        if image.type == "image" and title:
            del image.attrs["title"]
            image.meta["caption"] = title
            opening.tag = tokens[i + 2].tag = "figure"


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    html: str = self._jarida_image(tokens, idx, options, env)  # type: ignore[attr-defined]
    caption = tokens[idx].meta.get("caption")
    if not caption:
        return html
    return f'{html}<figcaption dir="auto">{escape(caption, quote=False)}</figcaption>'


def _heading_slug(text: str) -> str:
    return unicode_slug(text) or "section"


def unique_ids(slugs: Iterable[str]) -> list[str]:
    """Each slug made unique as GitHub does (``a``, ``a-1``, ``a-2``…), in one pass: the next
    number to try is kept per slug (retrying every number from 1 made 50,000 equal headings
    take minutes)."""
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    out: list[str] = []
    for slug in slugs:
        unique, n = slug, next_number.get(slug, 1)
        while unique in taken:
            unique, n = f"{slug}-{n}", n + 1
        next_number[slug] = n
        taken.add(unique)
        out.append(unique)
    return out


def _heading_ids(state: StateCore) -> None:
    """An ``id`` on every heading from its text (text and code, as mdit-py-plugins' anchors)."""
    opening = [i for i, token in enumerate(state.tokens) if token.type == "heading_open"]
    texts = [
        "".join(
            child.content
            for child in state.tokens[i + 1].children or ()
            if child.type in ("text", "code_inline")
        )
        for i in opening
    ]
    for i, slug in zip(opening, unique_ids(map(_heading_slug, texts)), strict=True):
        state.tokens[i].attrSet("id", slug)


def _words_outside_links(inline: Token) -> Iterable[str]:
    """The text and code of an inline token, but link texts (often a URL written out)."""
    depth = 0
    for child in inline.children or ():
        depth += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if depth == 0 and child.type in ("text", "code_inline"):
            yield child.content


def longest_word(tokens: Sequence[Token]) -> tuple[int, ...]:
    """(line, length) of the first word over :data:`MAX_WORD` characters, or ()."""
    for token in tokens:
        pieces = (
            [token.content]
            if token.type in ("fence", "code_block")
            else _words_outside_links(token)
            if token.type == "inline"
            else ()
        )
        for piece in pieces:
            match = LONG_WORD.search(piece)
            if match and token.map:
                at = token.content.find(match.group()[:50])
                line = token.map[0] + 1 + token.content.count("\n", 0, max(at, 0))
                return (line + (token.type == "fence"), len(match.group()))
    return ()


def _footnotes_open(heading: str) -> Any:
    def render(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return (
            '<hr class="footnotes-sep">\n<section class="footnotes" aria-labelledby="footnotes">\n'
            f'<h2 class="visually-hidden" id="footnotes">{escape(heading)}</h2>\n'
            '<ol class="footnotes-list">\n'
        )

    return render


def make_parser(config: MarkdownConfig, *, footnotes_heading: str = "Notes") -> MarkdownIt:
    """The Markdown parser of a site; ``footnotes_heading`` names the footnotes section."""
    md = MarkdownIt(
        "commonmark", {"html": config.html is not False, "linkify": False, "xhtmlOut": False}
    )
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.after("block", "jarida_demote_h1", _demote_h1)
    md.core.ruler.push("jarida_heading_ids", _heading_ids)
    md.core.ruler.after("inline", "jarida_rtl_context", _mark_rtl_context)
    md.core.ruler.push("jarida_focusable_tables", _focusable_tables)
    md.core.ruler.push("jarida_figures", _figures)

    md.add_render_rule("text", _render_text)
    md.add_render_rule("footnote_block_open", _footnotes_open(footnotes_heading))

    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    for rule in ("code_inline", "fence", "code_block"):
        setattr(renderer, "_jarida_" + rule, renderer.rules[rule])
        md.add_render_rule(rule, _ltr_code(rule))
    setattr(renderer, "_jarida_image", renderer.rules["image"])  # noqa: B010
    md.add_render_rule("image", _render_image)
    return md


def _plain(inline: Token) -> str:
    """The text of an inline token; a line break inside a paragraph separates words."""
    return "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in inline.children or ()
        if child.type in ("text", "code_inline", "softbreak", "hardbreak")
    )


def _toc(tokens: Sequence[Token]) -> tuple[Heading, ...]:
    return tuple(
        Heading(
            level=int(token.tag[1]), id=str(token.attrs.get("id", "")), text=_plain(tokens[i + 1])
        )
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    )


def _first_paragraph(tokens: Sequence[Token]) -> str:
    for i, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0 and i + 1 < len(tokens):
            text = " ".join(_plain(tokens[i + 1]).split())
            if text:
                return text
    return ""


class _ImageSources(HTMLParser):
    """The ``src`` of every ``<img>`` of raw HTML, with its line (0-based) in that HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src")
        if tag == "img" and src:
            self.found.append((src, self.getpos()[0] - 1))


def _html_images(html: str) -> list[tuple[str, int]]:
    parser = _ImageSources()
    parser.feed(html)
    parser.close()
    return parser.found


def _inline_references(inline: Token, line: int) -> Iterable[Reference]:
    """The references of a paragraph (or heading, or cell) starting at ``line``, each at its own
    line: a line break inside the paragraph is a soft or hard break, or inside raw HTML."""
    for child in inline.children or ():
        target = child.attrs.get("href" if child.type == "link_open" else "src")
        if child.type in ("link_open", "image") and isinstance(target, str):
            yield target, line, "a" if child.type == "link_open" else "img"
        elif child.type == "html_inline":
            yield from ((src, line + at, "img") for src, at in _html_images(child.content))
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            line += child.content.count("\n")


def _links(tokens: Sequence[Token]) -> tuple[Reference, ...]:
    found: list[Reference] = []
    first = 1  # a token without a map (a footnote's) is on the line of the one before
    for token in tokens:
        if token.map:
            first = token.map[0] + 1
        if token.type == "inline":
            found += _inline_references(token, first)
        elif token.type == "html_block":
            found += ((src, first + at, "img") for src, at in _html_images(token.content))
    return tuple(found)


#: What ``markdown.html: sanitize`` keeps beyond nh3's defaults: the attributes Jarida's own
#: Markdown output uses (bidi, heading ids, code languages, focusable tables, footnotes).
_SANITIZE_ATTRIBUTES = frozenset({"dir", "id", "class", "tabindex", "aria-labelledby"})


def sanitize(html: str) -> str:
    attributes = {tag: set(allowed) for tag, allowed in nh3.ALLOWED_ATTRIBUTES.items()}
    attributes["*"] = set(_SANITIZE_ATTRIBUTES)
    tags = set(nh3.ALLOWED_TAGS) | {"bdi", "section", "s", "figure", "figcaption"}
    return nh3.clean(html, tags=tags, attributes=attributes)


def render_markdown(md: MarkdownIt, body: str, *, clean: bool = False) -> RenderedBody:
    """Render ``body``; with ``clean``, raw HTML goes through the sanitizer."""
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    html = md.renderer.render(tokens, md.options, env)
    if clean:
        html = sanitize(html)
    texts = [_plain(token) for token in tokens if token.type == "inline"]
    return RenderedBody(
        html=html,
        summary_text=_first_paragraph(tokens),
        toc=_toc(tokens),
        word_count=sum(count_words(text) for text in texts),
        text="\n".join(texts),
        links=_links(tokens),
        long_word=longest_word(tokens),
        foreign=scan_tokens(tokens),
    )
