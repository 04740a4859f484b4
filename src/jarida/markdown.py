"""Markdown to HTML with markdown-it-py: CommonMark, tables, strikethrough, footnotes, heading ids.

Right-to-left aware: Latin runs inside Arabic text are isolated in ``<bdi>``, code is ``dir="ltr"``,
and ``#`` headings are demoted to ``h2`` because the page's headline is its one ``h1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from jarida.config import MarkdownConfig
from jarida.i18n.arabic import count_words, has_rtl, isolate_ltr_html, unicode_slug
from jarida.model import Heading, RenderedBody


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
        return html.replace("<pre", '<pre dir="ltr"', 1)

    return render


def _heading_slug(text: str) -> str:
    return unicode_slug(text) or "section"


def make_parser(config: MarkdownConfig) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": config.html, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.after("block", "jarida_demote_h1", _demote_h1)
    md.use(anchors_plugin, min_level=2, max_level=6, slug_func=_heading_slug)
    md.core.ruler.after("inline", "jarida_rtl_context", _mark_rtl_context)
    md.add_render_rule("text", _render_text)
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    for rule in ("code_inline", "fence", "code_block"):
        setattr(renderer, "_jarida_" + rule, renderer.rules[rule])
        md.add_render_rule(rule, _ltr_code(rule))
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


def render_markdown(md: MarkdownIt, body: str) -> RenderedBody:
    env: dict[str, Any] = {}
    tokens = md.parse(body, env)
    html = md.renderer.render(tokens, md.options, env)
    texts = [_plain(token) for token in tokens if token.type == "inline"]
    return RenderedBody(
        html=html,
        summary_text=_first_paragraph(tokens),
        toc=_toc(tokens),
        word_count=sum(count_words(text) for text in texts),
        text="\n".join(texts),
    )
